"""Matters and meetings in the JSON API (/api/v1/decisions/), through the same services."""

import datetime as dt
from decimal import Decimal

from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from fazhi.core.models import Department, User

from .access import (
    get_matter_for_user,
    get_meeting_for_user,
    matters_visible_to,
    meetings_visible_to,
)
from .models import AgendaItem, Matter, Meeting, Opinion
from .services import (
    do_add_to_agenda,
    do_hold_meeting,
    do_plan_meeting,
    do_publish_decision,
    do_record_vote,
    do_register_matter,
)

router = Router(tags=["decisions"])


class StageOut(Schema):
    code: str
    required: bool
    skipped_reason: str
    completed_on: dt.date | None


class MatterOut(Schema):
    id: int
    title: str
    category: Matter.Category
    major_decision: bool
    subject: str
    department_id: int
    amount: Decimal | None
    registered_on: dt.date
    status: Matter.Status
    decision: str
    stages: list[StageOut]

    @staticmethod
    def resolve_stages(matter):
        return list(matter.stages.all())


class MatterIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    category: Matter.Category
    major_decision: bool = False
    subject: str = ""
    department_id: int
    amount: Decimal | None = Field(None, ge=0)
    registered_on: dt.date | None = None
    description: str = ""
    technical: bool = False
    stability_risk: bool = False


class OpinionOut(Schema):
    member_id: int
    position: str
    remark: str
    order: int


class ItemOut(Schema):
    order: int
    matter_id: int
    method: str
    result: str
    yes: int
    no: int
    abstain: int
    decision: str
    recused_ids: list[int]
    opinions: list[OpinionOut]

    @staticmethod
    def resolve_recused_ids(item):
        return sorted(m.pk for m in item.recused.all())

    @staticmethod
    def resolve_opinions(item):
        return list(item.opinions.all())


class MeetingOut(Schema):
    id: int
    kind: str
    number: str
    date: dt.date
    chair_id: int
    status: str
    members_due_ids: list[int]
    present_ids: list[int]
    items: list[ItemOut]

    @staticmethod
    def resolve_members_due_ids(meeting):
        return sorted(m.pk for m in meeting.members_due.all())

    @staticmethod
    def resolve_present_ids(meeting):
        return sorted(m.pk for m in meeting.present.all())

    @staticmethod
    def resolve_items(meeting):
        return list(meeting.items.all())


@router.get("/matters", response=list[MatterOut])
@paginate(PageNumberPagination, page_size=50)
def list_matters(request, year: int | None = None):
    matters = matters_visible_to(request.user).prefetch_related("stages")
    return matters.filter(registered_on__year=year) if year else matters


@router.get("/matters/{int:matter_id}", response=MatterOut)
def get_matter(request, matter_id: int):
    return get_matter_for_user(request.user, matter_id)


@router.post("/matters", response={201: MatterOut})
def register_matter(request, payload: MatterIn):
    user = request.user
    if not user.has_perm("decisions.add_matter"):
        raise Http404
    try:
        department = Department.objects.get(pk=payload.department_id)
    except Department.DoesNotExist:
        raise Http404 from None
    if (
        not user.has_perm("decisions.change_matter")
        and department.pk != user.department_id
    ):
        raise Http404
    data = payload.dict(exclude={"department_id", "registered_on"})
    if payload.registered_on:
        data["registered_on"] = payload.registered_on
    return Status(201, do_register_matter(actor=user, department=department, **data))


@router.get("/meetings", response=list[MeetingOut])
@paginate(PageNumberPagination, page_size=50)
def list_meetings(request, year: int | None = None):
    meetings = meetings_visible_to(request.user).prefetch_related(
        "members_due", "present", "items__opinions", "items__recused"
    )
    return meetings.filter(date__year=year) if year else meetings


@router.get("/meetings/{int:meeting_id}", response=MeetingOut)
def get_meeting(request, meeting_id: int):
    return get_meeting_for_user(request.user, meeting_id)


class MeetingIn(Schema):
    kind: Meeting.Kind
    number: str = ""
    date: dt.date
    place: str = ""
    chair_id: int
    members_due_ids: list[int] = Field(..., min_length=1)


class AgendaIn(Schema):
    matter_id: int


@router.post("/meetings", response={201: MeetingOut})
def plan_meeting(request, payload: MeetingIn):
    """Plan a meeting (the officer); its items are added next, each through the gate."""
    if not request.user.has_perm("decisions.add_meeting"):
        raise Http404
    people = {u.pk: u for u in User.objects.filter(pk__in=payload.members_due_ids)}
    if (
        len(people) != len(set(payload.members_due_ids))
        or payload.chair_id not in people
    ):
        raise Http404
    meeting = do_plan_meeting(
        actor=request.user,
        members_due=list(people.values()),
        chair=people[payload.chair_id],
        **payload.dict(exclude={"members_due_ids", "chair_id"}),
    )
    return Status(201, meeting)


@router.post("/meetings/{int:meeting_id}/agenda", response={201: MeetingOut})
def add_to_agenda(request, meeting_id: int, payload: AgendaIn):
    """Put a matter on the agenda: refused, with the rule, without its legality review."""
    meeting = get_meeting_for_user(request.user, meeting_id, "change")
    matter = get_matter_for_user(request.user, payload.matter_id)
    do_add_to_agenda(meeting, matter, actor=request.user)
    return Status(201, meeting)


class AttendanceIn(Schema):
    present_ids: list[int] = Field(..., min_length=1)
    sitting_in: str = Field("", max_length=300)
    recorder: str = Field("", max_length=50)


class OpinionIn(Schema):
    member_id: int
    position: Opinion.Position
    remark: str = Field("", max_length=500)


class VoteIn(Schema):
    method: AgendaItem.Method
    opinions: list[OpinionIn] = Field(
        ..., min_length=1, description="In the order spoken; the chair last."
    )
    recused_ids: list[int] = []
    decision: str = Field("", max_length=2000)


class PublishIn(Schema):
    published_on: dt.date
    on_portal: bool = True
    published_where: str = Field("", max_length=200)
    opinions_explanation: str = ""


def _members(meeting, ids) -> dict:
    """The meeting's members by id; anyone else is refused as the page refuses them."""
    people = {u.pk: u for u in User.objects.filter(pk__in=ids)}
    if len(people) != len(set(ids)):
        raise Http404
    return people


@router.post("/meetings/{int:meeting_id}/attendance", response=MeetingOut)
def record_attendance(request, meeting_id: int, payload: AttendanceIn):
    """Who attended: the quorum is checked here (半数以上, 民法典 art. 1259)."""
    meeting = get_meeting_for_user(request.user, meeting_id, "change")
    people = _members(meeting, payload.present_ids)
    return do_hold_meeting(
        meeting,
        actor=request.user,
        present=[people[pk] for pk in payload.present_ids],
        sitting_in=payload.sitting_in,
        recorder=payload.recorder,
    )


@router.post("/meetings/{int:meeting_id}/items/{int:order}/vote", response=MeetingOut)
def record_vote(request, meeting_id: int, order: int, payload: VoteIn):
    """One item's vote: each member's view in the order spoken, the chair last."""
    meeting = get_meeting_for_user(request.user, meeting_id, "change")
    item = meeting.items.filter(order=order).first()
    if item is None:
        raise Http404
    people = _members(
        meeting, [o.member_id for o in payload.opinions] + payload.recused_ids
    )
    do_record_vote(
        item,
        actor=request.user,
        method=payload.method,
        opinions=[
            (people[o.member_id], o.position, o.remark) for o in payload.opinions
        ],
        recused=[people[pk] for pk in payload.recused_ids],
        decision=payload.decision,
    )
    return Meeting.objects.get(pk=meeting.pk)


@router.post("/matters/{int:matter_id}/publish", response=MatterOut)
def publish_decision(request, matter_id: int, payload: PublishIn):
    """Publish a decision taken, on the portal unless it says where else (713号 art. 32)."""
    matter = get_matter_for_user(request.user, matter_id, "change")
    return do_publish_decision(
        matter,
        actor=request.user,
        published_on=payload.published_on,
        published_where=payload.published_where,
        on_portal=payload.on_portal,
        explanation=payload.opinions_explanation,
    )
