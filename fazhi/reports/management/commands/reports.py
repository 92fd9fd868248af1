"""`fazhi reports workbook YEAR`: make a big year's ledger workbook ahead of time (cron),
for the page to hand out; a city's year of tickets takes too long to make while the
user waits."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class Command(BaseCommand):
    @property
    def help(self) -> str:
        # Translated when asked, as a str: argparse cannot wrap a lazy string.
        return _("The annual report's chores: make the ledger workbook of a year.")

    def add_arguments(self, parser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        book = actions.add_parser(
            "workbook",
            help=_(
                "Write the year's ledger workbook (citizens' personal data masked) "
                "where the reports page hands it out, or to --output."
            ),
        )
        book.add_argument("year", type=int, help=_("The year, e.g. 2025."))
        book.add_argument("--output", type=Path, help=_("Write to this file instead."))

    def handle(self, *args, action, **options):
        from fazhi.reports.workbook import files as workbook
        from fazhi.reports.workbook import ledgers_workbook

        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError(_("Choose a year between 2000 and 2100."))
        if options["output"]:
            options["output"].write_bytes(ledgers_workbook(year, None))
            path = options["output"]
        else:
            path = workbook.write_prepared(year)
        self.stdout.write(_("Written: %(path)s") % {"path": path})
