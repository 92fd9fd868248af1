"""The key dates of public legal education every office marks (an admin adds others)."""

from django.db import migrations

KEY_DATES = [
    # name, month, day, until month, until day
    ("全民国家安全教育日", 4, 15, None, None),
    ("民法典宣传月", 5, 1, 5, 31),
    ("宪法宣传周", 12, 1, 12, 7),
    ("国家宪法日", 12, 4, None, None),
]


def forwards(apps, schema_editor):
    KeyDate = apps.get_model("outreach", "KeyDate")
    for name, month, day, end_month, end_day in KEY_DATES:
        KeyDate.objects.get_or_create(
            name=name,
            defaults={"month": month, "day": day, "end_month": end_month, "end_day": end_day},
        )


class Migration(migrations.Migration):
    dependencies = [("outreach", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
