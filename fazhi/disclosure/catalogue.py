"""The proactive-disclosure catalogue (主动公开): an item is recorded with the four fields of
art. 12, due 20 working days after it was formed or changed (art. 26), cleared by the
confidentiality review (art. 17) and only then published; a withdrawal gives its reason."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import audit, calendar

from .models import Item


def _today() -> dt.date:
    return timezone.localdate()


def publish_due(formed_on: dt.date) -> calendar.CalendarDate:
    return calendar.add_working_days(formed_on, settings.FAZHI_DISCLOSURE_PUBLISH_DAYS)


def _next_index(year: int) -> str:
    prefix = f"{settings.FAZHI_DISCLOSURE_INDEX_PREFIX}/{year}-"
    last = (
        Item.objects.filter(index_no__startswith=prefix)
        .order_by("-index_no")
        .values_list("index_no", flat=True)
        .first()
    )
    n = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{n:05d}"


@transaction.atomic
def do_record_item(
    *, actor, title, summary, formed_on, category, department, body=""
) -> Item:
    errors = {}
    if not title.strip():
        errors["title"] = [_("Give the name of the information (art. 12).")]
    if not summary.strip():
        errors["summary"] = [_("Summarise its contents (art. 12).")]
    if category not in settings.FAZHI_DISCLOSURE_CATEGORIES:
        errors["category"] = [_("Choose one of the listed options.")]
    if formed_on > _today():
        errors["formed_on"] = [_("The date cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    due = publish_due(formed_on)
    item = Item(
        title=title.strip(),
        summary=summary.strip(),
        formed_on=formed_on,
        category=category,
        department=department,
        body=body.strip(),
        due_on=due,
        due_provisional=due.provisional,
        created_by=actor,
    )
    for attempt in range(5):
        item.index_no = _next_index(formed_on.year)
        try:
            with transaction.atomic():
                item.save()
            break
        except IntegrityError:
            if attempt == 4:
                raise
    audit.record(
        actor=actor,
        verb="disclosure.item_recorded",
        target=item,
        changes={"due_on": [None, str(due)]},
    )
    return item


@transaction.atomic
def do_review_item(
    item: Item, *, actor, reviewed_on: dt.date, publishable: bool, note: str = ""
) -> Item:
    """The confidentiality review before publication (保密审查, art. 17)."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    if item.status not in (Item.Status.DRAFT, Item.Status.HELD):
        raise ValidationError(_("This item has already been cleared or published."))
    if reviewed_on > _today() or reviewed_on < item.formed_on:
        raise ValidationError(
            {"reviewed_on": _("The review falls between forming and today.")}
        )
    if not publishable and not note.strip():
        raise ValidationError(
            {"note": _("Give the reason it is not to be published (arts. 14–16).")}
        )
    item.status = Item.Status.CLEARED if publishable else Item.Status.HELD
    item.reviewed_by, item.reviewed_on, item.review_note = (
        actor,
        reviewed_on,
        note.strip(),
    )
    item.save()
    audit.record(
        actor=actor,
        verb="disclosure.item_reviewed",
        target=item,
        changes={"status": [Item.Status.DRAFT, item.status]},
        reason=note.strip(),
    )
    return item


@transaction.atomic
def do_publish_item(item: Item, *, actor, published_on: dt.date) -> Item:
    item = Item.objects.select_for_update().get(pk=item.pk)
    if item.status != Item.Status.CLEARED:
        raise ValidationError(
            _(
                "Information is published only after its confidentiality review has "
                "cleared it (art. 17)."
            )
        )
    if published_on > _today() or published_on < item.reviewed_on:
        raise ValidationError(
            {"published_on": _("The publication falls between the review and today.")}
        )
    item.status, item.published_on = Item.Status.PUBLISHED, published_on
    item.save(update_fields=["status", "published_on"])
    audit.record(
        actor=actor,
        verb="disclosure.item_published",
        target=item,
        changes={"published_on": [None, str(published_on)], "late": [None, item.late]},
    )
    return item


@transaction.atomic
def do_withdraw_item(item: Item, *, actor, withdrawn_on: dt.date, reason: str) -> Item:
    item = Item.objects.select_for_update().get(pk=item.pk)
    if item.status != Item.Status.PUBLISHED:
        raise ValidationError(_("Only a published item can be withdrawn."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the withdrawal.")})
    if withdrawn_on > _today() or withdrawn_on < item.published_on:
        raise ValidationError(
            {"withdrawn_on": _("The withdrawal falls between publication and today.")}
        )
    item.status, item.withdrawn_on = Item.Status.WITHDRAWN, withdrawn_on
    item.withdraw_reason = reason.strip()
    item.save(update_fields=["status", "withdrawn_on", "withdraw_reason"])
    audit.record(
        actor=actor,
        verb="disclosure.item_withdrawn",
        target=item,
        changes={"status": [Item.Status.PUBLISHED, Item.Status.WITHDRAWN]},
        reason=reason.strip(),
    )
    return item
