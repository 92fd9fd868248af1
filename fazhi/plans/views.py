from __future__ import annotations

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
from fazhi.core.calendar import official_years
from fazhi.core.downloads import download
from fazhi.core.forms import add_service_errors
from fazhi.core.history import history_for
from fazhi.core.models import Role

from . import services, xlsx
from .access import (
    duty_logs_visible_to,
    get_plan_for_user,
    get_task_for_user,
    plans_visible_to,
    tasks_visible_to,
)
from .forms import (
    DutyLogForm,
    ImportForm,
    PlanDocumentsForm,
    PlanForm,
    ProgressForm,
    TaskFilterForm,
    TaskForm,
)
from .models import Task, due_is_provisional
from .queries import TaskFilter, task_rows, tasks_for_list
from .tables import task_rows_html

PAGE_SIZE = 50


# --- Plans ----------------------------------------------------------------------------


@require_GET
@login_required
def plan_list(request):
    if not request.user.has_perm("plans.view_plan"):
        raise Http404
    plans = plans_visible_to(request.user).select_related("meeting_chair")
    return render(request, "plans/plan_list.html", {"plans": plans})


@require_GET
@login_required
def plan_detail(request, pk):
    plan = get_plan_for_user(request.user, pk)
    tasks = list(
        tasks_visible_to(request.user)
        .filter(plan=plan)
        .select_related("department", "owner", "leader")
    )
    years = official_years()
    for task in tasks:
        task.due_provisional = due_is_provisional(
            task.due_date, task.due_base_date, task.due_working_days, years
        )
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "tasks": tasks,
            "attendees": plan.meeting_attendees.all(),
            "attachments": attachments_for(plan),
            "documents_form": PlanDocumentsForm(),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def plan_create(request):
    if not request.user.has_perm("plans.add_plan"):
        raise Http404
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        attendees = data.pop("meeting_attendees")
        try:
            plan = services.do_create_plan(
                actor=request.user, attendees=attendees, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Plan created."))
            return redirect(plan)
    status = 422 if request.method == "POST" else 200
    return render(request, "plans/plan_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def plan_edit(request, pk):
    plan = get_plan_for_user(request.user, pk, action="change")
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        attendees = data.pop("meeting_attendees")
        plan.refresh_from_db()  # the form wrote onto the instance; the service diffs it
        services.do_update_plan(plan, actor=request.user, attendees=attendees, **data)
        messages.success(request, _("Plan saved."))
        return redirect(plan)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "plans/plan_form.html", {"form": form, "plan": plan}, status=status
    )


@require_POST
@login_required
def plan_attach(request, pk):
    plan = get_plan_for_user(request.user, pk, action="change")
    form = PlanDocumentsForm(request.POST, request.FILES)
    if form.is_valid() and form.cleaned_data["files"]:
        services.do_attach_plan_documents(
            plan, actor=request.user, files=form.cleaned_data["files"]
        )
        messages.success(request, _("Documents attached."))
    else:
        for error in form.errors.get("files", []) or [_("Choose a file to attach.")]:
            messages.error(request, error)
    return redirect(plan)


@require_GET
@login_required
def plan_export(request, pk):
    plan = get_plan_for_user(request.user, pk)
    tasks = tasks_visible_to(request.user).filter(plan=plan)
    content = xlsx.export_plan(plan, tasks)
    audit.record_event(actor=request.user, verb="plan.exported", target=plan)
    return download(content, f"plan-{plan.year}.xlsx", f"{plan.title}.xlsx")


@require_GET
@login_required
def import_template(request):
    if not request.user.has_perm("plans.add_task"):
        raise Http404
    return download(xlsx.import_template(), "tasks-template.xlsx")


@require_http_methods(["GET", "POST"])
@login_required
def plan_import(request, pk):
    plan = get_plan_for_user(request.user, pk, action="change")
    if not request.user.has_perm("plans.add_task"):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        result = xlsx.do_import_tasks(
            plan, form.cleaned_data["file"], actor=request.user
        )
        if result.ok:
            messages.success(
                request, _("%(n)d tasks imported.") % {"n": len(result.created)}
            )
            return redirect(plan)
        errors = result.errors
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "plans/plan_import.html",
        {"plan": plan, "form": form, "errors": errors},
        status=status,
    )


# --- Tasks ----------------------------------------------------------------------------


@require_GET
@login_required
def task_list(request):
    if not request.user.has_perm("plans.view_task"):
        raise Http404
    form = TaskFilterForm(request.GET or None)
    flt = TaskFilter()
    if form.is_valid():
        data = form.cleaned_data
        flt = TaskFilter(
            year=data["year"],
            status=data["status"],
            department=data["department"].pk if data["department"] else None,
            category=data["category"],
            due=data["due"],
            q=data["q"].strip(),
            mine=data["mine"],
        )
    today = timezone.localdate()
    # Paginate over ids alone (the count and the offset read an index, no joins), then
    # fetch the 50 rows of the page with their joins.
    ids = tasks_for_list(request.user, flt, today).values_list("pk", flat=True)
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = task_rows(list(page.object_list), today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "plans/task_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "rows_html": task_rows_html(rows),
            "select_fields": [
                form[name] for name in ("status", "department", "category", "due")
            ],
            "query": query.urlencode(),
            "can_add": request.user.has_perm("plans.add_task"),
        },
    )


@require_GET
@login_required
def task_detail(request, pk):
    task = get_task_for_user(request.user, pk)
    updates = task.updates.select_related("author")
    update_files = {}
    for update in updates:
        update_files[update.pk] = list(attachments_for(update))
    user = request.user
    return render(
        request,
        "plans/task_detail.html",
        {
            "task": task,
            "updates": [(u, update_files[u.pk]) for u in updates],
            "duties": task.duty_logs.select_related("leader"),
            "today": timezone.localdate(),
            "due_provisional": due_is_provisional(
                task.due_date,
                task.due_base_date,
                task.due_working_days,
                official_years(),
            ),
            "progress_form": ProgressForm() if task.is_open else None,
            "can_change": user.has_perm("plans.change_task"),
            "can_progress": user.has_perm("plans.record_progress") and task.is_open,
            "history": history_for(task),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def task_create(request, plan_pk):
    plan = get_plan_for_user(request.user, plan_pk)
    if not request.user.has_perm("plans.add_task"):
        raise Http404
    form = TaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            task = services.do_create_task(
                plan, actor=request.user, **form.service_fields()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Task created."))
            return redirect(task)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "plans/task_form.html", {"form": form, "plan": plan}, status=status
    )


@require_http_methods(["GET", "POST"])
@login_required
def task_edit(request, pk):
    task = get_task_for_user(request.user, pk, action="change")
    form = TaskForm(request.POST or None, instance=task)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            task = services.do_update_task(
                task, actor=request.user, reason=form.cleaned_data["reason"], **fields
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Task saved."))
            return redirect(task)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "plans/task_form.html",
        {"form": form, "plan": task.plan, "task": task},
        status=status,
    )


@require_POST
@login_required
def task_progress(request, pk):
    task = get_task_for_user(request.user, pk, action="progress")
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.do_record_progress(
                task,
                actor=request.user,
                date=form.cleaned_data["date"],
                note=form.cleaned_data["note"],
                progress=form.cleaned_data["progress"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Progress recorded."))
            return redirect(task)
    return render(
        request, "plans/task_progress.html", {"task": task, "form": form}, status=422
    )


# --- Duty log -------------------------------------------------------------------------


@require_GET
@login_required
def duty_list(request):
    if not request.user.has_perm("plans.view_dutylog"):
        raise Http404
    entries = duty_logs_visible_to(request.user).select_related("leader", "task")
    year = request.GET.get("year", "")
    if year.isdigit():
        entries = entries.filter(date__year=int(year))
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    # A duty record may name a task of another department: its title shows only to
    # those who may see that task.
    linked = [entry.task_id for entry in page if entry.task_id]
    visible_tasks = set(
        tasks_visible_to(request.user)
        .filter(pk__in=linked)
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "plans/duty_list.html",
        {
            "page": page,
            "visible_tasks": visible_tasks,
            "year": year,
            "can_add": request.user.has_perm("plans.add_dutylog"),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def duty_create(request):
    if not request.user.has_perm("plans.add_dutylog"):
        raise Http404
    initial = {"date": timezone.localdate()}
    if request.user.has_role(Role.LEADER):
        initial["leader"] = request.user
    form = DutyLogForm(
        request.POST or None,
        initial=initial,
        tasks=tasks_visible_to(request.user).filter(status__in=Task.OPEN_STATUSES)
        | tasks_visible_to(request.user).filter(plan__year=timezone.localdate().year),
    )
    if request.method == "POST" and form.is_valid():
        services.do_log_duty(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Duty record saved."))
        return redirect("plans:duty_list")
    status = 422 if request.method == "POST" else 200
    return render(request, "plans/duty_form.html", {"form": form}, status=status)
