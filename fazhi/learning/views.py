from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core import audit
from fazhi.core.attachments import attachments_for
from fazhi.core.downloads import download
from fazhi.core.forms import add_service_errors
from fazhi.core.history import history_for
from fazhi.core.periods import year_param

from . import services
from .access import get_person_for_user, get_session_for_user, sessions_visible_to
from .forms import SessionForm
from .models import StudySession
from .queries import (
    compliance_at,
    exam_figures_for,
    figures_for,
    person_exams,
    person_record,
)
from .tables import behind_rows_html, person_rows_html
from .xlsx import export_person


@require_GET
@login_required
def session_list(request):
    if not request.user.has_perm("learning.view_studysession"):
        raise Http404
    year = year_param(request)
    kind = request.GET.get("kind", "")
    sessions = sessions_visible_to(request.user).filter(date__year=year)
    if kind in StudySession.Kind.values:
        sessions = sessions.filter(kind=kind)
    sessions = sessions.annotate(
        present=Count("attendance", filter=Q(attendance__attended=True))
    ).order_by("-date", "-pk")
    page = Paginator(sessions.prefetch_related("laws"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "learning/session_list.html",
        {
            "page": page,
            "year": year,
            "kind": kind,
            "kinds": StudySession.Kind.choices,
            "query": f"year={year}&kind={kind}",
            "can_add": request.user.has_perm("learning.add_studysession"),
        },
    )


@require_GET
@login_required
def session_detail(request, pk):
    session = get_session_for_user(request.user, pk)
    marks = session.attendance.select_related("person__department").order_by(
        "-attended", "person__username"
    )
    return render(
        request,
        "learning/session_detail.html",
        {
            "session": session,
            "marks": marks,
            "laws": session.laws.all(),
            "files": attachments_for(session),
            "history": history_for(session),
            "can_change": request.user.has_perm("learning.change_studysession"),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def session_create(request):
    if not request.user.has_perm("learning.add_studysession"):
        raise Http404
    form = SessionForm(
        request.POST or None,
        request.FILES or None,
        initial={"date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = services.do_record_session(
                actor=request.user, **form.service_fields()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Study session recorded."))
            return redirect(session)
    status = 422 if request.method == "POST" else 200
    return render(request, "learning/session_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def session_edit(request, pk):
    session = get_session_for_user(request.user, pk, action="change")
    form = SessionForm(request.POST or None, request.FILES or None, instance=session)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            session = services.do_update_session(session, actor=request.user, **fields)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Study session saved."))
            return redirect(session)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "learning/session_form.html",
        {"form": form, "session": session},
        status=status,
    )


@require_GET
@login_required
def compliance(request):
    if not request.user.has_perm("learning.view_studysession"):
        raise Http404
    today = timezone.localdate()
    try:
        day = (
            dt.date.fromisoformat(request.GET.get("date", ""))
            if request.GET.get("date")
            else today
        )
    except ValueError:
        day = today
    if not 2000 <= day.year <= 2100:
        day = today
    c = compliance_at(day)
    return render(
        request,
        "learning/compliance.html",
        {"c": c, "behind_rows": behind_rows_html(c), "today": today},
    )


@require_GET
@login_required
def figures(request):
    if not request.user.has_perm("learning.view_studysession"):
        raise Http404
    year = year_param(request)
    f = figures_for(year)
    kinds = [
        (label, f.by_kind.get(value, 0)) for value, label in StudySession.Kind.choices
    ]
    return render(
        request,
        "learning/figures.html",
        {"f": f, "e": exam_figures_for(year), "kinds": kinds, "year": year},
    )


@require_GET
@login_required
def person(request, pk):
    someone = get_person_for_user(request.user, pk)
    year = year_param(request)
    rows, hours = person_record(someone, year)
    return render(
        request,
        "learning/person.html",
        {
            "someone": someone,
            "rows": rows,
            "session_rows": person_rows_html(rows),
            "hours": hours,
            "year": year,
            "exams": person_exams(someone, year),
        },
    )


@require_GET
@login_required
def person_export(request, pk):
    someone = get_person_for_user(request.user, pk)
    year = year_param(request)
    rows, hours = person_record(someone, year)
    content = export_person(someone, year, rows, hours, person_exams(someone, year))
    audit.record_event(
        actor=request.user,
        verb="study.record_exported",
        target=someone,
        reason=str(year),
    )
    return download(
        content, f"study-{someone.pk}-{year}.xlsx", f"{someone}-{year}年学法档案.xlsx"
    )


@require_GET
@login_required
def my_record(request):
    return redirect("learning:person", pk=request.user.pk)
