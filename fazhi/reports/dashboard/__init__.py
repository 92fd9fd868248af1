"""The leaders' dashboard (驾驶舱): the year so far against the plan, one section per
ledger, each figure and each point of a chart linked to the list page that shows exactly
the records it counts; what needs the user's action today; the obligations missed.

The figures come from each app's own queries (plans.TaskFilter, legal.figures_for,
learning.figures_for and compliance_at, outreach.figures_for, hotline.kpi.compute), so
the dashboard and the ledgers cannot disagree. Every count is a grouped aggregate or a
count on an index: no loop over a ledger's rows in Python.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import get_language

from fazhi.core.access import sees_all_departments
from fazhi.core.snapshots import cached

from ..checks import MISSED, assess, summary
from .actions import actions_for
from .citizens import disclosure_section, hotline_report, hotline_section
from .ledgers import outreach_section, reviews_section, study_section, tasks_section


def dashboard_for(user, year: int, today: dt.date, *, fresh: bool = False) -> dict:
    """The year's figures as last counted (at most FAZHI_DASHBOARD_MAX_AGE ago, for
    everyone who sees what this user sees), and this user's actions, counted now."""
    scope = "all" if sees_all_departments(user) else f"user{user.pk}"
    key = f"dashboard:{year}:{today.isoformat()}:{scope}:{get_language()}"
    figures, counted_at = cached(
        key, lambda: year_figures(user, year, today), fresh=fresh
    )
    return {**figures, "actions": actions_for(user, today), "counted_at": counted_at}


def year_figures(user, year: int, today: dt.date) -> dict:
    report = hotline_report(user, year)
    sections = [
        tasks_section(user, year, today),
        reviews_section(user, year, today),
        study_section(user, year, today),
        disclosure_section(user, year, today),
        hotline_section(user, year, report),
        outreach_section(user, year),
    ]
    sections = [s for s in sections if s is not None]
    # The checks reuse what the sections counted, so the heavy reads (the year's
    # tickets, the year's replies) happen once. The sections count what this user
    # sees and the checks the whole office: the same only for the office-wide roles.
    known = {}
    if sees_all_departments(user):
        extra = {s.key: s.extra for s in sections}
        known = {
            "tasks": extra.get("tasks"),
            "applications": extra.get("disclosure", {}).get("applications"),
            "hotline_total": report.total if report else None,
            "hotline_overdue": extra.get("hotline", {}).get("overdue"),
        }
    study = next((s for s in sections if s.key == "study"), None)
    if study is not None and year <= today.year:  # the same day looked at
        known["compliance"] = study.extra["compliance"]
    checks = assess(year, today, known=known)
    return {
        "sections": sections,
        "missed": [c for c in checks if c.state == MISSED],
        "summary": summary(checks),
    }
