import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from fazhi.core.calendar import official_years
from fazhi.core.models import Department

from . import services
from .access import get_plan_for_user, get_task_for_user, plans_visible_to
from .forms import leader_choices, people_choices
from .models import Category, Task, due_is_provisional
from .queries import TaskFilter, tasks_for_list

router = Router(tags=["plans"])


class PlanOut(Schema):
    id: int
    year: int
    title: str
    summary: str
    meeting_date: dt.date | None
    meeting_chair_id: int | None
    # Who attended the 年初部署会 that deployed the plan.
    meeting_attendee_ids: list[int]

    @staticmethod
    def resolve_meeting_attendee_ids(plan) -> list[int]:
        return sorted(user.pk for user in plan.meeting_attendees.all())


class PlanIn(Schema):
    year: int = Field(..., ge=2000, le=2100)
    title: str = Field(..., min_length=1, max_length=200)
    summary: str = ""
    meeting_date: dt.date | None = None
    meeting_chair_id: int | None = None
    meeting_attendee_ids: list[int] = []


class PlanPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=200)
    summary: str | None = None
    meeting_date: dt.date | None = None
    meeting_chair_id: int | None = None
    meeting_attendee_ids: list[int] | None = None
    reason: str = ""


class TaskOut(Schema):
    id: int
    plan_id: int
    number: int
    title: str
    content: str
    category: Category
    department_id: int
    department: str = Field(..., alias="department.name")
    owner_id: int | None
    leader_id: int | None
    start_date: dt.date | None
    due_date: dt.date
    due_base_date: dt.date | None
    due_working_days: int | None
    status: Task.Status
    progress: int
    completed_on: dt.date | None
    # True while the official holidays of the due date's year are not known: the date
    # was counted on weekends alone and may move when the State Council notice arrives.
    due_provisional: bool

    @staticmethod
    def resolve_due_provisional(task, context) -> bool:
        # The official years are read once per request, not once per row.
        request = context["request"]
        if not hasattr(request, "fazhi_official_years"):
            request.fazhi_official_years = official_years()
        return due_is_provisional(
            task.due_date,
            task.due_base_date,
            task.due_working_days,
            request.fazhi_official_years,
        )


class TaskIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    content: str = ""
    category: Category = Category.OTHER
    department_id: int
    owner_id: int | None = None
    leader_id: int | None = None
    start_date: dt.date | None = None
    due_date: dt.date | None = None
    due_base_date: dt.date | None = None
    due_working_days: int | None = Field(None, ge=0, le=3650)


class TaskPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=200)
    content: str | None = None
    category: Category | None = None
    status: Task.Status | None = None
    due_date: dt.date | None = None
    owner_id: int | None = None
    leader_id: int | None = None
    reason: str = ""


class ProgressIn(Schema):
    date: dt.date
    progress: int = Field(..., ge=0, le=100)
    note: str = Field(..., min_length=1)


class TaskFilterIn(Schema):
    year: int | None = None
    plan: int | None = None
    status: str = ""
    department: int | None = None
    category: str = ""
    due: str = ""
    q: str = ""
    mine: bool = False


def _pick(queryset, pk, field: str):
    """The chosen row, from the same choices the page's form offers."""
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise ValidationError({field: "Select a valid choice."}) from None


def _resolve_people(data: dict) -> dict:
    choices = {
        "department_id": Department.objects.all(),
        "owner_id": people_choices(),
        "leader_id": leader_choices(),
    }
    out = {}
    for key, value in data.items():
        if key in choices:
            out[key[:-3]] = _pick(choices[key], value, key) if value else None
        else:
            out[key] = value
    return out


@router.get("/", response=list[PlanOut])
def list_plans(request):
    return list(plans_visible_to(request.user).prefetch_related("meeting_attendees"))


def _plan_fields(data: dict) -> dict:
    if data.get("meeting_attendee_ids") is not None:
        wanted = set(data.pop("meeting_attendee_ids"))
        found = list(people_choices().filter(pk__in=wanted))
        if len(found) != len(wanted):
            raise ValidationError({"meeting_attendee_ids": "Select valid people."})
        data["attendees"] = found
    else:
        data.pop("meeting_attendee_ids", None)
    if "meeting_chair_id" in data:
        chair = data.pop("meeting_chair_id")
        data["meeting_chair"] = (
            _pick(leader_choices(), chair, "meeting_chair_id") if chair else None
        )
    return data


@router.get("/tasks", response=list[TaskOut])
@paginate(PageNumberPagination, page_size=50)
def list_tasks(request, filters: Query[TaskFilterIn]):
    flt = TaskFilter(**filters.dict())
    return tasks_for_list(request.user, flt, timezone.localdate()).select_related(
        "department"
    )


@router.get("/tasks/{task_id}", response=TaskOut)
def get_task(request, task_id: int):
    return get_task_for_user(request.user, task_id)


@router.patch("/tasks/{task_id}", response=TaskOut)
def update_task(request, task_id: int, payload: TaskPatch):
    task = get_task_for_user(request.user, task_id, action="change")
    data = payload.dict(exclude_unset=True)
    reason = data.pop("reason", "")
    return services.do_update_task(
        task, actor=request.user, reason=reason, **_resolve_people(data)
    )


@router.post("/tasks/{task_id}/progress", response={201: TaskOut})
def record_progress(request, task_id: int, payload: ProgressIn):
    task = get_task_for_user(request.user, task_id, action="progress")
    if payload.date > timezone.localdate():
        raise ValidationError("Progress cannot be recorded for a future date.")
    services.do_record_progress(task, actor=request.user, **payload.dict())
    task.refresh_from_db()
    return Status(201, task)


@router.get("/{int:plan_id}", response=PlanOut)
def get_plan(request, plan_id: int):
    return get_plan_for_user(request.user, plan_id)


@router.post("/{int:plan_id}/tasks", response={201: TaskOut})
def create_task(request, plan_id: int, payload: TaskIn):
    plan = get_plan_for_user(request.user, plan_id)
    if not request.user.has_perm("plans.add_task"):
        raise Http404
    data = _resolve_people(payload.dict(exclude_none=True))
    return Status(201, services.do_create_task(plan, actor=request.user, **data))


@router.post("/", response={201: PlanOut})
def create_plan(request, payload: PlanIn):
    if not request.user.has_perm("plans.add_plan"):
        raise Http404
    data = _plan_fields(payload.dict())
    return Status(201, services.do_create_plan(actor=request.user, **data))


@router.patch("/{int:plan_id}", response=PlanOut)
def update_plan(request, plan_id: int, payload: PlanPatch):
    plan = get_plan_for_user(request.user, plan_id, action="change")
    data = payload.dict(exclude_unset=True)
    reason = data.pop("reason", "")
    return services.do_update_plan(
        plan, actor=request.user, reason=reason, **_plan_fields(data)
    )
