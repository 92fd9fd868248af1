from __future__ import annotations

import urllib.parse

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core import audit
from fazhi.core.attachments import attachments_for
from fazhi.core.downloads import download
from fazhi.core.forms import add_service_errors
from fazhi.core.history import history_for
from fazhi.core.periods import year_param

from . import services
from .access import (
    get_counsel_for_user,
    get_review_for_user,
    is_counsel,
    reviews_visible_to,
)
from .forms import CounselForm, OpinionForm, ResponseForm, ReviewRequestForm
from .models import Counsel, Review
from .queries import ReviewFilter, figures_for, filtered, overdue_q
from .xlsx import export_reviews


def _filter_from(request) -> ReviewFilter:
    counsel = request.GET.get("counsel", "")
    return ReviewFilter(
        year=year_param(request),
        kind=request.GET.get("kind", ""),
        status=request.GET.get("status", ""),
        counsel=int(counsel) if counsel.isdigit() else None,
        overdue=request.GET.get("overdue") == "1",
    )


@require_GET
@login_required
def review_list(request):
    if not request.user.has_perm("legal.view_review"):
        raise Http404
    today = timezone.localdate()
    flt = _filter_from(request)
    reviews = filtered(reviews_visible_to(request.user), flt, today).select_related(
        "department", "counsel"
    )
    page = Paginator(reviews.order_by("-received_on", "-pk"), 50).get_page(
        request.GET.get("page")
    )
    overdue_ids = set(
        Review.objects.filter(pk__in=[r.pk for r in page])
        .filter(overdue_q(today))
        .values_list("pk", flat=True)
    )
    for r in page:
        r.is_overdue = r.pk in overdue_ids
    query = urllib.parse.urlencode(
        {
            "year": flt.year,
            "kind": flt.kind,
            "status": flt.status,
            "counsel": flt.counsel or "",
            "overdue": "1" if flt.overdue else "",
        }
    )
    return render(
        request,
        "legal/review_list.html",
        {
            "page": page,
            "flt": flt,
            "query": query,
            "kinds": Review.Kind.choices,
            "statuses": Review.Status.choices,
            "counsels": Counsel.objects.all() if not is_counsel(request.user) else [],
            "can_add": request.user.has_perm("legal.add_review")
            and not is_counsel(request.user),
            "can_export": request.user.has_perm("legal.change_review"),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def review_create(request):
    if not request.user.has_perm("legal.add_review") or is_counsel(request.user):
        raise Http404
    today = timezone.localdate()
    initial = {"received_on": today, "department": request.user.department_id}
    if request.GET.get("matter", "").isdigit():
        initial["matter"] = int(request.GET["matter"])
    current = Counsel.objects.filter(
        contract_start__lte=today, contract_end__gte=today
    ).first()
    if current:
        initial["counsel"] = current.pk
    form = ReviewRequestForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        user=request.user,
        today=today,
    )
    if request.method == "POST" and form.is_valid():
        try:
            review = services.do_request_review(
                actor=request.user, **form.service_fields()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Review requested; the opinion is due on %(date)s.")
                % {"date": review.due_date.isoformat()},
            )
            return redirect(review)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "legal/review_form.html",
        {"form": form, "defaults": services.default_days, "kinds": Review.Kind},
        status=status,
    )


def _detail(request, review, *, opinion_form=None, response_form=None, status=200):
    user = request.user
    today = timezone.localdate()
    can_answer = (
        review.status == Review.Status.REQUESTED
        and user.has_perm("legal.give_opinion")
        and review.counsel.user_id == user.pk
    )
    can_respond = (
        review.status == Review.Status.OPINION
        and user.has_perm("legal.add_review")
        and not is_counsel(user)
    )
    return render(
        request,
        "legal/review_detail.html",
        {
            "review": review,
            "files": attachments_for(review),
            "history": history_for(review),
            "is_overdue": Review.objects.filter(pk=review.pk)
            .filter(overdue_q(today))
            .exists(),
            "opinion_form": opinion_form
            or (OpinionForm(initial={"opinion_on": today}) if can_answer else None),
            "response_form": response_form or (ResponseForm() if can_respond else None),
        },
        status=status,
    )


@require_GET
@login_required
def review_detail(request, pk):
    return _detail(request, get_review_for_user(request.user, pk))


@require_POST
@login_required
def review_opinion(request, pk):
    review = get_review_for_user(request.user, pk, "opinion")
    form = OpinionForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.do_give_opinion(
                review,
                actor=request.user,
                outcome=data["outcome"],
                opinion=data["opinion"],
                opinion_on=data["opinion_on"],
                files=data["files"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Opinion given."))
            return redirect(review)
    return _detail(request, review, opinion_form=form, status=422)


@require_POST
@login_required
def review_respond(request, pk):
    review = get_review_for_user(request.user, pk, "respond")
    form = ResponseForm(request.POST)
    if form.is_valid():
        try:
            services.do_record_response(
                review,
                actor=request.user,
                response=form.cleaned_data["response"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Response recorded."))
            return redirect(review)
    return _detail(request, review, response_form=form, status=422)


@require_GET
@login_required
def review_export(request):
    if not request.user.has_perm("legal.change_review"):
        raise Http404
    flt = _filter_from(request)
    today = timezone.localdate()
    reviews = filtered(reviews_visible_to(request.user), flt, today).select_related(
        "department", "counsel", "requested_by"
    )
    audit.record_event(
        actor=request.user, verb="legal.ledger_exported", reason=str(flt.year)
    )
    return download(
        export_reviews(reviews.order_by("received_on", "pk"), today),
        f"reviews-{flt.year}.xlsx",
        f"{flt.year}年法律审核台账.xlsx",
    )


@require_GET
@login_required
def figures(request):
    if not request.user.has_perm("legal.view_counsel"):
        raise Http404
    year = year_param(request)
    f = figures_for(year, timezone.localdate())
    return render(
        request,
        "legal/figures.html",
        {
            "f": f,
            "year": year,
            "kinds": [(label, f.by_kind.get(v, 0)) for v, label in Review.Kind.choices],
            "outcomes": [
                (label, f.by_outcome.get(v, 0)) for v, label in Review.Outcome.choices
            ],
            "responses": [
                (label, f.by_response.get(v, 0)) for v, label in Review.Response.choices
            ],
        },
    )


@require_GET
@login_required
def counsel_list(request):
    if not request.user.has_perm("legal.view_counsel"):
        raise Http404
    today = timezone.localdate()
    counsels = list(Counsel.objects.select_related("user"))
    for c in counsels:
        c.current = c.in_force(today)
        c.days_left = (c.contract_end - today).days
    return render(
        request,
        "legal/counsel_list.html",
        {
            "counsels": counsels,
            "can_add": request.user.has_perm("legal.add_counsel"),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def counsel_create(request):
    if not request.user.has_perm("legal.add_counsel"):
        raise Http404
    form = CounselForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_engage_counsel(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Counsel engagement recorded."))
            return redirect("legal:counsel_list")
    status = 422 if request.method == "POST" else 200
    return render(request, "legal/counsel_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def counsel_edit(request, pk):
    counsel = get_counsel_for_user(request.user, pk)
    form = CounselForm(request.POST or None, instance=counsel)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_change_counsel(counsel, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Counsel engagement saved."))
            return redirect("legal:counsel_list")
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "legal/counsel_form.html",
        {"form": form, "counsel": counsel, "history": history_for(counsel)},
        status=status,
    )


@require_GET
@login_required
def counsel_filing_form(request, pk):
    from .documents import filing_form_docx

    counsel = get_counsel_for_user(request.user, pk)
    return download(
        filing_form_docx(counsel),
        f"filing-{counsel.pk}.docx",
        f"党政机关聘任法律顾问备案登记表-{counsel.name}.docx",
    )
