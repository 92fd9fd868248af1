"""Load five years of applications for information at city scale (a bench helper):
200,000 applications, every channel, applicant type and outcome, the recent ones still
open with their deadlines computed on the calendar.

    python bench/load_disclosure.py [APPLICATIONS]     # default 200,000

Run after `fazhi demo` on the same database. Deterministic (seeded). Prints one JSON
object with the counts on stdout.
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

    from django.db import transaction
    from django.utils import timezone

    from fazhi.core.models import Department
    from fazhi.disclosure.deadlines import initial_due
    from fazhi.disclosure.models import ApplicantType, Application, Outcome

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    rng = random.Random(711)
    started = time.monotonic()
    today = timezone.localdate()
    first_day = dt.date(today.year - 4, 1, 1)
    span = (today - first_day).days
    departments = list(Department.objects.all())
    types = ApplicantType.values
    type_weights = [80, 10, 2, 2, 4, 2]
    outcomes = Outcome.values
    outcome_weights = [30, 15] + [2] * 8 + [20, 4, 1] + [2] * 5 + [3, 1, 2]
    channels = Application.Channel.values
    open_from = today - dt.timedelta(days=40)
    dues: dict[dt.date, dt.date] = {}
    rows = []
    for i in range(n):
        received = first_day + dt.timedelta(days=rng.randrange(span + 1))
        app = Application(
            number=f"B{received.year}-{i:06d}",
            channel=channels[i % len(channels)],
            applicant_type=rng.choices(types, type_weights)[0],
            name=f"申请人{i % 5000}",
            id_type="居民身份证",
            id_number=f"12010119900101{i % 5000:04d}",
            phone="13800000000",
            description=f"测试申请{i:06d} 所需政府信息的名称",
            form="electronic",
            delivery="email",
            department=departments[i % len(departments)],
            submitted_on=received,
            received_on=received,
        )
        if received >= open_from:
            if received not in dues:
                dues[received] = initial_due(received)
            app.status = Application.Status.HANDLING
            app.due_on = dues[received]
        else:
            app.status = Application.Status.ARCHIVED
            app.outcome = rng.choices(outcomes, outcome_weights)[0]
            app.replied_on = received + dt.timedelta(days=rng.randrange(3, 28))
            app.due_on = None
        rows.append(app)
    with transaction.atomic():
        Application.objects.bulk_create(rows, batch_size=5000)
    print(
        json.dumps(
            {
                "applications": Application.objects.count(),
                "open": Application.objects.filter(
                    status__in=Application.OPEN_STATUSES
                ).count(),
                "seconds": round(time.monotonic() - started, 1),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
