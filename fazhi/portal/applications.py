"""Applying for information on the portal and following the case with its query code.
A citizen sees only the cases whose code they gave in this session; never anyone else's."""

from __future__ import annotations

import datetime as dt
import hmac

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fazhi.core import throttle
from fazhi.core.attachments import do_attach, validate_upload
from fazhi.core.downloads import download
from fazhi.core.middleware import client_ip
from fazhi.core.querycodes import hash_code
from fazhi.disclosure import deadlines, services
from fazhi.disclosure.models import Application

from .forms import ApplyForm, TrackForm

SESSION_KEY = "portal_cases"
HOUR = dt.timedelta(hours=1)


def _too_many(request, scope, limit) -> bool:
    return not throttle.allow(scope, client_ip(request), limit, HOUR)


@require_http_methods(["GET", "POST"])
def apply(request):
    form = ApplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if _too_many(request, "portal.apply", settings.FAZHI_PORTAL_APPLY_PER_HOUR):
            form.add_error(
                None,
                _(
                    "Too many applications from this address; please try again in an hour."
                ),
            )
            return render(request, "portal/apply.html", {"form": form}, status=429)
        data = form.cleaned_data
        upload = data.pop("identity_file")
        try:
            if upload is None:
                raise ValidationError(
                    {
                        "identity_file": _(
                            "Attach a copy of the identity document (art. 29)."
                        )
                    }
                )
            validate_upload(upload)
            with transaction.atomic():
                app, code = services.do_register_application(
                    actor=None,
                    actor_name=_("applicant (portal)"),
                    channel=Application.Channel.ONLINE,
                    submitted_on=timezone.localdate(),
                    **data,
                )
                do_attach(app, upload, actor=None, description=_("identity document"))
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            request.session.setdefault(SESSION_KEY, [])
            request.session[SESSION_KEY] = request.session[SESSION_KEY] + [app.pk]
            return render(
                request, "portal/applied.html", {"app": app, "code": code}, status=201
            )
    status = 422 if request.method == "POST" else 200
    return render(request, "portal/apply.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def track(request):
    form = TrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _too_many(request, "portal.track", settings.FAZHI_PORTAL_TRACK_PER_HOUR):
            form.add_error(
                None, _("Too many look-ups from this address; try again later.")
            )
            return render(request, "portal/track.html", {"form": form}, status=429)
        number = form.cleaned_data["number"].strip()
        app = Application.objects.filter(number=number).first()
        expected = hash_code(number, form.cleaned_data["code"])
        if app is None or not hmac.compare_digest(app.query_code_hash, expected):
            form.add_error(None, _("No application has this number and query code."))
        else:
            cases = request.session.get(SESSION_KEY, [])
            if app.pk not in cases:
                request.session[SESSION_KEY] = cases + [app.pk]
            return redirect("portal:case", pk=app.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "portal/track.html", {"form": form}, status=status)


def _case_for(request, pk) -> Application:
    if pk not in request.session.get(SESSION_KEY, []):
        raise Http404
    return Application.objects.get(pk=pk)


@require_http_methods(["GET"])
def case(request, pk):
    app = _case_for(request, pk)
    deadline = deadlines.compute(app)
    return render(request, "portal/case.html", {"app": app, "deadline": deadline})


@require_POST
def confirm(request, pk):
    app = _case_for(request, pk)
    services.do_applicant_confirms(app, on=timezone.localdate())
    messages.success(request, _("Thank you: the date of receipt is confirmed."))
    return redirect("portal:case", pk=pk)


@require_http_methods(["GET"])
def letter(request, pk):
    from fazhi.disclosure.documents import reply_letter_docx

    app = _case_for(request, pk)
    if not app.outcome:
        raise Http404
    return download(
        reply_letter_docx(app),
        f"reply-{app.number}.docx",
        f"政府信息公开申请答复书（{app.number}）.docx",
    )
