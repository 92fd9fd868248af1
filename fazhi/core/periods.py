"""The year a ledger page shows, read from its query string."""

from django.utils import timezone


def year_param(request) -> int:
    """?year=… when it is a plausible year, else the current one (never an error)."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year
