"""Who sees which reviews: the counsel only those assigned to them; staff their own
department's (and its sub-departments'); office-wide roles all."""

from __future__ import annotations

from django.http import Http404

from fazhi.core.access import department_filter, sees_all_departments
from fazhi.core.models import Role

from .models import Counsel, Review


def is_counsel(user) -> bool:
    return user.is_authenticated and user.has_role(Role.COUNSEL)


def reviews_visible_to(user):
    if not user.is_authenticated or not user.has_perm("legal.view_review"):
        return Review.objects.none()
    if is_counsel(user) and not sees_all_departments(user):
        return Review.objects.filter(counsel__user=user)
    scope = department_filter(user, "department")
    return Review.objects.filter(scope) if scope else Review.objects.all()


def get_review_for_user(user, pk, action: str = "view") -> Review:
    """`action`: "view", "opinion" (the assigned counsel) or "respond" (the
    submitting department's staff and the office-wide roles)."""
    try:
        review = (
            reviews_visible_to(user)
            .select_related("department", "counsel", "requested_by", "opinion_by")
            .get(pk=pk)
        )
    except (Review.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if action == "opinion" and not (
        user.has_perm("legal.give_opinion") and review.counsel.user_id == user.pk
    ):
        raise Http404
    if action == "respond" and (
        is_counsel(user) or not user.has_perm("legal.add_review")
    ):
        raise Http404
    return review


def get_counsel_for_user(user, pk) -> Counsel:
    if not user.has_perm("legal.change_counsel"):
        raise Http404
    try:
        return Counsel.objects.get(pk=pk)
    except (Counsel.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
