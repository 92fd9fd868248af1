"""The KPI figures counted one ticket at a time, as a clerk would: the tests' check on
`kpi.compute`'s one grouped query."""

from __future__ import annotations

import datetime as dt

from fazhi.hotline.kpi import Figures
from fazhi.hotline.models import Ticket

T = Ticket


def hand_count(tickets, now: dt.datetime) -> Figures:
    out = Figures()
    for t in tickets:
        out.received += 1
        dispatched = t.department_id is not None or t.signed_at is not None
        if dispatched and (t.signed_at is not None or t.sign_due_at < now):
            out.sign_due += 1
        if t.signed_in_time:
            out.signed_in_time += 1
        if t.status != T.Status.RETURNED and (
            t.replied_at is not None or t.reply_due_at < now
        ):
            out.reply_due += 1
        if t.replied_in_time and t.status != T.Status.RETURNED:
            out.replied_in_time += 1
        if t.satisfaction:
            out.called_back += 1
            out.solved += bool(t.solved)
            out.satisfied += t.satisfaction in (
                T.Satisfaction.SATISFIED,
                T.Satisfaction.BASIC,
            )
            out.reopened += t.reopened > 0
    return out
