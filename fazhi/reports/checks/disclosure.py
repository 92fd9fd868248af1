"""Self-assessment checks: government information disclosure and the annual reports."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.periods import month_day
from fazhi.disclosure.models import AnnualReport, Item
from fazhi.disclosure.models import Application as A
from fazhi.plans.models import Plan

from ..models import Report
from ..reminders import deadlines
from .base import (
    BASIS,
    MISSED,
    NA,
    OK,
    PENDING,
    Check,
    Period,
)

# --- Disclosure ---------------------------------------------------------------------------


def _one_or_list(qs, list_url: str) -> str:
    """The record itself when there is exactly one, else the list."""
    pks = list(qs.values_list("pk", flat=True)[:2])
    if len(pks) == 1:
        return qs.model(pk=pks[0]).get_absolute_url()
    return list_url


def application_counts(year: int, today: dt.date, apps=None) -> dict[str, int]:
    """Applications received in `year`; those answered in it and how many of them late
    (replied_late, set at the reply: 条例 art. 33); those received in it still open past
    their deadline today. `apps`: the applications a user sees (default: all).

    The late count reads each reply of the year (no index holds replied_late); the
    other counts read indexes only."""
    apps = A.objects.all() if apps is None else apps
    answered = apps.filter(replied_on__year=year).aggregate(
        answered=Count("pk"), late=Count("pk", filter=Q(replied_late=True))
    )
    return {
        "received": apps.filter(received_on__year=year).count(),
        **answered,
        # Grouped by the year received, unfiltered: a filter on the year would read
        # every application received in it; this reads the few open overdue ones by
        # the (status, due_on) index.
        "overdue": dict(
            apps.filter(status__in=A.OPEN_STATUSES, due_on__lt=today)
            .annotate(received_year=ExtractYear("received_on"))
            .values_list("received_year")
            .annotate(n=Count("pk"))
            .order_by()
        ).get(year, 0),
    }


def check_applications(p: Period, counts=None) -> Check:
    counts = counts or application_counts(p.year, p.today)
    base = reverse("disclosure:application_list")
    check = Check(
        "applications",
        gettext_lazy("Applications for information answered in time"),
        NA,
        _(
            "Received: %(received)d. Answered in the year: %(answered)d, late: "
            "%(late)d. Open past the deadline: %(overdue)d."
        )
        % counts,
        base,
        BASIS["apply"],
    )
    if counts["overdue"]:
        check.url = f"{base}?due=overdue"
    elif counts["late"]:
        check.url = _one_or_list(
            A.objects.filter(replied_on__year=p.year, replied_late=True), base
        )
    if counts["received"] or counts["answered"]:
        check.state = p.running(bool(counts["late"] or counts["overdue"]))
    elif not p.over:
        check.state = PENDING
    return check


def check_proactive(p: Period) -> Check:
    items = Item.objects.filter(formed_on__year=p.year).exclude(status=Item.Status.HELD)
    waiting = Q(status__in=[Item.Status.DRAFT, Item.Status.CLEARED])
    counts = items.aggregate(
        n=Count("pk"),
        published=Count("pk", filter=Q(published_on__isnull=False)),
        late=Count("pk", filter=Q(published_on__gt=F("due_on"))),
        overdue=Count("pk", filter=waiting & Q(due_on__lt=p.today)),
    )
    base = reverse("disclosure:item_list")
    check = Check(
        "proactive",
        gettext_lazy("Proactive disclosure within 20 working days"),
        NA,
        _(
            "Items formed in the year: %(n)d; published: %(published)d; published "
            "late: %(late)d; unpublished past the deadline: %(overdue)d."
        )
        % counts,
        base,
        BASIS["proactive"],
    )
    if counts["overdue"]:
        check.url = f"{base}?show=late"
    elif counts["late"]:
        check.url = _one_or_list(items.filter(published_on__gt=F("due_on")), base)
    if counts["n"]:
        check.state = p.running(bool(counts["late"] or counts["overdue"]))
    elif not p.over:
        check.state = PENDING
    return check


def _kept(year: int, report_model) -> bool:
    """Whether the ledgers of `year` are in this system (its plan, or the report)."""
    return (
        Plan.objects.filter(year=year).exists()
        or report_model.objects.filter(year=year).exists()
    )


def _on_time(p: Period, done_on, due: dt.date, what: str) -> tuple[str, str]:
    """(state, detail) of something due on `due`, done on `done_on` (or not yet)."""
    if done_on is None:
        if p.today > due:
            return MISSED, _("%(what)s: not done; it was due by %(due)s.") % {
                "what": what,
                "due": due.isoformat(),
            }
        return PENDING, _("%(what)s: due by %(due)s.") % {
            "what": what,
            "due": due.isoformat(),
        }
    state = OK if done_on <= due else MISSED
    return state, _("%(what)s on %(done)s (due by %(due)s).") % {
        "what": what,
        "done": done_on.isoformat(),
        "due": due.isoformat(),
    }


def check_gi_report(p: Period) -> Check:
    prior = p.year - 1
    check = Check(
        "gi_report",
        gettext_lazy("Previous year's disclosure report published on time"),
        NA,
        _("No ledgers of %(year)d in this system.") % {"year": prior},
        reverse("disclosure:report", args=[prior]),
        BASIS["gi_report"],
    )
    if not _kept(prior, AnnualReport):
        check.url = ""
        return check
    published = (
        AnnualReport.objects.filter(year=prior)
        .values_list("published_on", flat=True)
        .first()
    )
    due = month_day(settings.FAZHI_DISCLOSURE_REPORT_DUE, p.year)
    check.state, check.detail = _on_time(
        p,
        published,
        due,
        _("The %(year)d report published") % {"year": prior},
    )
    return check


def check_law_report(p: Period) -> list[Check]:
    prior = p.year - 1
    internal = Check(
        "report_approved",
        gettext_lazy("Previous year's rule-of-law report approved on time"),
        NA,
        _("No ledgers of %(year)d in this system.") % {"year": prior},
        reverse("reports:report", args=[prior]),
        BASIS["report_internal"],
    )
    public = Check(
        "report_published",
        gettext_lazy("Previous year's rule-of-law report published on time"),
        NA,
        internal.detail,
        internal.url,
        BASIS["report_public"],
    )
    if not _kept(prior, Report):
        internal.url = public.url = ""
        return [internal, public]
    row = (
        Report.objects.filter(year=prior).values("approved_on", "published_on").first()
    )
    row = row or {"approved_on": None, "published_on": None}
    internal_due, public_due = deadlines(prior)
    internal.state, internal.detail = _on_time(
        p,
        row["approved_on"],
        internal_due,
        _("The %(year)d report approved") % {"year": prior},
    )
    public.state, public.detail = _on_time(
        p,
        row["published_on"],
        public_due,
        _("The %(year)d report published") % {"year": prior},
    )
    return [internal, public]
