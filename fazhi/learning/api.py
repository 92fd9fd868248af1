"""The study ledger and exam results in the JSON API (/api/v1/learning/), through the
same services."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from fazhi.core.models import User

from .access import get_session_for_user, sessions_visible_to
from .exams import do_record_external_results, pass_mark
from .models import Attempt, ExternalResult, Law, StudySession
from .queries import staff_for_hours
from .services import do_record_session

router = Router(tags=["learning"])


class AttendanceOut(Schema):
    person_id: int
    attended: bool
    absence_reason: str


class SessionOut(Schema):
    id: int
    date: dt.date
    kind: StudySession.Kind
    title: str
    hours: Decimal
    speaker: str
    speaker_kind: str
    place: str
    online: bool
    summary: str
    law_ids: list[int]
    attendance: list[AttendanceOut]

    @staticmethod
    def resolve_law_ids(session) -> list[int]:
        return sorted(law.pk for law in session.laws.all())

    @staticmethod
    def resolve_attendance(session):
        return list(session.attendance.all())


class AbsenceIn(Schema):
    person_id: int
    reason: str = Field(..., min_length=1, max_length=200)


class SessionIn(Schema):
    date: dt.date
    kind: StudySession.Kind
    title: str = Field(..., min_length=1, max_length=200)
    hours: Decimal = Field(..., ge=Decimal("0.5"), le=Decimal("24"))
    speaker: str = ""
    speaker_kind: StudySession.Speaker | None = None
    place: str = ""
    online: bool = False
    summary: str = ""
    law_ids: list[int] = []
    attended_ids: list[int] = []
    absences: list[AbsenceIn] = []


@router.get("/sessions", response=list[SessionOut])
@paginate(PageNumberPagination, page_size=50)
def list_sessions(request, year: int | None = None):
    sessions = sessions_visible_to(request.user).prefetch_related("laws", "attendance")
    return sessions.filter(date__year=year) if year else sessions


@router.get("/sessions/{int:session_id}", response=SessionOut)
def get_session(request, session_id: int):
    return get_session_for_user(request.user, session_id)


@router.post("/sessions", response={201: SessionOut})
def record_session(request, payload: SessionIn):
    if not request.user.has_perm("learning.add_studysession"):
        raise Http404
    people = {p.pk: p for p in staff_for_hours()}
    named = set(payload.attended_ids) | {a.person_id for a in payload.absences}
    unknown = sorted(named - people.keys())
    if unknown:
        raise ValidationError({"attended_ids": f"Not on the staff: {unknown}"})
    laws = list(Law.objects.filter(pk__in=payload.law_ids))
    if len(laws) != len(set(payload.law_ids)):
        raise ValidationError({"law_ids": "Unknown law."})
    data = payload.dict(exclude={"law_ids", "attended_ids", "absences"})
    data["speaker_kind"] = data["speaker_kind"] or ""
    session = do_record_session(
        actor=request.user,
        laws=laws,
        attended=[people[pk] for pk in payload.attended_ids],
        absent={people[a.person_id]: a.reason for a in payload.absences},
        **data,
    )
    return Status(201, session)


# --- Exam results -----------------------------------------------------------------------


class ExamResultOut(Schema):
    source: str  # "internal" (an exam sat here) or "external" (imported)
    exam: str
    exam_id: int | None
    person_id: int
    date: dt.date
    score: Decimal
    total: Decimal | None
    passed: bool


class ExternalResultIn(Schema):
    exam_name: str = Field(..., min_length=1, max_length=200)
    person_id: int
    taken_on: dt.date
    score: Decimal = Field(..., ge=0, le=1000)
    passed: bool | None = None


@router.get("/exam-results", response=list[ExamResultOut])
@paginate(PageNumberPagination, page_size=100)
def list_exam_results(request, year: int | None = None):
    """Results of exams sat here (handed in) and of external exams; the user's own, or
    everyone's for those who read results."""
    attempts = Attempt.objects.filter(submitted_at__isnull=False).select_related("exam")
    external = ExternalResult.objects.all()
    if not request.user.has_perm("learning.view_exam"):
        attempts = attempts.filter(person=request.user)
        external = external.filter(person=request.user)
    if year:
        attempts = attempts.filter(exam__opens_at__year=year)
        external = external.filter(taken_on__year=year)
    rows = [
        {
            "source": "internal",
            "exam": a.exam.title,
            "exam_id": a.exam_id,
            "person_id": a.person_id,
            "date": timezone.localtime(a.submitted_at).date(),
            "score": a.score,
            "total": a.total,
            "passed": bool(a.passed),
        }
        for a in attempts.order_by("submitted_at", "pk")
    ] + [
        {
            "source": "external",
            "exam": r.exam_name,
            "exam_id": None,
            "person_id": r.person_id,
            "date": r.taken_on,
            "score": r.score,
            "total": None,
            "passed": r.passed,
        }
        for r in external.order_by("taken_on", "pk")
    ]
    return sorted(rows, key=lambda row: (row["date"], row["exam"], row["person_id"]))


@router.post("/external-results", response={201: list[ExamResultOut]})
def record_external_results(request, payload: list[ExternalResultIn]):
    """Record results of an external exam, all or none (the same service as the
    spreadsheet import); a person's earlier result for the same exam is replaced."""
    if not request.user.has_perm("learning.add_externalresult"):
        raise Http404
    if not payload:
        raise ValidationError({"payload": "No results."})
    people = {p.pk: p for p in User.objects.filter(is_active=True)}
    unknown = sorted({r.person_id for r in payload} - people.keys())
    if unknown:
        raise ValidationError({"person_id": f"Not on the staff: {unknown}"})
    seen = set()
    for r in payload:
        if (r.exam_name, r.person_id) in seen:
            raise ValidationError({"person_id": f"Twice for one exam: {r.person_id}"})
        seen.add((r.exam_name, r.person_id))
    saved = do_record_external_results(
        [
            {
                "exam_name": r.exam_name,
                "person": people[r.person_id],
                "taken_on": r.taken_on,
                "score": r.score,
                "passed": r.score >= pass_mark() if r.passed is None else r.passed,
            }
            for r in payload
        ],
        actor=request.user,
        source="API",
    )
    return Status(
        201,
        [
            {
                "source": "external",
                "exam": r.exam_name,
                "exam_id": None,
                "person_id": r.person_id,
                "date": r.taken_on,
                "score": r.score,
                "total": None,
                "passed": r.passed,
            }
            for r in saved
        ],
    )
