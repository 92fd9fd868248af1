"""Legality reviews in the JSON API (/api/v1/legal/), through the same services."""

import datetime as dt

from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from fazhi.core.models import Department

from .access import get_review_for_user, is_counsel, reviews_visible_to
from .models import Counsel, Review
from .services import do_request_review

router = Router(tags=["legal"])


class ReviewOut(Schema):
    id: int
    title: str
    kind: Review.Kind
    description: str
    department_id: int
    counsel_id: int
    received_on: dt.date
    working_days: int
    short_reason: str
    due_date: dt.date
    due_provisional: bool
    status: Review.Status
    outcome: str
    opinion: str
    opinion_on: dt.date | None
    response: str
    response_reason: str
    responded_on: dt.date | None


class ReviewIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    kind: Review.Kind
    description: str = ""
    department_id: int
    counsel_id: int
    received_on: dt.date
    working_days: int | None = Field(None, ge=1, le=60)
    short_reason: str = ""


@router.get("/reviews", response=list[ReviewOut])
@paginate(PageNumberPagination, page_size=50)
def list_reviews(request, year: int | None = None, status: str | None = None):
    reviews = reviews_visible_to(request.user)
    if year:
        reviews = reviews.filter(received_on__year=year)
    if status:
        reviews = reviews.filter(status=status)
    return reviews.order_by("-received_on", "-pk")


@router.get("/reviews/{int:review_id}", response=ReviewOut)
def get_review(request, review_id: int):
    return get_review_for_user(request.user, review_id)


@router.post("/reviews", response={201: ReviewOut})
def request_review(request, payload: ReviewIn):
    user = request.user
    if not user.has_perm("legal.add_review") or is_counsel(user):
        raise Http404
    try:
        department = Department.objects.get(pk=payload.department_id)
        counsel = Counsel.objects.get(pk=payload.counsel_id)
    except (Department.DoesNotExist, Counsel.DoesNotExist):
        raise Http404 from None
    if not user.has_perm("legal.change_review") and department.pk != user.department_id:
        raise Http404
    data = payload.dict(exclude={"department_id", "counsel_id", "working_days"})
    if payload.working_days is not None:
        data["working_days"] = payload.working_days
    review = do_request_review(
        actor=user, department=department, counsel=counsel, **data
    )
    return Status(201, review)
