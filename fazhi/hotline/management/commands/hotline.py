"""`fazhi hotline <action>`: the citizen-ticket chores run from the command line or cron.

Each action is a sub-command with its own arguments, added in `add_arguments`, and a
`handle_<action>` method.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class Command(BaseCommand):
    @property
    def help(self) -> str:
        # Translated when asked, as a str: argparse cannot wrap a lazy string.
        return _(
            "Citizen tickets: import a platform export, regroup the hot topics, train "
            "the category suggestions."
        )

    def add_arguments(self, parser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        train = actions.add_parser(
            "train",
            help=_(
                "Learn the category suggestions from the handled tickets (replied or "
                "closed, with a category) and write the model file."
            ),
        )
        train.add_argument(
            "--output",
            type=Path,
            help=_(
                "Model file to write (default: the FAZHI_HOTLINE_MODEL_PATH setting)."
            ),
        )

        imports = actions.add_parser(
            "import",
            help=_(
                "Import a platform export (.xlsx or .csv, UTF-8 or GBK): every row or "
                "none, with the problems listed row by row."
            ),
        )
        imports.add_argument("file", type=Path)
        imports.add_argument(
            "--channel",
            default="12345",
            choices=["12345", "zmlj"],
            help=_("The platform the export comes from."),
        )
        actions.add_parser(
            "hot", help=_("Regroup the hot topics from the last year's tickets.")
        )

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"handle_{action}")(**options)

    def handle_train(self, *, output: Path | None = None, **options) -> None:
        # scikit-learn takes a second to import: only this action pays for it.
        from fazhi.hotline.suggest import train_from_tickets

        try:
            summary = train_from_tickets(output)
        except ValidationError as e:
            raise CommandError(" ".join(e.messages)) from e
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Learnt from %(samples)d handled tickets in %(categories)d "
                    "categories in %(seconds).1f s: %(path)s"
                )
                % {
                    "samples": summary.samples,
                    "categories": summary.categories,
                    "seconds": summary.seconds,
                    "path": summary.path,
                }
            )
        )

    def handle_import(self, *, file: Path, channel: str, **options) -> None:
        from fazhi.hotline.imports import run_import
        from fazhi.hotline.models import ImportBatch

        if not file.is_file():
            raise CommandError(_("There is no file %(path)s.") % {"path": file})

        def progress(rows: int, phase: str) -> None:
            self.stderr.write(f"\r{phase}: {rows:,}", ending="")
            self.stderr.flush()

        batch = run_import(
            file, channel, actor=None, file_name=file.name, progress=progress
        )
        self.stderr.write("")
        if batch.state != ImportBatch.State.DONE:
            for error in batch.errors:
                self.stderr.write(
                    f"{error.get('row') or '—'}\t{error.get('field') or '—'}\t"
                    f"{error.get('message')}"
                )
            raise CommandError(
                _("Nothing was imported: %(n)s problem(s) found.")
                % {"n": getattr(batch, "error_count", None) or len(batch.errors)}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported %(created)d new tickets; %(same)d were already there.")
                % {"created": batch.created, "same": batch.unchanged}
            )
        )

    def handle_hot(self, **options) -> None:
        from fazhi.hotline.hot import refresh_topics

        count = refresh_topics()
        self.stdout.write(
            self.style.SUCCESS(_("%(n)d hot topics found.") % {"n": count})
        )
