"""Page figures kept for FAZHI_DASHBOARD_MAX_AGE seconds in the database.

The dashboard, the self-assessment and the demand desk's KPI page count a whole year of
a ledger; at a city's scale that is a tenth of a second to two seconds of queries, too
slow to repeat for every leader who opens the page. The figures are computed once, stored
(pickled: they are our own objects, labels already in the reader's language) and shown
"as of HH:MM" until they are older than the limit, someone asks for fresh ones, or the
records they count change (`forget`).
"""

from __future__ import annotations

import datetime as dt
import logging
import pickle
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Snapshot

log = logging.getLogger(__name__)


def cached(key: str, compute: Callable[[], object], *, fresh: bool = False):
    """(value, computed_at): the stored value while young enough, else computed now."""
    now = timezone.now()
    max_age = dt.timedelta(seconds=settings.FAZHI_DASHBOARD_MAX_AGE)
    if not fresh and max_age:
        row = Snapshot.objects.filter(key=key, computed_at__gte=now - max_age).first()
        if row is not None:
            try:
                return pickle.loads(bytes(row.data)), row.computed_at  # noqa: S301
            except Exception:  # noqa: BLE001 — an old or damaged entry is recomputed
                log.warning("snapshot %s unreadable; counting again", key)
    value = compute()
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        with transaction.atomic():
            Snapshot.objects.update_or_create(
                key=key, defaults={"data": data, "computed_at": now}
            )
    except IntegrityError:  # another worker stored the same key at the same moment
        pass
    return value, now


def sweep(before: dt.datetime) -> int:
    """Drop entries older than `before` (keys carry the day, so old days pile up)."""
    return Snapshot.objects.filter(computed_at__lt=before).delete()[0]


def forget(prefix: str) -> None:
    """Drop the entries whose key starts with `prefix`, once the current transaction
    commits: the records they count have changed."""
    transaction.on_commit(
        lambda: Snapshot.objects.filter(key__startswith=prefix).delete()
    )
