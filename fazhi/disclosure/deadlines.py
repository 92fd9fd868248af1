"""The reply deadline of an application, with every step of its computation in words,
as the case page shows it (条例 arts. 30, 31, 33; regulations.md §1.4).

- The 20 working days run from the date of receipt (art. 31) — or, after a correction,
  from the day the corrected application arrived: the clock restarts (art. 30).
- Time spent consulting a third party or a co-producer does not count (art. 33 ¶3); each
  consultation pauses the clock from the day it was sent until the answer, or until the
  15 working days the party has run out; overlapping consultations pause once.
- An approved extension adds at most 20 working days (art. 33 ¶2).
- Counting starts on the next working day, or on the day itself under the "same_day"
  setting (FAZHI_DISCLOSURE_COUNT_FROM). A year without an official calendar gives a
  provisional date, flagged, never an error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from fazhi.core import calendar


@dataclass
class Deadline:
    due: dt.date | None = None
    provisional: bool = False
    steps: list[str] = field(default_factory=list)
    paused: bool = False  # a consultation is running: the date still moves


def add_days(start: dt.date, n: int) -> calendar.CalendarDate:
    """`n` working days from `start` under the office's counting convention."""
    if (
        settings.FAZHI_DISCLOSURE_COUNT_FROM == "same_day"
        and n > 0
        and calendar.is_working_day(start)
    ):
        return calendar.add_working_days(start, n - 1)
    return calendar.add_working_days(start, n)


def _d(day: dt.date) -> str:
    return day.isoformat()


def _md(day: dt.date) -> str:
    return day.strftime("%m-%d")


def explain_span(start: dt.date, end: dt.date) -> str:
    """The holidays skipped and the make-up working days counted after `start` up to
    `end`, e.g. "skipping 国庆节 10-01…10-07, counting the make-up working day 10-10"."""
    if end <= start:
        return ""
    holidays: list[list] = []
    makeup: list[dt.date] = []
    for info in calendar.month(start + dt.timedelta(days=1), end):
        if not info.working and info.name:
            if (
                holidays
                and holidays[-1][0] == info.name
                and (info.date - holidays[-1][2]).days == 1
            ):
                holidays[-1][2] = info.date
            else:
                holidays.append([info.name, info.date, info.date])
        elif info.working and info.date.weekday() >= 5:
            makeup.append(info.date)
    parts = []
    if holidays:
        parts.append(
            _("skipping %(holidays)s")
            % {
                "holidays": "、".join(
                    f"{name} {_md(a)}…{_md(b)}" if a != b else f"{name} {_md(a)}"
                    for name, a, b in holidays
                )
            }
        )
    if makeup:
        parts.append(
            _("counting the make-up working day %(days)s")
            % {"days": "、".join(_md(d) for d in makeup)}
        )
    return pgettext("between clauses", "; ").join(parts)


def _pauses(consultations, today: dt.date) -> tuple[list[tuple], bool]:
    """Merged (first, last) pause intervals, and whether one is still running."""
    limit_days = settings.FAZHI_DISCLOSURE_CONSULTATION_DAYS
    spans, running = [], False
    for c in sorted(consultations, key=lambda c: c.sent_on):
        limit = calendar.add_working_days(c.sent_on, limit_days)
        if c.replied_on:
            end = min(c.replied_on, limit)
        else:
            end = min(max(today, c.sent_on), limit)
            running = running or today < limit
        if spans and c.sent_on <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((c.sent_on, end))
    return spans, running


def compute(application, consultations=None, today: dt.date | None = None) -> Deadline:
    app = application
    today = today or timezone.localdate()
    out = Deadline()
    if app.received_on is None:
        out.steps.append(
            _(
                "Arrived %(date)s by %(channel)s: the date of receipt is the day both "
                "sides confirm it (art. 31); the clock starts then."
            )
            % {"date": _d(app.submitted_on), "channel": app.get_channel_display()}
        )
        return out
    out.steps.append(_("Received %(date)s (art. 31).") % {"date": _d(app.received_on)})
    start = app.received_on
    if app.correction_requested_on:
        out.steps.append(
            _("Correction requested %(date)s, to be made by %(due)s (art. 30).")
            % {"date": _d(app.correction_requested_on), "due": _d(app.correction_due)}
        )
        if not app.corrected_on:
            out.steps.append(_("The clock waits for the corrected application."))
            return out
        start = app.corrected_on
        out.steps.append(
            _(
                "Corrected application received %(date)s: the working days run again "
                "from this day (art. 30)."
            )
            % {"date": _d(start)}
        )
    days = settings.FAZHI_DISCLOSURE_REPLY_DAYS
    base = add_days(start, days)
    provisional = base.provisional
    convention = (
        _("counted from the day itself")
        if settings.FAZHI_DISCLOSURE_COUNT_FROM == "same_day"
        else _("counted from the next working day")
    )
    span = explain_span(start, base)
    out.steps.append(
        _(
            "%(start)s → %(days)d working days, %(convention)s%(span)s → %(due)s (art. 33)."
        )
        % {
            "start": _d(start),
            "days": days,
            "convention": convention,
            "span": pgettext("before a clause", ", ") + span if span else "",
            "due": _d(base),
        }
    )
    total = days
    spans, out.paused = _pauses(
        consultations
        if consultations is not None
        else (app.consultations.all() if app.pk else []),
        today,
    )
    for first, last in spans:
        paused = calendar.working_days_between(first, last)
        provisional |= paused.provisional
        total += paused
        out.steps.append(
            _(
                "+%(n)d working days consulting %(first)s…%(last)s do not count "
                "(art. 33 ¶3)."
            )
            % {"n": paused, "first": _d(first), "last": _d(last)}
        )
    if app.extension_days:
        total += app.extension_days
        out.steps.append(
            _("+%(n)d working days' extension approved on %(date)s (art. 33 ¶2).")
            % {"n": app.extension_days, "date": _d(app.extension_approved_on)}
        )
    due = add_days(start, total)
    provisional |= due.provisional
    if total != days:
        span = explain_span(start, due)
        out.steps.append(
            _("%(start)s → %(days)d working days%(span)s → %(due)s.")
            % {
                "start": _d(start),
                "days": total,
                "span": pgettext("before a clause", ", ") + span if span else "",
                "due": _d(due),
            }
        )
    if out.paused:
        out.steps.append(_("A consultation is running: the date moves until it ends."))
    if provisional:
        out.steps.append(
            _(
                "Provisional: a year in this count has no official holiday calendar "
                "yet; weekends alone were skipped."
            )
        )
    out.due, out.provisional = due, provisional
    return out


def initial_due(received_on: dt.date) -> dt.date:
    return add_days(received_on, settings.FAZHI_DISCLOSURE_REPLY_DAYS)


def correction_notice_due(received_on: dt.date) -> dt.date:
    """The last day to ask for a correction: 7 working days from receipt (art. 30)."""
    return add_days(received_on, settings.FAZHI_DISCLOSURE_CORRECTION_NOTICE_DAYS)
