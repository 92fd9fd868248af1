"""The demand desk's figures (regulations.md §7; 北京接诉即办条例 art. 32 names 响应率,
解决率 and 满意率 without defining them, so the definitions are ours, written here and on
the page). All count the tickets *received* in the period.

- 响应率 (response): signed for within the sign-for limit ÷ tickets due to be signed for
  (signed for, or whose limit has passed).
- 按时办结率 (replied in time): first reply within the reply limit (with any approved
  extension) ÷ tickets due to be replied to (replied, or whose limit has passed); tickets
  returned to the dispatcher are left out.
- 解决率 (solved): the latest callback says solved ÷ tickets called back.
- 满意率 (satisfaction): the latest callback is 满意 or 基本满意 ÷ tickets called back.
- 重办率 (reopened): reopened at least once ÷ tickets called back.

One grouped query over the period gives every breakdown (department, category, month).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Q, Sum, When
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from fazhi.core import snapshots
from fazhi.core.access import department_ids_for, sees_all_departments
from fazhi.core.models import Department
from fazhi.core.rates import percent

from .access import tickets_visible_to
from .models import Category, Ticket

T = Ticket

DEFINITIONS = [
    (
        _("Response rate (响应率)"),
        _(
            "Tickets signed for within the sign-for limit, divided by the tickets due to "
            "be signed for (signed for, or whose limit has passed)."
        ),
    ),
    (
        _("Replied in time (按时办结率)"),
        _(
            "Tickets whose first reply came within the reply limit (with any approved "
            "extension), divided by the tickets due to be replied to (replied, or whose "
            "limit has passed); tickets returned to the dispatcher are left out."
        ),
    ),
    (
        _("Solved (解决率)"),
        _(
            "Tickets whose latest callback says solved, divided by the tickets called back."
        ),
    ),
    (
        _("Satisfaction (满意率)"),
        _(
            "Tickets whose latest callback is satisfied or basically satisfied, divided "
            "by the tickets called back."
        ),
    ),
    (
        _("Reopened (重办率)"),
        _(
            "Tickets reopened after an unhappy callback, divided by the tickets called back."
        ),
    ),
]


@dataclass
class Figures:
    label: str = ""
    key: object = None
    received: int = 0
    sign_due: int = 0
    signed_in_time: int = 0
    reply_due: int = 0
    replied_in_time: int = 0
    called_back: int = 0
    solved: int = 0
    satisfied: int = 0
    reopened: int = 0

    def add(self, other: Figures) -> None:
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def response_rate(self):
        return percent(self.signed_in_time, self.sign_due)

    @property
    def on_time_rate(self):
        return percent(self.replied_in_time, self.reply_due)

    @property
    def solved_rate(self):
        return percent(self.solved, self.called_back)

    @property
    def satisfaction_rate(self):
        return percent(self.satisfied, self.called_back)

    @property
    def reopen_rate(self):
        return percent(self.reopened, self.called_back)


COUNTS = [
    "received",
    "sign_due",
    "signed_in_time",
    "reply_due",
    "replied_in_time",
    "called_back",
    "solved",
    "satisfied",
    "reopened",
]
RATES = [
    "response_rate",
    "on_time_rate",
    "solved_rate",
    "satisfaction_rate",
    "reopen_rate",
]


@dataclass
class Report:
    first: int
    last: int
    total: Figures
    by_department: list[Figures] = field(default_factory=list)
    by_category: list[Figures] = field(default_factory=list)
    by_month: list[Figures] = field(default_factory=list)


# Snapshot keys of the KPI page: "hotline.kpi:<year>:…". A ticket change drops its
# year's (see apps.py); the time limits passing are caught by the snapshots' maximum age.
SNAPSHOT = "hotline.kpi:"


def forget(year: int | None = None) -> None:
    """Drop the kept figures of `year` (every year: None) once the change commits."""
    snapshots.forget(f"{SNAPSHOT}{year}:" if year else SNAPSHOT)


def kept(year: int, month: int | None, *, user, fresh: bool = False):
    """(Report, counted_at): the figures `user` may see, as the KPI page shows them,
    kept per year, month, department scope and language (see `forget`)."""
    scope = "all"
    if not sees_all_departments(user):
        ids = ",".join(map(str, sorted(department_ids_for(user))))
        scope = hashlib.sha256(ids.encode()).hexdigest()[:16]
    return snapshots.cached(
        f"{SNAPSHOT}{year}:{month or 0}:{scope}:{get_language()}",
        lambda: compute(year, month, qs=tickets_visible_to(user)),
        fresh=fresh,
    )


def _one(expr) -> Sum:
    return Sum(Case(When(expr, then=1), default=0, output_field=IntegerField()))


def compute(
    year: int, month: int | None = None, *, now: dt.datetime | None = None, qs=None
):
    """The figures for tickets received in `year` (or one month of it)."""
    now = now or timezone.now()
    first, last = (
        (year * 100 + month,) * 2 if month else (year * 100 + 1, year * 100 + 12)
    )
    qs = (qs if qs is not None else Ticket.objects.all()).filter(
        month__gte=first, month__lte=last
    )
    returned = Q(status=T.Status.RETURNED)
    rows = (
        qs.values("department_id", "category_id", "month")
        .order_by()
        .annotate(
            # Count(*), not Count("id"): PostgreSQL then reads the covering index alone.
            received=Count("*"),
            sign_due=_one(
                (Q(signed_at__isnull=False) | Q(sign_due_at__lt=now))
                & (Q(department__isnull=False) | Q(signed_at__isnull=False))
            ),
            signed_in_time=_one(Q(signed_in_time=True)),
            reply_due=_one(
                (Q(replied_at__isnull=False) | Q(reply_due_at__lt=now)) & ~returned
            ),
            replied_in_time=_one(Q(replied_in_time=True) & ~returned),
            called_back=_one(~Q(satisfaction="")),
            solved=_one(Q(solved=True)),
            satisfied=_one(
                Q(satisfaction__in=[T.Satisfaction.SATISFIED, T.Satisfaction.BASIC])
            ),
            reopened=_one(Q(reopened__gt=0) & ~Q(satisfaction="")),
        )
    )
    total = Figures(label=str(_("All")))
    groups = {"department_id": {}, "category_id": {}, "month": {}}
    for row in rows:
        figures = Figures(**{name: row[name] or 0 for name in COUNTS})
        total.add(figures)
        for dim, bucket in groups.items():
            key = row[dim]
            if key not in bucket:
                bucket[key] = Figures(key=key)
            bucket[key].add(figures)
    departments = dict(Department.objects.values_list("pk", "name"))
    categories = {c.pk: c for c in Category.objects.select_related("parent")}
    unassigned = str(_("Not assigned"))
    by_department = sorted(groups["department_id"].values(), key=lambda f: -f.received)
    for f in by_department:
        f.label = departments.get(f.key, unassigned)
    by_category = sorted(groups["category_id"].values(), key=lambda f: -f.received)
    for f in by_category:
        f.label = (
            categories[f.key].path if f.key in categories else str(_("No category"))
        )
    by_month = [groups["month"][m] for m in sorted(groups["month"])]
    for f in by_month:
        f.label = f"{f.key // 100}-{f.key % 100:02d}"
    return Report(first, last, total, by_department, by_category, by_month)
