"""The published annual rule-of-law reports (督察工作规定 art. 24: published by 1 April)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fazhi.reports import documents
from fazhi.reports.models import Report
from fazhi.reports.views import send_file


def _published(year) -> Report:
    report = (
        Report.objects.filter(year=year, status=Report.Status.PUBLISHED)
        .select_related("approved_version")
        .first()
    )
    if report is None:
        raise Http404
    return report


def published_reports():
    return Report.objects.filter(status=Report.Status.PUBLISHED).order_by("-year")


@require_GET
def law_report(request, year):
    report = _published(year)
    # On the portal the figures are plain numbers: the records behind them are internal.
    return render(
        request,
        "portal/law_report.html",
        {
            "report": report,
            "blocks": _plain(report.approved_version),
            "pdf": documents.soffice() is not None,
        },
    )


def _plain(version) -> list[dict]:
    return [
        {"kind": b["kind"], "html": documents.text_of(b, version.figures)}
        for b in version.blocks
    ]


@require_GET
def law_report_file(request, year, kind):
    report = _published(year)
    if kind not in ("docx", "pdf"):
        raise Http404
    v = report.approved_version
    ctx = documents.context(year, v.blocks, v.figures, report.approved_on)
    return send_file(year, kind, ctx)
