"""What needs the user today: their decisions first, then their queue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.access import department_filter
from fazhi.core.models import Role
from fazhi.decisions.models import Meeting
from fazhi.disclosure.access import applications_visible_to
from fazhi.disclosure.models import Application as A
from fazhi.disclosure.models import Item
from fazhi.disclosure.views import due_soon_cutoff
from fazhi.hotline.access import tickets_visible_to
from fazhi.hotline.models import Ticket as T
from fazhi.legal.access import reviews_visible_to
from fazhi.legal.queries import ReviewFilter, filtered
from fazhi.plans.queries import TaskFilter, tasks_for_list

from ..checks import link
from ..models import Report, ReportVersion

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
