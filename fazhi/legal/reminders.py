"""Reminders: to the counsel, of reviews due tomorrow or overdue; to the officers, of a
counsel's contract about to end."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext as _

from fazhi.core.notifications import do_notify, users_with_perm

from .models import Review
from .queries import contracts_ending


def send(today: dt.date) -> int:
    sent = 0
    waiting = Review.objects.filter(
        status=Review.Status.REQUESTED,
        due_date__lte=today + dt.timedelta(days=1),
        counsel__user__isnull=False,
    ).select_related("counsel__user")
    for review in waiting:
        late = review.due_date < today
        text = (
            _("Overdue since %(date)s: the opinion on “%(title)s”.")
            if late
            else _("Due on %(date)s: the opinion on “%(title)s”.")
        ) % {"date": review.due_date.isoformat(), "title": review.title}
        key = f"review:{review.pk}:{'late' if late else 'due'}:{review.due_date}"
        sent += do_notify(
            review.counsel.user, key=key, text=text, url=review.get_absolute_url()
        )
    people = users_with_perm("legal.add_counsel")
    for counsel in contracts_ending(
        today, settings.FAZHI_COUNSEL_CONTRACT_REMINDER_DAYS
    ):
        text = _(
            "%(counsel)s's contract ends on %(date)s: renew or engage another."
        ) % {
            "counsel": counsel,
            "date": counsel.contract_end.isoformat(),
        }
        for person in people:
            sent += do_notify(
                person,
                key=f"counsel:{counsel.pk}:{counsel.contract_end}",
                text=text,
                url="/legal/counsel/",
            )
    return sent
