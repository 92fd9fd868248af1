"""The time limits of a ticket on the working-day calendar (regulations.md §7; every
number is a setting because the local rules vary).

- Sign for (签收) by the end of the FAZHI_HOTLINE_SIGN_DAYS-th working day after receipt;
  an urgent ticket within FAZHI_HOTLINE_URGENT_HOURS clock hours of receipt.
- Reply by the end of the N-th working day after receipt, N being the category's own limit
  or else the one for the ticket's kind (FAZHI_HOTLINE_REPLY_DAYS), plus an approved
  extension; an urgent ticket by the end of the day it came in (the next working day when it
  came in on a rest day). A reopened ticket (重办) gets the same limit again from the day of
  the unhappy callback.
- A day counts from the next working day: received Monday, "1 working day" ends Tuesday.
  A year without an official calendar gives a provisional date, never an error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from fazhi.core import calendar


@dataclass(frozen=True)
class Due:
    at: dt.datetime
    provisional: bool


def end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def _local_date(moment: dt.datetime) -> dt.date:
    return (
        timezone.localtime(moment).date()
        if timezone.is_aware(moment)
        else moment.date()
    )


def reply_days(kind: str, category=None) -> int:
    if category is not None and category.reply_days:
        return category.reply_days
    return settings.FAZHI_HOTLINE_REPLY_DAYS.get(kind, 5)


def sign_due(received_at: dt.datetime, urgent: bool) -> Due:
    if urgent:
        return Due(
            received_at + dt.timedelta(hours=settings.FAZHI_HOTLINE_URGENT_HOURS), False
        )
    day = calendar.add_working_days(
        _local_date(received_at), settings.FAZHI_HOTLINE_SIGN_DAYS
    )
    return Due(end_of(day), day.provisional)


def reply_due(
    start_at: dt.datetime, days: int, urgent: bool, extension: int = 0
) -> Due:
    start = _local_date(start_at)
    if urgent:
        day = (
            start
            if calendar.is_working_day(start)
            else calendar.add_working_days(start, 1)
        )
        if extension:
            day = calendar.add_working_days(day, extension)
        return Due(end_of(day), calendar.is_provisional_year(day.year))
    day = calendar.add_working_days(start, days + extension)
    return Due(end_of(day), day.provisional)


class DueCache:
    """Due dates for many tickets (an import): one calendar walk per distinct day; or,
    given the range of days the tickets came in (and the longest limit in working
    days), the calendar read once for the whole range, which is what a five-year
    export needs (two queries a day add up to seconds). A day beyond the range read
    falls back to the walk."""

    def __init__(
        self,
        first: dt.date | None = None,
        last: dt.date | None = None,
        longest: int = 0,
    ):
        self._sign: dict[dt.date, dt.datetime] = {}
        self._reply: dict[tuple[dt.date, int], dt.datetime] = {}
        # before[i]: the working days of the range before its day i; working[k]: the
        # index of its k-th working day.
        self.first, self.before, self.working = first, [0], []
        if first is not None:
            end = (last or first) + dt.timedelta(days=2 * longest + 30)
            for i, info in enumerate(calendar.month(first, end)):
                if info.working:
                    self.working.append(i)
                self.before.append(len(self.working))

    def _index(self, day: dt.date) -> int | None:
        if self.first is None:
            return None
        i = (day - self.first).days
        return i if 0 <= i < len(self.before) - 1 else None

    def _add(self, day: dt.date, n: int) -> dt.datetime | None:
        """End of the n-th working day after `day` (n > 0), if the range covers it."""
        i = self._index(day)
        if n <= 0 or i is None or self.before[i + 1] + n > len(self.working):
            return None
        return end_of(
            self.first + dt.timedelta(days=self.working[self.before[i + 1] + n - 1])
        )

    def sign(self, received_at: dt.datetime, urgent: bool) -> dt.datetime:
        if urgent:
            return sign_due(received_at, True).at
        day = _local_date(received_at)
        if day not in self._sign:
            self._sign[day] = (
                self._add(day, settings.FAZHI_HOTLINE_SIGN_DAYS)
                or sign_due(received_at, False).at
            )
        return self._sign[day]

    def reply(self, received_at: dt.datetime, days: int, urgent: bool) -> dt.datetime:
        day = _local_date(received_at)
        key = (day, -1 if urgent else days)
        if key not in self._reply:
            self._reply[key] = (
                self._reply_from_range(day, days, urgent)
                or reply_due(received_at, days, urgent).at
            )
        return self._reply[key]

    def _reply_from_range(self, day: dt.date, days: int, urgent: bool):
        if not urgent:
            return self._add(day, days)
        # By the end of the day it came in, or of the next working day.
        i = self._index(day)
        if i is not None and self.before[i + 1] > self.before[i]:
            return end_of(day)
        return self._add(day, 1)
