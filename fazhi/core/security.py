"""Login lock-out (GB/T 22239 身份鉴别 b): 5 failures lock an account, and an address, for
30 minutes (both settings). State lives in the database, so every server process agrees."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import audit
from .models import LoginAttempt


def _locked_until(
    filter_kwargs: dict, now: dt.datetime, threshold: int, successes_reset: bool = True
) -> dt.datetime | None:
    window = dt.timedelta(minutes=settings.FAZHI_LOCKOUT_MINUTES)
    recent = LoginAttempt.objects.filter(at__gte=now - window, **filter_kwargs)
    last_success = successes_reset and (
        recent.filter(succeeded=True)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    failures = recent.filter(succeeded=False)
    if last_success:
        failures = failures.filter(at__gt=last_success)
    times = list(failures.order_by("at").values_list("at", flat=True)[:threshold])
    if len(times) < threshold:
        return None
    until = times[threshold - 1] + window
    return until if until > now else None


def locked_until(username: str, ip: str | None) -> dt.datetime | None:
    """When the lock on this account or address ends, or None when not locked."""
    now = timezone.now()
    threshold = settings.FAZHI_LOCKOUT_ATTEMPTS
    candidates = [_locked_until({"username__iexact": username}, now, threshold)]
    if ip:
        # Per address, a success does not wipe the slate: one valid account must not
        # let an address keep guessing at the others.
        candidates.append(
            _locked_until(
                {"ip": ip},
                now,
                settings.FAZHI_LOCKOUT_IP_ATTEMPTS,
                successes_reset=False,
            )
        )
    candidates = [c for c in candidates if c]
    return max(candidates) if candidates else None


@transaction.atomic
def do_record_login(*, username: str, ip: str | None, user=None) -> None:
    LoginAttempt.objects.create(
        username=username, ip=ip, succeeded=True, at=timezone.now()
    )
    audit.record(actor=user, verb="auth.login", target=user, ip=ip)


@transaction.atomic
def do_record_failed_login(
    *, username: str, ip: str | None, locked: bool = False
) -> None:
    # A refused attempt while locked is audited but does not extend the lock.
    if not locked:
        LoginAttempt.objects.create(
            username=username[:150], ip=ip, succeeded=False, at=timezone.now()
        )
    audit.record(
        actor=None,
        actor_name=username[:150],
        verb="auth.login_locked" if locked else "auth.login_failed",
        ip=ip,
    )


@transaction.atomic
def do_record_logout(*, user, ip: str | None, idle: bool = False) -> None:
    audit.record(
        actor=user,
        verb="auth.logout",
        target=user,
        ip=ip,
        reason="idle timeout" if idle else "",
    )
