"""The leaders' dashboard (驾驶舱) and the year's self-assessment (自查)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from fazhi.core.periods import year_param
from fazhi.core.snapshots import cached

from .checks import assess, summary
from .dashboard import dashboard_for


def _years(year: int, today) -> list[int]:
    """The years to offer: those with a plan (the office kept its ledgers), this one
    and the one shown."""
    from fazhi.plans.models import Plan

    years = set(Plan.objects.values_list("year", flat=True)) | {today.year, year}
    return sorted(years, reverse=True)


@require_GET
@login_required
def dashboard(request):
    if not request.user.has_perm("reports.view_dashboard"):
        raise Http404
    today = timezone.localdate()
    year = year_param(request)
    fresh = request.GET.get("fresh") == "1"
    context = dashboard_for(request.user, year, today, fresh=fresh)
    return render(
        request,
        "reports/dashboard.html",
        {**context, "year": year, "today": today, "years": _years(year, today)},
    )


@require_GET
@login_required
def checks(request):
    if not request.user.has_perm("reports.view_dashboard"):
        raise Http404
    today = timezone.localdate()
    year = year_param(request)
    key = f"checks:{year}:{today.isoformat()}:{get_language()}"
    results, counted_at = cached(
        key, lambda: assess(year, today), fresh=request.GET.get("fresh") == "1"
    )
    return render(
        request,
        "reports/checks.html",
        {
            "counted_at": counted_at,
            "checks": results,
            "summary": summary(results),
            "year": year,
            "today": today,
            "years": _years(year, today),
        },
    )
