"""`fazhi restore PATH`: put a `fazhi backup` archive onto an empty installation."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from fazhi.core.backup import restore_backup


class Command(BaseCommand):
    @property
    def help(self) -> str:
        # Translated when asked, as a str: argparse cannot wrap a lazy string.
        return _(
            "Restore a backup archive onto an empty installation (stop the server first). "
            "Every checksum is verified before anything is changed."
        )

    # Disaster recovery must not be blocked by an unrelated failing check.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path, help=_("Backup archive."))
        parser.add_argument(
            "--force",
            action="store_true",
            help=_(
                "Restore even though the database has users or the media folder has "
                "files: the existing data is replaced."
            ),
        )

    def handle(self, *args, path: Path, force: bool = False, **options) -> None:
        report = restore_backup(path, force=force)
        self.stdout.write(
            _("Restored %(path)s (taken %(created)s, fazhi %(version)s).")
            % {
                "path": report["archive"],
                "created": report["created_at"],
                "version": report["fazhi_version"],
            }
        )
        self.stdout.write(
            _("  database (%(vendor)s) %(name)s: %(tables)d tables, %(rows)d rows")
            % {
                "vendor": report["db_vendor"],
                "name": report["database"],
                "tables": report["tables"],
                "rows": report["rows"],
            }
        )
        self.stdout.write(
            _("  uploaded files: %(count)d, %(size)s into %(root)s")
            % {
                "count": report["media_files"],
                "size": filesizeformat(report["media_bytes"]),
                "root": report["media_root"],
            }
        )
        if report["media_left_in_place"]:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "  %(count)d files already in the media folder are not in the "
                        "backup and were left in place."
                    )
                    % {"count": report["media_left_in_place"]}
                )
            )
        if report["pending_migrations"]:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "  The backup predates %(count)d migrations of this version: "
                        "run `fazhi migrate` before starting the server."
                    )
                    % {"count": len(report["pending_migrations"])}
                )
            )
        if report["unknown_migrations"]:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "  The backup has migrations this version does not know "
                        "(%(names)s): it was made by a newer fazhi."
                    )
                    % {"names": ", ".join(report["unknown_migrations"])}
                )
            )
        mismatches = report["row_count_mismatches"]
        if mismatches:
            for table, counts in mismatches.items():
                self.stderr.write(
                    _("  %(table)s: %(actual)s rows, the manifest says %(expected)s")
                    % {"table": table, **counts}
                )
            raise CommandError(
                _(
                    "The restore finished, but %(count)d tables do not have the row "
                    "counts recorded in the backup (see above)."
                )
                % {"count": len(mismatches)}
            )
        self.stdout.write(
            self.style.SUCCESS(_("Row counts match the backup's manifest."))
        )
