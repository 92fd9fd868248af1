"""The audit table refuses UPDATE at the database level: entries are append-only.

DELETE stays possible for the test runner's flush and for pruning after the retention
period; a deletion breaks the hash chain and `fazhi audit verify` reports it.
"""

from django.db import migrations

SQLITE = [
    """
    CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE ON core_auditentry
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
    """,
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS core_auditentry_no_update;"]

POSTGRES = [
    """
    CREATE OR REPLACE FUNCTION core_auditentry_refuse_update() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'audit entries are append-only'; END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_refuse_update();
    """,
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_update ON core_auditentry;",
    "DROP FUNCTION IF EXISTS core_auditentry_refuse_update();",
]


def forwards(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in POSTGRES_REVERSE if vendor == "postgresql" else SQLITE_REVERSE:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
