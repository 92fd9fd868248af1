"""Every change to an application, as one transaction with its audit entry. Each rule of
the 政府信息公开条例 is checked here, refused with the article named, and nothing is saved
when it is refused (DESIGN §4)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import audit
from fazhi.core.querycodes import hash_code, new_code

from . import deadlines, fees
from .models import ApplicantType, Application, Consultation, Outcome

A = Application


def _today() -> dt.date:
    return timezone.localdate()


def _not_future(day: dt.date, field: str) -> None:
    if day > _today():
        raise ValidationError({field: _("The date cannot be in the future.")})


def _refresh_due(app: Application) -> None:
    deadline = deadlines.compute(app)
    app.due_on, app.due_provisional = deadline.due, deadline.provisional


def _lock(app: Application) -> Application:
    return Application.objects.select_for_update().get(pk=app.pk)


def _next_number(year: int) -> str:
    last = (
        Application.objects.filter(number__startswith=f"{year}-")
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    n = int(last.split("-")[1]) + 1 if last else 1
    return f"{year}-{n:04d}"


REQUIRED = {
    # art. 29: who (name, identity, contact), what, and in which form.
    "name": lambda: _("Give the applicant's name (art. 29)."),
    "id_type": lambda: _("Give the kind of identity document (art. 29)."),
    "id_number": lambda: _("Give the identity document's number (art. 29)."),
    "description": lambda: _(
        "Describe the information: its name, document number or what identifies it "
        "(art. 29)."
    ),
}


@transaction.atomic
def do_register_application(
    *,
    actor,
    channel: str,
    applicant_type: str,
    name: str,
    id_type: str,
    id_number: str,
    description: str,
    form: str,
    delivery: str,
    submitted_on: dt.date,
    phone: str = "",
    email: str = "",
    address: str = "",
    contact_person: str = "",
    department=None,
    actor_name: str = "",
) -> tuple[Application, str]:
    """Register an application from any channel; returns it and its query code, which
    is shown once (only its hash is kept)."""
    values = {
        "name": name.strip(),
        "id_type": id_type.strip(),
        "id_number": id_number.strip(),
        "description": description.strip(),
    }
    errors = {f: [REQUIRED[f]()] for f, v in values.items() if not v}
    if not (phone.strip() or email.strip() or address.strip()):
        errors["phone"] = [_("Give at least one way to reach the applicant (art. 29).")]
    for field, value, choices in (
        ("channel", channel, A.Channel),
        ("applicant_type", applicant_type, ApplicantType),
        ("form", form, A.Form),
        ("delivery", delivery, A.Delivery),
    ):
        if value not in choices.values:
            errors[field] = [_("Choose one of the listed options.")]
    if submitted_on > _today():
        errors["submitted_on"] = [_("The date cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    confirmed = channel not in A.CONFIRMED_CHANNELS
    app = Application(
        channel=channel,
        applicant_type=applicant_type,
        form=form,
        delivery=delivery,
        submitted_on=submitted_on,
        received_on=submitted_on if confirmed else None,
        status=A.Status.REVIEWING if confirmed else A.Status.REGISTERED,
        phone=phone.strip(),
        email=email.strip(),
        address=address.strip(),
        contact_person=contact_person.strip(),
        department=department,
        registered_by=actor if getattr(actor, "is_authenticated", False) else None,
        **values,
    )
    code = new_code()
    _refresh_due(app)
    for attempt in range(5):
        app.number = _next_number(submitted_on.year)
        app.query_code_hash = hash_code(app.number, code)
        try:
            with transaction.atomic():
                app.save()
            break
        except IntegrityError:  # another registration took the number
            if attempt == 4:
                raise
    audit.record(
        actor=actor,
        actor_name=actor_name,
        verb="disclosure.registered",
        target=app,
        changes={
            "channel": [None, channel],
            "submitted_on": [None, str(submitted_on)],
            "received_on": [None, str(app.received_on) if app.received_on else None],
        },
    )
    return app, code


@transaction.atomic
def do_confirm_receipt(
    app: Application, *, actor, confirmed_on: dt.date
) -> Application:
    """Letters, online and fax applications: the day of confirmation is the date of
    receipt (art. 31), and the applicant sees it."""
    app = _lock(app)
    if app.received_on is not None:
        raise ValidationError(_("The receipt of this application is already fixed."))
    _not_future(confirmed_on, "confirmed_on")
    if confirmed_on < app.submitted_on:
        raise ValidationError(
            {
                "confirmed_on": _(
                    "Receipt cannot be confirmed before the application arrived."
                )
            }
        )
    app.confirmed_on = app.received_on = confirmed_on
    app.status = A.Status.REVIEWING
    _refresh_due(app)
    app.save()
    audit.record(
        actor=actor,
        verb="disclosure.receipt_confirmed",
        target=app,
        changes={"received_on": [None, str(confirmed_on)]},
    )
    return app


@transaction.atomic
def do_applicant_confirms(app: Application, *, on: dt.date) -> Application:
    """The applicant's side of the confirmation, from the portal (art. 31)."""
    app = _lock(app)
    if app.confirmed_on is None or app.applicant_confirmed_on:
        return app
    app.applicant_confirmed_on = on
    app.save(update_fields=["applicant_confirmed_on"])
    audit.record(
        actor=None,
        actor_name=_("applicant (portal)"),
        verb="disclosure.applicant_confirmed",
        target=app,
        changes={"applicant_confirmed_on": [None, str(on)]},
    )
    return app


def _received(app: Application) -> None:
    if app.received_on is None:
        raise ValidationError(
            _(
                "This application has no date of receipt yet: confirm its receipt first "
                "(art. 31)."
            )
        )


@transaction.atomic
def do_request_correction(
    app: Application,
    *,
    actor,
    requested_on: dt.date,
    items: str,
    correction_due: dt.date | None = None,
) -> Application:
    """Ask once for a correction, within 7 working days of receipt (art. 30)."""
    app = _lock(app)
    _received(app)
    if app.status != A.Status.REVIEWING:
        raise ValidationError(
            _("A correction is asked for while the application is reviewed.")
        )
    if app.correction_requested_on:
        raise ValidationError(
            _(
                "A correction is asked for once, with everything in it (一次性告知, art. 30)."
            )
        )
    _not_future(requested_on, "requested_on")
    if requested_on < app.received_on:
        raise ValidationError(
            {"requested_on": _("A correction cannot be asked for before receipt.")}
        )
    last = deadlines.correction_notice_due(app.received_on)
    if requested_on > last:
        raise ValidationError(
            {
                "requested_on": _(
                    "A correction must be asked for within %(days)d working days of "
                    "receipt, by %(last)s (art. 30)."
                )
                % {
                    "days": settings.FAZHI_DISCLOSURE_CORRECTION_NOTICE_DAYS,
                    "last": last.isoformat(),
                }
            }
        )
    if not items.strip():
        raise ValidationError(
            {"items": _("Say what the applicant must correct (art. 30).")}
        )
    due = correction_due or deadlines.add_days(
        requested_on, settings.FAZHI_DISCLOSURE_CORRECTION_PERIOD_DAYS
    )
    if due <= requested_on:
        raise ValidationError(
            {
                "correction_due": _(
                    "Give the applicant a reasonable time to correct (art. 30)."
                )
            }
        )
    app.correction_requested_on, app.correction_items = requested_on, items.strip()
    app.correction_due = due
    _refresh_due(app)
    app.save()
    audit.record(
        actor=actor,
        verb="disclosure.correction_requested",
        target=app,
        changes={"correction_due": [None, str(due)]},
        reason=items.strip(),
    )
    return app


@transaction.atomic
def do_record_correction(
    app: Application, *, actor, corrected_on: dt.date
) -> Application:
    """The corrected application arrived: the 20 working days start again (art. 30)."""
    app = _lock(app)
    if not app.awaiting_correction:
        raise ValidationError(_("No correction is awaited on this application."))
    _not_future(corrected_on, "corrected_on")
    if corrected_on < app.correction_requested_on:
        raise ValidationError(
            {"corrected_on": _("The correction cannot come before it was asked for.")}
        )
    if corrected_on > app.correction_due:
        raise ValidationError(
            {
                "corrected_on": _(
                    "The time to correct ended on %(due)s: the application counts as "
                    "abandoned (art. 30); reply with “not corrected in time”, or register "
                    "the corrected one as a new application."
                )
                % {"due": app.correction_due.isoformat()}
            }
        )
    app.corrected_on = corrected_on
    _refresh_due(app)
    app.save()
    audit.record(
        actor=actor,
        verb="disclosure.corrected",
        target=app,
        changes={
            "corrected_on": [None, str(corrected_on)],
            "due_on": [None, str(app.due_on)],
        },
    )
    return app


@transaction.atomic
def do_accept(app: Application, *, actor) -> Application:
    """Review done (审核): the application goes to be handled (办理, art. 45)."""
    app = _lock(app)
    _received(app)
    if app.status != A.Status.REVIEWING:
        raise ValidationError(_("Only an application under review can be accepted."))
    if app.awaiting_correction:
        raise ValidationError(
            _("The applicant has until %(due)s to correct (art. 30).")
            % {"due": app.correction_due.isoformat()}
        )
    app.status = A.Status.HANDLING
    app.save(update_fields=["status"])
    audit.record(
        actor=actor,
        verb="disclosure.accepted",
        target=app,
        changes={"status": [A.Status.REVIEWING, A.Status.HANDLING]},
    )
    return app


def _start(app: Application) -> dt.date:
    return app.corrected_on or app.received_on


@transaction.atomic
def do_consult(
    app: Application, *, actor, kind: str, party: str, sent_on: dt.date
) -> Consultation:
    """Consult a third party (art. 32) or a co-producer (art. 34) in writing; the clock
    pauses while they have their 15 working days (art. 33 ¶3)."""
    app = _lock(app)
    if app.status != A.Status.HANDLING:
        raise ValidationError(
            _("Consultations are sent while the application is handled.")
        )
    if kind not in Consultation.Kind.values:
        raise ValidationError({"kind": _("Choose one of the listed options.")})
    if not party.strip():
        raise ValidationError({"party": _("Name the party consulted.")})
    _not_future(sent_on, "sent_on")
    if sent_on < _start(app):
        raise ValidationError(
            {"sent_on": _("It cannot be sent before the application arrived.")}
        )
    if app.due_on and sent_on > app.due_on:
        raise ValidationError(
            {
                "sent_on": _(
                    "The reply was due on %(due)s; a consultation sent after it does not "
                    "stop the clock (art. 33)."
                )
                % {"due": app.due_on.isoformat()}
            }
        )
    consultation = Consultation.objects.create(
        application=app, kind=kind, party=party.strip(), sent_on=sent_on
    )
    _refresh_due(app)
    app.save(update_fields=["due_on", "due_provisional"])
    audit.record(
        actor=actor,
        verb="disclosure.consulted",
        target=app,
        changes={"consulted": [None, f"{party.strip()} {sent_on}"]},
    )
    return consultation


@transaction.atomic
def do_record_answer(
    consultation: Consultation, *, actor, replied_on: dt.date, agrees, opinion: str = ""
) -> Consultation:
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    app = _lock(consultation.application)
    if consultation.replied_on:
        raise ValidationError(_("The answer is already recorded."))
    _not_future(replied_on, "replied_on")
    if replied_on < consultation.sent_on:
        raise ValidationError(
            {"replied_on": _("The answer cannot come before the letter.")}
        )
    consultation.replied_on, consultation.agrees = replied_on, agrees
    consultation.opinion = opinion.strip()
    consultation.save()
    _refresh_due(app)
    app.save(update_fields=["due_on", "due_provisional"])
    audit.record(
        actor=actor,
        verb="disclosure.consultation_answered",
        target=app,
        changes={"answer": [None, f"{consultation.party} {replied_on} {agrees}"]},
    )
    return consultation


@transaction.atomic
def do_extend(
    app: Application,
    *,
    actor,
    days: int,
    reason: str,
    approved_on: dt.date,
    notice_on: dt.date,
) -> Application:
    """Extend once, by at most 20 working days, with the approval of the head of the
    disclosure office and a notice to the applicant before the deadline (art. 33 ¶2)."""
    app = _lock(app)
    if not actor.has_perm("disclosure.approve_extension"):
        raise ValidationError(
            _(
                "An extension needs the approval of the head of the disclosure office "
                "(art. 33 ¶2); ask them to approve it."
            )
        )
    if app.status != A.Status.HANDLING:
        raise ValidationError(_("Only an application being handled can be extended."))
    if app.extension_days:
        raise ValidationError(
            _("This application has already been extended (art. 33 ¶2).")
        )
    limit = settings.FAZHI_DISCLOSURE_MAX_EXTENSION_DAYS
    if not 1 <= days <= limit:
        raise ValidationError(
            {
                "days": _(
                    "An extension is at most %(limit)d working days (art. 33 ¶2)."
                )
                % {"limit": limit}
            }
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    _not_future(approved_on, "approved_on")
    _not_future(notice_on, "notice_on")
    if app.due_on and approved_on > app.due_on:
        raise ValidationError(
            {
                "approved_on": _(
                    "The reply was due on %(due)s: an extension is approved before the "
                    "deadline (art. 33 ¶2)."
                )
                % {"due": app.due_on.isoformat()}
            }
        )
    if notice_on < approved_on or (app.due_on and notice_on > app.due_on):
        raise ValidationError(
            {
                "notice_on": _(
                    "The applicant is told of the extension after its approval and "
                    "before the deadline (art. 33 ¶2)."
                )
            }
        )
    before = app.due_on
    app.extension_days, app.extension_reason = days, reason.strip()
    app.extension_approved_by, app.extension_approved_on = actor, approved_on
    app.extension_notice_on = notice_on
    _refresh_due(app)
    app.save()
    audit.record(
        actor=actor,
        verb="disclosure.extended",
        target=app,
        changes={"due_on": [str(before), str(app.due_on)], "days": [0, days]},
        reason=reason.strip(),
    )
    return app


def earlier_units(app: Application, method: str) -> int:
    """What the applicant already had this natural month (109号 art. 4): applications
    for the per-item fee, pages charged for the per-page fee."""
    day = app.received_on or app.submitted_on
    same = Application.objects.filter(
        id_number=app.id_number,
        received_on__year=day.year,
        received_on__month=day.month,
    ).exclude(pk=app.pk)
    if method == A.FeeMethod.PER_ITEM:
        return (
            same.filter(received_on__lt=day).count()
            + same.filter(received_on=day, pk__lt=app.pk).count()
        )
    return same.filter(fee_method=method).aggregate(n=Sum("fee_units"))["n"] or 0


@transaction.atomic
def do_notify_fee(
    app: Application,
    *,
    actor,
    method: str,
    units: int,
    notice_on: dt.date,
    pay_by: dt.date,
) -> Application:
    app = _lock(app)
    if app.status != A.Status.HANDLING:
        raise ValidationError(_("A fee is charged while the application is handled."))
    if app.fee_notice_on:
        raise ValidationError(_("A fee notice was already sent for this application."))
    if method not in A.FeeMethod.values:
        raise ValidationError(
            {"method": _("Choose per item or per page (109号 art. 3).")}
        )
    if units < 1:
        raise ValidationError({"units": _("Give the number of items or pages.")})
    _not_future(notice_on, "notice_on")
    if pay_by <= notice_on:
        raise ValidationError({"pay_by": _("Give the applicant time to pay.")})
    earlier = earlier_units(app, method)
    amount = fees.fee(method, units, earlier)
    if not amount:
        raise ValidationError(
            _(
                "No fee is due: with %(earlier)d earlier this month the applicant is "
                "within the free allowance (国办函〔2020〕109号 art. 4)."
            )
            % {"earlier": earlier}
        )
    app.fee_method, app.fee_units, app.fee_amount = method, units, amount
    app.fee_notice_on, app.fee_due_on = notice_on, pay_by
    app.save()
    audit.record(
        actor=actor,
        verb="disclosure.fee_notified",
        target=app,
        changes={
            "fee": [None, f"{amount}"],
            "units": [None, units],
            "earlier": [None, earlier],
        },
    )
    return app


@transaction.atomic
def do_record_payment(app: Application, *, actor, paid_on: dt.date) -> Application:
    app = _lock(app)
    if not app.fee_notice_on or app.fee_paid_on:
        raise ValidationError(_("No fee is awaited on this application."))
    _not_future(paid_on, "paid_on")
    if paid_on < app.fee_notice_on:
        raise ValidationError({"paid_on": _("It cannot be paid before the notice.")})
    app.fee_paid_on = paid_on
    app.save(update_fields=["fee_paid_on"])
    audit.record(
        actor=actor,
        verb="disclosure.fee_paid",
        target=app,
        changes={"fee_paid_on": [None, str(paid_on)]},
    )
    return app


def _fits(app: Application, outcome: str, replied_on: dt.date) -> str | None:
    """Why `outcome` does not fit the case, or None when it does."""
    if app.awaiting_correction:
        if outcome != Outcome.NO_CORRECTION:
            return _(
                "The applicant was asked to correct by %(due)s and has not: the only "
                "reply is “not corrected in time”, after that date (art. 30)."
            ) % {"due": app.correction_due.isoformat()}
        if replied_on <= app.correction_due:
            return _("The applicant has until %(due)s to correct (art. 30).") % {
                "due": app.correction_due.isoformat()
            }
        return None
    if outcome == Outcome.NO_CORRECTION:
        return _(
            "“Not corrected in time” needs a correction asked for and not made (art. 30)."
        )
    if outcome == Outcome.UNCLEAR and not app.corrected_on:
        return _(
            "“Still unclear after correction” needs a correction asked for and made "
            "(art. 30)."
        )
    if outcome == Outcome.UNPAID:
        if not app.fee_notice_on or app.fee_paid_on:
            return _("“Fee not paid” needs a fee notice that was not paid (109号).")
        if replied_on <= app.fee_due_on:
            return _("The applicant has until %(due)s to pay.") % {
                "due": app.fee_due_on.isoformat()
            }
    elif (
        app.fee_notice_on
        and not app.fee_paid_on
        and outcome
        in (
            Outcome.DISCLOSED,
            Outcome.PARTIAL,
        )
    ):
        return _("The fee notified on %(date)s is not paid yet.") % {
            "date": app.fee_notice_on.isoformat()
        }
    return None


@transaction.atomic
def do_reply(
    app: Application,
    *,
    actor,
    outcome: str,
    replied_on: dt.date,
    reason: str = "",
    reply_text: str = "",
) -> Application:
    """Answer the application (arts. 36–39); the outcome is its row in the annual
    report. Every outcome but disclosure carries its reason."""
    app = _lock(app)
    if app.status in (A.Status.REPLIED, A.Status.ARCHIVED):
        raise ValidationError(_("This application has already been answered."))
    _received(app)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose how the application is answered.")})
    _not_future(replied_on, "replied_on")
    if replied_on < app.received_on:
        raise ValidationError(
            {
                "replied_on": _(
                    "A reply cannot come before the application was received "
                    "(%(date)s, art. 31)."
                )
                % {"date": app.received_on.isoformat()}
            }
        )
    if app.corrected_on and replied_on < app.corrected_on:
        raise ValidationError(
            {"replied_on": _("A reply cannot come before the corrected application.")}
        )
    problem = _fits(app, outcome, replied_on)
    if problem:
        raise ValidationError({"outcome": problem})
    if outcome != Outcome.DISCLOSED and not reason.strip():
        raise ValidationError(
            {"reason": _("Give the reason: the applicant is told why (arts. 36–39).")}
        )
    app.outcome, app.outcome_reason = outcome, reason.strip()
    app.reply_text, app.replied_on = reply_text.strip(), replied_on
    app.replied_late = bool(app.due_on and replied_on > app.due_on)
    app.status = A.Status.REPLIED
    app.save()
    audit.record(
        actor=actor,
        verb="disclosure.replied",
        target=app,
        changes={
            "outcome": [None, outcome],
            "replied_on": [None, str(replied_on)],
            "late": [None, app.replied_late],
        },
        reason=reason.strip(),
    )
    return app


@transaction.atomic
def do_archive(app: Application, *, actor, archived_on: dt.date) -> Application:
    app = _lock(app)
    if app.status != A.Status.REPLIED:
        raise ValidationError(_("Only an answered application is archived (art. 45)."))
    _not_future(archived_on, "archived_on")
    if archived_on < app.replied_on:
        raise ValidationError({"archived_on": _("It is archived after the reply.")})
    app.status, app.archived_on = A.Status.ARCHIVED, archived_on
    app.save(update_fields=["status", "archived_on"])
    audit.record(
        actor=actor,
        verb="disclosure.archived",
        target=app,
        changes={"status": [A.Status.REPLIED, A.Status.ARCHIVED]},
    )
    return app
