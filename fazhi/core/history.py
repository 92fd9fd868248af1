"""The audit trail as people read it: translated action names, field labels and choice
labels instead of the codes stored in the entries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry

VERBS = {
    "auth.login": _("Logged in"),
    "auth.login_failed": _("Failed login"),
    "auth.login_locked": _("Login refused (locked)"),
    "auth.logout": _("Logged out"),
    "attachment.added": _("File attached"),
    "attachment.downloaded": _("File downloaded"),
}


# Labels of change keys that are not fields of the record (a stage, the files added …).
LABELS: dict = {}


def register_verbs(labels: dict) -> None:
    VERBS.update(labels)


def register_labels(labels: dict) -> None:
    LABELS.update(labels)


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryLine:
    entry: AuditEntry
    action: str
    changes: list[Change]


def _display(field, value) -> str:
    if value is True or value is False:
        return str(_("yes") if value else _("no"))
    if value in (None, "", []):
        return "—"
    choices = dict(field.flatchoices) if getattr(field, "choices", None) else {}
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        # Stored as ISO text in UTC; read in the office's time, to the minute.
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return moment.strftime("%Y-%m-%d %H:%M")
    return str(choices.get(value, value))


def history_for(record, limit: int = 20) -> list[HistoryLine]:
    entries = AuditEntry.objects.filter(
        target_type=record._meta.label_lower, target_id=str(record.pk)
    ).order_by("-seq")[:limit]
    lines = []
    for entry in entries:
        changes = []
        for name, pair in (entry.changes or {}).items():
            old, new = (
                (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
            )
            try:
                field = record._meta.get_field(name)
                # A reverse relation (a sign-in list) is named after the related model.
                label = str(
                    getattr(field, "verbose_name", None)
                    or field.related_model._meta.verbose_name_plural
                )
            except FieldDoesNotExist:
                field, label = None, str(LABELS.get(name, name))
            change = Change(label, _display(field, old), _display(field, new))
            if change.old != change.new:  # e.g. an empty field on creation
                changes.append(change)
        lines.append(
            HistoryLine(entry, str(VERBS.get(entry.verb, entry.verb)), changes)
        )
    return lines
