"""Every change to the study ledger: one transaction, one audit entry."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.core import audit
from fazhi.core.attachments import do_attach

from .models import Attendance, StudySession

SESSION_FIELDS = [
    "date",
    "kind",
    "title",
    "hours",
    "speaker",
    "speaker_kind",
    "place",
    "online",
    "summary",
    "laws",
]


def _check_attendance(attended, absent: dict) -> None:
    both = {p.pk for p in attended} & {p.pk for p in absent}
    if both:
        raise ValidationError(_("A person cannot both attend and be absent."))
    missing = [str(p) for p, reason in absent.items() if not (reason or "").strip()]
    if missing:
        raise ValidationError(
            _("Give the reason for each absence: %(names)s.")
            % {"names": "、".join(missing)}
        )
    inactive = [str(p) for p in [*attended, *absent] if not p.is_active]
    if inactive:
        raise ValidationError(
            _("These people are not active staff: %(names)s.")
            % {"names": "、".join(inactive)}
        )


def _attendance_text(session: StudySession) -> list[str]:
    return [
        f"{a.person}{'' if a.attended else '（缺席：' + a.absence_reason + '）'}"
        for a in session.attendance.select_related("person").order_by(
            "person__username"
        )
    ]


PHOTO_TYPES = ("jpg", "jpeg", "png")


def _attach(session: StudySession, files, actor) -> list[str]:
    """Keep the session's materials and photos (each checked by content on upload)."""
    names = []
    for upload in files:
        kind = upload.name.rsplit(".", 1)[-1].lower()
        do_attach(
            session,
            upload,
            actor=actor,
            description="photo" if kind in PHOTO_TYPES else "material",
        )
        names.append(upload.name)
    return names


def _save_attendance(session: StudySession, attended, absent: dict) -> None:
    session.attendance.all().delete()
    Attendance.objects.bulk_create(
        [Attendance(session=session, person=p, attended=True) for p in attended]
        + [
            Attendance(
                session=session, person=p, attended=False, absence_reason=r.strip()
            )
            for p, r in absent.items()
        ]
    )


@transaction.atomic
def do_record_session(
    *, actor, laws=(), attended=(), absent=None, files=(), **fields
) -> StudySession:
    absent = absent or {}
    _check_attendance(attended, absent)
    session = StudySession(recorded_by=actor, **fields)
    session.full_clean(exclude=["recorded_by"])
    session.save()
    session.laws.set(laws)
    _save_attendance(session, attended, absent)
    changes = audit.diff({}, audit.snapshot(session, SESSION_FIELDS))
    changes["attendance"] = [None, _attendance_text(session)]
    if files:
        changes["files"] = [None, _attach(session, files, actor)]
    audit.record(actor=actor, verb="study.recorded", target=session, changes=changes)
    return session


@transaction.atomic
def do_update_session(
    session: StudySession,
    *,
    actor,
    laws=None,
    attended=None,
    absent=None,
    files=(),
    reason="",
    **fields,
) -> StudySession:
    session = StudySession.objects.select_for_update().get(pk=session.pk)
    before = audit.snapshot(session, SESSION_FIELDS)
    before_attendance = _attendance_text(session)
    for name, value in fields.items():
        setattr(session, name, value)
    session.full_clean(exclude=["recorded_by"])
    session.save()
    if laws is not None:
        session.laws.set(laws)
    if attended is not None or absent is not None:
        attended, absent = attended or [], absent or {}
        _check_attendance(attended, absent)
        _save_attendance(session, attended, absent)
    changes = audit.diff(before, audit.snapshot(session, SESSION_FIELDS))
    after_attendance = _attendance_text(session)
    if after_attendance != before_attendance:
        changes["attendance"] = [before_attendance, after_attendance]
    if files:
        changes["files"] = [None, _attach(session, files, actor)]
    if changes:
        audit.record(
            actor=actor,
            verb="study.changed",
            target=session,
            changes=changes,
            reason=reason,
        )
    return session
