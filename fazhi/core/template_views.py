"""The office's Word templates: download the one in use, edit it in Word, upload it back;
or return to the built-in one. Each change is audited; a bad upload is refused whole."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import doctemplates
from .downloads import download
from .models import DocumentTemplate

PERM = "core.change_documenttemplate"


def _kind_for(user, code):
    if not user.has_perm(PERM):
        raise Http404
    try:
        return doctemplates.get_kind(code)
    except KeyError:
        raise Http404 from None


@require_GET
@login_required
def template_list(request):
    if not request.user.has_perm(PERM):
        raise Http404
    rows = []
    for kind in doctemplates.kinds():
        versions = list(
            DocumentTemplate.objects.filter(code=kind.code)
            .select_related("uploaded_by")
            .defer("content")
            .order_by("-pk")[:10]
        )
        current = versions[0] if versions and versions[0].sha256 else None
        rows.append({"kind": kind, "current": current, "versions": versions})
    syntax = {"field": "{{ 字段 }}", "paragraph": "{%p … %}", "row": "{%tr … %}"}
    return render(request, "core/templates.html", {"rows": rows, "syntax": syntax})


@require_GET
@login_required
def template_download(request, code):
    kind = _kind_for(request.user, code)
    built_in = request.GET.get("built_in") == "1"
    content = (
        kind.build_default() if built_in else doctemplates.template_bytes(kind.code)
    )
    slug = kind.code.replace(".", "-")
    return download(content, f"{slug}-template.docx", f"{kind.label()}.docx")


@require_POST
@login_required
def template_upload(request, code):
    kind = _kind_for(request.user, code)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationError(_("Choose the .docx file to upload."))
        doctemplates.do_upload_template(
            kind.code,
            upload,
            actor=request.user,
            note=request.POST.get("note", ""),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The new template is in use."))
    return redirect("core:templates")


@require_POST
@login_required
def template_restore(request, code):
    kind = _kind_for(request.user, code)
    try:
        doctemplates.do_restore_default(
            kind.code, actor=request.user, note=request.POST.get("note", "")
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The built-in template is in use again."))
    return redirect("core:templates")
