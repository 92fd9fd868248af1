"""Load a city-scale decisions ledger into the database named by the settings (a bench
helper): 20,000 matters over five years (one in ten a major administrative decision with
its 13 stages), 60,000 legality reviews, 4,000 meetings deciding them with per-member
views, and five audit entries a matter.

    python bench/load_decisions.py [MATTERS] [REVIEWS]     # defaults 20,000, 60,000

Run after `fazhi demo` on the same database. Deterministic (seeded). Prints one JSON
object with the counts on stdout.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import sys
import time
from decimal import Decimal


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    import django

    django.setup()

    from django.db import transaction
    from django.db.models import Max
    from django.utils import timezone

    from fazhi.core.models import AuditEntry, Department, User
    from fazhi.decisions.models import AgendaItem, Matter, Meeting, Opinion, Stage
    from fazhi.legal.models import Counsel, Review

    n_matters = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    n_reviews = int(sys.argv[2]) if len(sys.argv) > 2 else 60_000
    rng = random.Random(713)
    started = time.monotonic()
    today = timezone.localdate()
    officer = User.objects.get(username="fazhi")
    members = list(
        User.objects.filter(username__in=["zhuren", "fuzhuren", "fazhi", "liuyang"])
    )
    chair = User.objects.get(username="zhuren")
    departments = list(Department.objects.all())
    counsel = Counsel.objects.order_by("-contract_start").first()
    categories = Matter.Category.values
    first_day = dt.date(today.year - 4, 1, 1)
    span = (today - first_day).days

    with transaction.atomic():
        matters = Matter.objects.bulk_create(
            (
                Matter(
                    title=f"测试事项{n:05d}",
                    category=categories[n % 4],
                    major_decision=n % 10 == 0,
                    subject=("招商引资", "财政资金", "工程项目", "产业政策")[n % 4],
                    department=departments[n % len(departments)],
                    amount=Decimal(rng.randint(1, 500) * 10_000),
                    registered_on=first_day + dt.timedelta(days=rng.randrange(span)),
                    status=Matter.Status.DECIDED,
                    decision="同意",
                    created_by=officer,
                )
                for n in range(n_matters)
            ),
            batch_size=2000,
        )
        Stage.objects.bulk_create(
            (
                Stage(
                    matter=m,
                    code=code,
                    order=k,
                    required=code not in ("experts", "risk", "evaluate", "adjust"),
                    completed_on=m.registered_on + dt.timedelta(days=k * 3),
                    outcome="完成",
                )
                for m in matters
                if m.major_decision
                for k, code in enumerate(Stage.Code.values, start=1)
            ),
            batch_size=5000,
        )
        Review.objects.bulk_create(
            (
                Review(
                    title=f"审查{n:05d}",
                    kind=("incentive", "bidding", "contract", "major_decision")[n % 4],
                    department=departments[n % len(departments)],
                    requested_by=officer,
                    received_on=(m := matters[n % len(matters)]).registered_on,
                    working_days=7,
                    due_date=m.registered_on + dt.timedelta(days=9),
                    counsel=counsel,
                    matter=m,
                    status=Review.Status.CLOSED,
                    outcome="lawful",
                    opinion="合法",
                    opinion_on=m.registered_on + dt.timedelta(days=4),
                    response="adopted",
                    responded_on=m.registered_on + dt.timedelta(days=6),
                )
                for n in range(n_reviews)
            ),
            batch_size=5000,
        )
        # Five matters a meeting, every member present and stating a view.
        meetings = Meeting.objects.bulk_create(
            (
                Meeting(
                    kind="party_group",
                    number=f"第{n}次",
                    date=matters[n * 5].registered_on + dt.timedelta(days=20),
                    chair=chair,
                    status=Meeting.Status.HELD,
                    created_by=officer,
                )
                for n in range(n_matters // 5)
            ),
            batch_size=2000,
        )
        due = Meeting.members_due.through
        present = Meeting.present.through
        due.objects.bulk_create(
            (due(meeting_id=mt.pk, user_id=u.pk) for mt in meetings for u in members),
            batch_size=5000,
        )
        present.objects.bulk_create(
            (
                present(meeting_id=mt.pk, user_id=u.pk)
                for mt in meetings
                for u in members
            ),
            batch_size=5000,
        )
        items = AgendaItem.objects.bulk_create(
            (
                AgendaItem(
                    meeting=meetings[n // 5],
                    matter=matters[n],
                    order=n % 5 + 1,
                    method="hands",
                    result="passed",
                    yes=len(members),
                    decision="同意",
                )
                for n in range(len(meetings) * 5)
            ),
            batch_size=5000,
        )
        order = [u for u in members if u != chair] + [chair]
        Opinion.objects.bulk_create(
            (
                Opinion(item=it, member=u, position="for", remark="", order=k)
                for it in items
                for k, u in enumerate(order, start=1)
            ),
            batch_size=5000,
        )
        # Five audit entries a matter (a throw-away chain: the bench never verifies it).
        seq = (AuditEntry.objects.aggregate(m=Max("seq"))["m"] or 0) + 1
        now = timezone.now()
        entries = []
        for m in matters:
            for verb in (
                "decisions.matter_registered",
                "decisions.put_on_agenda",
                "decisions.meeting_held",
                "decisions.voted",
                "decisions.stage_completed",
            ):
                digest = hashlib.sha256(f"{seq}".encode()).hexdigest()
                entries.append(
                    AuditEntry(
                        seq=seq,
                        created_at=now,
                        actor=officer,
                        actor_name=str(officer),
                        verb=verb,
                        target_type="decisions.matter",
                        target_id=str(m.pk),
                        target_repr=m.title,
                        changes={"result": [None, "passed"]},
                        prev_hash=digest,
                        hash=digest,
                    )
                )
                seq += 1
        AuditEntry.objects.bulk_create(entries, batch_size=5000)

    print(
        json.dumps(
            {
                "matters": len(matters),
                "major_decisions": sum(m.major_decision for m in matters),
                "stages": Stage.objects.count(),
                "reviews": Review.objects.count(),
                "meetings": len(meetings),
                "items": len(items),
                "opinions": Opinion.objects.count(),
                "audit_entries": AuditEntry.objects.count(),
                "seconds": round(time.monotonic() - started, 1),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
