"""`fazhi backup`: one .tar.gz with a consistent database copy, uploads, manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from fazhi.core.backup import run_backup


class Command(BaseCommand):
    @property
    def help(self) -> str:
        # Translated when asked, as a str: argparse cannot wrap a lazy string.
        return _(
            "Write a backup archive (database, uploaded files, manifest) while the server "
            "runs. Default: VAR_DIR/backups/fazhi-YYYYmmdd-HHMMSS.tar.gz."
        )

    # A backup must still be possible when some unrelated check fails.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help=_("Archive file to write (or a folder to write it in)."),
        )

    def handle(self, *args, output: Path | None = None, **options) -> None:
        result = run_backup(output)
        manifest = result.manifest
        media = [
            info
            for name, info in manifest["files"].items()
            if name.startswith("media/")
        ]
        counts = manifest["row_counts"]
        self.stdout.write(
            self.style.SUCCESS(_("Backup written: %(path)s") % {"path": result.path})
        )
        self.stdout.write(
            _("  archive: %(size)s")
            % {"size": filesizeformat(result.path.stat().st_size)}
        )
        self.stdout.write(
            _("  database (%(vendor)s): %(tables)d tables, %(rows)d rows")
            % {
                "vendor": manifest["db_vendor"],
                "tables": len(counts),
                "rows": sum(counts.values()),
            }
        )
        self.stdout.write(
            _("  uploaded files: %(count)d, %(size)s")
            % {
                "count": len(media),
                "size": filesizeformat(sum(info["size"] for info in media)),
            }
        )
