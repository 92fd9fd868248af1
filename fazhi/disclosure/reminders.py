"""Daily reminders to the disclosure office: replies due soon or overdue, corrections and
fees whose time ran out (the case can now be closed), and the annual report toward its
date. Keyed so a second run on the same day sends nothing new."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext as _

from fazhi.core import calendar
from fazhi.core.notifications import do_notify, users_with_perm
from fazhi.core.periods import month_day

from .models import Application


def send(today: dt.date) -> int:
    people = users_with_perm("disclosure.add_application")
    if not people:
        return 0
    sent = 0
    soon = calendar.add_working_days(today, settings.FAZHI_DISCLOSURE_DUE_SOON_DAYS)
    open_apps = Application.objects.filter(status__in=Application.OPEN_STATUSES)
    messages = []
    for app in open_apps.filter(due_on__lte=soon).order_by("due_on").iterator():
        late = app.due_on < today
        text = (
            _("Overdue since %(date)s: the reply to application %(number)s.")
            if late
            else _("Due on %(date)s: the reply to application %(number)s.")
        ) % {"date": app.due_on.isoformat(), "number": app.number}
        key = f"disclosure:{app.pk}:{'late' if late else 'due'}:{app.due_on}"
        messages.append((key, text, app.get_absolute_url()))
    for app in open_apps.filter(
        correction_due__lt=today, corrected_on__isnull=True
    ).iterator():
        text = _(
            "Application %(number)s was not corrected by %(date)s: reply that it is "
            "treated as abandoned (art. 30)."
        ) % {"number": app.number, "date": app.correction_due.isoformat()}
        messages.append(
            (f"disclosure:{app.pk}:uncorrected", text, app.get_absolute_url())
        )
    for app in open_apps.filter(
        fee_due_on__lt=today, fee_paid_on__isnull=True
    ).iterator():
        text = _("The fee for application %(number)s was not paid by %(date)s.") % {
            "number": app.number,
            "date": app.fee_due_on.isoformat(),
        }
        messages.append((f"disclosure:{app.pk}:unpaid", text, app.get_absolute_url()))
    report_due = month_day(settings.FAZHI_DISCLOSURE_REPORT_DUE, today.year)
    if 0 <= (report_due - today).days <= 30:
        text = _(
            "The %(year)d annual disclosure report is to be submitted and published by "
            "%(date)s (art. 49)."
        ) % {"year": today.year - 1, "date": report_due.isoformat()}
        messages.append((f"disclosure:report:{today.year - 1}", text, ""))
    for key, text, url in messages:
        for person in people:
            sent += do_notify(person, key=key, text=text, url=url)
    return sent
