"""The audit trail: append-only, hash-chained entries written inside the caller's transaction.

Each entry's hash covers its own fields and the previous entry's hash, so editing, deleting
or reordering any entry breaks the chain from that point (`fazhi audit verify`). Writers
are serialised (SQLite: BEGIN IMMEDIATE; PostgreSQL: a transaction-scoped advisory lock)
so two concurrent writers never chain onto the same predecessor.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from .models import AuditEntry

GENESIS = "0" * 64
_ADVISORY_LOCK_KEY = 0x66617A6869  # "fazhi"

# The client address of the request being served, set by the middleware; services never
# see the request, but their audit entries must say where the change came from.
current_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "fazhi_current_ip", default=None
)


def _text(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal | float):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _text(v) for k, v in value.items()}
    if isinstance(value, Iterable) and not isinstance(value, bytes):
        return [_text(v) for v in value]
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of `fields`, as the audit trail will show them."""
    out = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            value = sorted(str(o) for o in getattr(obj, name).all()) if obj.pk else []
        elif field.is_relation:
            value = getattr(obj, name)
        else:
            value = getattr(obj, field.attname)
        out[name] = _text(value)
    return out


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Changed fields as {field: [old, new]}."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def _digest(fields: dict[str, Any]) -> str:
    canonical = json.dumps(
        fields, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _hashed_fields(entry: AuditEntry) -> dict[str, Any]:
    created = entry.created_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return {
        "seq": entry.seq,
        "created_at": created,
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "ip": entry.ip,
        "verb": entry.verb,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "target_repr": entry.target_repr,
        "changes": entry.changes,
        "reason": entry.reason,
        "prev_hash": entry.prev_hash,
    }


def compute_hash(entry: AuditEntry) -> str:
    return _digest(_hashed_fields(entry))


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])
    # SQLite: the settings open every transaction with BEGIN IMMEDIATE, which already
    # holds the database's single write lock.


def record(
    *,
    actor,
    verb: str,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    reason: str = "",
    ip: str | None = None,
    actor_name: str = "",
) -> AuditEntry:
    """Append one entry. Must run inside the transaction that makes the change."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record() must run inside the change's transaction")
    _lock_chain()
    last = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    user = actor if getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry(
        seq=seq,
        created_at=timezone.now(),
        actor=user,
        actor_name=actor_name or (str(user) if user else ""),
        ip=ip or current_ip.get(),
        verb=verb,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None and target.pk else "",
        target_repr=str(target)[:255] if target is not None else "",
        changes=json.loads(json.dumps(_text(changes or {}), ensure_ascii=False)),
        reason=reason,
        prev_hash=prev,
    )
    # Microseconds survive every backend, so the hash is computed on what is stored.
    entry.hash = compute_hash(entry)
    entry.save(force_insert=True)
    return entry


@dataclass
class VerifyResult:
    checked: int
    broken_seq: int | None = None
    problem: str = ""
    # The head of the chain. Deleting the newest entries leaves a chain that still
    # verifies; only a head recorded elsewhere (the timer's log, the backup manifest)
    # shows it has become shorter.
    last_seq: int = 0
    last_hash: str = GENESIS

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def verify(batch_size: int = 2000) -> VerifyResult:
    """Walk the chain in order; report the first entry that does not link or hash."""
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    last_seq = 0
    while True:
        batch = list(
            AuditEntry.objects.filter(seq__gt=last_seq).order_by("seq")[:batch_size]
        )
        if not batch:
            return VerifyResult(checked=checked, last_seq=last_seq, last_hash=prev_hash)
        for entry in batch:
            if entry.seq != expected_seq:
                return VerifyResult(checked, expected_seq, "missing entry (deleted?)")
            if entry.prev_hash != prev_hash:
                return VerifyResult(
                    checked, entry.seq, "does not link to the entry before"
                )
            if compute_hash(entry) != entry.hash:
                return VerifyResult(
                    checked, entry.seq, "content does not match its hash"
                )
            prev_hash, expected_seq, checked = entry.hash, entry.seq + 1, checked + 1
            last_seq = entry.seq


@transaction.atomic
def record_event(**kwargs) -> AuditEntry:
    """Record a security event (login, logout, export) that is its own transaction."""
    return record(**kwargs)
