"""Who may see the study ledger: every member of staff sees the office's sessions (they
are office-wide); a person's own record is theirs; office-wide roles see everyone's."""

from __future__ import annotations

from django.http import Http404

from fazhi.core.access import sees_all_departments
from fazhi.core.models import User

from .models import Attempt, Exam, Question, StudySession


def sessions_visible_to(user):
    if not user.is_authenticated or not user.has_perm("learning.view_studysession"):
        return StudySession.objects.none()
    return StudySession.objects.all()


def get_session_for_user(user, pk, action: str = "view") -> StudySession:
    if action == "change" and not user.has_perm("learning.change_studysession"):
        raise Http404
    try:
        return sessions_visible_to(user).get(pk=pk)
    except (StudySession.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_person_for_user(user, pk) -> User:
    """A person whose study record the user may read: their own, or anyone's for the
    office-wide roles."""
    if not user.is_authenticated or not user.has_perm("learning.view_studysession"):
        raise Http404
    if str(user.pk) != str(pk) and not sees_all_departments(user):
        raise Http404
    try:
        return User.objects.select_related("department").get(pk=pk)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def exams_visible_to(user):
    """Every exam for those who see results; otherwise the published exams the user is
    a candidate for (one user: the join yields each exam once, no DISTINCT needed)."""
    if not user.is_authenticated:
        return Exam.objects.none()
    if user.has_perm("learning.view_exam"):
        return Exam.objects.all()
    return Exam.objects.filter(candidates=user, status=Exam.Status.PUBLISHED)


def get_exam_for_user(user, pk, action: str = "view") -> Exam:
    if action == "change" and not user.has_perm("learning.change_exam"):
        raise Http404
    try:
        return exams_visible_to(user).get(pk=pk)
    except (Exam.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_attempt_for_user(user, pk, action: str = "view") -> Attempt:
    """A sitting: only its candidate may answer it; results readers may view it."""
    try:
        attempt = Attempt.objects.select_related("exam", "person__department").get(
            pk=pk
        )
    except (Attempt.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if attempt.person_id == user.pk:
        return attempt
    if action == "view" and user.has_perm("learning.view_exam"):
        return attempt
    raise Http404


def get_question_for_user(user, pk) -> Question:
    if not user.has_perm("learning.change_question"):
        raise Http404
    try:
        return Question.objects.select_related("law").get(pk=pk)
    except (Question.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
