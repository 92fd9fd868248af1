"""The review ledger filtered, and the year's figures (法律审核共计…次)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Q

from fazhi.core.calendar import WorkingDayCounter

from .models import Counsel, Review


def overdue_q(today: dt.date) -> Q:
    """Awaiting an opinion past its due date, or an opinion given after it."""
    return Q(status=Review.Status.REQUESTED, due_date__lt=today) | Q(
        opinion_on__gt=F("due_date")
    )


@dataclass
class ReviewFigures:
    year: int
    total: int
    by_kind: dict[str, int]
    by_month: dict[int, int]
    by_counsel: list[tuple[str, int]]
    by_outcome: dict[str, int]
    answered: int
    average_working_days: float | None
    overdue: int
    awaiting: int
    by_response: dict[str, int] = field(default_factory=dict)


def figures_for(year: int, today: dt.date) -> ReviewFigures:
    """Reviews received in `year`: per kind, month and counsel; how long the opinions
    took in working days; how many are or were late."""
    reviews = Review.objects.filter(received_on__year=year)
    by_kind = dict(reviews.values_list("kind").annotate(n=Count("pk")).order_by())
    by_month = dict(
        reviews.values_list("received_on__month").annotate(n=Count("pk")).order_by()
    )
    by_counsel = [
        (f"{name}（{firm}）", n)
        for name, firm, n in reviews.values_list("counsel__name", "counsel__firm")
        .annotate(n=Count("pk"))
        .order_by("-n", "counsel__name")
    ]
    by_outcome = dict(
        reviews.exclude(outcome="")
        .values_list("outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_response = dict(
        reviews.exclude(response="")
        .values_list("response")
        .annotate(n=Count("pk"))
        .order_by()
    )
    pairs = list(
        reviews.filter(opinion_on__isnull=False).values_list(
            "received_on", "opinion_on"
        )
    )
    taken = []
    if pairs:
        counter = WorkingDayCounter(
            min(min(a, b) for a, b in pairs), max(max(a, b) for a, b in pairs)
        )
        taken = [counter.between(a, b) for a, b in pairs]
    return ReviewFigures(
        year=year,
        total=sum(by_kind.values()),
        by_kind=by_kind,
        by_month={m: by_month.get(m, 0) for m in range(1, 13)},
        by_counsel=by_counsel,
        by_outcome=by_outcome,
        by_response=by_response,
        answered=len(taken),
        average_working_days=round(sum(taken) / len(taken), 1) if taken else None,
        overdue=reviews.filter(overdue_q(today)).count(),
        awaiting=reviews.filter(status=Review.Status.REQUESTED).count(),
    )


@dataclass
class ReviewFilter:
    year: int | None = None
    kind: str = ""
    status: str = ""
    counsel: int | None = None
    overdue: bool = False


def filtered(reviews, flt: ReviewFilter, today: dt.date):
    if flt.year:
        reviews = reviews.filter(received_on__year=flt.year)
    if flt.kind in Review.Kind.values:
        reviews = reviews.filter(kind=flt.kind)
    if flt.status in Review.Status.values:
        reviews = reviews.filter(status=flt.status)
    if flt.counsel:
        reviews = reviews.filter(counsel_id=flt.counsel)
    if flt.overdue:
        reviews = reviews.filter(overdue_q(today))
    return reviews


def contracts_ending(today: dt.date, days: int):
    return Counsel.objects.filter(
        contract_end__gte=today, contract_end__lte=today + dt.timedelta(days=days)
    )
