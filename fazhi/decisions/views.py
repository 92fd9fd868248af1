from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core.access import sees_all_departments
from fazhi.core.downloads import download
from fazhi.core.forms import add_service_errors, form_step
from fazhi.core.history import history_for
from fazhi.core.models import User
from fazhi.core.periods import year_param

from . import services
from .access import (
    get_matter_for_user,
    get_meeting_for_user,
    matters_visible_to,
    meetings_visible_to,
)
from .forms import (
    FairCompetitionForm,
    MatterForm,
    MeetingForm,
    ProgressForm,
    PublishForm,
    StageForm,
)
from .models import AgendaItem, Catalogue, Matter, Meeting, Opinion, Stage
from .tables import matter_rows_html, stage_rows_html


@require_GET
@login_required
def matter_list(request):
    if not request.user.has_perm("decisions.view_matter"):
        raise Http404
    year = year_param(request)
    category = request.GET.get("category", "")
    matters = matters_visible_to(request.user).filter(registered_on__year=year)
    if category in Matter.Category.values:
        matters = matters.filter(category=category)
    page = Paginator(matters.select_related("department"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "decisions/matter_list.html",
        {
            "page": page,
            "rows": matter_rows_html(page),
            "year": year,
            "category": category,
            "categories": Matter.Category.choices,
            "query": f"year={year}&category={category}",
            "can_add": request.user.has_perm("decisions.add_matter"),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def matter_create(request):
    if not request.user.has_perm("decisions.add_matter"):
        raise Http404
    form = MatterForm(
        request.POST or None, initial={"department": request.user.department_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            matter = services.do_register_matter(
                actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Matter registered."))
            return redirect(matter)
    status = 422 if request.method == "POST" else 200
    return render(request, "decisions/matter_form.html", {"form": form}, status=status)


def _matter_page(request, matter):
    from fazhi.legal.access import reviews_visible_to

    stages = list(matter.stages.all())
    reviews = list(
        reviews_visible_to(request.user)
        .filter(matter=matter)
        .order_by("-opinion_on", "-pk")
    )
    next_stage = next(
        (s for s in stages if not s.done and s.code != Stage.Code.COLLECTIVE), None
    )
    return render(
        request,
        "decisions/matter_detail.html",
        {
            "matter": matter,
            "stages": stages,
            "stage_rows": stage_rows_html(stages),
            "next_stage": next_stage,
            "can_change": request.user.has_perm("decisions.change_matter"),
            "reviews": reviews,
            # An office-wide reader sees all the matter's reviews: the one that clears
            # it is among them, found without another query.
            "cleared_by": services.cleared_by_review(
                matter, among=reviews if sees_all_departments(request.user) else None
            ),
            "needs_review": services.needs_review(matter),
            "items": matter.items.select_related("meeting").prefetch_related(
                "opinions__member"
            ),
            "progress": matter.progress.all(),
            "followed": matter.status in services.FOLLOWED,
            "history": history_for(matter),
        },
    )


@require_GET
@login_required
def matter_detail(request, pk):
    return _matter_page(request, get_matter_for_user(request.user, pk))


@require_http_methods(["GET", "POST"])
@login_required
def stage_complete(request, pk, stage_pk):
    """The form completing one stage, on its own page (the matter's page stays light)."""
    matter = get_matter_for_user(request.user, pk, "change")
    try:
        stage = matter.stages.get(pk=stage_pk)
    except (Stage.DoesNotExist, ValueError):
        raise Http404 from None
    form = StageForm(
        request.POST or None,
        instance=stage,
        initial={"completed_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        completed_on = data.pop("completed_on")
        try:
            services.do_complete_stage(
                stage, actor=request.user, completed_on=completed_on, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Stage completed."))
            return redirect(matter)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "decisions/stage_form.html",
        {"form": form, "matter": matter, "stage": stage},
        status=status,
    )


def _matter_form_page(request, matter, form, do, done, title):
    return form_step(
        request,
        form,
        do,
        done=done,
        then=matter,
        template="decisions/matter_action.html",
        context={"matter": matter, "title": title},
    )


@require_http_methods(["GET", "POST"])
@login_required
def matter_publish(request, pk):
    matter = get_matter_for_user(request.user, pk, "change")
    form = PublishForm(
        request.POST or None, initial={"published_on": timezone.localdate()}
    )
    return _matter_form_page(
        request,
        matter,
        form,
        lambda d: services.do_publish_decision(
            matter,
            actor=request.user,
            published_on=d["published_on"],
            published_where=d["published_where"],
            on_portal=d["on_portal"],
            explanation=d["explanation"],
        ),
        _("Publication recorded."),
        _("Publish the decision"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def matter_fair_competition(request, pk):
    matter = get_matter_for_user(request.user, pk, "change")
    form = FairCompetitionForm(
        request.POST or None, initial={"reviewed_on": timezone.localdate()}
    )
    return _matter_form_page(
        request,
        matter,
        form,
        lambda d: services.do_record_fair_competition_review(
            matter,
            actor=request.user,
            reviewed_on=d["reviewed_on"],
            conclusion=d["conclusion"],
        ),
        _("Fair competition review recorded."),
        _("Record the fair competition review"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def matter_progress(request, pk):
    matter = get_matter_for_user(request.user, pk)
    if not (
        request.user.has_perm("decisions.change_matter")
        or request.user.has_perm("decisions.add_matter")
    ):
        raise Http404
    form = ProgressForm(request.POST or None, initial={"date": timezone.localdate()})
    return _matter_form_page(
        request,
        matter,
        form,
        lambda d: services.do_record_progress(
            matter, actor=request.user, date=d["date"], kind=d["kind"], text=d["text"]
        ),
        _("Report recorded."),
        _("Report on the implementation"),
    )


@require_GET
@login_required
def meeting_list(request):
    if not request.user.has_perm("decisions.view_meeting"):
        raise Http404
    year = year_param(request)
    meetings = meetings_visible_to(request.user).filter(date__year=year)
    page = Paginator(
        meetings.select_related("chair").prefetch_related("items__matter"), 50
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "decisions/meeting_list.html",
        {
            "page": page,
            "query": f"year={year}",
            "year": year,
            "can_add": request.user.has_perm("decisions.add_meeting"),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def meeting_create(request):
    if not request.user.has_perm("decisions.add_meeting"):
        raise Http404
    form = MeetingForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.do_plan_meeting(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Meeting planned."))
            return redirect(meeting)
    status = 422 if request.method == "POST" else 200
    return render(request, "decisions/meeting_form.html", {"form": form}, status=status)


def _meeting_page(request, meeting, *, errors=(), status=200):
    can_change = request.user.has_perm("decisions.change_meeting")
    due = list(meeting.members_due.order_by("department__order", "username"))
    present = set(meeting.present.all())
    chair = meeting.chair
    voters = [m for m in due if m in present and m != chair] + (
        [chair] if chair in present else []
    )
    items = list(
        meeting.items.select_related("matter").prefetch_related("opinions__member")
    )
    on_agenda = {i.matter_id for i in items}
    return render(
        request,
        "decisions/meeting_detail.html",
        {
            "meeting": meeting,
            "due": due,
            "present": present,
            "voters": voters,
            "items": items,
            "errors": errors,
            "can_change": can_change,
            "candidates": Matter.objects.filter(
                status__in=[Matter.Status.REGISTERED, Matter.Status.REJECTED]
            ).exclude(pk__in=on_agenda)
            if can_change and meeting.status == Meeting.Status.PLANNED
            else [],
            "methods": AgendaItem.Method.choices,
            "positions": Opinion.Position.choices,
            "history": history_for(meeting),
        },
        status=status,
    )


@require_GET
@login_required
def meeting_detail(request, pk):
    return _meeting_page(request, get_meeting_for_user(request.user, pk))


def _refused(request, meeting, exc):
    return _meeting_page(request, meeting, errors=exc.messages, status=422)


@require_POST
@login_required
def meeting_agenda(request, pk):
    meeting = get_meeting_for_user(request.user, pk, "change")
    try:
        matter = Matter.objects.get(pk=int(request.POST.get("matter", "")))
        services.do_add_to_agenda(meeting, matter, actor=request.user)
    except (Matter.DoesNotExist, ValueError):
        raise Http404 from None
    except ValidationError as exc:
        return _refused(request, meeting, exc)
    messages.success(request, _("Put on the agenda."))
    return redirect(meeting)


@require_POST
@login_required
def meeting_hold(request, pk):
    meeting = get_meeting_for_user(request.user, pk, "change")
    ids = request.POST.getlist("present")
    present = list(User.objects.filter(pk__in=[i for i in ids if i.isdigit()]))
    if len(present) != len(set(ids)):
        raise Http404
    try:
        services.do_hold_meeting(
            meeting,
            actor=request.user,
            present=present,
            sitting_in=request.POST.get("sitting_in", "")[:300],
            recorder=request.POST.get("recorder", "")[:50],
        )
    except ValidationError as exc:
        return _refused(request, meeting, exc)
    messages.success(request, _("Attendance recorded."))
    return redirect(meeting)


@require_POST
@login_required
def item_vote(request, pk, item_pk):
    meeting = get_meeting_for_user(request.user, pk, "change")
    try:
        item = meeting.items.get(pk=item_pk)
    except (AgendaItem.DoesNotExist, ValueError):
        raise Http404 from None
    people = {str(u.pk): u for u in meeting.members_due.all()}
    recused = [people[i] for i in request.POST.getlist("recused") if i in people]
    opinions = []
    for key in request.POST.getlist("order"):
        if key not in people:
            raise Http404
        position = request.POST.get(f"position_{key}", "")
        if not position:
            continue  # a recused member's row
        if position not in Opinion.Position.values:
            raise Http404
        opinions.append(
            (people[key], position, request.POST.get(f"remark_{key}", "")[:2000])
        )
    try:
        services.do_record_vote(
            item,
            actor=request.user,
            method=request.POST.get("method", ""),
            opinions=opinions,
            recused=recused,
            decision=request.POST.get("decision", "")[:4000],
        )
    except ValidationError as exc:
        return _refused(request, meeting, exc)
    messages.success(request, _("Vote recorded."))
    return redirect(meeting)


@require_GET
@login_required
def dissent(request):
    if not request.user.has_perm("decisions.view_meeting"):
        raise Http404
    rows = services.dissent_by_person()
    if not request.user.has_perm("decisions.change_meeting"):
        rows = rows.filter(item__meeting__in=meetings_visible_to(request.user))
    return render(request, "decisions/dissent.html", {"rows": rows})


@require_GET
@login_required
def meeting_minutes(request, pk):
    from .documents import minutes_docx

    meeting = get_meeting_for_user(request.user, pk)
    return download(
        minutes_docx(meeting), f"minutes-{meeting.pk}.docx", f"{meeting}会议记录.docx"
    )


@require_GET
@login_required
def matter_archive(request, pk):
    """The matter's whole file as a .zip (the officer and office-wide roles)."""
    from fazhi.core import audit

    from .archive import build_archive

    matter = get_matter_for_user(request.user, pk)
    if not request.user.has_perm("decisions.view_meeting"):
        raise Http404
    content = build_archive(matter)
    audit.record_event(
        actor=request.user, verb="decisions.archive_exported", target=matter
    )
    return download(content, f"matter-{matter.pk}.zip", f"{matter.title}-决策档案.zip")


@require_http_methods(["GET", "POST"])
@login_required
def catalogue(request):
    """The year's catalogue of major decisions: its entries, the Party committee's
    agreement and its publication; the officer adds entries, records both."""
    if not request.user.has_perm("decisions.view_matter"):
        raise Http404
    from fazhi.core.models import Department

    year = year_param(request)
    cat = Catalogue.objects.filter(year=year).first()
    errors = []
    if request.method == "POST":
        if not request.user.has_perm("decisions.change_matter"):
            raise Http404
        action = request.POST.get("action", "")
        try:
            if action == "add":
                try:
                    department = Department.objects.get(
                        pk=int(request.POST.get("department", ""))
                    )
                    quarter = request.POST.get("planned_quarter", "")
                    quarter = int(quarter) if quarter else None
                except (Department.DoesNotExist, ValueError):
                    raise ValidationError(
                        _("Choose the department and a quarter from the list.")
                    ) from None
                services.do_add_catalogue_item(
                    actor=request.user,
                    year=year,
                    title=request.POST.get("title", "")[:200],
                    department=department,
                    basis=request.POST.get("basis", "")[:300],
                    planned_quarter=quarter,
                    reason=request.POST.get("reason", "")[:300],
                )
            elif action in ("approve", "publish") and cat is not None:
                day = dt.date.fromisoformat(request.POST.get("date", ""))
                if action == "approve":
                    services.do_approve_catalogue(
                        cat,
                        actor=request.user,
                        approved_on=day,
                        approval_ref=request.POST.get("ref", "")[:100],
                    )
                else:
                    services.do_publish_catalogue(
                        cat,
                        actor=request.user,
                        published_on=day,
                        published_where=request.POST.get("where", "")[:200],
                        on_portal=request.POST.get("on_portal") == "on",
                    )
            else:
                raise Http404
        except ValueError:
            errors = [_("Give the date as 2026-01-31.")]
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Catalogue saved."))
            return redirect(reverse("decisions:catalogue") + f"?year={year}")
    items = cat.items.select_related("department", "matter") if cat is not None else []
    return render(
        request,
        "decisions/catalogue.html",
        {
            "year": year,
            "cat": cat,
            "items": items,
            "errors": errors,
            "departments": Department.objects.all(),
            "can_change": request.user.has_perm("decisions.change_matter"),
        },
        status=422 if errors else 200,
    )
