"""Backup and restore: a round trip reproduces every table and file; bad archives and
occupied installations are refused without changing anything."""

import hashlib
import io
import json
import re
import secrets
import sqlite3
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import load_backend
from django.utils import translation

from fazhi.core import audit, backup
from fazhi.core.backup import create_backup, restore_backup
from fazhi.core.models import Department, User

# A backup reads committed data only (pg_dump is another session; SQLite's backup API
# cannot read a connection that is mid-transaction), so the tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite round trip"
)
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)"
)
SQLITE = "django.db.backends.sqlite3"
PDF = "attachments/2025/03/依法行政方案.pdf"


@pytest.fixture(autouse=True)
def english():
    # Messages are matched in English whatever translations exist.
    with translation.override("en"):
        yield


@pytest.fixture
def media(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    (root / PDF).parent.mkdir(parents=True)
    (root / PDF).write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    (root / "readme.txt").write_text("上传的文件\n", encoding="utf-8")
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def archive(media, tmp_path) -> Path:
    with transaction.atomic():
        office = Department.objects.create(name="办公室", code="office")
        legal = Department.objects.create(
            name="法规科", code="legal", parent=office, order=1
        )
        admin = User.objects.create(
            username="admin", name="管理员", department=office, is_staff=True
        )
        User.objects.create(username="li", name="李明", department=legal, title="科员")
        audit.record(
            actor=admin,
            verb="department.create",
            target=legal,
            changes={"name": [None, "法规科"]},
            reason="设立",
        )
    return create_backup(tmp_path / "backups" / "fazhi.tar.gz")


def fresh_installation(settings, tmp_path: Path) -> dict:
    """An empty target: no database file yet, no media folder yet."""
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    return {"ENGINE": SQLITE, "NAME": str(tmp_path / "restored.sqlite3")}


def occupied_installation(settings, tmp_path: Path, *, user: bool, upload: bool):
    """A target that already holds a user and/or an uploaded file."""
    settings.MEDIA_ROOT = root = tmp_path / "occupied-media"
    root.mkdir()
    if upload:
        (root / "keep.txt").write_text("keep me")
    db = tmp_path / "occupied.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE core_user (id INTEGER PRIMARY KEY, username TEXT)")
    if user:
        conn.execute("INSERT INTO core_user (username) VALUES ('zhang')")
    conn.commit()
    conn.close()
    return {"ENGINE": SQLITE, "NAME": str(db)}


def file_hashes(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def state(target: dict, settings, tmp_path: Path) -> tuple:
    """Everything a restore could change: the database file, media, stray files."""
    db = Path(target["NAME"])
    return (
        db.read_bytes() if db.exists() else None,
        file_hashes(Path(settings.MEDIA_ROOT)),
        sorted(p.name for p in tmp_path.iterdir()),
    )


def members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}


def pack(path: Path, contents: dict[str, bytes], *extra: tarfile.TarInfo) -> Path:
    """Write an archive by hand; `extra` members (links) go before the manifest."""
    manifest = contents.pop("manifest.json")
    with tarfile.open(path, "w:gz") as tar:
        for name, data in contents.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for info in extra:
            tar.addfile(info)
        info = tarfile.TarInfo("manifest.json")
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest))
    return path


def dump_sqlite(cursor) -> dict:
    cursor.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master"
        " WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    schema = [tuple(row) for row in cursor.fetchall()]
    rows = {}
    for kind, name, _table, _sql in schema:
        if kind == "table" and "WITHOUT ROWID" in (_sql or "").upper():
            # An FTS5 index's config table: ordered by its key instead.
            cursor.execute(f'SELECT * FROM "{name}" ORDER BY 1')  # noqa: S608
            rows[name] = [tuple(row) for row in cursor.fetchall()]
        elif kind == "table":
            cursor.execute(f'SELECT * FROM "{name}" ORDER BY rowid')  # noqa: S608
            rows[name] = [tuple(row) for row in cursor.fetchall()]
    return {"schema": schema, "rows": rows}


def test_manifest_describes_the_archive(archive):
    contents = members(archive)
    manifest = json.loads(contents.pop("manifest.json"))
    assert manifest["db_vendor"] == connection.vendor
    assert manifest["row_counts"]["core_user"] == 2
    assert manifest["row_counts"]["core_auditentry"] == 1
    assert {"app": "core", "name": "0001_initial"} in manifest["migrations"]
    assert manifest["fazhi_version"] and manifest["django_version"]
    assert set(manifest["files"]) == set(contents)
    assert {f"media/{PDF}", "media/readme.txt"} <= set(contents)
    for name, data in contents.items():
        assert manifest["files"][name] == {
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data),
        }
    assert archive.stat().st_mode & 0o007 == 0  # holds password hashes


@sqlite_only
def test_sqlite_round_trip_reproduces_every_table_and_file(
    archive, media, settings, tmp_path
):
    target = fresh_installation(settings, tmp_path)

    report = restore_backup(archive, database=target)

    assert report["ok"], report["row_count_mismatches"]
    assert report["media_files"] == 2
    assert report["pending_migrations"] == []
    with connection.cursor() as cursor:
        source = dump_sqlite(cursor)
    # Django's connection converts dates and booleans; read the copy the same way.
    restored = sqlite3.connect(
        target["NAME"], detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
    )
    try:
        assert dump_sqlite(restored.cursor()) == source
        journal = restored.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        restored.close()
    assert source["rows"]["core_user"] and source["rows"]["core_auditentry"]
    assert ("trigger", "core_auditentry_no_update") in {
        (kind, name) for kind, name, *_ in source["schema"]
    }
    assert journal == "delete"  # a self-contained file, no -wal needed
    assert file_hashes(Path(settings.MEDIA_ROOT)) == file_hashes(media)
    assert not list(tmp_path.glob(".fazhi-restore-*"))


def test_corrupt_member_is_refused_and_nothing_changes(archive, settings, tmp_path):
    contents = members(archive)
    contents["media/readme.txt"] = b"tampered"
    bad = pack(tmp_path / "bad.tar.gz", contents)
    target = occupied_installation(settings, tmp_path, user=True, upload=True)
    before = state(target, settings, tmp_path)

    with pytest.raises(CommandError, match=r"corrupt.*media/readme\.txt"):
        restore_backup(bad, force=True, database=target)

    assert state(target, settings, tmp_path) == before


def test_damaged_compressed_archive_is_refused(archive, settings, tmp_path):
    target = fresh_installation(settings, tmp_path)
    good = archive.read_bytes()
    # Through the header, the compressed data (40 places: a flipped byte there fails in
    # different ways — zlib errors, bad tar headers, checksums) and gzip's CRC trailer.
    places = [3, 12] + [len(good) * i // 41 for i in range(1, 41)] + [len(good) - 6]
    for position in places:
        data = bytearray(good)
        data[position] ^= 0xFF
        bad = tmp_path / "flipped.tar.gz"
        bad.write_bytes(bytes(data))
        before = state(target, settings, tmp_path)

        with pytest.raises(CommandError, match="(?i)nothing was changed"):
            restore_backup(bad, database=target)

        assert state(target, settings, tmp_path) == before


def test_member_missing_from_archive_is_refused(archive, settings, tmp_path):
    contents = members(archive)
    del contents[f"media/{PDF}"]
    bad = pack(tmp_path / "short.tar.gz", contents)
    target = fresh_installation(settings, tmp_path)

    with pytest.raises(CommandError, match=re.escape(f"media/{PDF}")):
        restore_backup(bad, database=target)

    assert not Path(target["NAME"]).exists()


@pytest.mark.parametrize(
    ("user", "upload", "reason"),
    [(True, False, "1 users"), (False, True, "media folder")],
)
def test_occupied_installation_is_refused(
    archive, settings, tmp_path, user, upload, reason
):
    target = occupied_installation(settings, tmp_path, user=user, upload=upload)
    before = state(target, settings, tmp_path)

    with pytest.raises(CommandError, match=f"not empty.*{reason}.*--force"):
        restore_backup(archive, database=target)

    assert state(target, settings, tmp_path) == before


def test_sqlite_snapshot_reads_committed_data_beside_a_writer(tmp_path):
    live = tmp_path / "live.sqlite3"
    writer = sqlite3.connect(live, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE t (x)")
    writer.execute("INSERT INTO t VALUES (1)")
    writer.execute("BEGIN IMMEDIATE")  # a gunicorn worker mid-request
    writer.execute("INSERT INTO t VALUES (2)")
    wrapper = load_backend(SQLITE).DatabaseWrapper(
        {**connection.settings_dict, "ENGINE": SQLITE, "NAME": str(live)}
    )
    try:
        _migrations, counts = backup._snapshot_sqlite(wrapper, tmp_path / "copy.db")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert counts == {"t": 1}


@sqlite_only
def test_backup_inside_a_transaction_is_refused_not_hung(tmp_path):
    with transaction.atomic(), pytest.raises(CommandError, match="transaction"):
        create_backup(tmp_path / "never.tar.gz")
    assert list(tmp_path.iterdir()) == []


@sqlite_only
def test_force_replaces_an_occupied_installation(archive, settings, tmp_path):
    target = occupied_installation(settings, tmp_path, user=True, upload=True)
    Path(f"{target['NAME']}-wal").write_bytes(b"stale")

    report = restore_backup(archive, force=True, database=target)

    assert report["ok"]
    assert report["media_left_in_place"] == 1
    assert not Path(f"{target['NAME']}-wal").exists()
    conn = sqlite3.connect(target["NAME"])
    usernames = {row[0] for row in conn.execute("SELECT username FROM core_user")}
    conn.close()
    assert usernames == {"admin", "li"}


def _link(name: str) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = tarfile.SYMTYPE
    info.linkname = "/etc/passwd"
    return info


@pytest.mark.parametrize("kind", ["dotdot", "absolute", "symlink"])
def test_path_traversal_member_is_refused(archive, settings, tmp_path, kind):
    contents = members(archive)
    manifest = json.loads(contents["manifest.json"])
    extra = []
    if kind == "symlink":
        evil = "media/passwd"
        extra.append(_link(evil))
    else:
        evil = (
            "media/../../evil.txt"
            if kind == "dotdot"
            else str(tmp_path / "absolute-evil.txt")
        )
        payload = b"owned"
        contents[evil] = payload
        # Listed with the right checksum: only the path check can stop it.
        manifest["files"][evil] = {
            "sha256": hashlib.sha256(payload).hexdigest(),
            "size": len(payload),
        }
    contents["manifest.json"] = json.dumps(manifest).encode()
    bad = pack(tmp_path / "evil.tar.gz", contents, *extra)
    target = fresh_installation(settings, tmp_path)
    before = state(target, settings, tmp_path)

    with pytest.raises(CommandError, match=re.escape(evil)):
        restore_backup(bad, database=target)

    assert state(target, settings, tmp_path) == before
    assert not (tmp_path / "evil.txt").exists()
    assert not (tmp_path.parent / "evil.txt").exists()


def test_commands(archive, settings, tmp_path):
    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path / "cmd.tar.gz"), stdout=out)
    assert "cmd.tar.gz" in out.getvalue()
    assert "uploaded files: 2," in out.getvalue()
    with pytest.raises(CommandError, match="No backup archive"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))


@pytest.fixture
def scratch_database():
    import psycopg

    name = f"fazhi_restore_test_{secrets.token_hex(4)}"
    params = {**connection.get_connection_params(), "dbname": "postgres"}
    with psycopg.connect(**params, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(**params, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def dump_postgres(cursor) -> dict:
    cursor.execute(
        "SELECT tablename FROM pg_tables"
        " WHERE schemaname = current_schema() ORDER BY tablename"
    )
    rows = {}
    for (table,) in cursor.fetchall():
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
        rows[table] = sorted((tuple(row) for row in cursor.fetchall()), key=repr)
    cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
    return {"rows": rows, "triggers": sorted(r[0] for r in cursor.fetchall())}


@postgres_only
def test_postgres_round_trip_into_a_scratch_database(
    archive, media, settings, tmp_path, scratch_database
):
    import psycopg

    settings.MEDIA_ROOT = tmp_path / "restored-media"

    report = restore_backup(archive, database={"NAME": scratch_database})

    assert report["ok"], report["row_count_mismatches"]
    with connection.cursor() as cursor:
        source = dump_postgres(cursor)
    params = {**connection.get_connection_params(), "dbname": scratch_database}
    with psycopg.connect(**params) as conn, conn.cursor() as cursor:
        assert dump_postgres(cursor) == source
    assert source["rows"]["core_user"]
    assert "core_auditentry_no_update" in source["triggers"]
    assert file_hashes(Path(settings.MEDIA_ROOT)) == file_hashes(media)
