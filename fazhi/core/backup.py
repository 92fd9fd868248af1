"""Backup and restore of a whole installation: database, uploaded files, manifest.

One .tar.gz holds

- ``db/fazhi.sqlite3`` (SQLite, copied with the online backup API) or
  ``db/fazhi.pgdump`` (PostgreSQL, ``pg_dump --format=custom``), taken consistently
  while the server runs;
- ``media/…``: every file under MEDIA_ROOT;
- ``manifest.json``: versions, applied migrations, per-table row counts and the SHA-256
  and size of every other member, so that a restore can refuse a damaged archive before
  it changes anything.

Restore is disaster recovery onto an empty installation, with the server stopped.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import IO, Any

import django
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.utils import load_backend
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "db/fazhi.sqlite3"
PGDUMP_MEMBER = "db/fazhi.pgdump"
DB_MEMBERS = {"sqlite": SQLITE_MEMBER, "postgresql": PGDUMP_MEMBER}
_CHUNK = 1024 * 1024
# As long as the settings' busy_timeout: how long a backup waits for a locked database.
_BUSY_SECONDS = 20
# gzip's own default: media are mostly PDF/Office/JPEG, already compressed, so the
# slower level 9 (tarfile's default) buys almost nothing.
_COMPRESSLEVEL = 6


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict[str, Any]


def create_backup(output: Path | None = None) -> Path:
    """Write a backup archive of the database and MEDIA_ROOT; return its path."""
    return run_backup(output).path


def run_backup(
    output: Path | None = None, *, using: str = DEFAULT_DB_ALIAS
) -> BackupResult:
    """Like create_backup, but also return the manifest (for the command's summary)."""
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in DB_MEMBERS:
        raise CommandError(
            _("Backups support SQLite and PostgreSQL, not %(vendor)s.")
            % {"vendor": vendor}
        )
    target = _output_path(output)
    media_root = Path(settings.MEDIA_ROOT)
    # Scratch space beside the archive: the same disk, and private (mkdtemp is 0700),
    # since the database copy holds password hashes.
    with tempfile.TemporaryDirectory(
        prefix=".fazhi-backup-", dir=target.parent
    ) as scratch:
        db_file = Path(scratch) / PurePosixPath(DB_MEMBERS[vendor]).name
        if vendor == "sqlite":
            migrations, row_counts = _snapshot_sqlite(connection, db_file)
        else:
            migrations, row_counts = _snapshot_postgresql(connection, db_file)
        now = timezone.now()
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "fazhi_version": _fazhi_version(),
            "django_version": django.get_version(),
            "db_vendor": vendor,
            "migrations": migrations,
            "row_counts": row_counts,
            "audit_head": _audit_head(row_counts.get("core_auditentry", 0)),
            "files": {},
        }
        _write_archive(target, manifest, db_file, media_root, now.timestamp())
    return BackupResult(target, manifest)


def _audit_head(count: int) -> dict[str, Any]:
    """The last audit entry in the copy. Entries are only ever appended, so the entry
    numbered as the copy's row count is its head; kept so a later shortening of the
    chain (deleted newest entries) can be shown against the backup."""
    from .models import AuditEntry

    head = AuditEntry.objects.filter(seq=count).values_list("hash", flat=True).first()
    return {"seq": count, "hash": head or ""}


def _output_path(output: Path | None) -> Path:
    if output is not None:
        output = Path(output)
        if not output.is_dir():
            output.parent.mkdir(parents=True, exist_ok=True)
            return output
        folder = output
    else:
        folder = Path(settings.VAR_DIR) / "backups"
        folder.mkdir(mode=0o750, parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    path = folder / f"fazhi-{stamp}.tar.gz"
    # Two backups in the same second must not overwrite each other.
    n = 1
    while path.exists():
        path = folder / f"fazhi-{stamp}-{n}.tar.gz"
        n += 1
    return path


def _fazhi_version() -> str:
    try:
        return metadata.version("fazhi")
    except metadata.PackageNotFoundError:
        return "unknown"


def _snapshot_sqlite(
    connection: BaseDatabaseWrapper, dest: Path
) -> tuple[list[dict[str, str]], dict[str, int]]:
    if connection.is_in_memory_db():
        # Only Django's own connection can see an in-memory database (the tests').
        if connection.in_atomic_block:
            raise CommandError(
                _("A backup cannot be taken inside a database transaction.")
            )
        connection.ensure_connection()
        source = connection.connection
    else:
        # A connection of our own reads committed data only, whatever transaction the
        # caller's connection is in.
        source = sqlite3.connect(
            connection.settings_dict["NAME"], timeout=_BUSY_SECONDS
        )
    copy = sqlite3.connect(dest)
    try:
        # pages=-1 copies everything in one step under a read lock, so the copy is
        # consistent even while gunicorn workers keep writing.
        source.backup(copy, progress=_give_up_when_busy(), sleep=0.1)
        # The copy must be one self-contained file, with no -wal beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        # Counted on the copy, so the manifest describes exactly what is archived.
        return _inventory(copy.cursor(), "sqlite")
    finally:
        copy.close()
        if source is not connection.connection:
            source.close()


def _give_up_when_busy() -> Callable[[int, int, int], None]:
    """A backup progress hook: Python retries a busy source for ever, we do not."""
    waited = 0.0

    def progress(status: int, remaining: int, total: int) -> None:
        nonlocal waited
        if status not in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return
        waited += 0.1
        if waited > _BUSY_SECONDS:
            raise CommandError(
                _(
                    "The database stayed locked for %(seconds)d seconds; no backup "
                    "was written. Try again when it is less busy."
                )
                % {"seconds": _BUSY_SECONDS}
            )

    return progress


def _snapshot_postgresql(
    connection: BaseDatabaseWrapper, dest: Path
) -> tuple[list[dict[str, str]], dict[str, int]]:
    import psycopg

    pg_dump = _tool("pg_dump")
    params = connection.get_connection_params()
    # A connection of our own: the caller's may be inside a transaction.
    with psycopg.connect(**params, autocommit=True) as conn, conn.cursor() as cursor:
        # pg_dump reads the snapshot exported here, so the row counts in the manifest
        # and the dump describe the same moment.
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        inventory = _inventory(cursor, "postgresql")
        _run_pg(
            [
                pg_dump,
                "--format=custom",
                f"--snapshot={snapshot}",
                "--no-password",
                f"--file={dest}",
            ],
            connection.settings_dict,
        )
        cursor.execute("COMMIT")
    return inventory


def _inventory(cursor: Any, vendor: str) -> tuple[list[dict[str, str]], dict[str, int]]:
    """Applied migrations and per-table row counts, read through a DB-API cursor."""
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master"
            " WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    else:
        cursor.execute(
            "SELECT tablename FROM pg_catalog.pg_tables"
            " WHERE schemaname = current_schema() ORDER BY tablename"
        )
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        # The names come from the catalogue and are quoted: no injection.
        cursor.execute(f"SELECT count(*) FROM {_quote(table)}")  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    migrations = []
    if "django_migrations" in counts:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        migrations = [{"app": app, "name": name} for app, name in cursor.fetchall()]
    return migrations, counts


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class _HashingReader:
    """Hashes what tarfile reads, so the checksum covers exactly the archived bytes."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.sha256.update(data)
        return data


def _add(
    tar: tarfile.TarFile, name: str, fileobj: IO[bytes], size: int, mtime: float
) -> dict[str, Any]:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(mtime)
    info.mode = 0o640
    reader = _HashingReader(fileobj)
    tar.addfile(info, reader)
    return {"sha256": reader.sha256.hexdigest(), "size": size}


def _write_archive(
    target: Path,
    manifest: dict[str, Any],
    db_file: Path,
    media_root: Path,
    mtime: float,
) -> None:
    files = manifest["files"]
    db_member = DB_MEMBERS[manifest["db_vendor"]]
    # Written under another name and renamed at the end: a failed or interrupted backup
    # never leaves a half archive that looks like a real one.
    partial = target.with_name(f".{target.name}.partial")
    try:
        # Never world-readable (password hashes); the group may read, as the off-site
        # pull account does (docs/deployment.md §7).
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o640)
        with os.fdopen(fd, "wb") as raw:
            with tarfile.open(
                fileobj=raw, mode="w:gz", compresslevel=_COMPRESSLEVEL
            ) as tar:
                with db_file.open("rb") as f:
                    size = os.fstat(f.fileno()).st_size
                    files[db_member] = _add(tar, db_member, f, size, mtime)
                for path, rel in _media_files(media_root):
                    name = f"media/{rel}"
                    with path.open("rb") as f:
                        stat = os.fstat(f.fileno())
                        files[name] = _add(tar, name, f, stat.st_size, stat.st_mtime)
                # Last, because it carries the checksums of everything before it.
                data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
                _add(tar, MANIFEST, io.BytesIO(data), len(data), mtime)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _media_files(root: Path) -> Iterator[tuple[Path, str]]:
    """Every regular file under root, as (path, POSIX path relative to root), sorted."""
    if not root.is_dir():
        return
    # Links are followed (an administrator may have put a sub-folder on another disk:
    # skipping it would silently lose files); each real folder is visited once.
    seen: set[tuple[int, int]] = set()
    for folder, dirs, names in os.walk(root, followlinks=True):
        stat = os.stat(folder)
        if (stat.st_dev, stat.st_ino) in seen:
            dirs[:] = []
            continue
        seen.add((stat.st_dev, stat.st_ino))
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file():
                yield path, path.relative_to(root).as_posix()


# --- PostgreSQL client tools ----------------------------------------------------------


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise CommandError(
            _(
                "The PostgreSQL program %(tool)s was not found. Install the PostgreSQL "
                "client tools of the server's version (Debian/Ubuntu: apt install "
                "postgresql-client) and try again."
            )
            % {"tool": name}
        )
    return path


def _pg_env(settings_dict: Mapping[str, Any]) -> dict[str, str]:
    """The connection settings as libpq variables: the password stays off argv (ps)."""
    options = settings_dict.get("OPTIONS") or {}
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
        "PGSERVICE": options.get("service"),
        "PGPASSFILE": options.get("passfile"),
        "PGSSLMODE": options.get("sslmode"),
        "PGSSLROOTCERT": options.get("sslrootcert"),
        "PGSSLCERT": options.get("sslcert"),
        "PGSSLKEY": options.get("sslkey"),
    }
    env = dict(os.environ)
    env.update({key: str(value) for key, value in values.items() if value})
    return env


def _run_pg(argv: list[str], settings_dict: Mapping[str, Any]) -> None:
    tool = PurePosixPath(argv[0]).name
    # argv is built here from an absolute program path; no shell is involved.
    result = subprocess.run(  # noqa: S603
        argv,
        env=_pg_env(settings_dict),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise CommandError(
            _("%(tool)s failed (exit code %(code)s): %(error)s")
            % {"tool": tool, "code": result.returncode, "error": result.stderr.strip()}
        )


# --- Restore --------------------------------------------------------------------------


def restore_backup(
    path: Path,
    *,
    force: bool = False,
    using: str = DEFAULT_DB_ALIAS,
    database: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Restore an archive onto an empty installation and return a report.

    `database` overrides keys of the target's settings dict (tests restore into a
    scratch SQLite file or PostgreSQL database); by default the installation's own
    database is replaced. Nothing is changed unless the whole archive checks out.
    """
    path = Path(path)
    if not path.is_file():
        raise CommandError(_("No backup archive at %(path)s.") % {"path": path})
    target = _target_settings(using, database)
    vendor = load_backend(target["ENGINE"]).DatabaseWrapper.vendor
    if vendor not in DB_MEMBERS:
        raise CommandError(
            _("Backups support SQLite and PostgreSQL, not %(vendor)s.")
            % {"vendor": vendor}
        )
    sqlite_file = _sqlite_file(target) if vendor == "sqlite" else None
    media_root = Path(settings.MEDIA_ROOT)
    if not force:
        _refuse_unless_empty(target, vendor, sqlite_file, media_root)

    media_root.parent.mkdir(parents=True, exist_ok=True)
    # Staged beside the media folder (same disk) so the files can be moved into place.
    staging = Path(tempfile.mkdtemp(prefix=".fazhi-restore-", dir=media_root.parent))
    try:
        manifest = _stage(path, staging)
        if manifest["db_vendor"] != vendor:
            raise CommandError(
                _(
                    "This backup holds a %(archive)s database but this installation "
                    "uses %(target)s; nothing was changed."
                )
                % {"archive": manifest["db_vendor"], "target": vendor}
            )
        existing = {rel for _path, rel in _media_files(media_root)}
        if database is None:
            # Our own connections must not keep the old database open.
            connections.close_all()
        staged_db = staging.joinpath(*PurePosixPath(DB_MEMBERS[vendor]).parts)
        if sqlite_file is not None:
            _replace_sqlite(staged_db, sqlite_file)
        else:
            _pg_restore(staged_db, target)
        restored = _install_media(staging / "media", media_root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)

    _migrations, counts = _target_inventory(target, vendor, sqlite_file)
    expected: dict[str, int] = manifest["row_counts"]
    mismatches = {
        table: {"expected": expected.get(table), "actual": counts.get(table)}
        for table in sorted(set(expected) | set(counts))
        if expected.get(table) != counts.get(table)
    }
    pending, unknown = _compare_migrations(manifest["migrations"])
    return {
        "archive": str(path),
        "created_at": manifest["created_at"],
        "fazhi_version": manifest.get("fazhi_version", "?"),
        "db_vendor": vendor,
        "database": str(sqlite_file or target["NAME"]),
        "tables": len(counts),
        "rows": sum(counts.values()),
        "row_count_mismatches": mismatches,
        "media_root": str(media_root),
        "media_files": len(restored),
        "media_bytes": sum(
            info["size"]
            for name, info in manifest["files"].items()
            if name.startswith("media/")
        ),
        "media_left_in_place": len(existing - set(restored)),
        "pending_migrations": pending,
        "unknown_migrations": unknown,
        "ok": not mismatches,
    }


def _target_settings(using: str, database: Mapping[str, Any] | None) -> dict[str, Any]:
    base = connections[using].settings_dict
    target = {**base, **(database or {})}
    # Django's backends may modify OPTIONS; the live connection's must stay untouched.
    target["OPTIONS"] = dict(target.get("OPTIONS") or {})
    return target


def _sqlite_file(target: Mapping[str, Any]) -> Path:
    name = str(target["NAME"])
    if not name or name == ":memory:" or "mode=memory" in name:
        raise CommandError(
            _("The SQLite database is in memory; there is no file to restore into.")
        )
    return Path(name)


def _refuse_unless_empty(
    target: Mapping[str, Any], vendor: str, sqlite_file: Path | None, media_root: Path
) -> None:
    users = _user_count(target, vendor, sqlite_file)
    media = next(_media_files(media_root), None) is not None
    if users or media:
        problems = []
        if users:
            problems.append(_("the database has %(count)d users") % {"count": users})
        if media:
            problems.append(
                _("the media folder %(path)s has files") % {"path": media_root}
            )
        raise CommandError(
            _(
                "Refusing to restore: this installation is not empty (%(problems)s). "
                "A restore replaces all data; pass --force to overwrite it. "
                "Nothing was changed."
            )
            % {"problems": "; ".join(problems)}
        )


def _user_count(
    target: Mapping[str, Any], vendor: str, sqlite_file: Path | None
) -> int:
    table = get_user_model()._meta.db_table
    if sqlite_file is not None:
        # A missing file is an empty installation; connecting would create it.
        if not sqlite_file.exists() or sqlite_file.stat().st_size == 0:
            return 0
        try:
            conn = sqlite3.connect(sqlite_file)
            try:
                found = conn.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                    [table],
                ).fetchone()
                if not found:
                    return 0
                sql = f"SELECT count(*) FROM {_quote(table)}"  # noqa: S608
                return conn.execute(sql).fetchone()[0]
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            raise CommandError(
                _(
                    "Cannot read the existing database %(path)s (%(error)s); pass "
                    "--force to replace it."
                )
                % {"path": sqlite_file, "error": exc}
            ) from exc
    wrapper = _wrapper(target)
    try:
        with wrapper.cursor() as cursor:
            if table not in wrapper.introspection.table_names(cursor):
                return 0
            cursor.execute(f"SELECT count(*) FROM {_quote(table)}")  # noqa: S608
            return cursor.fetchone()[0]
    finally:
        wrapper.close()


def _wrapper(target: Mapping[str, Any]) -> BaseDatabaseWrapper:
    """A Django connection of its own to the target database (not in `connections`)."""
    backend = load_backend(target["ENGINE"])
    return backend.DatabaseWrapper(dict(target), alias="fazhi-restore")


def _safe_name(name: str) -> str:
    """The member's normalised name; refuses anything that could land outside."""
    path = PurePosixPath(name)
    if not path.parts or path.is_absolute() or ".." in path.parts:
        raise CommandError(
            _(
                "Refusing the archive: member %(member)s has an unsafe path (absolute "
                "or containing '..'). Nothing was changed."
            )
            % {"member": name}
        )
    clean = path.as_posix()
    if clean != MANIFEST and path.parts[0] not in {"db", "media"}:
        raise CommandError(
            _(
                "Refusing the archive: unexpected member %(member)s (not a fazhi "
                "backup?). Nothing was changed."
            )
            % {"member": name}
        )
    return clean


def _stage(archive: Path, staging: Path) -> dict[str, Any]:
    """Unpack into `staging` while hashing; return the manifest if all of it checks."""
    seen: dict[str, dict[str, Any]] = {}
    manifest: dict[str, Any] | None = None
    member_name = ""
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for member in tar:
                member_name = member.name
                name = _safe_name(member.name)
                if member.isdir():
                    continue
                if not member.isfile():
                    raise CommandError(
                        _(
                            "Refusing the archive: member %(member)s is a link or a "
                            "special file. Nothing was changed."
                        )
                        % {"member": member.name}
                    )
                if name in seen or (name == MANIFEST and manifest is not None):
                    raise CommandError(
                        _(
                            "Refusing the archive: member %(member)s appears twice. "
                            "Nothing was changed."
                        )
                        % {"member": name}
                    )
                source = tar.extractfile(member)
                if name == MANIFEST:
                    manifest = json.loads(source.read())
                    continue
                dest = staging.joinpath(*PurePosixPath(name).parts)
                dest.parent.mkdir(parents=True, exist_ok=True)
                digest, size = hashlib.sha256(), 0
                with dest.open("xb") as out:
                    while chunk := source.read(_CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                seen[name] = {"sha256": digest.hexdigest(), "size": size}
            # Read to the end so gzip checks its CRC: damage outside the members
            # (padding, trailer) is refused too.
            member_name = "-"
            while tar.fileobj.read(_CHUNK):
                pass
    except CommandError:
        raise
    except (tarfile.TarError, EOFError, OSError, ValueError, zlib.error) as exc:
        # gzip.BadGzipFile is an OSError, zlib.error (a damaged stream) is its own;
        # a bad manifest is a ValueError.
        raise CommandError(
            _(
                "Could not unpack the archive %(path)s at member %(member)s: "
                "%(error)s. The archive may be damaged; nothing was changed."
            )
            % {"path": archive, "member": member_name or "-", "error": exc}
        ) from exc
    if not _well_formed(manifest):
        raise CommandError(
            _(
                "%(path)s is not a fazhi backup (no manifest.json of format "
                "%(format)s); nothing was changed."
            )
            % {"path": archive, "format": FORMAT}
        )
    _verify(manifest, seen)
    return manifest


def _well_formed(manifest: Any) -> bool:
    shape = {
        "created_at": str,
        "db_vendor": str,
        "migrations": list,
        "row_counts": dict,
        "files": dict,
    }
    return (
        isinstance(manifest, dict)
        and manifest.get("format") == FORMAT
        and all(isinstance(manifest.get(key), kind) for key, kind in shape.items())
        and all(isinstance(info, dict) for info in manifest["files"].values())
    )


def _verify(manifest: dict[str, Any], seen: Mapping[str, Mapping[str, Any]]) -> None:
    expected: dict[str, dict[str, Any]] = manifest["files"]
    for name in sorted(set(expected) | set(seen)):
        _safe_name(name)
        problem = None
        if name not in seen:
            problem = _("member %(member)s is listed in the manifest but missing")
        elif name not in expected:
            problem = _("member %(member)s is not listed in the manifest")
        elif (seen[name]["sha256"], seen[name]["size"]) != (
            expected[name].get("sha256"),
            expected[name].get("size"),
        ):
            problem = _("member %(member)s does not match its SHA-256 checksum")
        if problem:
            raise CommandError(
                _("The archive is corrupt: %(problem)s. Nothing was changed.")
                % {"problem": problem % {"member": name}}
            )
    db_member = DB_MEMBERS.get(manifest.get("db_vendor", ""))
    if db_member not in seen:
        raise CommandError(
            _("The archive holds no database copy; nothing was changed.")
        )


def _replace_sqlite(staged: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    # Copied beside the target first, so the final step is an atomic rename.
    tmp = target.with_name(f".{target.name}.restoring")
    shutil.copyfile(staged, tmp)
    with tmp.open("rb+") as f:
        os.fsync(f.fileno())
    # The old database's -wal/-shm would be replayed onto the new file and corrupt it.
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(tmp, target)


def _pg_restore(staged: Path, target: Mapping[str, Any]) -> None:
    pg_restore = _tool("pg_restore")
    if not target.get("NAME"):
        raise CommandError(_("DATABASES NAME is not set; cannot restore."))
    _run_pg(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            # Roles may differ on the new server, as with --no-owner.
            "--no-privileges",
            # All or nothing: a failure leaves the database as it was.
            "--single-transaction",
            "--no-password",
            f"--dbname={target['NAME']}",
            str(staged),
        ],
        target,
    )


def _install_media(staged: Path, media_root: Path) -> list[str]:
    restored = []
    media_root.mkdir(parents=True, exist_ok=True)
    for path, rel in list(_media_files(staged)):
        dest = media_root.joinpath(*PurePosixPath(rel).parts)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, dest)
        restored.append(rel)
    return restored


def _target_inventory(
    target: Mapping[str, Any], vendor: str, sqlite_file: Path | None
) -> tuple[list[dict[str, str]], dict[str, int]]:
    if sqlite_file is not None:
        conn = sqlite3.connect(sqlite_file)
        try:
            return _inventory(conn.cursor(), "sqlite")
        finally:
            conn.close()
    wrapper = _wrapper(target)
    try:
        with wrapper.cursor() as cursor:
            return _inventory(cursor, vendor)
    finally:
        wrapper.close()


def _compare_migrations(
    applied: list[dict[str, str]],
) -> tuple[list[str], list[str]]:
    """(migrations this code has that the backup lacks, the backup's unknown here)."""
    loader = MigrationLoader(None, load=False)
    loader.load_disk()
    on_disk = set(loader.disk_migrations)
    in_backup = {(m["app"], m["name"]) for m in applied}
    pending = sorted(f"{app}.{name}" for app, name in on_disk - in_backup)
    unknown = sorted(f"{app}.{name}" for app, name in in_backup - on_disk)
    return pending, unknown
