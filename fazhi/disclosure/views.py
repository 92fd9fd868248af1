"""The disclosure office's pages: the applications, the due-soon list, one case with its
deadline computed in words and the next steps it allows, the reply letter."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core import calendar
from fazhi.core.access import mask_id
from fazhi.core.attachments import attachments_for
from fazhi.core.downloads import download
from fazhi.core.forms import add_service_errors, dated_initial, form_step
from fazhi.core.history import history_for

from . import deadlines, services
from .access import applications_visible_to, get_application_for_user
from .forms import (
    AcceptForm,
    AnswerForm,
    ArchiveForm,
    ConfirmForm,
    ConsultForm,
    CorrectionForm,
    CorrectionRequestForm,
    ExtendForm,
    FeeForm,
    PaymentForm,
    RegisterForm,
    ReplyForm,
)
from .models import Application

A = Application


def due_soon_cutoff(today):
    return calendar.add_working_days(today, settings.FAZHI_DISCLOSURE_DUE_SOON_DAYS)


@require_GET
@login_required
def application_list(request):
    if not request.user.has_perm("disclosure.view_application"):
        raise Http404
    today = timezone.localdate()
    apps = applications_visible_to(request.user).select_related("department")
    status = request.GET.get("status", "")
    due = request.GET.get("due", "")
    q = request.GET.get("q", "").strip()[:50]
    if status in A.Status.values:
        apps = apps.filter(status=status)
    if due == "overdue":
        apps = apps.filter(status__in=A.OPEN_STATUSES, due_on__lt=today).order_by(
            "due_on", "pk"
        )
    elif due == "soon":
        apps = apps.filter(
            status__in=A.OPEN_STATUSES,
            due_on__gte=today,
            due_on__lte=due_soon_cutoff(today),
        ).order_by("due_on", "pk")
    else:
        due = ""
    if q:
        apps = apps.filter(Q(number__icontains=q) | Q(description__icontains=q))
    page = Paginator(apps, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "disclosure/application_list.html",
        {
            "page": page,
            "today": today,
            "status": status,
            "due": due,
            "q": q,
            "statuses": A.Status.choices,
            "query": f"status={status}&due={due}&q={q}",
            "can_add": request.user.has_perm("disclosure.add_application"),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def application_create(request):
    if not request.user.has_perm("disclosure.add_application"):
        raise Http404
    form = RegisterForm(
        request.POST or None,
        initial={"submitted_on": timezone.localdate(), "channel": "in_person"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            app, code = services.do_register_application(
                actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Application %(number)s registered. Its query code is %(code)s: "
                    "give it to the applicant; it is not shown again."
                )
                % {"number": app.number, "code": code},
            )
            return redirect(app)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "disclosure/application_form.html", {"form": form}, status=status
    )


# The steps of a case: form, what it does, its button, and when it is offered.
ACTIONS = {
    "confirm": (
        ConfirmForm,
        lambda app, d, user: services.do_confirm_receipt(
            app, actor=user, confirmed_on=d["confirmed_on"]
        ),
        gettext_lazy("Confirm receipt"),
        lambda app, user: app.received_on is None,
    ),
    "correction": (
        CorrectionRequestForm,
        lambda app, d, user: services.do_request_correction(
            app,
            actor=user,
            requested_on=d["requested_on"],
            items=d["items"],
            correction_due=d["correction_due"],
        ),
        gettext_lazy("Ask for a correction"),
        lambda app, user: (
            app.status == A.Status.REVIEWING and not app.correction_requested_on
        ),
    ),
    "corrected": (
        CorrectionForm,
        lambda app, d, user: services.do_record_correction(
            app, actor=user, corrected_on=d["corrected_on"]
        ),
        gettext_lazy("Record the correction"),
        lambda app, user: app.awaiting_correction,
    ),
    "accept": (
        AcceptForm,
        lambda app, d, user: services.do_accept(app, actor=user),
        gettext_lazy("Review done: handle it"),
        lambda app, user: (
            app.status == A.Status.REVIEWING and not app.awaiting_correction
        ),
    ),
    "consult": (
        ConsultForm,
        lambda app, d, user: services.do_consult(
            app, actor=user, kind=d["kind"], party=d["party"], sent_on=d["sent_on"]
        ),
        gettext_lazy("Consult a third party"),
        lambda app, user: app.status == A.Status.HANDLING,
    ),
    "answer": (
        AnswerForm,
        lambda app, d, user: services.do_record_answer(
            d["consultation"],
            actor=user,
            replied_on=d["replied_on"],
            agrees=d["agrees"],
            opinion=d["opinion"],
        ),
        gettext_lazy("Record an answer"),
        lambda app, user: app.consultations.filter(replied_on__isnull=True).exists(),
    ),
    "extend": (
        ExtendForm,
        lambda app, d, user: services.do_extend(
            app,
            actor=user,
            days=d["days"],
            reason=d["reason"],
            approved_on=d["approved_on"],
            notice_on=d["notice_on"],
        ),
        gettext_lazy("Extend (head's approval)"),
        lambda app, user: app.status == A.Status.HANDLING and not app.extension_days,
    ),
    "fee": (
        FeeForm,
        lambda app, d, user: services.do_notify_fee(
            app,
            actor=user,
            method=d["method"],
            units=d["units"],
            notice_on=d["notice_on"],
            pay_by=d["pay_by"],
        ),
        gettext_lazy("Send a fee notice"),
        lambda app, user: app.status == A.Status.HANDLING and not app.fee_notice_on,
    ),
    "paid": (
        PaymentForm,
        lambda app, d, user: services.do_record_payment(
            app, actor=user, paid_on=d["paid_on"]
        ),
        gettext_lazy("Record the payment"),
        lambda app, user: bool(app.fee_notice_on) and not app.fee_paid_on,
    ),
    "reply": (
        ReplyForm,
        lambda app, d, user: services.do_reply(
            app,
            actor=user,
            outcome=d["outcome"],
            replied_on=d["replied_on"],
            reason=d["reason"],
            reply_text=d["reply_text"],
        ),
        gettext_lazy("Reply"),
        lambda app, user: app.status in (A.Status.REVIEWING, A.Status.HANDLING),
    ),
    "archive": (
        ArchiveForm,
        lambda app, d, user: services.do_archive(
            app, actor=user, archived_on=d["archived_on"]
        ),
        gettext_lazy("Archive"),
        lambda app, user: app.status == A.Status.REPLIED,
    ),
}


def _actions_for(app, user) -> list[tuple[str, str]]:
    keeper = user.has_perm("disclosure.change_application")
    head = user.has_perm("disclosure.approve_extension")
    return [
        (code, label)
        for code, (_form, _do, label, offered) in ACTIONS.items()
        if (keeper or (head and code == "extend")) and offered(app, user)
    ]


@require_GET
@login_required
def application_detail(request, pk):
    app = get_application_for_user(request.user, pk)
    consultations = list(app.consultations.all())
    deadline = deadlines.compute(app, consultations)
    keeper = request.user.has_perm("disclosure.add_application")
    return render(
        request,
        "disclosure/application_detail.html",
        {
            "app": app,
            "deadline": deadline,
            "consultations": consultations,
            "actions": _actions_for(app, request.user),
            "id_number": app.id_number if keeper else mask_id(app.id_number),
            # The identity copy is personal data: the disclosure office's to open.
            "files": attachments_for(app) if keeper else [],
            "history": history_for(app),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def application_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    app = get_application_for_user(
        request.user, pk, "extend" if action == "extend" else "change"
    )
    form_class, do, label, offered = ACTIONS[action]
    data = request.POST if request.method == "POST" else None
    form = form_class(data, initial=dated_initial(form_class), application=app)
    return form_step(
        request,
        form,
        lambda d: do(app, d, request.user),
        done=_("Saved."),
        then=app,
        template="disclosure/application_action.html",
        context={"app": app, "title": label, "offered": offered(app, request.user)},
    )


@require_GET
@login_required
def reply_letter(request, pk):
    from .documents import reply_letter_docx

    app = get_application_for_user(request.user, pk)
    if not app.outcome:
        raise Http404
    return download(
        reply_letter_docx(app),
        f"reply-{app.number}.docx",
        f"政府信息公开申请答复书（{app.number}）.docx",
    )
