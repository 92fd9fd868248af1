"""Who sees which tickets: the dispatcher and the leaders (office-wide roles) all of them;
a department those assigned to it. A citizen's name, phone and ID number are masked unless
the role needs them (个人信息保护法); anyone else must reveal them, on the audit trail."""

from __future__ import annotations

from django.http import Http404

from fazhi.core.access import department_filter, mask_id

from .models import HotTopic, Ticket


def tickets_visible_to(user):
    if not user.is_authenticated or not user.has_perm("hotline.view_ticket"):
        return Ticket.objects.none()
    scope = department_filter(user, "department")
    return Ticket.objects.filter(scope) if scope else Ticket.objects.all()


def get_ticket_for_user(user, pk, action: str = "view") -> Ticket:
    if action == "change" and not user.has_perm("hotline.change_ticket"):
        raise Http404
    if action == "decide" and not user.has_perm("hotline.approve_request"):
        raise Http404
    try:
        return (
            tickets_visible_to(user)
            .select_related("department", "category", "category__parent", "topic")
            .get(pk=pk)
        )
    except (Ticket.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_topic_for_user(user, pk) -> HotTopic:
    if not user.has_perm("hotline.view_hottopic"):
        raise Http404
    try:
        return HotTopic.objects.get(pk=pk)
    except (HotTopic.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def sees_personal_data(user) -> bool:
    return user.has_perm("hotline.view_personal_data")


def mask_name(name: str) -> str:
    return f"{name[0]}{'*' * max(len(name) - 1, 1)}" if name else ""


def mask_phone(phone: str) -> str:
    digits = phone.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


def citizen_of(ticket: Ticket, user, revealed: dict | None = None) -> dict:
    """The citizen's details as this user may see them."""
    if revealed is not None or sees_personal_data(user):
        return {
            "name": ticket.citizen_name,
            "phone": ticket.citizen_phone,
            "id_number": ticket.citizen_id_number,
            "masked": False,
        }
    return {
        "name": mask_name(ticket.citizen_name),
        "phone": mask_phone(ticket.citizen_phone),
        "id_number": mask_id(ticket.citizen_id_number),
        "masked": True,
    }
