"""The year a ledger page shows, read from its query string; the dates of the year that
settings name as "MM-DD" (local deadlines: 1 March, 31 January …); a "YYYY-MM" month
as a range of local times."""

import datetime as dt

from django.utils import timezone


def year_param(request) -> int:
    """?year=… when it is a plausible year, else the current one (never an error)."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def month_day(text: str, year: int) -> dt.date:
    """A "MM-DD" setting as a date of `year` (29 February falls back to the 28th)."""
    month, day = (int(part) for part in text.split("-"))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return dt.date(year, month, 28)


def month_range(text: str) -> tuple[dt.datetime, dt.datetime] | None:
    """A month written "2025-06" as the local times [1 June 00:00, 1 July 00:00), or
    None when it is not a month."""
    try:
        first = dt.datetime.strptime(text, "%Y-%m")
        after = (first + dt.timedelta(days=31)).replace(day=1)
    except (ValueError, OverflowError):  # not a month, or 9999-12
        return None
    return timezone.make_aware(first), timezone.make_aware(after)
