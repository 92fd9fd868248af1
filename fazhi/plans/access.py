"""Who may see and change plans, tasks and the duty log (DESIGN §3.9)."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from fazhi.core.access import department_filter

from .models import DutyLog, Plan, Task

# action → the permission it needs on top of seeing the record
_TASK_ACTIONS = {
    "view": "plans.view_task",
    "change": "plans.change_task",
    "progress": "plans.record_progress",
}


def tasks_visible_to(user):
    if not user.is_authenticated or not user.has_perm("plans.view_task"):
        return Task.objects.none()
    # The lead department's staff, and whoever is named responsible or in charge of the
    # task even from another department (they must see what they answer for).
    scope = department_filter(user, "department")
    if scope:
        scope |= Q(owner=user) | Q(leader=user)
    return Task.objects.filter(scope)


def get_task_for_user(user, pk, action: str = "view") -> Task:
    if not user.has_perm(_TASK_ACTIONS[action]):
        raise Http404
    try:
        return (
            tasks_visible_to(user)
            .select_related("plan", "department", "owner", "leader")
            .get(pk=pk)
        )
    except (Task.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def plans_visible_to(user):
    if not user.is_authenticated or not user.has_perm("plans.view_plan"):
        return Plan.objects.none()
    return Plan.objects.all()


def get_plan_for_user(user, pk, action: str = "view") -> Plan:
    if action == "change" and not user.has_perm("plans.change_plan"):
        raise Http404
    try:
        return plans_visible_to(user).get(pk=pk)
    except (Plan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def duty_logs_visible_to(user):
    if not user.is_authenticated or not user.has_perm("plans.view_dutylog"):
        return DutyLog.objects.none()
    return DutyLog.objects.all()


def get_progress_update_for_user(user, pk):
    from .models import ProgressUpdate

    try:
        update = ProgressUpdate.objects.get(pk=pk)
    except (ProgressUpdate.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    get_task_for_user(user, update.task_id)
    return update
