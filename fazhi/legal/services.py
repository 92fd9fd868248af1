"""Every change to the counsel register and the review ledger: one transaction, one
audit entry, the rules checked here (not only in the forms)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import audit
from fazhi.core.attachments import do_attach
from fazhi.core.calendar import add_working_days

from .models import Counsel, Review

COUNSEL_FIELDS = [
    "firm",
    "name",
    "licence_no",
    "phone",
    "scope",
    "contract_start",
    "contract_end",
    "filed_on",
    "user",
]
REQUEST_FIELDS = [
    "title",
    "kind",
    "description",
    "department",
    "received_on",
    "working_days",
    "short_reason",
    "due_date",
    "counsel",
    "matter",
]


def _check_counsel(counsel: Counsel) -> None:
    counsel.full_clean(exclude=["recorded_by"])
    if counsel.contract_end < counsel.contract_start:
        raise ValidationError(
            {"contract_end": _("The contract cannot end before it starts.")}
        )


@transaction.atomic
def do_engage_counsel(*, actor, **fields) -> Counsel:
    counsel = Counsel(recorded_by=actor, **fields)
    _check_counsel(counsel)
    counsel.save()
    audit.record(
        actor=actor,
        verb="legal.counsel_engaged",
        target=counsel,
        changes=audit.diff({}, audit.snapshot(counsel, COUNSEL_FIELDS)),
    )
    return counsel


@transaction.atomic
def do_change_counsel(counsel: Counsel, *, actor, **fields) -> Counsel:
    counsel = Counsel.objects.select_for_update().get(pk=counsel.pk)
    before = audit.snapshot(counsel, COUNSEL_FIELDS)
    for name, value in fields.items():
        setattr(counsel, name, value)
    _check_counsel(counsel)
    counsel.save()
    changes = audit.diff(before, audit.snapshot(counsel, COUNSEL_FIELDS))
    if changes:
        audit.record(
            actor=actor, verb="legal.counsel_changed", target=counsel, changes=changes
        )
    return counsel


def minimum_days(kind: str) -> int | None:
    return settings.FAZHI_REVIEW_MINIMUM_DAYS.get(kind)


def default_days(kind: str) -> int:
    return settings.FAZHI_REVIEW_WORKING_DAYS.get(kind, 5)


@transaction.atomic
def do_request_review(*, actor, files=(), today=None, **fields) -> Review:
    """Ask the counsel for a review. The opinion is due `working_days` working days
    after receipt; fewer than the legal minimum for the kind needs a recorded reason."""
    today = today or timezone.localdate()
    fields.setdefault("working_days", default_days(fields.get("kind", "")))
    review = Review(requested_by=actor, due_date=dt.date.min, **fields)
    review.short_reason = review.short_reason.strip()
    review.full_clean(exclude=["requested_by", "due_date"])
    if review.received_on > today:
        raise ValidationError(
            {"received_on": _("The date of receipt cannot be in the future.")}
        )
    least = minimum_days(review.kind)
    if least and review.working_days < least and not review.short_reason:
        raise ValidationError(
            {
                "short_reason": _(
                    "%(kind)s: the reviewer is given at least %(n)d working days "
                    "(%(basis)s); give the reason for fewer."
                )
                % {
                    "kind": review.get_kind_display(),
                    "n": least,
                    "basis": _("重大行政决策程序暂行条例 art. 26")
                    if review.kind == Review.Kind.MAJOR_DECISION
                    else _("the local rule on normative documents"),
                }
            }
        )
    counsel = review.counsel
    if not counsel.in_force(review.received_on):
        raise ValidationError(
            {
                "counsel": _(
                    "%(counsel)s's contract runs from %(start)s to %(end)s; it does not "
                    "cover %(day)s."
                )
                % {
                    "counsel": counsel,
                    "start": counsel.contract_start,
                    "end": counsel.contract_end,
                    "day": review.received_on,
                }
            }
        )
    due = add_working_days(review.received_on, review.working_days)
    review.due_date = dt.date(due.year, due.month, due.day)
    review.due_provisional = due.provisional
    review.save()
    names = [
        do_attach(review, upload, actor=actor, description="request").original_name
        for upload in files
    ]
    audit.record(
        actor=actor,
        verb="legal.review_requested",
        target=review,
        changes=audit.diff({}, audit.snapshot(review, REQUEST_FIELDS))
        | ({"files": [None, names]} if names else {}),
    )
    return review


@transaction.atomic
def do_give_opinion(
    review: Review, *, actor, outcome: str, opinion: str, opinion_on, files=()
) -> Review:
    """The assigned counsel's written opinion: 合法 / 不合法 / 应当予以修改."""
    review = (
        Review.objects.select_for_update().select_related("counsel").get(pk=review.pk)
    )
    if review.counsel.user_id != actor.pk:
        raise ValidationError(
            _("Only the counsel the review is assigned to may answer it.")
        )
    if review.status != Review.Status.REQUESTED:
        raise ValidationError(_("The opinion on this review has already been given."))
    if outcome not in Review.Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    if not opinion.strip():
        raise ValidationError({"opinion": _("Write the opinion.")})
    if opinion_on < review.received_on:
        raise ValidationError(
            {
                "opinion_on": _(
                    "The opinion cannot be dated before the request was received."
                )
            }
        )
    if opinion_on > timezone.localdate():
        raise ValidationError(
            {"opinion_on": _("The opinion cannot be dated in the future.")}
        )
    review.outcome, review.opinion, review.opinion_on = (
        outcome,
        opinion.strip(),
        opinion_on,
    )
    review.opinion_by = actor
    review.status = Review.Status.OPINION
    review.save()
    names = [
        do_attach(review, upload, actor=actor, description="opinion").original_name
        for upload in files
    ]
    audit.record(
        actor=actor,
        verb="legal.opinion_given",
        target=review,
        changes={
            "outcome": [None, outcome],
            "opinion_on": [None, opinion_on.isoformat()],
        }
        | ({"files": [None, names]} if names else {}),
    )
    return review


@transaction.atomic
def do_record_response(
    review: Review, *, actor, response: str, reason: str = "", responded_on=None
) -> Review:
    """What the department did with the opinion; a reason unless it was adopted."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    responded_on = responded_on or timezone.localdate()
    if review.status != Review.Status.OPINION:
        raise ValidationError(
            _("The department answers an opinion once, after it has been given.")
        )
    if response not in Review.Response.values:
        raise ValidationError({"response": _("Choose what was done with the opinion.")})
    if response != Review.Response.ADOPTED and not reason.strip():
        raise ValidationError(
            {"response_reason": _("Give the reason the opinion was not fully adopted.")}
        )
    if responded_on < review.opinion_on:
        raise ValidationError(
            {"responded_on": _("The response cannot come before the opinion.")}
        )
    review.response, review.response_reason = response, reason.strip()
    review.responded_on = responded_on
    review.status = Review.Status.CLOSED
    review.save()
    audit.record(
        actor=actor,
        verb="legal.response_recorded",
        target=review,
        changes={
            "response": [None, response],
            "response_reason": [None, reason.strip()],
        },
    )
    return review
