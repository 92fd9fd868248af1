"""The year's self-assessment (自查): each obligation of the office's rule-of-law work,
judged from the ledgers — met, missed, or still open — with the rule it comes from and
the records behind it, so the leader sees a problem before the inspectors do.

A check is "pending" while its period runs and nothing is missed so far; a past year is
judged whole, on what the ledgers say today. The checks read counts and exists() only:
no ledger's rows come into Python, and the number of queries does not grow with them.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.plans.models import Plan

from . import citizens, decisions, disclosure, plans
from .base import (
    BASIS,
    MISSED,
    NA,
    OK,
    PENDING,
    STATES,
    Check,
    Period,
    link,
    listed,
    then,
)
from .disclosure import application_counts

__all__ = [
    "BASIS",
    "Check",
    "MISSED",
    "NA",
    "OK",
    "PENDING",
    "Period",
    "STATES",
    "application_counts",
    "assess",
    "link",
    "listed",
    "summary",
    "then",
]


def assess(
    year: int,
    today: dt.date,
    *,
    now: dt.datetime | None = None,
    known: dict | None = None,
) -> list[Check]:
    """Every check of `year` as the ledgers stand on `today`. `known`: what the
    dashboard has counted already, so nothing is read twice — "tasks" (the year's
    tasks by status, and overdue), "compliance" (learning's compliance_at for the
    year), "applications" (application_counts), "hotline_total" (the year's
    hotline.kpi total) and "hotline_overdue" (tickets open past their limit now)."""
    known = known or {}
    if now is None:
        now = (
            timezone.now()
            if today == timezone.localdate()
            else timezone.make_aware(dt.datetime.combine(today, dt.time()))
        )
    p = Period(year, today, now)

    first_year = Plan.objects.aggregate(y=Min("year"))["y"]
    checks = [
        plans.check_plan(p),
        plans.check_tasks(p, known.get("tasks")),
        plans.check_duties(p),
        *plans.check_study(p, known.get("compliance")),
        plans.check_exams(p),
        decisions.check_decisions_reviewed(p),
        decisions.check_fair_competition(p),
        decisions.check_decisions_published(p),
        decisions.check_catalogue(p),
        decisions.check_reviews_in_time(p),
        decisions.check_counsel(p),
        disclosure.check_applications(p, known.get("applications")),
        disclosure.check_proactive(p),
        disclosure.check_gi_report(p),
        *disclosure.check_law_report(p),
        citizens.check_campaigns(p),
        citizens.check_hotline(
            p, known.get("hotline_total"), known.get("hotline_overdue")
        ),
    ]
    if first_year is not None and year < first_year:
        # Before the office kept its ledgers here there is nothing to judge by.
        note = _("The ledgers in this system begin in %(year)d.") % {"year": first_year}
        for check in checks:
            check.state, check.detail, check.url = NA, note, ""
    return checks


def summary(checks: list[Check]) -> dict[str, int]:
    counts = {state: 0 for state in STATES}
    for check in checks:
        counts[check.state] += 1
    counts["total"] = len(checks) - counts[NA]
    return counts
