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
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fazhi.core.access import department_filter, sees_all_departments
from fazhi.core.models import Role
from fazhi.decisions.models import Meeting
from fazhi.disclosure.access import applications_visible_to
from fazhi.disclosure.models import Application as A
from fazhi.disclosure.models import Item
from fazhi.disclosure.views import due_soon_cutoff
from fazhi.hotline import kpi
from fazhi.hotline.access import tickets_visible_to
from fazhi.hotline.models import HotTopic
from fazhi.hotline.models import Ticket as T
from fazhi.learning.models import StudySession
from fazhi.learning.queries import compliance_at
from fazhi.learning.queries import figures_for as study_figures
from fazhi.legal.access import reviews_visible_to
from fazhi.legal.models import Review
from fazhi.legal.queries import ReviewFilter, filtered
from fazhi.legal.queries import figures_for as review_figures
from fazhi.outreach.models import Activity, Campaign
from fazhi.outreach.queries import figures_for as outreach_figures
from fazhi.plans.models import Category, Task
from fazhi.plans.queries import TaskFilter, tasks_for_list

from .checks import MISSED, application_counts, assess, link, summary
from .models import Report, ReportVersion
from .snapshots import cached

# Colours of the states, the same in every chart (done green, late red …).
GREEN, BLUE, GREY, AMBER, LIGHT = "#2e7d32", "#3b6ea8", "#9aa0a6", "#e0a030", "#cfd8dc"


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Figure:
    """A number card: what it counts, and the list of those records."""

    key: str
    label: str
    value: object
    url: str = ""
    note: str = ""
    tone: str = ""  # a Bootstrap text colour: "danger", "success", "warning"


@dataclass
class Point:
    value: int | float | None
    url: str = ""
    color: str = ""


@dataclass
class Series:
    name: str
    points: list[Point]
    type: str = ""  # "bar" or "line"; empty: the chart's kind
    axis: int = 0  # 1: the second value axis (counts beside rates)
    unit: str = ""  # "%" for a rate
    color: str = ""
    stack: str = ""


@dataclass
class Chart:
    """What dashboard.js draws, and the same numbers as a table for screen readers
    and for a browser without scripts."""

    key: str
    title: str
    kind: str  # "bar", "pie" or "line"
    categories: list[str]
    series: list[Series]
    horizontal: bool = False
    first_column: str = ""

    @property
    def element_id(self) -> str:
        return f"chart-{self.key}"

    @property
    def data_id(self) -> str:
        return f"chart-{self.key}-data"

    @property
    def empty(self) -> bool:
        return not any(p.value for s in self.series for p in s.points)

    def spec(self) -> dict:
        return {
            "kind": self.kind,
            "horizontal": self.horizontal,
            "categories": [str(c) for c in self.categories],
            "series": [
                {
                    "name": str(s.name),
                    "type": s.type or self.kind,
                    "axis": s.axis,
                    "unit": s.unit,
                    "color": s.color,
                    "stack": s.stack,
                    "data": [
                        {"value": p.value, "url": p.url, "color": p.color}
                        for p in s.points
                    ],
                }
                for s in self.series
            ],
        }

    def rows(self) -> list[dict]:
        """One row per category: its cells in series order, each with its link."""
        return [
            {
                "label": category,
                "cells": [
                    {
                        "value": s.points[i].value,
                        "unit": s.unit,
                        "url": s.points[i].url,
                    }
                    for s in self.series
                ],
            }
            for i, category in enumerate(self.categories)
        ]


@dataclass
class Section:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    extra: dict = field(default_factory=dict)


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


# --- Disclosure -----------------------------------------------------------------------


def disclosure_section(user, year: int, today: dt.date) -> Section | None:
    if not user.has_perm("disclosure.view_application"):
        return None
    apps = applications_visible_to(user)
    counts = application_counts(year, today, apps)
    cutoff = due_soon_cutoff(today)
    # The list's own definitions: open past due_on, open and due within N working days.
    now = apps.filter(status__in=A.OPEN_STATUSES).aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        soon=Count("pk", filter=Q(due_on__gte=today, due_on__lte=cutoff)),
    )
    by_status = dict(
        apps.filter(status__in=A.OPEN_STATUSES)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    in_time = counts["answered"] - counts["late"]
    section = Section("disclosure", _("Information disclosure"))
    section.figures = [
        Figure(
            "received",
            _("Applications received"),
            counts["received"],
            link("disclosure:report", year),
        ),
        Figure(
            "answered_in_time",
            _("Answered in time"),
            f"{in_time}/{counts['answered']}",
            link("disclosure:report", year),
            note=f"{percent(in_time, counts['answered'])}%"
            if counts["answered"]
            else "",
            tone="danger" if counts["late"] else "",
        ),
        Figure(
            "overdue",
            _("Open past the deadline"),
            now["overdue"],
            link("disclosure:application_list", due="overdue"),
            note=_("today"),
            tone="danger" if now["overdue"] else "",
        ),
        Figure(
            "due_soon",
            _("Due soon"),
            now["soon"],
            link("disclosure:application_list", due="soon"),
            note=_("today"),
            tone="warning" if now["soon"] else "",
        ),
    ]
    if user.has_perm("disclosure.view_item"):
        items = Item.objects.filter(department_filter(user, "department"))
        waiting = [Item.Status.DRAFT, Item.Status.CLEARED]
        published = items.filter(published_on__year=year).aggregate(
            n=Count("pk"), late=Count("pk", filter=Q(published_on__gt=F("due_on")))
        )
        late_now = items.filter(status__in=waiting, due_on__lt=today).count()
        section.figures += [
            Figure(
                "items_on_time",
                _("Items published on time"),
                f"{published['n'] - published['late']}/{published['n']}",
                link("disclosure:item_list"),
                tone="danger" if published["late"] else "",
            ),
            Figure(
                "items_late",
                _("Items unpublished past the deadline"),
                late_now,
                link("disclosure:item_list", show="late"),
                note=_("today"),
                tone="danger" if late_now else "",
            ),
        ]
    section.extra = {"applications": counts}
    statuses = [(s, A.Status(s).label) for s in A.OPEN_STATUSES]
    section.charts.append(
        Chart(
            "applications",
            _("Open applications by step (today)"),
            "pie",
            [str(label) for _s, label in statuses],
            [
                Series(
                    _("Applications"),
                    [
                        Point(
                            by_status.get(s, 0),
                            link("disclosure:application_list", status=s),
                        )
                        for s, _label in statuses
                    ],
                )
            ],
            first_column=_("Step"),
        )
    )
    return section


# --- Citizen demands ----------------------------------------------------------------------


def hotline_section(user, year: int, report) -> Section | None:
    if report is None:
        return None
    t = report.total

    def rate(value):
        return f"{value}%" if value is not None else "—"

    kpi_url = link("hotline:kpi", year=year)
    section = Section("hotline", _("Citizen demands"))
    section.figures = [
        Figure("received", _("Tickets received"), t.received, kpi_url),
        Figure("response", _("Response rate"), rate(t.response_rate), kpi_url),
        Figure("on_time", _("Replied in time"), rate(t.on_time_rate), kpi_url),
        Figure("solved", _("Solved"), rate(t.solved_rate), kpi_url),
        Figure("satisfaction", _("Satisfaction"), rate(t.satisfaction_rate), kpi_url),
    ]
    # Today's state, over every year, as the ticket list's due filters show it.
    tickets = tickets_visible_to(user)
    overdue = tickets.filter(
        status__in=T.OPEN_STATUSES, reply_due_at__lt=timezone.now()
    ).count()
    section.figures.append(
        Figure(
            "overdue",
            _("Open past the reply limit"),
            overdue,
            link("hotline:ticket_list", due="overdue"),
            note=_("today"),
            tone="danger" if overdue else "",
        )
    )
    section.extra = {"overdue": overdue}
    months = {f.key: f for f in report.by_month}
    keys = [year * 100 + m for m in range(1, 13)]
    urls = [link("hotline:ticket_list", month=f"{year}-{m:02d}") for m in range(1, 13)]

    def points(attr):
        return [
            Point(getattr(months[k], attr) if k in months else None, url)
            for k, url in zip(keys, urls, strict=True)
        ]

    section.charts.append(
        Chart(
            "hotline",
            _("Tickets and rates by month"),
            "line",
            [date_format(dt.date(year, m, 1), "M") for m in range(1, 13)],
            [
                Series(
                    _("Tickets received"),
                    [
                        Point(months[k].received if k in months else 0, url)
                        for k, url in zip(keys, urls, strict=True)
                    ],
                    type="bar",
                    axis=1,
                    color=LIGHT,
                ),
                Series(_("Response rate"), points("response_rate"), unit="%"),
                Series(_("Replied in time"), points("on_time_rate"), unit="%"),
                Series(_("Solved"), points("solved_rate"), unit="%"),
                Series(_("Satisfaction"), points("satisfaction_rate"), unit="%"),
            ],
            first_column=_("Month"),
        )
    )
    if user.has_perm("hotline.view_hottopic"):
        topics = list(
            HotTopic.objects.order_by("-score", "pk").values("pk", "label", "count")[:5]
        )
        if topics:
            section.charts.append(
                Chart(
                    "topics",
                    _("The five hottest topics"),
                    "bar",
                    [topic["label"] for topic in topics],
                    [
                        Series(
                            _("Tickets"),
                            [
                                Point(
                                    topic["count"],
                                    reverse("hotline:topic_detail", args=[topic["pk"]]),
                                )
                                for topic in topics
                            ],
                            color=AMBER,
                        )
                    ],
                    horizontal=True,
                    first_column=_("Topic"),
                )
            )
    return section


def hotline_report(user, year: int):
    """The year's KPIs over the tickets the user sees, or None without the right."""
    if not user.has_perm("hotline.view_ticket"):
        return None
    return kpi.compute(year, qs=tickets_visible_to(user))


# --- What needs the user today -------------------------------------------------------------


@dataclass
class Action:
    key: str
    label: str
    count: int
    url: str
    tone: str = "warning"
    items: list[tuple[str, str, str]] = field(default_factory=list)  # text, url, note


def pending_requests(tickets):
    """The tickets whose return or extension awaits the leader (what the ticket list's
    ?due=pending shows), read through the partial index on `pending`."""
    return tickets.exclude(pending="")


def actions_for(user, today: dt.date) -> list[Action]:
    """What waits for this user: their decisions first, then their queue."""
    actions: list[Action] = []
    now = timezone.now()

    if user.has_perm("hotline.approve_request"):
        pending = pending_requests(tickets_visible_to(user))
        # Requests wait days for a decision, not months: few rows, read in one query.
        rows = sorted(
            # No ORDER BY: with one, SQLite walks the received-time index over every
            # ticket instead of the partial index on the few pending ones.
            pending.order_by().values("pk", "title", "pending", "reply_due_at"),
            key=lambda r: (r["reply_due_at"], r["pk"]),
        )
        if rows:
            kinds = dict(T.Request.choices)
            actions.append(
                Action(
                    "approvals",
                    _("Returns and extensions awaiting your approval"),
                    len(rows),
                    link("hotline:ticket_list", due="pending"),
                    "danger",
                    [
                        (
                            r["title"],
                            reverse("hotline:ticket_detail", args=[r["pk"]]),
                            str(kinds.get(r["pending"], "")),
                        )
                        for r in rows[:5]
                    ],
                )
            )

    if user.has_perm("reports.approve_report"):
        drafts = list(
            Report.objects.filter(
                Exists(ReportVersion.objects.filter(report=OuterRef("pk"))),
                status=Report.Status.DRAFT,
            )
            .order_by("year")
            .values_list("year", flat=True)
        )
        if drafts:
            actions.append(
                Action(
                    "report",
                    _("Annual rule-of-law report awaiting your approval"),
                    len(drafts),
                    reverse("reports:report", args=[drafts[0]]),
                    "danger",
                    [
                        (
                            _("The %(year)d report") % {"year": y},
                            reverse("reports:report", args=[y]),
                            "",
                        )
                        for y in drafts
                    ],
                )
            )

    if user.has_perm("disclosure.approve_extension"):
        # No request step exists: the head approves the extension before the deadline
        # (条例 art. 33 ¶2), so what may need it is what falls due soon.
        soon = applications_visible_to(user).filter(
            status__in=A.OPEN_STATUSES,
            due_on__gte=today,
            due_on__lte=due_soon_cutoff(today),
        )
        n = soon.count()
        if n:
            actions.append(
                Action(
                    "extensions",
                    _(
                        "Applications due soon (an extension is approved before the deadline)"
                    ),
                    n,
                    link("disclosure:application_list", due="soon"),
                )
            )

    if user.has_perm("plans.view_task"):
        mine = tasks_for_list(user, TaskFilter(due="overdue", mine=True), today)
        rows = list(mine.values("pk", "title", "due_date")[:5])
        if rows:
            actions.append(
                Action(
                    "my_tasks",
                    _("Your overdue tasks (responsible or in charge)"),
                    mine.count(),
                    link("plans:task_list", due="overdue", mine="on"),
                    "danger",
                    [
                        (
                            r["title"],
                            reverse("plans:task_detail", args=[r["pk"]]),
                            r["due_date"].isoformat(),
                        )
                        for r in rows
                    ],
                )
            )

    if user.has_perm("decisions.view_meeting"):
        meetings = list(
            Meeting.objects.filter(
                Q(members_due=user) | Q(chair=user), status=Meeting.Status.PLANNED
            )
            .distinct()
            .order_by("date", "pk")
            .values("pk", "date", "kind", "number")
        )
        if meetings:
            kinds = dict(Meeting.Kind.choices)
            actions.append(
                Action(
                    "meetings",
                    _("Meetings you are due to attend"),
                    len(meetings),
                    link("decisions:meeting_list", year=meetings[0]["date"].year),
                    "primary",
                    [
                        (
                            f"{kinds.get(m['kind'], '')}{m['number']}",
                            reverse("decisions:meeting_detail", args=[m["pk"]]),
                            m["date"].isoformat(),
                        )
                        for m in meetings[:5]
                    ],
                )
            )

    if user.has_role(Role.LEGAL_OFFICER):
        actions += _officer_queue(user, today, now)
    return actions


def _officer_queue(user, today: dt.date, now) -> list[Action]:
    """The legal-affairs officer's own queue: what is late or due in the ledgers."""
    queue = [
        (
            "reviews_overdue",
            _("Legality reviews overdue this year"),
            # The review list reads ?overdue=1 within the year it shows.
            filtered(
                reviews_visible_to(user),
                ReviewFilter(year=today.year, overdue=True),
                today,
            ).count(),
            link("legal:review_list", year=today.year, overdue=1),
            "danger",
        ),
        (
            "applications_overdue",
            _("Applications open past the deadline"),
            applications_visible_to(user)
            .filter(status__in=A.OPEN_STATUSES, due_on__lt=today)
            .count(),
            link("disclosure:application_list", due="overdue"),
            "danger",
        ),
        (
            "items_late",
            _("Catalogue items unpublished past the deadline"),
            Item.objects.filter(
                department_filter(user, "department"),
                status__in=[Item.Status.DRAFT, Item.Status.CLEARED],
                due_on__lt=today,
            ).count(),
            link("disclosure:item_list", show="late"),
            "danger",
        ),
        (
            "tickets_new",
            _("Tickets to assign"),
            tickets_visible_to(user).filter(status=T.Status.NEW).count(),
            link("hotline:ticket_list", status=T.Status.NEW),
            "warning",
        ),
        (
            "tickets_overdue",
            _("Tickets open past the reply limit"),
            tickets_visible_to(user)
            .filter(status__in=T.OPEN_STATUSES, reply_due_at__lt=now)
            .count(),
            link("hotline:ticket_list", due="overdue"),
            "danger",
        ),
        (
            "tasks_overdue",
            _("Plan tasks overdue"),
            tasks_for_list(user, TaskFilter(due="overdue"), today).count(),
            link("plans:task_list", due="overdue"),
            "danger",
        ),
    ]
    return [Action(key, label, n, url, tone) for key, label, n, url, tone in queue if n]


# --- The page -------------------------------------------------------------------------


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
