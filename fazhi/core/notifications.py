"""In-app notifications. Offices' intranets rarely have mail; the header shows the count."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Notification


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
