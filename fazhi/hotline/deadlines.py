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
    """Due dates for many tickets (an import): one calendar walk per distinct day."""

    def __init__(self):
        self._sign: dict[dt.date, dt.datetime] = {}
        self._reply: dict[tuple[dt.date, int], dt.datetime] = {}

    def sign(self, received_at: dt.datetime, urgent: bool) -> dt.datetime:
        if urgent:
            return sign_due(received_at, True).at
        day = _local_date(received_at)
        if day not in self._sign:
            self._sign[day] = sign_due(received_at, False).at
        return self._sign[day]

    def reply(self, received_at: dt.datetime, days: int, urgent: bool) -> dt.datetime:
        key = (_local_date(received_at), -1 if urgent else days)
        if key not in self._reply:
            self._reply[key] = reply_due(received_at, days, urgent).at
        return self._reply[key]
