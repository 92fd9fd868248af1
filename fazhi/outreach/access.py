"""Legal-education records are the office's public work: all staff see them; the officer
and the administrator keep them."""

from __future__ import annotations

from django.http import Http404

from .models import Activity


def activities_visible_to(user):
    if not user.is_authenticated or not user.has_perm("outreach.view_activity"):
        return Activity.objects.none()
    return Activity.objects.all()


def get_activity_for_user(user, pk) -> Activity:
    try:
        return activities_visible_to(user).get(pk=pk)
    except (Activity.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
