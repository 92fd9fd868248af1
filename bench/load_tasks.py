"""Load N synthetic plan tasks into the database named by the settings (a bench helper).

Run with the project's python, DJANGO_SETTINGS_MODULE=fazhi.settings and the same
FAZHI_VAR_DIR / DATABASE_URL as the server, on a database holding `fazhi demo`:

    python bench/load_tasks.py [N]        # default 50,000

Tasks are spread over the departments, over one plan per year (the demo's plus plans for
the four years before the current one), over the statuses, categories, owners and due
dates (past ones mostly done, future ones mostly open). Deterministic (seeded).
Prints one JSON object with the resulting counts on stdout.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sys
import time


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    import django

    django.setup()

    from django.db import connection, transaction
    from django.db.models import Max
    from django.utils import timezone

    from fazhi.core.models import Department, User
    from fazhi.plans.models import Category, Plan, Task

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    rng = random.Random(2021)
    started = time.monotonic()
    today = timezone.localdate()
    years = list(range(today.year - 4, today.year + 1))

    departments = list(Department.objects.values_list("pk", flat=True))
    users = list(User.objects.filter(is_active=True).values_list("pk", flat=True))
    owners = users + [None]  # some tasks have no named owner
    categories = [c for c, _ in Category.choices]
    S = Task.Status

    with transaction.atomic():
        plans = {p.year: p for p in Plan.objects.all()}
        for year in years:
            if year not in plans:
                plans[year] = Plan.objects.create(
                    year=year, title=f"区协同办{year}年法治政府建设工作计划（基准数据）"
                )
        next_number = {
            row["plan"]: (row["m"] or 0) + 1
            for row in Task.objects.values("plan").annotate(m=Max("number"))
        }
        batch: list[Task] = []
        for i in range(n):
            year = years[i % len(years)]
            plan = plans[year]
            number = next_number.get(plan.pk, 1)
            next_number[plan.pk] = number + 1
            due = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
            if due < today:
                status = rng.choices(
                    [S.DONE, S.CANCELLED, S.IN_PROGRESS, S.NOT_STARTED], [60, 5, 20, 15]
                )[0]
            else:
                status = rng.choices(
                    [S.NOT_STARTED, S.IN_PROGRESS, S.DONE], [45, 45, 10]
                )[0]
            progress = {S.DONE: 100, S.IN_PROGRESS: rng.randrange(10, 95, 5)}.get(
                status, 0
            )
            batch.append(
                Task(
                    plan=plan,
                    number=number,
                    title=f"基准任务{i + 1:05d}：推进法治政府建设"
                    f"第{rng.randrange(1, 40)}项重点工作",
                    content="按照年度工作计划的部署推进落实，按时报送进展情况。",
                    category=rng.choice(categories),
                    department_id=rng.choice(departments),
                    owner_id=rng.choice(owners),
                    leader_id=rng.choice(users) if rng.random() < 0.5 else None,
                    start_date=dt.date(year, 1, 1),
                    due_date=due,
                    status=status,
                    progress=progress,
                    completed_on=min(due, today) if status == S.DONE else None,
                )
            )
            if len(batch) >= 2000:
                Task.objects.bulk_create(batch)
                batch.clear()
        if batch:
            Task.objects.bulk_create(batch)

    if os.environ.get("BENCH_ANALYZE", "") in {"1", "true", "yes"}:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    counts = {s: Task.objects.filter(status=s).count() for s in S.values}
    print(
        json.dumps(
            {
                "created": n,
                "tasks": Task.objects.count(),
                "by_status": counts,
                "current_year_tasks": Task.objects.filter(
                    plan__year=today.year
                ).count(),
                "seconds": round(time.monotonic() - started, 2),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
