"""Self-assessment checks: decisions (三重一大, 713号) and legality review."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.decisions.models import AgendaItem, Catalogue, Matter
from fazhi.legal.models import Counsel, Review
from fazhi.legal.queries import overdue_q

from .base import (
    BASIS,
    MISSED,
    NA,
    OK,
    PENDING,
    Check,
    Period,
    link,
    then,
)

# --- Decisions and legality review ------------------------------------------------------


def _decided_items(p: Period):
    """The agenda items passed at a meeting of the year whose matter needed a legality
    review before it (713号 art. 26; every 三重一大 matter when the office says so)."""
    items = AgendaItem.objects.filter(
        result=AgendaItem.Result.PASSED, meeting__date__year=p.year
    )
    if not settings.FAZHI_REVIEW_BEFORE_AGENDA_FOR_ALL:
        items = items.filter(matter__major_decision=True)
    return items


def check_decisions_reviewed(p: Period) -> Check:
    cleared = Review.objects.filter(
        matter=OuterRef("matter"),
        status__in=[Review.Status.OPINION, Review.Status.CLOSED],
        opinion_on__lte=OuterRef("meeting__date"),
    ).exclude(outcome=Review.Outcome.UNLAWFUL)
    counts = _decided_items(p).aggregate(
        n=Count("pk"), bad=Count("pk", filter=~Exists(cleared))
    )
    # Matters of the year still in their procedure, not cleared by a review yet.
    waiting = Matter.objects.filter(
        registered_on__year=p.year,
        status__in=[Matter.Status.REGISTERED, Matter.Status.ON_AGENDA],
    )
    if not settings.FAZHI_REVIEW_BEFORE_AGENDA_FOR_ALL:
        waiting = waiting.filter(major_decision=True)
    waiting = waiting.exclude(
        Exists(
            Review.objects.filter(
                matter=OuterRef("pk"),
                status__in=[Review.Status.OPINION, Review.Status.CLOSED],
            ).exclude(outcome=Review.Outcome.UNLAWFUL)
        )
    ).count()
    check = Check(
        "decisions_reviewed",
        gettext_lazy("Matters decided only after a legality review"),
        NA,
        _("Decided: %(n)d; without a completed review before the meeting: %(bad)d.")
        % counts,
        link("decisions:matter_list", year=p.year),
        BASIS["decision"],
    )
    if waiting:
        check.detail = then(
            check.detail, _("Awaiting a review: %(n)d.") % {"n": waiting}
        )
    if counts["bad"]:
        check.state = MISSED
    elif counts["n"]:
        check.state = OK if p.over else PENDING
    elif waiting or not p.over:
        check.state = PENDING
    return check


def check_fair_competition(p: Period) -> Check:
    counts = (
        _decided_items(p)
        .filter(matter__market_actors=True)
        .aggregate(
            n=Count("pk"),
            bad=Count(
                "pk",
                filter=Q(matter__fair_competition_on__isnull=True)
                | Q(matter__fair_competition_on__gt=F("meeting__date")),
            ),
        )
    )
    check = Check(
        "fair_competition",
        gettext_lazy("Fair competition review before the decision"),
        NA,
        _(
            "Decided matters involving market actors: %(n)d; without the review "
            "before the meeting: %(bad)d."
        )
        % counts,
        link("decisions:matter_list", year=p.year),
        BASIS["fair"],
    )
    if counts["n"]:
        check.state = p.running(bool(counts["bad"]))
    return check


def check_decisions_published(p: Period) -> Check:
    counts = AgendaItem.objects.filter(
        result=AgendaItem.Result.PASSED,
        meeting__date__year=p.year,
        matter__major_decision=True,
    ).aggregate(n=Count("pk"), bad=Count("pk", filter=Q(matter__published_on=None)))
    check = Check(
        "decisions_published",
        gettext_lazy("Major administrative decisions published"),
        NA,
        _("Decided: %(n)d; not published: %(bad)d.") % counts,
        link("decisions:matter_list", year=p.year),
        BASIS["publish"],
    )
    if counts["n"]:
        # An unpublished decision is a miss once its year is over; until then, open.
        check.state = (MISSED if p.over else PENDING) if counts["bad"] else OK
    return check


def check_catalogue(p: Period) -> Check:
    cat = (
        Catalogue.objects.filter(year=p.year)
        .values("approved_on", "published_on")
        .first()
    )
    check = Check(
        "decision_catalogue",
        gettext_lazy("Catalogue of major decisions agreed and published"),
        NA,
        _("No catalogue made for the year (the office may make one)."),
        link("decisions:catalogue", year=p.year),
        BASIS["catalogue"],
    )
    if cat is None:
        return check
    if cat["approved_on"] and cat["published_on"]:
        check.state = OK
        check.detail = _("Agreed on %(a)s, published on %(p)s.") % {
            "a": cat["approved_on"].isoformat(),
            "p": cat["published_on"].isoformat(),
        }
    else:
        check.state = MISSED if p.over else PENDING
        check.detail = _("Made, but not yet agreed and published.")
    return check


def check_reviews_in_time(p: Period) -> Check:
    # The ledger's own "overdue": awaiting past the due date, or answered after it.
    counts = Review.objects.filter(received_on__year=p.year).aggregate(
        total=Count("pk"),
        answered=Count("pk", filter=Q(opinion_on__isnull=False)),
        overdue=Count("pk", filter=overdue_q(p.today)),
    )
    check = Check(
        "reviews_in_time",
        gettext_lazy("Legality reviews answered within their time limit"),
        NA,
        _(
            "Received: %(total)d; answered: %(answered)d; late (now or when "
            "answered): %(overdue)d."
        )
        % counts,
        link("legal:review_list", year=p.year),
        BASIS["review"],
    )
    if counts["overdue"]:
        check.url = link("legal:review_list", year=p.year, overdue=1)
    if counts["total"]:
        check.state = p.running(bool(counts["overdue"]))
    elif not p.over:
        check.state = PENDING
    return check


def check_counsel(p: Period) -> Check:
    engaged = Counsel.objects.filter(
        contract_start__lte=p.last, contract_end__gte=p.first
    )
    counts = engaged.aggregate(
        n=Count("pk"),
        unfiled=Count("pk", filter=Q(filed_on=None)),
        now=Count(
            "pk", filter=Q(contract_start__lte=p.today, contract_end__gte=p.today)
        ),
    )
    check = Check(
        "counsel",
        gettext_lazy("Legal counsel engaged and filed"),
        OK,
        _("Engagements in the year: %(n)d; not filed for the record: %(unfiled)d.")
        % counts,
        link("legal:counsel_list"),
        BASIS["counsel"],
    )
    current = p.first <= p.today <= p.last
    if not counts["n"]:
        check.state = MISSED if p.over or current else PENDING
        check.detail = _("No legal counsel engaged for %(year)d.") % {"year": p.year}
    elif current and not counts["now"]:
        check.state = MISSED
        check.detail = then(check.detail, _("No contract in force today."))
    elif counts["unfiled"]:
        check.state = MISSED if p.over else PENDING
    return check
