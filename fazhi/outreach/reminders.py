"""Reminders of the key dates ahead, to those who organise the campaigns."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from fazhi.core.notifications import do_notify, users_with_perm

from .queries import upcoming


def send(today: dt.date) -> int:
    """One reminder per key date occurrence, `remind_days` before it starts."""
    sent = 0
    people = users_with_perm("outreach.add_activity")
    for u in upcoming(today):
        if u.days_until > u.key_date.remind_days or u.start < today:
            continue
        text = _("%(name)s begins on %(date)s: plan the campaign.") % {
            "name": u.key_date.name,
            "date": u.start.isoformat(),
        }
        for person in people:
            key = f"keydate:{u.key_date.pk}:{u.start.isoformat()}"
            sent += do_notify(person, key=key, text=text, url="/outreach/plan/")
    return sent
