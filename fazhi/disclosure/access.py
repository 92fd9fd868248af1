"""Who sees which applications: the disclosure office (office-wide roles) all of them;
a department those assigned to it."""

from __future__ import annotations

from django.http import Http404

from fazhi.core.access import department_filter

from .models import Application


def applications_visible_to(user):
    if not user.is_authenticated or not user.has_perm("disclosure.view_application"):
        return Application.objects.none()
    scope = department_filter(user, "department")
    return Application.objects.filter(scope) if scope else Application.objects.all()


def get_application_for_user(user, pk, action: str = "view") -> Application:
    if action == "change" and not user.has_perm("disclosure.change_application"):
        raise Http404
    if action == "extend" and not (
        user.has_perm("disclosure.change_application")
        or user.has_perm("disclosure.approve_extension")
    ):
        raise Http404
    try:
        return (
            applications_visible_to(user)
            .select_related("department", "extension_approved_by", "registered_by")
            .get(pk=pk)
        )
    except (Application.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
