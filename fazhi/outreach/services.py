"""Every change to the legal-education ledger: one transaction, one audit entry."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.core import audit
from fazhi.core.attachments import do_attach

from .models import Activity, Campaign, Channel, Material

ACTIVITY_FIELDS = [
    "theme",
    "campaign",
    "date",
    "place",
    "partners",
    "audience",
    "channels",
    "news_links",
    "summary",
]
PHOTO_TYPES = {"jpg", "png"}


def _check(fields: dict, materials) -> None:
    unknown = set(fields.get("channels", [])) - set(Channel.values)
    if unknown:
        raise ValidationError(
            _("Unknown channel: %(c)s.") % {"c": "、".join(sorted(unknown))}
        )
    validate = URLValidator(schemes=["http", "https"])
    for line in (fields.get("news_links") or "").splitlines():
        if line.strip():
            try:
                validate(line.strip())
            except ValidationError:
                raise ValidationError(
                    _("“%(v)s” is not a web address.") % {"v": line.strip()}
                ) from None
    for item, quantity in materials:
        if not item.strip() or quantity < 1:
            raise ValidationError(
                _("Each material needs a name and a quantity of at least 1.")
            )


@transaction.atomic
def do_record_activity(*, actor, materials=(), photos=(), **fields) -> Activity:
    _check(fields, materials)
    activity = Activity(recorded_by=actor, **fields)
    activity.full_clean(exclude=["recorded_by"])
    activity.save()
    Material.objects.bulk_create(
        [Material(activity=activity, item=i.strip(), quantity=q) for i, q in materials]
    )
    for photo in photos:
        if photo.name.rsplit(".", 1)[-1].lower() not in PHOTO_TYPES | {"jpeg"}:
            raise ValidationError(_("Photos must be .jpg or .png files."))
        do_attach(activity, photo, actor=actor, description="photo")
    audit.record(
        actor=actor,
        verb="outreach.activity_recorded",
        target=activity,
        changes=audit.diff({}, audit.snapshot(activity, ACTIVITY_FIELDS))
        | {"materials": [None, [f"{i}×{q}" for i, q in materials]]},
    )
    return activity


@transaction.atomic
def do_plan_campaign(*, actor, **fields) -> Campaign:
    campaign = Campaign(**fields)
    campaign.full_clean()
    campaign.save()
    audit.record(
        actor=actor,
        verb="outreach.campaign_planned",
        target=campaign,
        changes=audit.diff(
            {}, audit.snapshot(campaign, ["year", "name", "key_date", "planned_for"])
        ),
    )
    return campaign
