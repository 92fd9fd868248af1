"""Self-assessment checks: legal education campaigns and citizen demands."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.hotline import kpi
from fazhi.hotline.models import Ticket as T
from fazhi.outreach.models import Activity, Campaign

from .base import (
    BASIS,
    MISSED,
    NA,
    OK,
    PENDING,
    Check,
    Period,
    link,
)

# --- Legal education and citizen demands --------------------------------------------------


def check_campaigns(p: Period) -> Check:
    campaigns = Campaign.objects.filter(year=p.year).annotate(
        has_activity=Exists(Activity.objects.filter(campaign=OuterRef("pk")))
    )
    # A campaign is missed once its planned day has passed without an activity (one
    # planned for no day in particular, once its year is over).
    due = Q(planned_for__lt=p.today)
    if p.over:
        due |= Q(planned_for=None)
    counts = campaigns.aggregate(
        n=Count("pk"),
        held=Count("pk", filter=Q(has_activity=True)),
        missed=Count("pk", filter=Q(has_activity=False) & due),
    )
    check = Check(
        "campaigns",
        gettext_lazy("Planned legal-education campaigns held"),
        NA,
        _("Planned: %(n)d; held: %(held)d; not held by the planned date: %(missed)d.")
        % counts,
        link("outreach:plan", year=p.year),
        BASIS["outreach"],
    )
    if counts["n"]:
        if counts["missed"]:
            check.state = MISSED
        elif counts["held"] == counts["n"]:
            check.state = OK
        else:
            check.state = PENDING
    elif not p.over:
        check.state = PENDING
    return check


def check_hotline(p: Period, total, overdue_now: int | None = None) -> Check:
    if total is None:
        total = kpi.compute(p.year, now=p.now).total
    # Open past the reply limit: this year, every such ticket however old (what the
    # list's ?due=overdue shows); a past year, those it received.
    overdue = T.objects.filter(status__in=T.OPEN_STATUSES, reply_due_at__lt=p.now)
    if p.over or not p.begun:
        overdue = overdue.filter(
            month__gte=p.year * 100 + 1, month__lte=p.year * 100 + 12
        ).count()
    else:
        overdue = overdue.count() if overdue_now is None else overdue_now

    def rate(value):
        return "—" if value is None else f"{value}%"

    check = Check(
        "hotline",
        gettext_lazy("Citizen demands signed for and answered in time"),
        NA,
        _(
            "Received: %(n)d. Signed for in time: %(signed)d of %(sign_due)d "
            "(%(response)s). Replied in time: %(replied)d of %(reply_due)d "
            "(%(on_time)s). Open past the reply limit: %(overdue)d."
        )
        % {
            "n": total.received,
            "signed": total.signed_in_time,
            "sign_due": total.sign_due,
            "response": rate(total.response_rate),
            "replied": total.replied_in_time,
            "reply_due": total.reply_due,
            "on_time": rate(total.on_time_rate),
            "overdue": overdue,
        },
        link("hotline:kpi", year=p.year),
        BASIS["hotline"],
    )
    if overdue:
        check.url = link("hotline:ticket_list", due="overdue")
    if total.received:
        check.state = p.running(bool(overdue))
    elif not p.over:
        check.state = PENDING
    return check
