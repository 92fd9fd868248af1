"""Working-day arithmetic on the official calendar (holidays and 调休 make-up working days).

Sources, in order of precedence:
1. admin-entered overrides (CalendarOverride), e.g. next year's State Council notice,
   entered in November or December before the `chinese-calendar` package carries it;
2. the `chinese-calendar` package's official schedule;
3. for a year with neither (no package data and no HolidayNotice entered): Saturdays and
   Sundays alone. Such answers are *provisional* and every screen showing them says so.

Counting convention (条例 "自…之日起N个工作日", regulations.md §1.6 [U]): the count starts
on the day after `start`, so `add_working_days(d, 1)` is the first working day after d and
`working_days_between(d, add_working_days(d, n)) == n`.
Nothing here raises for a valid date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import chinese_calendar
from chinese_calendar import constants as official

from .models import CalendarOverride, HolidayNotice

_PACKAGE_YEARS = frozenset(d.year for d in official.holidays) | frozenset(
    d.year for d in official.workdays
)


class CalendarDate(dt.date):
    """A date computed on the calendar; `provisional` is True when any year it depends on
    has no official holiday data yet."""

    provisional: bool = False

    @classmethod
    def of(cls, day: dt.date, provisional: bool) -> CalendarDate:
        out = cls(day.year, day.month, day.day)
        out.provisional = provisional
        return out


class CalendarCount(int):
    """A number of working days; `provisional` as for CalendarDate."""

    provisional: bool = False

    def __new__(cls, value: int, provisional: bool = False):
        out = super().__new__(cls, value)
        out.provisional = provisional
        return out


@dataclass(frozen=True)
class DayInfo:
    date: dt.date
    working: bool
    provisional: bool
    name: str = ""
    source: str = ""  # "override", "official", "weekend-rule"


def official_years() -> frozenset[int]:
    """Years whose holidays are known: the package's plus those with an entered notice."""
    entered = HolidayNotice.objects.values_list("year", flat=True)
    return _PACKAGE_YEARS | frozenset(entered)


def is_provisional_year(year: int, years: frozenset[int] | None = None) -> bool:
    return year not in (years if years is not None else official_years())


class _Calendar:
    """One loaded view of the calendar over a date range (one query for the overrides)."""

    def __init__(self, start: dt.date, end: dt.date):
        lo, hi = min(start, end), max(start, end)
        self.years = official_years()
        self.overrides = {
            o.date: o
            for o in CalendarOverride.objects.filter(date__gte=lo, date__lte=hi).only(
                "date", "is_working_day", "name"
            )
        }
        self.provisional = False

    def info(self, day: dt.date) -> DayInfo:
        override = self.overrides.get(day)
        known = day.year in self.years
        if not known:
            self.provisional = True
        if override is not None:
            return DayInfo(
                day, override.is_working_day, not known, override.name, "override"
            )
        if day.year in _PACKAGE_YEARS:
            _, name = chinese_calendar.get_holiday_detail(day)
            working = chinese_calendar.is_workday(day)
            label = _holiday_name(name) if name else ""
            return DayInfo(day, working, False, label, "official")
        # An entered notice lists only the holidays and make-up days; every other day
        # follows the weekend rule, which is then exact rather than provisional.
        return DayInfo(day, day.weekday() < 5, not known, "", "weekend-rule")

    def working(self, day: dt.date) -> bool:
        return self.info(day).working


def _holiday_name(name: str) -> str:
    return _CHINESE_NAMES.get(name, name)


# The package names holidays in English only; the office's calendar speaks Chinese.
_CHINESE_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}

# Enough slack that n working days always fit: the longest official run of non-working
# days is 8–9 days (Spring Festival / National Day), so 2n + 30 calendar days suffice.


def _span(n: int) -> int:
    return 2 * abs(n) + 30


def _shift(day: dt.date, days: int) -> dt.date:
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


class WorkingDayCounter:
    """working_days_between() for many pairs within one range: the calendar is read once
    (one query) and each count is a difference of prefix sums, not a walk over the days.
    Figures over a year of 10,000 reviews need this; a pair outside the range is refused.
    """

    def __init__(self, first: dt.date, last: dt.date):
        self.first, self.last = first, last
        cal = _Calendar(first, last)
        self.prefix = [0]
        day = first
        while day <= last:
            self.prefix.append(self.prefix[-1] + cal.working(day))
            day += dt.timedelta(days=1)
        self.provisional = cal.provisional

    def between(self, a: dt.date, b: dt.date) -> int:
        """Working days after `a` up to and including `b`, as working_days_between."""
        if not (self.first <= a <= self.last and self.first <= b <= self.last):
            raise ValueError("outside the counter's range")
        ia, ib = (a - self.first).days + 1, (b - self.first).days + 1
        return self.prefix[ib] - self.prefix[ia]


def month(first: dt.date, last: dt.date) -> list[DayInfo]:
    """Every day from `first` to `last` with its working status (one query)."""
    cal = _Calendar(first, last)
    days = (last - first).days + 1
    return [cal.info(first + dt.timedelta(days=i)) for i in range(days)]


def day_info(day: dt.date) -> DayInfo:
    return _Calendar(day, day).info(day)


def is_working_day(day: dt.date) -> bool:
    return day_info(day).working


def add_working_days(start: dt.date, n: int) -> CalendarDate:
    """The n-th working day after `start` (before it, for negative n); n == 0 is `start`."""
    if isinstance(start, dt.datetime):
        start = start.date()
    if n == 0:
        cal = _Calendar(start, start)
        cal.info(start)
        return CalendarDate.of(start, cal.provisional)
    step = 1 if n > 0 else -1
    day, remaining, provisional = start, abs(n), False
    cal, edge = None, start
    while remaining:
        if day == (dt.date.max if step > 0 else dt.date.min):
            # The count runs off the calendar (year 9999 or year 1): the last date
            # there is, marked provisional, rather than an error.
            return CalendarDate.of(day, True)
        day += dt.timedelta(days=step)
        if cal is None or (day - edge).days * step > 0:
            # Load the overrides for the next stretch in one query.
            if cal is not None:
                provisional |= cal.provisional
            edge = _shift(day, step * _span(remaining))
            cal = _Calendar(day, edge)
        if cal.working(day):
            remaining -= 1
    return CalendarDate.of(day, provisional or cal.provisional)


def working_days_between(a: dt.date, b: dt.date) -> CalendarCount:
    """Working days after `a` up to and including `b` (negative when b is before a)."""
    if isinstance(a, dt.datetime):
        a = a.date()
    if isinstance(b, dt.datetime):
        b = b.date()
    if a == b:
        return CalendarCount(0, is_provisional_year(a.year))
    lo, hi, sign = (a, b, 1) if a < b else (b, a, -1)
    cal = _Calendar(lo, hi)
    count = 0
    day = lo
    while day < hi:
        day += dt.timedelta(days=1)
        if cal.working(day):
            count += 1
    return CalendarCount(sign * count, cal.provisional)
