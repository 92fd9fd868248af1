"""Where each figure of the annual report comes from: the records it counts and the rule
that picks them, so an auditor can follow any number to its sources (issue: traceability).

A source is a queryset for a year plus the words of its rule and the columns that show
its records. The report's sentences quote sources by key; the trace page lists them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.decisions.models import Matter, Meeting
from fazhi.disclosure.models import Application, Item
from fazhi.hotline.models import Ticket
from fazhi.learning.models import Exam, StudySession
from fazhi.legal.models import Counsel, Review
from fazhi.outreach.models import Activity
from fazhi.plans.models import DutyLog, Task


@dataclass(frozen=True)
class Source:
    key: str
    label: object  # lazy text
    rule: object  # lazy text with %(year)s
    records: Callable[[int], QuerySet]
    # (header, field path) shown on the trace page; choices show their labels.
    columns: tuple[tuple[object, str], ...]
    order: tuple[str, ...] = ("pk",)


def _year(field: str, year: int) -> Q:
    return Q(
        **{f"{field}__gte": dt.date(year, 1, 1), f"{field}__lte": dt.date(year, 12, 31)}
    )


def _months(year: int) -> Q:
    # Tickets carry their month as YYYYMM (indexed), the KPI page's period key.
    return Q(month__gte=year * 100 + 1, month__lte=year * 100 + 12)


def _late_task(year: int) -> Q:
    end = min(dt.date(year, 12, 31), timezone.localdate())
    return Q(completed_on__gt=F("due_date")) | Q(
        status__in=Task.OPEN_STATUSES, due_date__lt=end
    )


TASK_COLUMNS = (
    (_("No."), "number"),
    (_("Task"), "title"),
    (_("Department"), "department__name"),
    (_("Due"), "due_date"),
    (_("Status"), "status"),
    (_("Completed on"), "completed_on"),
)
DUTY_COLUMNS = (
    (_("Date"), "date"),
    (_("Leader"), "leader__name"),
    (_("Kind"), "kind"),
    (_("Matter"), "matter"),
)
MATTER_COLUMNS = (
    (_("Registered on"), "registered_on"),
    (_("Matter"), "title"),
    (_("Category"), "category"),
    (_("Department"), "department__name"),
    (_("Status"), "status"),
)
REVIEW_COLUMNS = (
    (_("Received on"), "received_on"),
    (_("Title"), "title"),
    (_("Kind"), "kind"),
    (_("Counsel"), "counsel__name"),
    (_("Opinion given on"), "opinion_on"),
    (_("Outcome"), "outcome"),
)
SESSION_COLUMNS = (
    (_("Date"), "date"),
    (_("Kind"), "kind"),
    (_("Title"), "title"),
    (_("Speaker"), "speaker"),
)
ACTIVITY_COLUMNS = (
    (_("Date"), "date"),
    (_("Theme"), "theme"),
    (_("Campaign"), "campaign__name"),
    (_("Place"), "place"),
    (_("People reached"), "audience"),
)
APPLICATION_COLUMNS = (
    (_("Number"), "number"),
    (_("Received on"), "received_on"),
    (_("Reply due"), "due_on"),
    (_("Replied on"), "replied_on"),
    (_("Outcome"), "outcome"),
)
ITEM_COLUMNS = (
    (_("Index number"), "index_no"),
    (_("Name"), "title"),
    (_("To be published by"), "due_on"),
    (_("Published on"), "published_on"),
)
TICKET_COLUMNS = (
    (_("Number"), "external_no"),
    (_("Channel"), "channel"),
    (_("Received"), "received_at"),
    (_("Title"), "title"),
    (_("Status"), "status"),
    (_("Satisfaction"), "satisfaction"),
)


def _tasks(year):
    return Task.objects.filter(plan__year=year).exclude(status=Task.Status.CANCELLED)


def _matters(year):
    return Matter.objects.filter(_year("registered_on", year))


def _duties(year):
    return DutyLog.objects.filter(_year("date", year))


def _reviews(year):
    return Review.objects.filter(_year("opinion_on", year))


def _sessions(year):
    return StudySession.objects.filter(_year("date", year))


def _items(year):
    return Item.objects.filter(_year("published_on", year))


def _applications(year):
    return Application.objects.filter(_year("received_on", year))


def _tickets(year):
    return Ticket.objects.filter(_months(year))


def _narrowed(records, *conditions, **lookups):
    """`records` of a year, narrowed further."""
    return lambda year: records(year).filter(*conditions, **lookups)


def _per_choice(key, records, field, choices, rule, columns, order):
    """One source per choice of `field` ("reviews_bidding" …)."""
    return [
        Source(
            f"{key}_{value}",
            label,
            rule,
            _narrowed(records, **{field: value}),
            columns,
            order,
        )
        for value, label in choices
    ]


_SOURCES = [
    Source(
        "plan_tasks",
        _("Tasks of the year's plan"),
        _("Tasks of the %(year)s plan, cancelled tasks left out."),
        _tasks,
        TASK_COLUMNS,
        ("number",),
    ),
    Source(
        "plan_tasks_done",
        _("Plan tasks done"),
        _("Tasks of the %(year)s plan marked done."),
        _narrowed(_tasks, status=Task.Status.DONE),
        TASK_COLUMNS,
        ("number",),
    ),
    Source(
        "plan_tasks_late",
        _("Plan tasks late"),
        _(
            "Tasks of the %(year)s plan completed after their due date, or still open "
            "after it (due before 31 December)."
        ),
        lambda y: _tasks(y).filter(_late_task(y)),
        TASK_COLUMNS,
        ("number",),
    ),
    Source(
        "duties",
        _("Duty log of the principal leader"),
        _("Entries of the duty log dated in %(year)s, any kind."),
        _duties,
        DUTY_COLUMNS,
        ("date",),
    ),
    *_per_choice(
        "duties",
        _duties,
        "kind",
        DutyLog.Kind.choices,
        _("Entries of the duty log dated in %(year)s of this kind."),
        DUTY_COLUMNS,
        ("date",),
    ),
    Source(
        "matters",
        _("三重一大 matters registered"),
        _("三重一大 matters registered in %(year)s, any category."),
        _matters,
        MATTER_COLUMNS,
        ("registered_on",),
    ),
    Source(
        "matters_decided",
        _("Matters decided at meetings"),
        _(
            "Matters on the agenda of a meeting held in %(year)s with a recorded result."
        ),
        lambda y: (
            Matter.objects.filter(
                _year("items__meeting__date", y),
                items__meeting__status=Meeting.Status.HELD,
            )
            .exclude(items__result="")
            .distinct()
        ),
        MATTER_COLUMNS,
        ("registered_on",),
    ),
    Source(
        "major_decisions",
        _("Major administrative decisions"),
        _("Matters registered in %(year)s that follow the 713号 procedure."),
        _narrowed(_matters, major_decision=True),
        MATTER_COLUMNS,
        ("registered_on",),
    ),
    Source(
        "meetings",
        _("Meetings held"),
        _("党组会 and 主任办公会 held in %(year)s."),
        lambda y: Meeting.objects.filter(_year("date", y), status=Meeting.Status.HELD),
        ((_("Date"), "date"), (_("Kind"), "kind"), (_("Session"), "number")),
        ("date",),
    ),
    Source(
        "counsel",
        _("Legal counsel engaged"),
        _("Counsel whose contract covers part of %(year)s."),
        lambda y: Counsel.objects.filter(
            contract_start__lte=dt.date(y, 12, 31), contract_end__gte=dt.date(y, 1, 1)
        ),
        (
            (_("Law firm"), "firm"),
            (_("Lawyer"), "name"),
            (_("Contract from"), "contract_start"),
            (_("Contract to"), "contract_end"),
            (_("Filed on"), "filed_on"),
        ),
        ("contract_start",),
    ),
    Source(
        "reviews",
        _("Legality reviews"),
        _("Legality reviews with the opinion given in %(year)s, any kind."),
        _reviews,
        REVIEW_COLUMNS,
        ("opinion_on",),
    ),
    *_per_choice(
        "reviews",
        _reviews,
        "kind",
        Review.Kind.choices,
        _("Legality reviews of this kind with the opinion given in %(year)s."),
        REVIEW_COLUMNS,
        ("opinion_on",),
    ),
    Source(
        "reviews_late",
        _("Opinions given late"),
        _(
            "Legality reviews with the opinion given in %(year)s after the day it was "
            "due."
        ),
        _narrowed(_reviews, opinion_on__gt=F("due_date")),
        REVIEW_COLUMNS,
        ("opinion_on",),
    ),
    Source(
        "reviews_adopted",
        _("Opinions adopted"),
        _(
            "Legality reviews with the opinion given in %(year)s that the department "
            "adopted in full or in part."
        ),
        _narrowed(
            _reviews, response__in=[Review.Response.ADOPTED, Review.Response.PARTLY]
        ),
        REVIEW_COLUMNS,
        ("opinion_on",),
    ),
    Source(
        "study_centre",
        _("Centre-group law study"),
        _("Party group centre-group study sessions held in %(year)s."),
        _narrowed(_sessions, kind=StudySession.Kind.CENTRE_GROUP),
        SESSION_COLUMNS,
        ("date",),
    ),
    *_per_choice(
        "study",
        _sessions,
        "kind",
        [
            c
            for c in StudySession.Kind.choices
            if c[0] != StudySession.Kind.CENTRE_GROUP
        ],
        _("Study sessions of this kind held in %(year)s."),
        SESSION_COLUMNS,
        ("date",),
    ),
    Source(
        "exams",
        _("Law exams"),
        _("Exams that opened in %(year)s."),
        lambda y: Exam.objects.filter(opens_at__year=y, status=Exam.Status.PUBLISHED),
        ((_("Exam"), "title"), (_("Opens"), "opens_at"), (_("Closes"), "closes_at")),
        ("opens_at",),
    ),
    Source(
        "activities",
        _("Legal-education activities"),
        _("Legal-education activities held in %(year)s, with or without a campaign."),
        lambda y: Activity.objects.filter(_year("date", y)),
        ACTIVITY_COLUMNS,
        ("date",),
    ),
    Source(
        "items_published",
        _("Information published proactively"),
        _("Catalogue items published in %(year)s."),
        _items,
        ITEM_COLUMNS,
        ("published_on",),
    ),
    Source(
        "items_late",
        _("Information published late"),
        _(
            "Catalogue items published in %(year)s after the day they were due (20 "
            "working days from being made or changed, art. 26)."
        ),
        _narrowed(_items, published_on__gt=F("due_on")),
        ITEM_COLUMNS,
        ("published_on",),
    ),
    Source(
        "applications",
        _("Applications for information"),
        _("Applications received in %(year)s (the date the time limit runs from)."),
        _applications,
        APPLICATION_COLUMNS,
        ("received_on",),
    ),
    Source(
        "applications_replied",
        _("Applications answered"),
        _("Applications received in %(year)s and answered."),
        _narrowed(_applications, replied_on__isnull=False),
        APPLICATION_COLUMNS,
        ("received_on",),
    ),
    Source(
        "applications_late",
        _("Applications answered late or overdue"),
        _(
            "Applications received in %(year)s answered after the statutory limit, or "
            "still open after it."
        ),
        lambda y: _applications(y).filter(
            Q(replied_late=True)
            | Q(
                status__in=Application.OPEN_STATUSES,
                due_on__lt=min(dt.date(y, 12, 31), timezone.localdate()),
            )
        ),
        APPLICATION_COLUMNS,
        ("received_on",),
    ),
    Source(
        "tickets",
        _("Citizen demands received"),
        _("Tickets received in %(year)s from every channel."),
        _tickets,
        TICKET_COLUMNS,
        ("received_at",),
    ),
    *_per_choice(
        "tickets",
        _tickets,
        "channel",
        Ticket.Channel.choices,
        _("Tickets received in %(year)s through this channel."),
        TICKET_COLUMNS,
        ("received_at",),
    ),
    Source(
        "tickets_sign_due",
        _("Tickets due to be signed for"),
        _(
            "Tickets received in %(year)s that were signed for or whose sign-for limit "
            "has passed (the 响应率's denominator; its numerator: signed in time)."
        ),
        lambda y: _tickets(y).filter(
            Q(signed_at__isnull=False)
            | Q(sign_due_at__lt=timezone.now(), department__isnull=False)
        ),
        TICKET_COLUMNS,
        ("received_at",),
    ),
    Source(
        "tickets_replied_in_time",
        _("Tickets replied to in time"),
        _(
            "Tickets received in %(year)s whose first reply came within the limit "
            "(the 按时办结率's numerator)."
        ),
        _narrowed(_tickets, ~Q(status=Ticket.Status.RETURNED), replied_in_time=True),
        TICKET_COLUMNS,
        ("received_at",),
    ),
    Source(
        "tickets_called_back",
        _("Tickets called back"),
        _(
            "Tickets received in %(year)s with a callback (the denominator of 解决率 "
            "and 满意率)."
        ),
        _narrowed(_tickets, ~Q(satisfaction="")),
        TICKET_COLUMNS,
        ("received_at",),
    ),
]

SOURCES: dict[str, Source] = {s.key: s for s in _SOURCES}


def get(key: str) -> Source:
    return SOURCES[key]
