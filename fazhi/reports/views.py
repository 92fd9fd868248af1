"""The annual report's pages: the draft with every figure linked to its records, the
staff's paragraphs, versions, approval, publication, and the .docx / .pdf."""

from __future__ import annotations

import hashlib
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import ForeignKey
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fazhi.core.downloads import download
from fazhi.core.snapshots import cached

from . import documents, draft, reminders, services, sources
from .models import Report, ReportVersion


def _can_view(user) -> None:
    if not user.has_perm("reports.view_report"):
        raise Http404


def _year_ok(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise Http404


def render_blocks(blocks, figures, year, version=None) -> list[dict]:
    """Blocks as HTML, each figure a link to the records it counts."""
    suffix = f"?version={version}" if version else ""
    out = []
    for block in blocks:
        html = []
        for part in block["parts"]:
            if isinstance(part, str):
                html.append(format_html("{}", part))
                continue
            fig = figures[part["fig"]]
            url = reverse("reports:figure", args=[year, fig["source"]]) + suffix
            rule = sources.get(fig["source"]).rule % {"year": year}
            html.append(
                format_html(
                    '<a class="fz-figure" href="{}" title="{}">{}</a>',
                    url,
                    rule,
                    fig["value"],
                )
            )
        out.append(
            {
                "kind": block["kind"],
                "slot": block.get("slot", ""),
                "html": mark_safe("".join(html)),  # noqa: S308 — every part escaped
            }
        )
    return out


@require_GET
@login_required
def report_index(request):
    _can_view(request.user)
    today = timezone.localdate()
    reports = list(Report.objects.select_related("approved_by"))
    have = {r.year for r in reports}
    last = today.year - 1
    internal, public = reminders.deadlines(last)
    return render(
        request,
        "reports/index.html",
        {
            "reports": reports,
            "years": [
                y for y in range(today.year, today.year - 6, -1) if y not in have
            ],
            "last": last,
            "internal": internal,
            "public": public,
            "last_report": next((r for r in reports if r.year == last), None),
        },
    )


def _report(year: int) -> Report | None:
    return (
        Report.objects.filter(year=year)
        .select_related("approved_version", "approved_by", "published_by")
        .first()
    )


@require_GET
@login_required
def report_page(request, year):
    _can_view(request.user)
    _year_ok(year)
    report = _report(year)
    texts = report.texts if report else {}
    frozen = report.approved_version if report else None
    fresh = request.GET.get("fresh") == "1"
    if frozen:
        blocks = render_blocks(frozen.blocks, frozen.figures, year, frozen.number)
        live, counted_at = live_draft(year, frozen.texts, fresh=fresh)
        changed = services.differences(frozen, live.figures)
    else:
        d, counted_at = live_draft(year, texts, fresh=fresh)
        blocks = render_blocks(d.blocks, d.figures, year)
        changed = []
    versions = list(report.versions.select_related("created_by")) if report else []
    internal, public = reminders.deadlines(year)
    user = request.user
    return render(
        request,
        "reports/report.html",
        {
            "year": year,
            "report": report,
            "blocks": blocks,
            "frozen": frozen,
            "changed": changed,
            "versions": versions,
            "latest": versions[0] if versions else None,
            "slots": [
                (slot, label, texts.get(slot, ""))
                for slot, label in draft.SLOTS.items()
            ],
            "internal": internal,
            "public": public,
            "can_edit": user.has_perm("reports.change_report")
            and (report is None or report.status == Report.Status.DRAFT),
            "can_approve": user.has_perm("reports.approve_report"),
            "can_publish": user.has_perm("reports.publish_report"),
            "pdf": documents.soffice() is not None,
            "counted_at": counted_at,
        },
    )


def live_draft(year: int, texts: dict, *, fresh: bool = False):
    """The draft from the ledgers now — counted at most FAZHI_DASHBOARD_MAX_AGE ago
    (a city's year takes seconds to count); new texts are a new draft at once."""
    digest = hashlib.sha256(
        json.dumps(texts, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()[:16]
    key = f"draft:{year}:{timezone.localdate().isoformat()}:{digest}"
    return cached(key, lambda: draft.generate(year, texts), fresh=fresh)


@require_POST
@login_required
def report_edit(request, year):
    if not request.user.has_perm("reports.change_report"):
        raise Http404
    _year_ok(year)
    texts = {slot: request.POST.get(slot, "") for slot in draft.SLOTS}
    try:
        version = services.do_save_version(
            year, actor=request.user, texts=texts, note=request.POST.get("note", "")
        )
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(
            request, _("Version %(n)d of the draft saved.") % {"n": version.number}
        )
    return redirect("reports:report", year)


def _post_step(request, year, step, done: str):
    report = _report(year)
    if report is None:
        raise Http404
    try:
        step(report)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, done)
    return redirect("reports:report", year)


@require_POST
@login_required
def report_approve(request, year):
    if not request.user.has_perm("reports.approve_report"):
        raise Http404
    try:
        number = int(request.POST.get("version", ""))
    except ValueError:
        number = -1
    return _post_step(
        request,
        year,
        lambda r: services.do_approve(r, actor=request.user, number=number),
        _("The report is approved; its text and figures are frozen."),
    )


@require_POST
@login_required
def report_withdraw(request, year):
    if not request.user.has_perm("reports.approve_report"):
        raise Http404
    return _post_step(
        request,
        year,
        lambda r: services.do_withdraw(
            r, actor=request.user, reason=request.POST.get("reason", "")
        ),
        _("The approval is withdrawn; the draft can be changed again."),
    )


@require_POST
@login_required
def report_publish(request, year):
    if not request.user.has_perm("reports.publish_report"):
        raise Http404
    return _post_step(
        request,
        year,
        lambda r: services.do_publish(r, actor=request.user),
        _("The report is published on the portal."),
    )


def _version(year, number) -> ReportVersion:
    try:
        return ReportVersion.objects.select_related("report", "created_by").get(
            report__year=year, number=number
        )
    except ReportVersion.DoesNotExist:
        raise Http404 from None


@require_GET
@login_required
def version_page(request, year, number):
    _can_view(request.user)
    version = _version(year, number)
    return render(
        request,
        "reports/version.html",
        {
            "year": year,
            "version": version,
            "blocks": render_blocks(version.blocks, version.figures, year, number),
        },
    )


def _cells(qs, columns):
    """Rows of display values for the trace table; choices as their labels."""
    model = qs.model
    labels = {}
    for _header, path in columns:
        target = model
        parts = path.split("__")
        for name in parts[:-1]:
            target = target._meta.get_field(name).related_model
        f = target._meta.get_field(parts[-1])
        if getattr(f, "choices", None) and not isinstance(f, ForeignKey):
            labels[path] = dict(f.flatchoices)
    paths = [path for _h, path in columns]
    rows = []
    for values in qs.values_list("pk", *paths):
        pk, rest = values[0], values[1:]
        cells = []
        for path, value in zip(paths, rest, strict=True):
            if path in labels:
                value = labels[path].get(value, value)
            cells.append("" if value is None else value)
        rows.append((pk, cells))
    return rows


@require_GET
@login_required
def figure_page(request, year, key):
    """One figure's records and rule; with ?version=N, the figure as that version froze
    it and how the records differ now."""
    _can_view(request.user)
    _year_ok(year)
    if key not in sources.SOURCES:
        raise Http404
    src = sources.get(key)
    qs = src.records(year)
    frozen = None
    version = None
    if request.GET.get("version", "").isdigit():
        version = _version(year, int(request.GET["version"]))
        figs = [f for f in version.figures.values() if f["source"] == key]
        if figs:
            frozen = figs[0]
    added = removed = 0
    if frozen and frozen.get("ids") is not None:
        now, then = set(qs.values_list("pk", flat=True)), set(frozen["ids"])
        added, removed = len(now - then), len(then - now)
        if request.GET.get("as") == "frozen":
            qs = qs.model.objects.filter(pk__in=then)
    page = Paginator(qs.order_by(*src.order, "pk").values_list("pk", flat=True), 50)
    page = page.get_page(request.GET.get("page"))
    total = page.paginator.count  # counted once, for the pages and the figure
    ids = list(page.object_list)
    model = qs.model
    rows = _cells(model.objects.filter(pk__in=ids), src.columns)
    order = {pk: i for i, pk in enumerate(ids)}
    rows.sort(key=lambda r: order[r[0]])
    urls = {}
    if hasattr(model, "get_absolute_url"):
        urls = {
            o.pk: o.get_absolute_url()
            for o in model.objects.filter(pk__in=ids).only("pk")
        }
    rows = [(urls.get(pk, ""), cells) for pk, cells in rows]
    return render(
        request,
        "reports/figure.html",
        {
            "year": year,
            "source": src,
            "rule": src.rule % {"year": year},
            "headers": [h for h, _p in src.columns],
            "rows": rows,
            "page": page,
            "total": total,
            "version": version,
            "frozen": frozen,
            "added": added,
            "removed": removed,
            "as_frozen": request.GET.get("as") == "frozen",
        },
    )


def document_context(year: int) -> dict:
    """What the .docx shows: the approved version when there is one, else the draft."""
    report = _report(year)
    if report and report.approved_version:
        v = report.approved_version
        return documents.context(year, v.blocks, v.figures, report.approved_on)
    d = draft.generate(year, report.texts if report else {})
    return documents.context(year, d.blocks, d.figures, None)


def send_file(year: int, kind: str, ctx: dict) -> HttpResponse:
    docx = documents.report_docx(ctx)
    name = f"{ctx['标题']}"
    if kind == "docx":
        return download(docx, f"rule-of-law-report-{year}.docx", f"{name}.docx")
    try:
        pdf = documents.to_pdf(docx)
    except documents.PdfUnavailable:
        return HttpResponse(
            _(
                "The PDF cannot be made on this server (LibreOffice is not installed "
                "or failed); download the Word file instead."
            ),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    return download(pdf, f"rule-of-law-report-{year}.pdf", f"{name}.pdf")


@require_GET
@login_required
def report_file(request, year, kind):
    _can_view(request.user)
    _year_ok(year)
    if kind not in ("docx", "pdf"):
        raise Http404
    return send_file(year, kind, document_context(year))
