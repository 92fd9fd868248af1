"""Rate limits for the public portal, counted in the database (DESIGN §3.3: nothing may
assume a single process)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .models import Throttle


def allow(scope: str, ip: str | None, limit: int, window: dt.timedelta) -> bool:
    """Record one use and say whether it is within `limit` uses per `window`."""
    now = timezone.now()
    recent = Throttle.objects.filter(scope=scope, ip=ip, at__gte=now - window).count()
    if recent >= limit:
        return False
    Throttle.objects.create(scope=scope, ip=ip, at=now)
    # Old uses are of no further interest; a small sweep keeps the table short.
    Throttle.objects.filter(at__lt=now - dt.timedelta(days=2)).delete()
    return True
