"""Legal-education activities in the JSON API (/api/v1/outreach/), same services."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from .access import activities_visible_to, get_activity_for_user
from .models import Campaign, Channel
from .services import do_record_activity

router = Router(tags=["outreach"])


class MaterialOut(Schema):
    item: str
    quantity: int


class ActivityOut(Schema):
    id: int
    theme: str
    campaign_id: int | None
    date: dt.date
    place: str
    partners: str
    audience: int
    channels: list[str]
    news_links: list[str]
    summary: str
    materials: list[MaterialOut]

    @staticmethod
    def resolve_news_links(activity) -> list[str]:
        return [
            line.strip() for line in activity.news_links.splitlines() if line.strip()
        ]

    @staticmethod
    def resolve_materials(activity):
        return list(activity.materials.all())


class MaterialIn(Schema):
    item: str = Field(..., min_length=1, max_length=100)
    quantity: int = Field(..., ge=1)


class ActivityIn(Schema):
    theme: str = Field(..., min_length=1, max_length=200)
    campaign_id: int | None = None
    date: dt.date
    place: str = Field(..., min_length=1, max_length=200)
    partners: str = ""
    audience: int = Field(0, ge=0)
    channels: list[Channel] = []
    news_links: list[str] = []
    summary: str = ""
    materials: list[MaterialIn] = []


@router.get("/activities", response=list[ActivityOut])
@paginate(PageNumberPagination, page_size=50)
def list_activities(request, year: int | None = None):
    activities = activities_visible_to(request.user).prefetch_related("materials")
    return activities.filter(date__year=year) if year else activities


@router.get("/activities/{int:activity_id}", response=ActivityOut)
def get_activity(request, activity_id: int):
    return get_activity_for_user(request.user, activity_id)


@router.post("/activities", response={201: ActivityOut})
def record_activity(request, payload: ActivityIn):
    if not request.user.has_perm("outreach.add_activity"):
        raise Http404
    data = payload.dict(exclude={"materials", "campaign_id", "news_links"})
    data["channels"] = [str(c) for c in payload.channels]
    data["news_links"] = "\n".join(payload.news_links)
    if payload.campaign_id is not None:
        data["campaign"] = Campaign.objects.filter(pk=payload.campaign_id).first()
        if data["campaign"] is None:
            raise ValidationError({"campaign_id": "Unknown campaign."})
    activity = do_record_activity(
        actor=request.user,
        materials=[(m.item, m.quantity) for m in payload.materials],
        **data,
    )
    return Status(201, activity)
