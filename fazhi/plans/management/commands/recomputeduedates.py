"""`fazhi recomputeduedates`: recount every open task's working-day due date on the
calendar as it is now. Run it after upgrading `chinese-calendar` (a new year's holidays
arrive with the package) and daily from the timer; it changes only dates that moved."""

from django.core.management.base import BaseCommand
from django.db import transaction

from fazhi.plans.services import do_recompute_due_dates


class Command(BaseCommand):
    help = "Recompute the due dates given in working days on the current official calendar."

    def handle(self, *args, **options):
        with transaction.atomic():
            count = do_recompute_due_dates(actor=None)
        self.stdout.write(f"{count} due dates recomputed.")
