"""The public portal (门户): what the office has published, readable by anyone without an
account. Only records an officer chose to publish appear here, and nothing personal."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Max, Q
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fazhi.core.documents import OfficialDocument
from fazhi.core.downloads import download
from fazhi.decisions.models import AgendaItem, Catalogue, Matter
from fazhi.disclosure import annual
from fazhi.disclosure.models import AnnualReport, Item

PAGE_SIZE = 20


def published_decisions():
    """Decisions an officer published on the portal, with the day each was taken."""
    return (
        Matter.objects.filter(on_portal=True, published_on__isnull=False)
        .select_related("department")
        .annotate(
            decided_on=Max(
                "items__meeting__date",
                filter=Q(items__result=AgendaItem.Result.PASSED),
            )
        )
        .order_by("-published_on", "-pk")
    )


def published_catalogues():
    return Catalogue.objects.filter(on_portal=True, published_on__isnull=False)


@require_GET
def home(request):
    return render(
        request,
        "portal/home.html",
        {
            "decisions": published_decisions()[:8],
            "catalogues": published_catalogues(),
            "items": published_items().order_by("-published_on", "-pk")[:8],
        },
    )


@require_GET
def decision_list(request):
    decisions = published_decisions()
    q = request.GET.get("q", "").strip()[:100]
    if q:
        decisions = decisions.filter(Q(title__icontains=q) | Q(decision__icontains=q))
    years = [
        d.year
        for d in Matter.objects.filter(
            on_portal=True, published_on__isnull=False
        ).dates("published_on", "year", order="DESC")
    ]
    year = request.GET.get("year", "")
    if year.isdigit() and int(year) in years:
        decisions = decisions.filter(published_on__year=int(year))
    else:
        year = ""
    page = Paginator(decisions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/decision_list.html",
        {"page": page, "q": q, "year": year, "years": years},
    )


@require_GET
def decision_detail(request, pk):
    try:
        matter = published_decisions().get(pk=pk)
    except Matter.DoesNotExist:
        raise Http404 from None
    return render(request, "portal/decision_detail.html", {"matter": matter})


@require_GET
def catalogue(request, year):
    try:
        cat = published_catalogues().get(year=year)
    except Catalogue.DoesNotExist:
        raise Http404 from None
    items = cat.items.select_related("department").order_by("order")
    return render(request, "portal/catalogue.html", {"cat": cat, "items": items})


@require_GET
def report_list(request):
    from .lawreports import published_reports

    reports = AnnualReport.objects.filter(published_on__isnull=False)
    return render(
        request,
        "portal/report_list.html",
        {"reports": reports, "law_reports": published_reports()},
    )


def _published_report(year):
    try:
        return AnnualReport.objects.get(year=year, published_on__isnull=False)
    except AnnualReport.DoesNotExist:
        raise Http404 from None


@require_GET
def report_detail(request, year):
    rep = _published_report(year)
    sections = [
        (annual.HEADINGS[0], rep.overview, None),
        (annual.HEADINGS[1], "", annual.grid_html(annual.grid_table2(rep.table2))),
        (annual.HEADINGS[2], "", annual.grid_html(annual.grid_table3(rep.table3))),
        (annual.HEADINGS[3], "", annual.grid_html(annual.grid_table4(rep.table4))),
        (annual.HEADINGS[4], rep.problems or "无。", None),
        (annual.HEADINGS[5], rep.other or "无。", None),
    ]
    return render(
        request, "portal/report_detail.html", {"rep": rep, "sections": sections}
    )


@require_GET
def report_docx(request, year):
    rep = _published_report(year)
    return download(
        annual.report_docx(rep),
        f"gi-report-{year}.docx",
        f"{rep.year}年政府信息公开工作年度报告.docx",
    )


def published_items():
    return Item.objects.filter(status=Item.Status.PUBLISHED).select_related(
        "department"
    )


@require_GET
def open_list(request):
    """The catalogue of proactively disclosed information: search, category, year
    (条例 art. 24: retrieval, reading, download)."""
    items = published_items().order_by("-published_on", "-pk")
    q = request.GET.get("q", "").strip()[:100]
    if q:
        items = items.filter(Q(title__icontains=q) | Q(summary__icontains=q))
    category = request.GET.get("category", "")
    if category in settings.FAZHI_DISCLOSURE_CATEGORIES:
        items = items.filter(category=category)
    else:
        category = ""
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/open_list.html",
        {
            "page": page,
            "q": q,
            "category": category,
            "categories": settings.FAZHI_DISCLOSURE_CATEGORIES,
        },
    )


def _published_item(pk) -> Item:
    try:
        return published_items().get(pk=pk)
    except Item.DoesNotExist:  # not published, or no such item
        raise Http404 from None


@require_GET
def open_item(request, pk):
    return render(request, "portal/open_item.html", {"item": _published_item(pk)})


@require_GET
def open_item_download(request, pk):
    """The item as a .docx, to keep or print (条例 art. 24: download)."""
    item = _published_item(pk)
    doc = OfficialDocument()
    doc.title(item.title)
    doc.paragraph(
        f"索引号：{item.index_no}　　生成日期：{doc.date(item.formed_on)}", indent=False
    )
    for line in filter(
        None, (s.strip() for s in (item.body or item.summary).splitlines())
    ):
        doc.paragraph(line)
    return download(
        doc.save(), f"{item.index_no.replace('/', '-')}.docx", f"{item.title}.docx"
    )


@require_GET
def guide(request):
    """The disclosure guide (政府信息公开指南, art. 12)."""
    return render(
        request,
        "portal/guide.html",
        {
            "guide": settings.FAZHI_DISCLOSURE_GUIDE,
            "categories": settings.FAZHI_DISCLOSURE_CATEGORIES,
        },
    )
