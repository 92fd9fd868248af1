"""The list's newest-first index carries the columns its filters test, and PostgreSQL
keeps its bigrams once.

- `hotline_received` (received_at, id) becomes (received_at, id, department, status,
  kind, channel, category): walking the list newest first, a ticket whose department,
  status, kind, channel or category does not pass is skipped on its index entry,
  without reading its row (a department's list, a search with a filter).
- PostgreSQL: the generated `gram_set` column (0006) goes, and the GIN index is on
  string_to_array(grams, ' ') again. A page of a common word walks the list and tests
  `grams` with strpos, so the array was read only by the index's candidates, where
  the GIN index answers `@>` without splitting the text again (no recheck); the column
  made every row ~650 bytes wider, on every walk and every import."""

from django.db import migrations, models


def single_grams(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX hotline_ticket_grams ON hotline_ticket "
        "USING gin (string_to_array(grams, ' '))"
    )
    schema_editor.execute("ALTER TABLE hotline_ticket DROP COLUMN gram_set")


def gram_set(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE hotline_ticket ADD COLUMN gram_set text[] "
        "GENERATED ALWAYS AS (string_to_array(grams, ' ')) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX hotline_ticket_gram_set ON hotline_ticket USING gin (gram_set)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS hotline_ticket_grams")


class Migration(migrations.Migration):
    dependencies = [("hotline", "0006_gram_set")]

    operations = [
        migrations.RemoveIndex(model_name="ticket", name="hotline_received"),
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(
                fields=[
                    "received_at",
                    "id",
                    "department",
                    "status",
                    "kind",
                    "channel",
                    "category",
                ],
                name="hotline_received",
            ),
        ),
        migrations.RunPython(single_grams, gram_set),
    ]
