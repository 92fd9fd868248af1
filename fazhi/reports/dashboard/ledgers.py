"""The sections of the office's own ledgers: plan tasks, legality review, law study and
legal education."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from fazhi.core.rates import percent
from fazhi.learning.models import StudySession
from fazhi.learning.queries import compliance_at
from fazhi.learning.queries import figures_for as study_figures
from fazhi.legal.models import Review
from fazhi.legal.queries import figures_for as review_figures
from fazhi.outreach.models import Activity, Campaign
from fazhi.outreach.queries import figures_for as outreach_figures
from fazhi.plans.models import Category, Task
from fazhi.plans.queries import TaskFilter, tasks_for_list

from ..checks import link
from .charts import (
    BLUE,
    GREEN,
    GREY,
    LIGHT,
    Chart,
    Figure,
    Point,
    Section,
    Series,
)

# --- Plan tasks -----------------------------------------------------------------------


def tasks_section(user, year: int, today: dt.date) -> Section | None:
    if not user.has_perm("plans.view_task"):
        return None
    # The task list's own filter, so every count is what its link lists.
    grouped = (
        tasks_for_list(user, TaskFilter(year=year), today)
        .order_by()
        .values_list("category", "status")
        .annotate(n=Count("pk"))
    )
    counts: dict[tuple[str, str], int] = {}
    for category, status, n in grouped:
        counts[(category, status)] = n
    status_total = {s: 0 for s in Task.Status.values}
    for (_category, status), n in counts.items():
        status_total[status] = status_total.get(status, 0) + n
    total = sum(status_total.values())
    overdue = tasks_for_list(user, TaskFilter(year=year, due="overdue"), today).count()
    soon = tasks_for_list(user, TaskFilter(year=year, due="soon"), today).count()
    done = status_total[Task.Status.DONE]
    section = Section("tasks", _("Plan tasks"))
    section.extra = {"by_status": status_total, "overdue": overdue}
    section.figures = [
        Figure(
            "total", _("Tasks in the plan"), total, link("plans:task_list", year=year)
        ),
        Figure(
            "done",
            _("Done"),
            done,
            link("plans:task_list", year=year, status=Task.Status.DONE),
            note=f"{percent(done, total)}%" if total else "",
            tone="success",
        ),
        Figure(
            "overdue",
            _("Overdue"),
            overdue,
            link("plans:task_list", year=year, due="overdue"),
            tone="danger" if overdue else "",
        ),
        Figure(
            "due_soon",
            _("Due soon"),
            soon,
            link("plans:task_list", year=year, due="soon"),
            tone="warning" if soon else "",
        ),
    ]
    labels = dict(Category.choices)
    used = [
        c
        for c in Category.values
        if any(counts.get((c, s)) for s in Task.Status.values)
    ]
    colors = {
        Task.Status.DONE: GREEN,
        Task.Status.IN_PROGRESS: BLUE,
        Task.Status.NOT_STARTED: GREY,
        Task.Status.CANCELLED: LIGHT,
    }
    series = [
        Series(
            Task.Status(status).label,
            [
                Point(
                    counts.get((c, status), 0),
                    link("plans:task_list", year=year, category=c, status=status),
                )
                for c in used
            ],
            color=colors[status],
            stack="tasks",
        )
        for status in Task.Status.values
        if status_total[status]
    ]
    section.charts.append(
        Chart(
            "tasks",
            _("Tasks by area of work and state"),
            "bar",
            [str(labels[c]) for c in used],
            series,
            horizontal=True,
            first_column=_("Area of work"),
        )
    )
    return section


# --- Legality review ----------------------------------------------------------------------


def reviews_section(user, year: int, today: dt.date) -> Section | None:
    if not user.has_perm("legal.view_review"):
        return None
    f = review_figures(year, today)
    section = Section("reviews", _("Legality reviews"))
    section.figures = [
        Figure(
            "received", _("Received"), f.total, link("legal:review_list", year=year)
        ),
        Figure(
            "awaiting",
            _("Awaiting an opinion"),
            f.awaiting,
            link("legal:review_list", year=year, status=Review.Status.REQUESTED),
        ),
        Figure(
            "late",
            _("Late (now or when answered)"),
            f.overdue,
            link("legal:review_list", year=year, overdue=1),
            tone="danger" if f.overdue else "",
        ),
        Figure(
            "average_days",
            _("Average working days to the opinion"),
            f.average_working_days if f.average_working_days is not None else "—",
            link("legal:figures", year=year),
        ),
    ]
    kinds = [(v, label) for v, label in Review.Kind.choices if f.by_kind.get(v)]
    section.charts.append(
        Chart(
            "reviews",
            _("Reviews by kind"),
            "bar",
            [str(label) for _v, label in kinds],
            [
                Series(
                    _("Reviews"),
                    [
                        Point(
                            f.by_kind[v], link("legal:review_list", year=year, kind=v)
                        )
                        for v, _label in kinds
                    ],
                    color=BLUE,
                )
            ],
            horizontal=True,
            first_column=_("Kind"),
        )
    )
    return section


# --- Law study ----------------------------------------------------------------------


def study_section(user, year: int, today: dt.date) -> Section | None:
    if not user.has_perm("learning.view_studysession"):
        return None
    f = study_figures(year)
    section = Section("study", _("Law study"))
    as_of = max(dt.date(year, 1, 1), min(today, dt.date(year, 12, 31)))
    c = compliance_at(as_of)
    over = today > dt.date(year, 12, 31)
    quarters = []
    for q in c.quarters:
        state = "missed" if q.state == "due" and over else q.state
        quarters.append({"quarter": q.quarter, "held": q.held, "state": state})
    met = sum(1 for q in quarters if q["state"] == "met")
    sessions = "learning:session_list"
    section.figures = [
        Figure("sessions", _("Study sessions"), f.sessions, link(sessions, year=year)),
        Figure(
            "quarters",
            _("Quarters with centre-group study"),
            f"{met}/4",
            link(sessions, year=year, kind=StudySession.Kind.CENTRE_GROUP),
            tone="danger"
            if any(q["state"] == "missed" for q in quarters)
            else ("success" if met == 4 else ""),
        ),
        Figure(
            "lectures",
            _("Lectures"),
            f"{c.lectures_held}/{c.lectures_required}",
            link(sessions, year=year, kind=StudySession.Kind.LECTURE),
            tone="success" if c.lectures_met else "",
        ),
        Figure(
            "hours",
            _("People on track for their study hours"),
            f"{c.on_track}/{c.on_track + len(c.behind)}",
            link("learning:compliance", date=as_of.isoformat()),
            tone="danger" if c.behind and over else "",
        ),
    ]
    section.extra = {
        "quarters": quarters,
        "compliance_url": section.figures[3].url,
        "compliance": c,
    }
    kinds = [(v, label) for v, label in StudySession.Kind.choices if f.by_kind.get(v)]
    section.charts.append(
        Chart(
            "study",
            _("Sessions by kind"),
            "bar",
            [str(label) for _v, label in kinds],
            [
                Series(
                    _("Sessions"),
                    [
                        Point(f.by_kind[v], link(sessions, year=year, kind=v))
                        for v, _l in kinds
                    ],
                    color=GREEN,
                )
            ],
            horizontal=True,
            first_column=_("Kind"),
        )
    )
    return section


# --- Legal education ------------------------------------------------------------------


def outreach_section(user, year: int) -> Section | None:
    if not user.has_perm("outreach.view_activity"):
        return None
    f = outreach_figures(year)
    campaigns = (
        Campaign.objects.filter(year=year)
        .annotate(has_activity=Exists(Activity.objects.filter(campaign=OuterRef("pk"))))
        .aggregate(n=Count("pk"), held=Count("pk", filter=Q(has_activity=True)))
    )
    section = Section("outreach", _("Legal education"))
    section.figures = [
        Figure(
            "activities",
            _("Activities"),
            f.activities,
            link("outreach:activity_list", year=year),
        ),
        Figure(
            "people",
            _("People reached"),
            f.people_reached,
            link("outreach:figures", year=year),
        ),
        Figure(
            "campaigns",
            _("Campaigns held"),
            f"{campaigns['held']}/{campaigns['n']}",
            link("outreach:plan", year=year),
        ),
    ]
    return section
