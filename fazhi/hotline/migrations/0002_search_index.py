"""The bigram search index (see hotline/search.py): an FTS5 table on SQLite, a GIN index
on PostgreSQL."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE hotline_ticket_fts USING fts5("
            "grams, content='hotline_ticket', content_rowid='id', detail=none)"
        )
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX hotline_ticket_grams ON hotline_ticket "
            "USING gin (string_to_array(grams, ' '))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS hotline_ticket_fts")
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS hotline_ticket_grams")


class Migration(migrations.Migration):
    dependencies = [("hotline", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
