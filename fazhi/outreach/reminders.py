"""Reminders of the key dates ahead, to those who organise the campaigns."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils.translation import gettext as _

from fazhi.core.models import User
from fazhi.core.notifications import do_notify

from .queries import upcoming


def organisers():
    perm = Permission.objects.get(
        content_type__app_label="outreach", codename="add_activity"
    )
    return User.objects.filter(
        Q(groups__permissions=perm) | Q(user_permissions=perm), is_active=True
    ).distinct()


def send(today: dt.date) -> int:
    """One reminder per key date occurrence, `remind_days` before it starts."""
    sent = 0
    people = list(organisers())
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
