"""PostgreSQL: a department's tickets in one state get their own index,
(department, status); and the department's foreign-key index goes.

A department's desk searches its own lists — 待签收, 办理中 — and the list counts the
matches. PostgreSQL's count ANDs the search index's candidates with the tickets in
that state: from `hotline_open_due`, every department's (104,000 entries at a million
tickets, 23 ms to read); from this index, the department's own. 天津南站 among
规划建设科's tickets awaiting sign-for: 33 → 10 ms.

SQLite does not get it: its planner took it for the list itself, collecting the
department's 41,000 tickets in that state to sort them instead of walking the list's
own index newest first until a page is full (148 ms instead of 5). Its scoped count
tests ids against the search's candidates on `hotline_kpi` and `hotline_dept_month`
(see hotline.search). The index is therefore not in the model's state.

The foreign key's own index goes on both: `hotline_dept_month` leads with the
department too, so it only cost space (18 MB at a million tickets) and every import's
writes."""

import django.db.models.deletion
from django.db import migrations, models

# The name Django gave the foreign key's index in 0001.
FK_INDEX = "hotline_ticket_department_id_de74438d"


def dept_status(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX hotline_dept_status ON hotline_ticket (department_id, status)"
        )


def no_dept_status(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS hotline_dept_status")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_snapshot"),
        ("hotline", "0007_list_index"),
    ]

    operations = [
        migrations.RunPython(dept_status, no_dept_status),
        # The state's field loses db_index; the database only drops the index
        # (Django would rebuild the whole table on SQLite to do that: 1m40s at a
        # million tickets).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="ticket",
                    name="department",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="tickets",
                        to="core.department",
                        verbose_name="department",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{FK_INDEX}"',
                    f'CREATE INDEX "{FK_INDEX}" ON "hotline_ticket" ("department_id")',
                ),
            ],
        ),
    ]
