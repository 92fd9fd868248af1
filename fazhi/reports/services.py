"""The annual report's steps: save a draft version, approve it (a leader), withdraw the
approval before publication, publish. Each in one transaction with its audit entry."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import audit

from . import draft, sources
from .models import Report, ReportVersion

# An approved version keeps the ids of the records behind each figure up to this many;
# beyond it (a city's tickets) the rule and the count are kept, not the ids.
MAX_FROZEN_IDS = 5000
MAX_TEXT = 20000


def clean_texts(texts: dict) -> dict:
    """Only the known slots, as plain text, each within a sane length."""
    out = {}
    for slot in draft.SLOTS:
        value = (texts.get(slot) or "").replace("\r\n", "\n").strip()
        if len(value) > MAX_TEXT:
            raise ValidationError(
                _("A paragraph field may hold at most %(n)d characters.")
                % {"n": MAX_TEXT}
            )
        if value:
            out[slot] = value
    return out


def _frozen(year: int, figures: dict) -> dict:
    """Each figure with the ids of its records (when few enough to keep)."""
    out = {}
    ids_by_source = {}
    for key, fig in figures.items():
        src = fig["source"]
        if src not in ids_by_source:
            ids = None
            if fig["count"] <= MAX_FROZEN_IDS:
                ids = sorted(
                    sources.get(src).records(year).values_list("pk", flat=True)
                )
            ids_by_source[src] = ids
        out[key] = {**fig, "ids": ids_by_source[src]}
    return out


@transaction.atomic
def do_save_version(year: int, *, actor, texts: dict, note: str = "") -> ReportVersion:
    if not actor.has_perm("reports.change_report"):
        raise PermissionDenied
    if not 2000 <= year <= 2100:
        raise ValidationError(_("Choose a year between 2000 and 2100."))
    texts = clean_texts(texts)
    report, _created = Report.objects.select_for_update().get_or_create(year=year)
    if report.status != Report.Status.DRAFT:
        raise ValidationError(
            _(
                "The report is approved; a leader must withdraw the approval before it "
                "can be changed."
            )
        )
    d = draft.generate(year, texts)
    number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ReportVersion.objects.create(
        report=report,
        number=number,
        texts=texts,
        blocks=d.blocks,
        figures=_frozen(year, d.figures),
        note=note[:200],
        created_by=actor,
    )
    old = report.texts
    report.texts = texts
    report.save(update_fields=["texts", "updated_at"])
    audit.record(
        actor=actor,
        verb="reports.version_saved",
        target=report,
        changes={
            "version": [number - 1 or None, number],
            **{
                slot: [old.get(slot, ""), texts.get(slot, "")]
                for slot in draft.SLOTS
                if old.get(slot, "") != texts.get(slot, "")
            },
        },
        reason=note,
    )
    return version


@transaction.atomic
def do_approve(report: Report, *, actor, number: int, on: dt.date | None = None):
    """A leader approves one version — the latest — freezing its text and figures."""
    if not actor.has_perm("reports.approve_report"):
        raise PermissionDenied
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.DRAFT:
        raise ValidationError(_("The report is already approved."))
    latest = report.versions.order_by("-number").first()
    if latest is None:
        raise ValidationError(_("Save a draft version before asking for approval."))
    if latest.number != number:
        raise ValidationError(
            _(
                "A newer version (%(n)d) has been saved since this page was opened; "
                "read it before approving."
            )
            % {"n": latest.number}
        )
    report.status = Report.Status.APPROVED
    report.approved_version = latest
    report.approved_by = actor
    report.approved_on = on or timezone.localdate()
    report.save()
    audit.record(
        actor=actor,
        verb="reports.approved",
        target=report,
        changes={"status": ["draft", "approved"], "version": [None, latest.number]},
    )
    return report


@transaction.atomic
def do_withdraw(report: Report, *, actor, reason: str) -> Report:
    """A leader withdraws the approval (before publication), so the draft can change."""
    if not actor.has_perm("reports.approve_report"):
        raise PermissionDenied
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status == Report.Status.PUBLISHED:
        raise ValidationError(
            _("A published report cannot be withdrawn; publish a corrected report.")
        )
    if report.status != Report.Status.APPROVED:
        raise ValidationError(_("The report is not approved."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for withdrawing the approval."))
    number = report.approved_version.number
    report.status = Report.Status.DRAFT
    report.approved_version = None
    report.approved_by = None
    report.approved_on = None
    report.save()
    audit.record(
        actor=actor,
        verb="reports.approval_withdrawn",
        target=report,
        changes={"status": ["approved", "draft"], "version": [number, None]},
        reason=reason,
    )
    return report


@transaction.atomic
def do_publish(report: Report, *, actor, on: dt.date | None = None) -> Report:
    """Publish the approved version on the portal (督察工作规定 art. 24)."""
    if not actor.has_perm("reports.publish_report"):
        raise PermissionDenied
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status == Report.Status.PUBLISHED:
        raise ValidationError(_("The report is already published."))
    if report.status != Report.Status.APPROVED:
        raise ValidationError(_("Only an approved report can be published."))
    on = on or timezone.localdate()
    if on < report.approved_on:
        raise ValidationError(_("The report cannot be published before its approval."))
    report.status = Report.Status.PUBLISHED
    report.published_on, report.published_by = on, actor
    report.save()
    audit.record(
        actor=actor,
        verb="reports.published",
        target=report,
        changes={"status": ["approved", "published"], "published_on": [None, str(on)]},
    )
    return report


def differences(version: ReportVersion, live: dict | None = None) -> list[dict]:
    """Figures of a frozen version that the ledgers now give differently (`live`: the
    figures of the draft generated now with the version's texts)."""
    if live is None:
        live = draft.generate(version.report.year, version.texts).figures
    out = []
    for key, fig in version.figures.items():
        now = live.get(key)
        if now is None or now["value"] != fig["value"]:
            out.append(
                {
                    "key": key,
                    "source": fig["source"],
                    "label": sources.get(fig["source"]).label,
                    "frozen": fig["value"],
                    "now": now["value"] if now else "—",
                }
            )
    return out
