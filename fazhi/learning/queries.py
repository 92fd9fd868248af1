"""The study rules checked at a date, the year's figures, and one person's record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone

from fazhi.core.models import Role, User

from .models import Attempt, Attendance, Exam, ExternalResult, StudySession


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, 3 * quarter - 2, 1)
    nxt = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return first, nxt - dt.timedelta(days=1)


@dataclass
class QuarterCheck:
    quarter: int
    held: int
    required: int
    state: str  # "met", "due" (this quarter, not yet), "missed", "future"


class StaffMember(NamedTuple):
    """What the rules check shows of a person (read as values: building 200 User
    objects cost more than every query of the page)."""

    pk: int
    username: str
    name: str
    department: str

    def __str__(self) -> str:
        return self.name or self.username


@dataclass
class PersonHours:
    person: StaffMember
    hours: Decimal
    expected: Decimal


@dataclass
class Compliance:
    day: dt.date
    quarters: list[QuarterCheck]
    lectures_held: int
    lectures_required: int
    hours_target: Decimal
    behind: list[PersonHours] = field(default_factory=list)
    on_track: int = 0

    @property
    def lectures_met(self) -> bool:
        return self.lectures_held >= self.lectures_required


def staff_for_hours():
    """The people the study-hours rule applies to: active staff, not the outside counsel."""
    return (
        User.objects.filter(is_active=True)
        .exclude(groups__name=Role.COUNSEL)
        .select_related("department")
        .distinct()
    )


def compliance_at(day: dt.date) -> Compliance:
    """What the rules (settings FAZHI_STUDY_*) say on `day` for its year so far."""
    year = day.year
    sessions = StudySession.objects.filter(date__year=year, date__lte=day)
    per_quarter = dict(
        sessions.filter(kind=StudySession.Kind.CENTRE_GROUP)
        .values_list("date__quarter")
        .annotate(n=Count("pk"))
        .order_by()
    )
    required = settings.FAZHI_STUDY_CENTRE_GROUP_PER_QUARTER
    current = quarter_of(day)
    quarters = []
    for q in range(1, 5):
        held = per_quarter.get(q, 0)
        if held >= required:
            state = "met"
        elif q == current:
            state = "due"
        elif q < current:
            state = "missed"
        else:
            state = "future"
        quarters.append(QuarterCheck(q, held, required, state))

    target = Decimal(settings.FAZHI_STUDY_HOURS_PER_YEAR)
    days_in_year = (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1
    elapsed = (day - dt.date(year, 1, 1)).days + 1
    expected = (target * elapsed / days_in_year).quantize(Decimal("0.1"))
    hours = dict(
        Attendance.objects.filter(
            attended=True, session__date__year=year, session__date__lte=day
        )
        .values_list("person")
        .annotate(h=Sum("session__hours"))
        .order_by()
    )
    behind, on_track = [], 0
    staff = staff_for_hours().values_list("pk", "username", "name", "department__name")
    for pk, username, name, department in staff:
        person = StaffMember(pk, username, name, department or "")
        got = hours.get(pk) or Decimal(0)
        if got < expected:
            behind.append(PersonHours(person, got, expected))
        else:
            on_track += 1
    behind.sort(key=lambda p: (p.hours, p.person.username))
    return Compliance(
        day=day,
        quarters=quarters,
        lectures_held=sessions.filter(kind=StudySession.Kind.LECTURE).count(),
        lectures_required=settings.FAZHI_STUDY_LECTURES_PER_YEAR,
        hours_target=target,
        behind=behind,
        on_track=on_track,
    )


@dataclass
class YearFigures:
    year: int
    sessions: int
    by_kind: dict[str, int]
    by_quarter: dict[int, int]
    lectures: int
    trial_observations: int
    laws_studied: list[str]
    law_sessions: int
    attendance_rate: int | None  # percent of recorded attendance
    hours: Decimal


def figures_for(year: int) -> YearFigures:
    """The year's study figures, as the annual report quotes them."""
    sessions = StudySession.objects.filter(date__year=year)
    by_kind = dict(sessions.values_list("kind").annotate(n=Count("pk")).order_by())
    by_quarter = dict(
        sessions.values_list("date__quarter").annotate(n=Count("pk")).order_by()
    )
    laws = list(
        sessions.filter(laws__isnull=False)
        .values_list("laws__name", flat=True)
        .distinct()
        .order_by("laws__name")
    )
    marks = Attendance.objects.filter(session__date__year=year).aggregate(
        total=Count("pk"), present=Count("pk", filter=Q(attended=True))
    )
    rate = round(100 * marks["present"] / marks["total"]) if marks["total"] else None
    return YearFigures(
        year=year,
        sessions=sum(by_kind.values()),
        by_kind=by_kind,
        by_quarter={q: by_quarter.get(q, 0) for q in range(1, 5)},
        lectures=by_kind.get(StudySession.Kind.LECTURE, 0),
        trial_observations=by_kind.get(StudySession.Kind.TRIAL, 0),
        laws_studied=laws,
        # Sessions whose subject was named laws (学习《民法典》等 … 8次), besides the
        # centre group's quarterly study, the lectures and the trial observation.
        law_sessions=by_kind.get(StudySession.Kind.COLLECTIVE, 0),
        attendance_rate=rate,
        hours=sessions.aggregate(h=Sum("hours"))["h"] or Decimal(0),
    )


def person_record(person: User, year: int):
    """The sessions a person was listed for in `year`, and the hours attended."""
    rows = list(
        Attendance.objects.filter(person=person, session__date__year=year)
        .select_related("session")
        .order_by("session__date", "session__pk")
    )
    hours = sum((a.session.hours for a in rows if a.attended), Decimal(0))
    return rows, hours


# --- Exams ------------------------------------------------------------------------------


@dataclass
class ResultRow:
    person: User
    attempt: Attempt | None


@dataclass
class DepartmentResult:
    name: str
    candidates: int = 0
    sat: int = 0
    passed: int = 0
    score_sum: Decimal = Decimal(0)

    @property
    def average(self) -> Decimal | None:
        return (
            (self.score_sum / self.sat).quantize(Decimal("0.1")) if self.sat else None
        )

    @property
    def pass_rate(self) -> int | None:
        return round(100 * self.passed / self.sat) if self.sat else None


def exam_results(exam: Exam) -> tuple[list[ResultRow], list[DepartmentResult]]:
    """Every candidate with their sitting (or none), and the same per department."""
    attempts = {a.person_id: a for a in Attempt.objects.filter(exam=exam).order_by()}
    people = exam.candidates.select_related("department").order_by(
        "department__order", "department__name", "username"
    )
    rows, departments = [], {}
    for person in people:
        attempt = attempts.get(person.pk)
        rows.append(ResultRow(person, attempt))
        name = str(person.department or "—")
        dept = departments.setdefault(name, DepartmentResult(name))
        dept.candidates += 1
        if attempt and attempt.submitted_at:
            dept.sat += 1
            dept.passed += bool(attempt.passed)
            dept.score_sum += attempt.score or 0
    return rows, list(departments.values())


@dataclass
class ExamLine:
    """One exam result in a person's record: an exam sat here, or one held elsewhere."""

    date: dt.date
    name: str
    score: Decimal | None
    total: Decimal | None
    passed: bool | None
    external: bool
    attempt: Attempt | None = None


def person_exams(person: User, year: int) -> list[ExamLine]:
    lines = [
        ExamLine(
            date=timezone.localtime(a.submitted_at).date(),
            name=a.exam.title,
            score=a.score,
            total=a.total,
            passed=a.passed,
            external=False,
            attempt=a,
        )
        for a in Attempt.objects.filter(
            person=person,
            submitted_at__isnull=False,
            exam__opens_at__year=year,
        ).select_related("exam")
    ]
    lines += [
        ExamLine(r.taken_on, r.exam_name, r.score, None, r.passed, external=True)
        for r in ExternalResult.objects.filter(person=person, taken_on__year=year)
    ]
    return sorted(lines, key=lambda line: (line.date, line.name))


@dataclass
class ExamFigures:
    exams: int
    candidates: int
    sat: int
    passed: int
    external_sat: int
    external_passed: int

    @property
    def participation(self) -> int | None:
        return round(100 * self.sat / self.candidates) if self.candidates else None

    @property
    def pass_rate(self) -> int | None:
        return round(100 * self.passed / self.sat) if self.sat else None

    @property
    def external_pass_rate(self) -> int | None:
        return (
            round(100 * self.external_passed / self.external_sat)
            if self.external_sat
            else None
        )


def exam_figures_for(year: int) -> ExamFigures:
    """Exams held here in `year` (by opening date) and results of exams held elsewhere."""
    exams = Exam.objects.filter(status=Exam.Status.PUBLISHED, opens_at__year=year)
    candidates = Exam.candidates.through.objects.filter(exam__in=exams).count()
    sat = Attempt.objects.filter(exam__in=exams, submitted_at__isnull=False).aggregate(
        n=Count("pk"), passed=Count("pk", filter=Q(passed=True))
    )
    external = ExternalResult.objects.filter(taken_on__year=year).aggregate(
        n=Count("pk"), passed=Count("pk", filter=Q(passed=True))
    )
    return ExamFigures(
        exams=exams.count(),
        candidates=candidates,
        sat=sat["n"],
        passed=sat["passed"],
        external_sat=external["n"],
        external_passed=external["passed"],
    )
