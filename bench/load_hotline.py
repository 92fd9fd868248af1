"""Load N citizen tickets into the demo office for bench_hotline_pages.py: a generated
12345 export (bench_hotline_import.write_csv) imported through the real import, then the
older tickets moved through their steps in bulk (signed, replied, called back) so the
lists and the KPI page have realistic states. Prints one JSON line.

    python bench/load_hotline.py N [YEAR]

N tickets over the last five years, or with YEAR all in that calendar year (what
bench/load_city.py asks for: the annual report's busy year)."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")

import django  # noqa: E402

django.setup()

import bench_hotline_import as gen  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from fazhi.core.models import Department  # noqa: E402
from fazhi.hotline.imports import run_import  # noqa: E402
from fazhi.hotline.models import Category, RoutingRule  # noqa: E402


def seed() -> None:
    """The generator's categories in the demo office, routed to its departments."""
    depts = {d.code: d for d in Department.objects.all()}
    targets = ["guihua", "chanye", "zhaoshang", "bangongshi", "xietong"]
    with transaction.atomic():
        for i, name in enumerate(gen.categories()):
            category, created = Category.objects.get_or_create(
                name=name, defaults={"code": f"gen{i}", "order": 100 + i}
            )
            if created:
                RoutingRule.objects.create(
                    order=100 + i, category=category, department=depts[targets[i % 5]]
                )


STEPS = """
UPDATE hotline_ticket SET
  status = CASE WHEN id %% 10 < 7 THEN 'closed' WHEN id %% 10 = 7 THEN 'replied'
                WHEN id %% 10 = 8 THEN 'handling' ELSE status END,
  signed_at = CASE WHEN id %% 10 <= 8 THEN sign_due_at ELSE NULL END,
  signed_in_time = CASE WHEN id %% 10 <= 8 THEN (id %% 17 <> 0) ELSE NULL END,
  replied_at = CASE WHEN id %% 10 <= 7 THEN reply_due_at ELSE NULL END,
  replied_in_time = CASE WHEN id %% 10 <= 7 THEN (id %% 11 <> 0) ELSE NULL END,
  reply = CASE WHEN id %% 10 <= 7 THEN '已会同相关部门核实处理，并向市民反馈。' ELSE '' END,
  satisfaction = CASE WHEN id %% 10 < 7 THEN
      CASE WHEN id %% 23 = 0 THEN 'unsatisfied' WHEN id %% 5 = 0 THEN 'basic'
           ELSE 'satisfied' END ELSE '' END,
  solved = CASE WHEN id %% 10 < 7 THEN (id %% 23 <> 0 AND id %% 7 <> 0) ELSE NULL END,
  reopened = CASE WHEN id %% 10 < 7 AND id %% 29 = 0 THEN 1 ELSE 0 END
WHERE department_id IS NOT NULL AND received_at < %s
"""


def main() -> None:
    n = int(sys.argv[1])
    year = int(sys.argv[2]) if len(sys.argv) > 2 else None
    seed()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "12345.csv"
        gen.write_csv(path, n, year=year)
        generated = time.monotonic() - started
        started = time.monotonic()
        batch = run_import(path, "12345", actor=None, file_name=path.name)
        imported = time.monotonic() - started
    if batch.state != "done":
        raise SystemExit(f"import refused: {batch.errors[:5]}")
    import datetime as dt

    from django.utils import timezone

    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(STEPS, [timezone.now() - dt.timedelta(days=10)])
        moved = cur.rowcount
    if connection.vendor == "postgresql":
        # What autovacuum does in production after a big import: statistics, and the
        # visibility map that lets the KPI page read its index alone.
        with connection.cursor() as cur:
            cur.execute("VACUUM (ANALYZE) hotline_ticket")
    else:
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    print(
        json.dumps(
            {
                "tickets": batch.created,
                "year": year,
                "generate_s": round(generated, 1),
                "import_s": round(imported, 1),
                "moved_through_steps": moved,
                "steps_s": round(time.monotonic() - started, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
