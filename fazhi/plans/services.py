"""Every change to plans, tasks and the duty log: one transaction, one audit entry each."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import audit
from fazhi.core.attachments import do_attach
from fazhi.core.calendar import add_working_days

from .models import DutyLog, Plan, ProgressUpdate, Task

PLAN_FIELDS = ["year", "title", "summary", "meeting_date", "meeting_chair"]
TASK_FIELDS = [
    "title",
    "content",
    "category",
    "department",
    "owner",
    "leader",
    "start_date",
    "due_date",
    "due_base_date",
    "due_working_days",
    "status",
    "progress",
    "completed_on",
]


def _resolve_due(fields: dict) -> None:
    """A due date given as "N working days after X" is computed on the official calendar."""
    base, days = fields.get("due_base_date"), fields.get("due_working_days")
    if base is not None and days is not None:
        fields["due_date"] = add_working_days(base, days)
    elif base is not None or days is not None:
        raise ValidationError(
            _("Give both the date to count from and the number of working days.")
        )
    if fields.get("due_date") is None:
        raise ValidationError(_("A task needs a due date."))
    start = fields.get("start_date")
    if start and fields["due_date"] < start:
        raise ValidationError(_("The due date is before the start date."))


@transaction.atomic
def do_create_plan(*, actor, attendees=(), **fields) -> Plan:
    if Plan.objects.filter(year=fields["year"]).exists():
        raise ValidationError(_("There is already a plan for %(year)s.") % fields)
    plan = Plan.objects.create(**fields)
    plan.meeting_attendees.set(attendees)
    audit.record(
        actor=actor,
        verb="plan.created",
        target=plan,
        changes=audit.diff(
            {}, audit.snapshot(plan, [*PLAN_FIELDS, "meeting_attendees"])
        ),
    )
    return plan


@transaction.atomic
def do_update_plan(
    plan: Plan, *, actor, attendees=None, reason: str = "", **fields
) -> Plan:
    names = [*PLAN_FIELDS, "meeting_attendees"]
    before = audit.snapshot(plan, names)
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.save()
    if attendees is not None:
        plan.meeting_attendees.set(attendees)
    changes = audit.diff(before, audit.snapshot(plan, names))
    if changes:
        audit.record(
            actor=actor,
            verb="plan.updated",
            target=plan,
            changes=changes,
            reason=reason,
        )
    return plan


@transaction.atomic
def do_attach_plan_documents(plan: Plan, *, actor, files) -> list:
    """The plan's own documents (the 计划 as issued, the meeting's minutes …)."""
    return [do_attach(plan, upload, actor=actor) for upload in files]


@transaction.atomic
def do_create_task(plan: Plan, *, actor, **fields) -> Task:
    _resolve_due(fields)
    fields.setdefault("status", Task.Status.NOT_STARTED)
    # Number within the plan; BEGIN IMMEDIATE (SQLite) / the unique constraint (PostgreSQL)
    # keep two clerks from taking the same number.
    if not fields.get("number"):
        # Lock the plan row so two clerks adding tasks at once take different numbers
        # (PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises writers).
        Plan.objects.select_for_update().filter(pk=plan.pk).exists()
        top = plan.tasks.aggregate(n=Max("number"))["n"] or 0
        fields["number"] = top + 1
    task = Task(plan=plan, **fields)
    task.full_clean(exclude=["plan"])
    task.save()
    audit.record(
        actor=actor,
        verb="task.created",
        target=task,
        changes=audit.diff({}, audit.snapshot(task, ["number", *TASK_FIELDS])),
    )
    return task


@transaction.atomic
def do_update_task(task: Task, *, actor, reason: str = "", **fields) -> Task:
    # Read the row again under the transaction's lock: the caller's copy may be stale.
    task = Task.objects.select_for_update().get(pk=task.pk)
    before = audit.snapshot(task, TASK_FIELDS)
    merged = {name: getattr(task, name) for name in TASK_FIELDS} | fields
    if "due_date" in fields and "due_working_days" not in fields:
        # A date typed by hand replaces an earlier "N working days after X" rule.
        merged["due_base_date"] = merged["due_working_days"] = None
    _resolve_due(merged)
    if merged["status"] == Task.Status.DONE and merged["completed_on"] is None:
        merged["completed_on"] = timezone.localdate()
    if merged["status"] != Task.Status.DONE:
        merged["completed_on"] = None
    for name, value in merged.items():
        setattr(task, name, value)
    task.full_clean(exclude=["plan"])
    task.save()
    changes = audit.diff(before, audit.snapshot(task, TASK_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            verb="task.updated",
            target=task,
            changes=changes,
            reason=reason,
        )
    return task


@transaction.atomic
def do_record_progress(
    task: Task, *, actor, date: dt.date, note: str, progress: int, files=()
) -> ProgressUpdate:
    task = Task.objects.select_for_update().get(pk=task.pk)  # fresh, under the lock
    if not task.is_open:
        raise ValidationError(
            _("This task is closed; reopen it before recording progress.")
        )
    if date > timezone.localdate():
        raise ValidationError(_("Progress cannot be recorded for a future date."))
    if not 0 <= progress <= 100:
        raise ValidationError(_("Progress must be between 0 and 100 %."))
    update = ProgressUpdate.objects.create(
        task=task, date=date, note=note, progress=progress, author=actor
    )
    before = audit.snapshot(task, ["status", "progress", "completed_on"])
    task.progress = progress
    if progress == 100:
        task.status, task.completed_on = Task.Status.DONE, date
    else:
        task.status = Task.Status.IN_PROGRESS
    task.save(update_fields=["progress", "status", "completed_on", "updated_at"])
    for upload in files:
        do_attach(update, upload, actor=actor)
    audit.record(
        actor=actor,
        verb="task.progress_recorded",
        target=task,
        changes=audit.diff(
            before, audit.snapshot(task, ["status", "progress", "completed_on"])
        ),
        reason=note,
    )
    return update


@transaction.atomic
def do_log_duty(*, actor, **fields) -> DutyLog:
    entry = DutyLog.objects.create(recorded_by=actor, **fields)
    audit.record(
        actor=actor,
        verb="duty.logged",
        target=entry,
        changes=audit.diff(
            {}, audit.snapshot(entry, ["date", "leader", "kind", "matter", "task"])
        ),
    )
    return entry


@transaction.atomic
def do_recompute_due_dates(*, actor, year: int | None = None) -> int:
    """Recompute the open tasks whose due date was given in working days, after the
    official calendar changed (a notice or override entered, or a newer package): those
    running into `year`, or all of them. Idempotent: unchanged dates are not touched."""
    count = 0
    tasks = Task.objects.filter(
        due_working_days__isnull=False, status__in=Task.OPEN_STATUSES
    )
    if year is not None:
        tasks = tasks.filter(due_date__year__gte=year)
    for task in tasks:
        due = add_working_days(task.due_base_date, task.due_working_days)
        if due != task.due_date:
            old = task.due_date
            task.due_date = due
            task.save(update_fields=["due_date", "updated_at"])
            audit.record(
                actor=actor,
                verb="task.due_recomputed",
                target=task,
                changes={"due_date": [old.isoformat(), due.isoformat()]},
                # A fixed text: the trail reads the same whoever triggered it.
                reason="法定节假日安排更新后按工作日重新计算",
            )
            count += 1
    return count
