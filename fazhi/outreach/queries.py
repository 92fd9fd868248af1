"""The key dates ahead and the year's legal-education figures."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Sum

from .models import Activity, KeyDate, Material


@dataclass
class UpcomingDate:
    key_date: KeyDate
    start: dt.date
    end: dt.date
    days_until: int


def upcoming(today: dt.date) -> list[UpcomingDate]:
    """Each key date's next (or current) occurrence, soonest first."""
    out = []
    for key_date in KeyDate.objects.all():
        start, end = key_date.occurrence(today.year)
        if end < today:
            start, end = key_date.occurrence(today.year + 1)
        out.append(UpcomingDate(key_date, start, end, max(0, (start - today).days)))
    return sorted(out, key=lambda u: (u.start, u.key_date.name))


@dataclass
class OutreachFigures:
    year: int
    activities: int
    people_reached: int
    by_quarter: dict[int, tuple[int, int]]  # quarter → (activities, people)
    materials: list[tuple[str, int]]


def figures_for(year: int) -> OutreachFigures:
    activities = Activity.objects.filter(date__year=year)
    per_quarter = {
        q: (n, people or 0)
        for q, n, people in activities.values_list("date__quarter")
        .annotate(n=Count("pk"), people=Sum("audience"))
        .order_by()
        .values_list("date__quarter", "n", "people")
    }
    materials = Counter()
    for item, quantity in Material.objects.filter(
        activity__date__year=year
    ).values_list("item", "quantity"):
        materials[item] += quantity
    return OutreachFigures(
        year=year,
        activities=sum(n for n, _p in per_quarter.values()),
        people_reached=sum(p for _n, p in per_quarter.values()),
        by_quarter={q: per_quarter.get(q, (0, 0)) for q in range(1, 5)},
        materials=sorted(materials.items()),
    )
