"""Who sees the register and the meetings: a department its own matters; office-wide
roles everything; meetings (and their minutes) only office-wide roles and members."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from fazhi.core.access import department_filter, sees_all_departments

from .models import Matter, Meeting


def matters_visible_to(user):
    if not user.is_authenticated or not user.has_perm("decisions.view_matter"):
        return Matter.objects.none()
    scope = department_filter(user, "department")
    return Matter.objects.filter(scope) if scope else Matter.objects.all()


def get_matter_for_user(user, pk, action: str = "view") -> Matter:
    if action == "change" and not user.has_perm("decisions.change_matter"):
        raise Http404
    try:
        return matters_visible_to(user).select_related("department").get(pk=pk)
    except (Matter.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def meetings_visible_to(user):
    if not user.is_authenticated or not user.has_perm("decisions.view_meeting"):
        return Meeting.objects.none()
    if sees_all_departments(user):
        return Meeting.objects.all()
    return Meeting.objects.filter(Q(members_due=user)).distinct()


def get_meeting_for_user(user, pk, action: str = "view") -> Meeting:
    if action == "change" and not user.has_perm("decisions.change_meeting"):
        raise Http404
    try:
        return meetings_visible_to(user).select_related("chair").get(pk=pk)
    except (Meeting.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
