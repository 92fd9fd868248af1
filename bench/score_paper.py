"""Time scoring a 100-question paper (a bench helper, run by bench_learning.py).

On a database loaded by load_learning.py: publishes a fixed exam of 100 questions drawn
from the bank, starts N candidates' sittings, then times, for each, the hand-in with
all 100 answers posted (`do_submit_attempt`: saves the answers, marks them, totals the
paper, writes the audit entry, in one transaction) and, separately, `score()` alone on a
handed-in paper. Prints one JSON object on stdout.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import random
import sys
import time


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[max(1, math.ceil(q * len(values))) - 1]


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    import django

    django.setup()

    from django.db import transaction
    from django.utils import timezone

    from fazhi.core.models import User
    from fazhi.learning import exams
    from fazhi.learning.models import Attempt, Exam

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    rng = random.Random(7)
    officer = User.objects.get(username="fazhi")
    people = list(User.objects.filter(is_active=True).order_by("pk")[:n])
    now = timezone.now()
    exam = exams.do_create_exam(
        actor=officer,
        candidates=people,
        title="评分基准测试（100题）",
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=1),
        minutes=120,
        pass_percent=60,
        mode=Exam.Mode.FIXED,
        rules=[
            {"kind": "single", "law": None, "count": 60, "points": "1"},
            {"kind": "multiple", "law": None, "count": 20, "points": "1"},
            {"kind": "true_false", "law": None, "count": 20, "points": "1"},
        ],
    )
    exams.do_publish_exam(exam, actor=officer, rng=rng)
    attempts = [exams.do_start_attempt(exam, person=p, rng=rng) for p in people]
    submit_ms, score_ms = [], []
    for attempt in attempts:
        key = {
            a.order: (a.question.answer if rng.random() < 0.8 else "B")
            for a in attempt.answers.select_related("question")
        }
        t0 = time.perf_counter()
        done = exams.do_submit_attempt(attempt, responses=key, actor=attempt.person)
        submit_ms.append((time.perf_counter() - t0) * 1000)
        assert done.score is not None
    for attempt in Attempt.objects.filter(exam=exam).select_related("exam"):
        t0 = time.perf_counter()
        with transaction.atomic():
            exams.score(attempt)
            attempt.save(update_fields=["score", "passed"])
        score_ms.append((time.perf_counter() - t0) * 1000)
    print(
        json.dumps(
            {
                "papers": len(attempts),
                "questions_per_paper": exam.question_count,
                "hand_in_p50_ms": round(percentile(submit_ms, 0.5), 2),
                "hand_in_p95_ms": round(percentile(submit_ms, 0.95), 2),
                "hand_in_max_ms": round(max(submit_ms), 2),
                "score_p50_ms": round(percentile(score_ms, 0.5), 2),
                "score_p95_ms": round(percentile(score_ms, 0.95), 2),
                "score_max_ms": round(max(score_ms), 2),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
