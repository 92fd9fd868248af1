"""Load a city-scale law-study ledger into the database named by the settings (a bench
helper): 200 people, ten years of study sessions with sign-in lists, a bank of 1,000
questions, 25 exams of 100 questions sat by everyone (500,000 answers) and the city's
yearly online exam for everyone.

Run with the project's python, DJANGO_SETTINGS_MODULE=fazhi.settings and the same
FAZHI_VAR_DIR / DATABASE_URL as the server, on a database holding `fazhi demo`:

    python bench/load_learning.py [PEOPLE] [ANSWERS]    # defaults 200, 500,000

Deterministic (seeded). Prints one JSON object with the resulting counts on stdout.
"""

from __future__ import annotations

import datetime as dt
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

    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone

    from fazhi.core.models import Department, Role, User
    from fazhi.learning.models import (
        LETTERS,
        Answer,
        Attempt,
        Attendance,
        Exam,
        ExternalResult,
        Law,
        Question,
        StudySession,
    )

    people_wanted = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    answers_wanted = int(sys.argv[2]) if len(sys.argv) > 2 else 500_000
    rng = random.Random(2021)
    started = time.monotonic()
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    officer = User.objects.get(username="fazhi")
    departments = list(Department.objects.all())
    laws = list(Law.objects.all())
    staff_group = Group.objects.get(name=Role.STAFF)

    with transaction.atomic():
        existing = User.objects.filter(is_active=True).count()
        new_people = User.objects.bulk_create(
            User(
                username=f"bench{n:04d}",
                name=f"测试人员{n:04d}",
                department=departments[n % len(departments)],
                password=make_password(None),  # cannot log in
            )
            for n in range(max(0, people_wanted - existing))
        )
        staff_group.user_set.add(*new_people)
        people = list(User.objects.filter(is_active=True).order_by("pk"))

        # Ten years of sessions: each quarter's centre-group study, three lectures and
        # two collective studies a month; everyone on the sign-in list, a few absent.
        kinds = StudySession.Kind
        sessions = []
        for year in range(today.year - 9, today.year + 1):
            for month in range(1, 13):
                day = dt.date(year, month, 10)
                if day > today:
                    break
                plan = [kinds.COLLECTIVE, kinds.COLLECTIVE]
                if month % 3 == 0:
                    plan.append(kinds.CENTRE_GROUP)
                if month in (4, 8, 11):
                    plan.append(kinds.LECTURE)
                for n, kind in enumerate(plan):
                    sessions.append(
                        StudySession(
                            date=day + dt.timedelta(days=n),
                            kind=kind,
                            title=f"{year}年{month}月学法（{n + 1}）",
                            hours=Decimal("1.5"),
                            recorded_by=officer,
                        )
                    )
        sessions = StudySession.objects.bulk_create(sessions, batch_size=2000)
        marks = []
        for s in sessions:
            group = people[:12] if s.kind == kinds.CENTRE_GROUP else people
            for p in group:
                absent = rng.random() < 0.06
                marks.append(
                    Attendance(
                        session=s,
                        person=p,
                        attended=not absent,
                        absence_reason="出差" if absent else "",
                    )
                )
        Attendance.objects.bulk_create(marks, batch_size=5000)
        through = StudySession.laws.through
        through.objects.bulk_create(
            through(studysession_id=s.pk, law_id=rng.choice(laws).pk) for s in sessions
        )

        # The bank.
        questions = []
        for n in range(1000):
            kind = (
                Question.Kind.SINGLE,
                Question.Kind.MULTIPLE,
                Question.Kind.TRUE_FALSE,
            )[n % 3]
            options = (
                ["正确", "错误"]
                if kind == Question.Kind.TRUE_FALSE
                else [f"选项{k}" for k in range(4)]
            )
            answer = (
                "AC"
                if kind == Question.Kind.MULTIPLE
                else rng.choice(LETTERS[: len(options)])
            )
            questions.append(
                Question(
                    kind=kind,
                    text=f"测试题{n}",
                    options=options,
                    answer=answer,
                    law=laws[n % len(laws)],
                    article=f"第{n % 90 + 1}条",
                    created_by=officer,
                )
            )
        questions = Question.objects.bulk_create(questions, batch_size=2000)

        # Exams of 100 questions, everyone sits each; as many as the answers asked for.
        per_exam = len(people) * 100
        n_exams = max(1, answers_wanted // per_exam)
        attempts_made = answers_made = 0
        for n in range(n_exams):
            year = today.year - 9 + n * 10 // n_exams
            opens = dt.datetime(year, 6 if n % 2 == 0 else 11, 1, 9, 0, tzinfo=tz)
            if opens > timezone.now():
                opens = timezone.now() - dt.timedelta(days=30)
            exam = Exam.objects.create(
                title=f"{year}年度学法考试（{n + 1}）",
                opens_at=opens,
                closes_at=opens + dt.timedelta(days=14),
                minutes=60,
                pass_percent=60,
                mode=Exam.Mode.FIXED,
                rules=[{"kind": "single", "law": None, "count": 100, "points": "1"}],
                status=Exam.Status.PUBLISHED,
                published_at=opens,
                created_by=officer,
            )
            exam.candidates.set(people)
            paper = rng.sample(questions, 100)
            attempts = Attempt.objects.bulk_create(
                Attempt(
                    exam=exam,
                    person=p,
                    started_at=opens + dt.timedelta(hours=1),
                    deadline=opens + dt.timedelta(hours=2),
                    submitted_at=opens + dt.timedelta(hours=1, minutes=40),
                    total=Decimal(100),
                    score=Decimal(0),
                    passed=False,
                )
                for p in people
            )
            answers = []
            for a in attempts:
                skill = rng.uniform(0.5, 1.0)
                right = 0
                for order, q in enumerate(paper, start=1):
                    response = q.answer if rng.random() < skill else "B"
                    right += response == q.answer
                    answers.append(
                        Answer(
                            attempt=a,
                            question=q,
                            order=order,
                            points=Decimal(1),
                            response=response,
                            correct=response == q.answer,
                        )
                    )
                a.score = Decimal(right)
                a.passed = right >= 60
            Answer.objects.bulk_create(answers, batch_size=5000)
            Attempt.objects.bulk_update(attempts, ["score", "passed"], batch_size=1000)
            attempts_made += len(attempts)
            answers_made += len(answers)

        ExternalResult.objects.bulk_create(
            ExternalResult(
                exam_name=f"{year}年网上学法用法考试",
                taken_on=dt.date(year, 11, 20),
                person=p,
                score=Decimal(rng.randint(60, 100)),
                passed=True,
                imported_by=officer,
            )
            for year in range(today.year - 9, today.year)
            for p in people
        )

    print(
        json.dumps(
            {
                "people": len(people),
                "sessions": len(sessions),
                "attendance": len(marks),
                "questions": len(questions),
                "exams": n_exams,
                "attempts": attempts_made,
                "answers": answers_made,
                "external_results": ExternalResult.objects.count(),
                "seconds": round(time.monotonic() - started, 1),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
