"""In-app notifications. Offices' intranets rarely have mail; the header shows the count."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .models import Notification, User


def users_with_perm(perm: str) -> list:
    """Active users holding "app_label.codename", through a role or directly: those a
    scheduled reminder is for."""
    app_label, codename = perm.split(".")
    held = Q(
        groups__permissions__content_type__app_label=app_label,
        groups__permissions__codename=codename,
    ) | Q(
        user_permissions__content_type__app_label=app_label,
        user_permissions__codename=codename,
    )
    return list(User.objects.filter(held, is_active=True).distinct())


def do_notify(user, *, key: str, text: str, url: str = "") -> bool:
    """Send `text` to `user` once per `key`; False when it was sent before."""
    if Notification.objects.filter(user=user, key=key).exists():
        return False
    try:
        with transaction.atomic():
            Notification.objects.create(user=user, key=key, text=text[:300], url=url)
    except IntegrityError:  # another run sent it a moment ago
        return False
    return True


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def do_mark_read(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
