"""Exam pages: the question bank, exams and their results, sitting an exam, reviewing
it, and results of exams held elsewhere."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core.downloads import download
from fazhi.core.forms import add_service_errors
from fazhi.core.history import history_for
from fazhi.core.periods import year_param
from fazhi.plans.forms import ImportForm

from . import exams as services
from . import xlsx
from .access import (
    exams_visible_to,
    get_attempt_for_user,
    get_exam_for_user,
    get_question_for_user,
)
from .forms import ExamForm, QuestionForm
from .models import Attempt, Exam, ExternalResult, Law, Question
from .queries import exam_results, staff_for_hours

# --- Question bank ----------------------------------------------------------------------


@require_GET
@login_required
def question_list(request):
    if not request.user.has_perm("learning.view_question"):
        raise Http404
    questions = Question.objects.select_related("law")
    kind, law, state = (
        request.GET.get("kind", ""),
        request.GET.get("law", ""),
        request.GET.get("state", "active"),
    )
    if kind in Question.Kind.values:
        questions = questions.filter(kind=kind)
    if law.isdigit():
        questions = questions.filter(law_id=int(law))
    if state == "active":
        questions = questions.filter(active=True)
    elif state == "retired":
        questions = questions.filter(active=False)
    counts = (
        Question.objects.filter(active=True)
        .values("law__name", "kind")
        .annotate(n=Count("pk"))
        .order_by("law__order", "law__name", "kind")
    )
    page = Paginator(questions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "learning/question_list.html",
        {
            "page": page,
            "kinds": Question.Kind.choices,
            "laws": Law.objects.all(),
            "kind": kind,
            "law": law,
            "state": state,
            "query": f"kind={kind}&law={law}&state={state}",
            "counts": counts,
            "can_add": request.user.has_perm("learning.add_question"),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def question_create(request):
    if not request.user.has_perm("learning.add_question"):
        raise Http404
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_add_question(actor=request.user, **form.service_fields())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Question added to the bank."))
            if "another" in request.POST:
                return redirect("learning:question_create")
            return redirect("learning:question_list")
    status = 422 if request.method == "POST" else 200
    return render(request, "learning/question_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def question_edit(request, pk):
    question = get_question_for_user(request.user, pk)
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_change_question(
                question, actor=request.user, **form.service_fields()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Question saved."))
            return redirect("learning:question_list")
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "learning/question_form.html",
        {
            "form": form,
            "question": question,
            "in_use": services.question_in_use(question),
            "history": history_for(question),
        },
        status=status,
    )


def _import_page(request, *, perm, title, help_text, template_url, do_import, done):
    if not request.user.has_perm(perm):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        result = do_import(form.cleaned_data["file"], actor=request.user)
        if result.ok:
            messages.success(request, done % {"n": len(result.created)})
            return None
        errors = result.errors
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "learning/import.html",
        {
            "form": form,
            "errors": errors,
            "title": title,
            "help_text": help_text,
            "template_url": template_url,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def question_import(request):
    page = _import_page(
        request,
        perm="learning.add_question",
        title=_("Import questions"),
        help_text=_(
            "One question per row. Required columns: 题型 (单选题, 多选题 or 判断题), "
            "题目, 答案 (letters such as A or ACD; 正确 or 错误 for 判断题), 法律法规 "
            "(a law in the catalogue) and 条款. Options go in 选项A, 选项B … 选项H; "
            "解析 is optional."
        ),
        template_url="learning:question_template",
        do_import=xlsx.do_import_questions,
        done=_("%(n)d questions imported."),
    )
    return page or redirect("learning:question_list")


@require_GET
@login_required
def question_template(request):
    if not request.user.has_perm("learning.add_question"):
        raise Http404
    return download(xlsx.question_template(), "questions-template.xlsx")


# --- Exams ------------------------------------------------------------------------------


@require_GET
@login_required
def exam_list(request):
    user = request.user
    manager = user.has_perm("learning.view_exam")
    exams = exams_visible_to(user)
    if manager:
        # Subqueries, not joins: 200 candidates times 200 sittings per exam would
        # multiply the rows the database counts.
        def count(queryset):
            return Subquery(
                queryset.filter(exam=OuterRef("pk"))
                .order_by()
                .values("exam")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            )

        exams = exams.annotate(
            n_candidates=Coalesce(count(Exam.candidates.through.objects), 0),
            n_sat=Coalesce(
                count(Attempt.objects.filter(submitted_at__isnull=False)), 0
            ),
        )
    mine = {
        a.exam_id: a
        for a in Attempt.objects.filter(person=user).only(
            "exam_id", "submitted_at", "score", "total", "passed", "deadline"
        )
    }
    candidate_of = set(
        Exam.candidates.through.objects.filter(user=user).values_list(
            "exam_id", flat=True
        )
    )
    page = Paginator(exams.order_by("-opens_at", "-pk"), 30).get_page(
        request.GET.get("page")
    )
    for exam in page:
        exam.mine = mine.get(exam.pk)
        exam.is_candidate = exam.pk in candidate_of
    return render(
        request,
        "learning/exam_list.html",
        {
            "page": page,
            "manager": manager,
            "now": timezone.now(),
            "can_add": user.has_perm("learning.add_exam"),
        },
    )


def _exam_form_page(request, exam=None):
    initial = {}
    if exam is None:
        now = timezone.localtime().replace(second=0, microsecond=0)
        initial = {
            "opens_at": now,
            "closes_at": now + dt.timedelta(days=7),
            "minutes": 60,
            "pass_percent": services.pass_mark(),
            "mode": Exam.Mode.FIXED,
            "candidates": list(staff_for_hours()),
        }
    form = ExamForm(request.POST or None, instance=exam, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            if exam is None:
                exam = services.do_create_exam(actor=request.user, **fields)
            else:
                exam = services.do_change_exam(exam, actor=request.user, **fields)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Exam saved."))
            return redirect(exam)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "learning/exam_form.html",
        {
            "form": form,
            "exam": exam,
            "kinds": Question.Kind.choices,
            "laws": form.laws,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def exam_create(request):
    if not request.user.has_perm("learning.add_exam"):
        raise Http404
    return _exam_form_page(request)


@require_http_methods(["GET", "POST"])
@login_required
def exam_edit(request, pk):
    return _exam_form_page(request, get_exam_for_user(request.user, pk, "change"))


@require_GET
@login_required
def exam_detail(request, pk):
    exam = get_exam_for_user(request.user, pk)
    manager = request.user.has_perm("learning.view_exam")
    context = {
        "exam": exam,
        "manager": manager,
        "now": timezone.now(),
        "mine": Attempt.objects.filter(exam=exam, person=request.user).first(),
        "is_candidate": exam.candidates.filter(pk=request.user.pk).exists(),
        "can_change": request.user.has_perm("learning.change_exam"),
    }
    if manager:
        services.close_overdue(exam)
        rows, departments = exam_results(exam)
        laws = {law.pk: law for law in Law.objects.all()}
        context |= {
            "rows": rows,
            "departments": departments,
            "rules": [
                {
                    **line,
                    "kind_label": Question.Kind(line["kind"]).label,
                    "law_name": laws.get(line["law"], _("any law")),
                }
                for line in exam.rules
            ],
            "paper": exam.paper.select_related("question__law"),
            "history": history_for(exam),
        }
    return render(request, "learning/exam_detail.html", context)


@require_POST
@login_required
def exam_publish(request, pk):
    exam = get_exam_for_user(request.user, pk, "change")
    try:
        services.do_publish_exam(exam, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("Exam published: candidates can now sit it."))
    return redirect(exam)


@require_GET
@login_required
def exam_export(request, pk):
    exam = get_exam_for_user(request.user, pk)
    if not request.user.has_perm("learning.view_exam"):
        raise Http404
    services.close_overdue(exam)
    rows, departments = exam_results(exam)
    return download(
        xlsx.export_results(exam, rows, departments), f"exam-{exam.pk}.xlsx"
    )


# --- Sitting an exam ----------------------------------------------------------------------


@require_POST
@login_required
def exam_start(request, pk):
    exam = get_exam_for_user(request.user, pk)
    try:
        attempt = services.do_start_attempt(exam, person=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(exam)
    return redirect(attempt)


@never_cache  # the back button must ask the server again, never show an old paper
@require_GET
@login_required
def attempt(request, pk):
    sitting = get_attempt_for_user(request.user, pk, "answer")
    sitting = services.close_if_overdue(sitting)
    if sitting.submitted_at is not None:
        return redirect("learning:attempt_review", pk=sitting.pk)
    answers = sitting.answers.select_related("question__law").order_by("order")
    remaining = max(0, int((sitting.deadline - timezone.now()).total_seconds()))
    return render(
        request,
        "learning/attempt.html",
        {
            "attempt": sitting,
            "answers": answers,
            "remaining": remaining,
            "remaining_text": f"{remaining // 60:02d}:{remaining % 60:02d}",
            "answered": sum(1 for a in answers if a.response),
        },
    )


@require_POST
@login_required
def attempt_answer(request, pk):
    """Keep one answer as it is chosen (the page calls this on every change)."""
    sitting = get_attempt_for_user(request.user, pk, "answer")
    try:
        order = int(request.POST.get("order", ""))
        services.do_save_answer(
            sitting,
            order=order,
            response="".join(request.POST.getlist("response")),
        )
    except ValueError:
        return JsonResponse({"ok": False, "error": _("Bad request.")}, status=400)
    except ValidationError as exc:
        return JsonResponse({"ok": False, "error": "；".join(exc.messages)}, status=409)
    return JsonResponse({"ok": True})


def _posted_responses(request) -> dict[int, str]:
    responses = {}
    for key in request.POST:
        if key.startswith("q-") and key[2:].isdigit():
            responses[int(key[2:])] = "".join(request.POST.getlist(key))
    return responses


@require_POST
@login_required
def attempt_submit(request, pk):
    sitting = get_attempt_for_user(request.user, pk, "answer")
    try:
        sitting = services.do_submit_attempt(
            sitting, responses=_posted_responses(request), actor=request.user
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("learning:attempt_review", pk=sitting.pk)
    if getattr(sitting, "late_answers_refused", False):
        messages.warning(
            request,
            _(
                "Time was up before your paper arrived: it was scored with the answers "
                "saved by the deadline; the later changes were not accepted."
            ),
        )
    else:
        messages.success(request, _("Your paper has been handed in."))
    return redirect("learning:attempt_review", pk=sitting.pk)


@require_GET
@login_required
def attempt_review(request, pk):
    sitting = get_attempt_for_user(request.user, pk)
    sitting = services.close_if_overdue(sitting)
    if sitting.submitted_at is None:
        if sitting.person_id == request.user.pk:
            return redirect(sitting)
        raise Http404
    answers = list(sitting.answers.select_related("question__law").order_by("order"))
    # The correct answers stay hidden from the candidates until the exam closes, so
    # nobody hands them to a colleague who has not sat yet; the reader of results and
    # the article to study are shown at once.
    reveal = timezone.now() >= sitting.exam.closes_at or (
        sitting.person_id != request.user.pk
        and request.user.has_perm("learning.view_exam")
    )
    wrong = [a for a in answers if not a.correct]
    return render(
        request,
        "learning/attempt_review.html",
        {
            "attempt": sitting,
            "wrong": wrong,
            "right": len(answers) - len(wrong),
            "count": len(answers),
            "reveal": reveal,
        },
    )


# --- Results of exams held elsewhere --------------------------------------------------------


@require_GET
@login_required
def external_list(request):
    if not request.user.has_perm("learning.view_externalresult"):
        raise Http404
    year = year_param(request)
    results = ExternalResult.objects.filter(taken_on__year=year).select_related(
        "person__department"
    )
    summary = (
        results.values("exam_name")
        .annotate(n=Count("pk"), passed=Count("pk", filter=Q(passed=True)))
        .order_by("exam_name")
    )
    page = Paginator(
        results.order_by("exam_name", "person__department__order", "person__username"),
        100,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "learning/external_list.html",
        {
            "page": page,
            "year": year,
            "summary": summary,
            "query": f"year={year}",
            "can_add": request.user.has_perm("learning.add_externalresult"),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def external_import(request):
    page = _import_page(
        request,
        perm="learning.add_externalresult",
        title=_("Import results of an external exam"),
        help_text=_(
            "One person per row, as the city's online exam exports them. Required "
            "columns: 姓名, 考试名称, 考试日期 and 成绩; 科室 tells apart two people of "
            "the same name; 是否合格 (合格 or 不合格) is optional — without it a score "
            "at or above the pass mark passes. A result already recorded for the same "
            "exam and person is replaced."
        ),
        template_url="learning:external_template",
        do_import=xlsx.do_import_results,
        done=_("%(n)d results imported."),
    )
    return page or redirect("learning:external_list")


@require_GET
@login_required
def external_template(request):
    if not request.user.has_perm("learning.add_externalresult"):
        raise Http404
    return download(xlsx.result_template(), "exam-results-template.xlsx")
