from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core.attachments import attachments_for
from fazhi.core.forms import add_service_errors
from fazhi.core.periods import year_param

from . import services
from .access import activities_visible_to, get_activity_for_user
from .forms import ActivityForm, CampaignForm
from .models import Campaign
from .queries import figures_for, upcoming


def _can_view(user) -> None:
    if not user.has_perm("outreach.view_activity"):
        raise Http404


@require_GET
@login_required
def activity_list(request):
    _can_view(request.user)
    year = year_param(request)
    activities = (
        activities_visible_to(request.user)
        .filter(date__year=year)
        .select_related("campaign")
        .prefetch_related("materials")
        .order_by("-date", "-pk")
    )
    page = Paginator(activities, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/activity_list.html",
        {
            "page": page,
            "year": year,
            "query": f"year={year}",
            "can_add": request.user.has_perm("outreach.add_activity"),
        },
    )


@require_GET
@login_required
def activity_detail(request, pk):
    activity = get_activity_for_user(request.user, pk)
    return render(
        request,
        "outreach/activity_detail.html",
        {
            "activity": activity,
            "materials": activity.materials.all(),
            "photos": attachments_for(activity),
            "links": [
                line.strip()
                for line in activity.news_links.splitlines()
                if line.strip()
            ],
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def activity_create(request):
    if not request.user.has_perm("outreach.add_activity"):
        raise Http404
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        initial={"date": timezone.localdate()},
    )
    form.fields["campaign"].queryset = Campaign.objects.filter(
        year__gte=timezone.localdate().year - 1
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        materials, photos = data.pop("materials"), data.pop("photos")
        try:
            activity = services.do_record_activity(
                actor=request.user, materials=materials, photos=photos, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Activity recorded."))
            return redirect(activity)
    status = 422 if request.method == "POST" else 200
    return render(request, "outreach/activity_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def plan(request):
    """The key dates ahead and the year's campaigns; the officer adds campaigns."""
    _can_view(request.user)
    year = year_param(request)
    can_add = request.user.has_perm("outreach.add_campaign")
    form = (
        CampaignForm(request.POST or None, initial={"year": year}) if can_add else None
    )
    if request.method == "POST":
        if not can_add:
            raise Http404
        if form.is_valid():
            services.do_plan_campaign(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Campaign added to the plan."))
            return redirect(f"{request.path}?year={form.cleaned_data['year']}")
    campaigns = (
        Campaign.objects.filter(year=year)
        .select_related("key_date")
        .annotate(people=Sum("activities__audience"))
    )
    return render(
        request,
        "outreach/plan.html",
        {
            "year": year,
            "upcoming": upcoming(timezone.localdate()),
            "campaigns": campaigns,
            "form": form,
        },
        status=422 if request.method == "POST" else 200,
    )


@require_GET
@login_required
def figures(request):
    _can_view(request.user)
    year = year_param(request)
    return render(
        request, "outreach/figures.html", {"f": figures_for(year), "year": year}
    )
