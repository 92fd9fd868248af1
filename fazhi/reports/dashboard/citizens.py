"""The sections facing citizens: disclosure and citizen demands."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fazhi.core.access import department_filter
from fazhi.core.rates import percent
from fazhi.disclosure.access import applications_visible_to
from fazhi.disclosure.models import Application as A
from fazhi.disclosure.models import Item
from fazhi.disclosure.views import due_soon_cutoff
from fazhi.hotline import kpi
from fazhi.hotline.access import tickets_visible_to
from fazhi.hotline.models import HotTopic
from fazhi.hotline.models import Ticket as T

from ..checks import application_counts, link
from .charts import (
    AMBER,
    LIGHT,
    Chart,
    Figure,
    Point,
    Section,
    Series,
)

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
