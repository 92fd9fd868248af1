"""Reminders toward the report's two deadlines: filing with the Party committee and the
government (FAZHI_REPORT_INTERNAL_DUE, "by 1 March in many provinces") and publication
(FAZHI_REPORT_PUBLIC_DUE, 1 April, 督察工作规定 art. 24) — for last year's report, on the
days FAZHI_REPORT_REMIND_DAYS before each, until the step is done. Idempotent per day."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from fazhi.core.notifications import do_notify, users_with_perm
from fazhi.core.periods import month_day

from .models import Report


def deadlines(year: int) -> tuple[dt.date, dt.date]:
    """When the report on `year` is due: filed, then published (in `year + 1`)."""
    return (
        month_day(settings.FAZHI_REPORT_INTERNAL_DUE, year + 1),
        month_day(settings.FAZHI_REPORT_PUBLIC_DUE, year + 1),
    )


def send(today: dt.date) -> int:
    year = today.year - 1
    internal, public = deadlines(year)
    report = Report.objects.filter(year=year).first()
    status = report.status if report else None
    url = reverse("reports:report", args=[year])
    sent = 0
    steps = []
    if status in (None, Report.Status.DRAFT):
        steps.append(
            (
                "approve",
                internal,
                _(
                    "The %(year)s rule-of-law report must be approved and filed by "
                    "%(date)s (%(days)d days left)."
                ),
                ["reports.change_report", "reports.approve_report"],
            )
        )
    if status != Report.Status.PUBLISHED:
        steps.append(
            (
                "publish",
                public,
                _(
                    "The %(year)s rule-of-law report must be published by %(date)s "
                    "(%(days)d days left)."
                ),
                ["reports.publish_report", "reports.approve_report"],
            )
        )
    for code, due, text, perms in steps:
        days = (due - today).days
        if days not in settings.FAZHI_REPORT_REMIND_DAYS:
            continue
        message = text % {"year": year, "date": due.isoformat(), "days": days}
        people = {p.pk: p for perm in perms for p in users_with_perm(perm)}
        for person in people.values():
            key = f"report:{year}:{code}:{today.isoformat()}"
            sent += do_notify(person, key=key, text=message, url=url)
    return sent
