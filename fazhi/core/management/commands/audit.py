"""`fazhi audit verify`: walk the hash chain and report the first broken link."""

from django.core.management.base import BaseCommand, CommandError

from fazhi.core import audit


class Command(BaseCommand):
    help = "Audit trail tools. `verify` checks the hash chain of every entry."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, action, **options):
        result = audit.verify()
        if not result.ok:
            raise CommandError(
                f"Audit trail BROKEN at entry #{result.broken_seq}: {result.problem} "
                f"({result.checked} entries before it verified)."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit trail intact: {result.checked} entries verified; head "
                f"#{result.last_seq} {result.last_hash}"
            )
        )
