"""`fazhi sendreminders`: remind owners and leaders in charge of tasks due soon or overdue.

Run daily (cron or a systemd timer). Idempotent: each reminder is keyed on the task, the
kind and the due date, so a second run on the same day sends nothing new, and a task
whose due date moves is reminded again for the new date.
"""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fazhi.core.notifications import do_notify
from fazhi.plans.models import Task


class Command(BaseCommand):
    help = "Remind owners and leaders of plan tasks that are due soon or overdue."

    def handle(self, *args, **options):
        today = timezone.localdate()
        soon = today + dt.timedelta(days=settings.FAZHI_DUE_SOON_DAYS)
        tasks = (
            Task.objects.filter(status__in=Task.OPEN_STATUSES, due_date__lte=soon)
            .select_related("owner", "leader")
            .order_by("due_date")
        )
        sent = 0
        with translation.override(settings.LANGUAGE_CODE):
            for task in tasks.iterator():
                overdue = task.due_date < today
                kind = "overdue" if overdue else "due_soon"
                if overdue:
                    text = _("Overdue: “%(title)s” was due on %(due)s.")
                else:
                    text = _("Due soon: “%(title)s” is due on %(due)s.")
                text %= {"title": task.title, "due": task.due_date.isoformat()}
                for user in {task.owner, task.leader} - {None}:
                    key = f"task:{task.pk}:{kind}:{task.due_date.isoformat()}"
                    sent += do_notify(
                        user, key=key, text=text, url=task.get_absolute_url()
                    )
            # Key dates of legal education (4.15, 12.4 …) ahead.
            from fazhi.outreach import reminders as outreach_reminders

            sent += outreach_reminders.send(today)
            from fazhi.legal import reminders as legal_reminders

            sent += legal_reminders.send(today)
            from fazhi.disclosure import reminders as disclosure_reminders

            sent += disclosure_reminders.send(today)
            from fazhi.hotline import reminders as hotline_reminders

            sent += hotline_reminders.send(today)
            from fazhi.reports import reminders as report_reminders

            sent += report_reminders.send(today)
            # The dashboard's kept figures are keyed by day: yesterday's are of no use.
            from fazhi.core import snapshots

            snapshots.sweep(timezone.now() - dt.timedelta(days=1))
        self.stdout.write(f"{sent} reminders sent.")
