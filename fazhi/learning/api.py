"""The study ledger in the JSON API (/api/v1/learning/), through the same services."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from .access import get_session_for_user, sessions_visible_to
from .models import Law, StudySession
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
