"""Daily reminders for the demand desk, one summary per department and day rather than
one per ticket (a city office has thousands): tickets to sign for or reply to that are
overdue or due within FAZHI_HOTLINE_DUE_SOON_HOURS; to the dispatcher, tickets waiting
for assignment or a callback; to the leaders, requests awaiting their decision. Keyed by
day, so a second run on the same day sends nothing new."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.access import sees_all_departments
from fazhi.core.notifications import do_notify, users_with_perm

from .models import Ticket

T = Ticket


def send(today: dt.date, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    soon = now + dt.timedelta(hours=settings.FAZHI_HOTLINE_DUE_SOON_HOURS)
    base = reverse("hotline:ticket_list")
    late: Counter = Counter()
    due: Counter = Counter()
    open_tickets = Ticket.objects.filter(
        status__in=T.OPEN_STATUSES, department__isnull=False
    )
    for row in (
        open_tickets.filter(reply_due_at__lte=soon)
        .values("department_id")
        .annotate(
            late=Count("id", filter=Q(reply_due_at__lt=now)),
            due=Count("id", filter=Q(reply_due_at__gte=now)),
        )
        .order_by()
    ):
        late[row["department_id"]] += row["late"]
        due[row["department_id"]] += row["due"]
    unsigned: Counter = Counter(
        dict(
            Ticket.objects.filter(status=T.Status.ASSIGNED, sign_due_at__lte=soon)
            .values_list("department_id")
            .annotate(n=Count("id"))
            .order_by()
        )
    )
    sent = 0
    for user in users_with_perm("hotline.change_ticket"):
        if sees_all_departments(user) or user.department_id is None:
            continue
        if unsigned[user.department_id]:
            text = _("%(n)d of your department's tickets wait to be signed for.") % {
                "n": unsigned[user.department_id]
            }
            sent += do_notify(
                user,
                key=f"hotline:sign:{user.department_id}:{today}",
                text=text,
                url=f"{base}?due=sign",
            )
        n_late, n_due = late[user.department_id], due[user.department_id]
        if n_late:
            text = _("%(n)d of your department's tickets are overdue.") % {"n": n_late}
            sent += do_notify(
                user,
                key=f"hotline:late:{user.department_id}:{today}",
                text=text,
                url=f"{base}?due=overdue",
            )
        if n_due:
            text = _("%(n)d of your department's tickets are due within a day.") % {
                "n": n_due
            }
            sent += do_notify(
                user,
                key=f"hotline:due:{user.department_id}:{today}",
                text=text,
                url=f"{base}?due=soon",
            )
    waiting = Ticket.objects.filter(
        status__in=[T.Status.NEW, T.Status.RETURNED]
    ).count()
    callbacks = Ticket.objects.filter(status=T.Status.REPLIED).count()
    overdue = sum(late.values())
    for user in users_with_perm("hotline.add_ticket"):
        if waiting:
            text = _("%(n)d tickets wait to be assigned.") % {"n": waiting}
            sent += do_notify(user, key=f"hotline:assign:{today}", text=text, url=base)
        if callbacks:
            text = _("%(n)d replied tickets wait for a callback.") % {"n": callbacks}
            sent += do_notify(
                user,
                key=f"hotline:callback:{today}",
                text=text,
                url=f"{base}?due=callback",
            )
        if overdue:
            text = _("%(n)d tickets are overdue across the departments.") % {
                "n": overdue
            }
            sent += do_notify(
                user,
                key=f"hotline:overdue:{today}",
                text=text,
                url=f"{base}?due=overdue",
            )
    pending = Ticket.objects.exclude(pending="").count()
    if pending:
        text = _("%(n)d returns or extensions await your decision.") % {"n": pending}
        for user in users_with_perm("hotline.approve_request"):
            sent += do_notify(
                user,
                key=f"hotline:pending:{today}",
                text=text,
                url=f"{base}?due=pending",
            )
    return sent
