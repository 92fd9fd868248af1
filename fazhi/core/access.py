"""Who may see what. Roles are groups (models.Role); on top of them one row rule: staff see
their own department's records (and its sub-departments'). Every app exposes one
`get_<thing>_for_user` built on these, so "not found" and "not allowed" look the same.
"""

from __future__ import annotations

from django.db.models import Q

from .models import Department, Role

# Roles that see every department's records.
OFFICE_WIDE_ROLES = (Role.ADMIN, Role.LEGAL_OFFICER, Role.LEADER)


def sees_all_departments(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.has_role(*OFFICE_WIDE_ROLES)


def department_ids_for(user) -> list[int]:
    """The user's department and everything under it."""
    if not user.is_authenticated or user.department_id is None:
        return []
    cached = getattr(user, "_department_ids", None)
    if cached is not None:
        return cached
    tree: dict[int | None, list[int]] = {}
    for pk, parent in Department.objects.values_list("pk", "parent_id"):
        tree.setdefault(parent, []).append(pk)
    out, todo = [], [user.department_id]
    while todo:
        pk = todo.pop()
        out.append(pk)
        todo.extend(tree.get(pk, []))
    user._department_ids = out
    return out


def department_filter(user, field: str) -> Q:
    """A Q restricting `field` (a department FK path) to what the user may see."""
    if sees_all_departments(user):
        return Q()
    ids = department_ids_for(user)
    if not ids:
        return Q(pk__in=[])
    return Q(**{f"{field}__in": ids})


def mask_id(number: str) -> str:
    """An identity number as lists show it: the first 3 and last 2 characters."""
    if len(number) <= 5:
        return "*" * len(number)
    return f"{number[:3]}{'*' * (len(number) - 5)}{number[-2:]}"
