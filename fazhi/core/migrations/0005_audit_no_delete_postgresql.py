"""On PostgreSQL the audit table refuses DELETE too (TRUNCATE, used by the test runner's
flush and by a restore, does not fire row triggers). SQLite keeps allowing DELETE: its
flush deletes row by row. There a deletion is caught by `fazhi audit verify` (a gap in
the chain) or, for the newest rows, against the head kept in the logs and backups."""

from django.db import migrations

FORWARD = [
    """
    CREATE OR REPLACE FUNCTION core_auditentry_refuse_delete() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'audit entries are append-only'; END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER core_auditentry_no_delete BEFORE DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_refuse_delete();
    """,
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_delete ON core_auditentry;",
    "DROP FUNCTION IF EXISTS core_auditentry_refuse_delete();",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_review_fixes")]
    operations = [migrations.RunPython(forwards, backwards)]
