"""The annual report's page: section 三 from the records with its checks, the entered
tables and the written sections; .docx and .xlsx; publication to the portal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core.downloads import download

from . import annual
from .models import AnnualReport

T2_NAMES = [
    ("规章", 3),
    ("行政规范性文件", 3),
    ("行政许可", 1),
    ("行政处罚", 1),
    ("行政强制", 1),
]
T4_NAMES = ["行政复议", "未经复议直接起诉", "复议后起诉"]


def _report_for(user, year, change=False) -> AnnualReport:
    perm = "disclosure.add_application" if change else "disclosure.view_application"
    if not user.has_perm(perm) or not 2000 <= year <= 2100:
        raise Http404
    # Reading a year's page creates nothing; the first save does.
    return AnnualReport.objects.filter(year=year).first() or AnnualReport(year=year)


@require_GET
@login_required
def report_index(request):
    if not request.user.has_perm("disclosure.view_application"):
        raise Http404
    year = request.GET.get("year", "")
    if not (year.isdigit() and 2000 <= int(year) <= 2100):
        year = timezone.localdate().year - 1
    return redirect("disclosure:report", year=int(year))


@require_http_methods(["GET", "POST"])
@login_required
def report_page(request, year):
    rep = _report_for(request.user, year, change=request.method == "POST")
    errors = []
    if request.method == "POST":
        post = request.POST
        try:
            table2 = {
                name: [post.get(f"t2-{name}-{i}", "") for i in range(n)]
                if n > 1
                else post.get(f"t2-{name}-0", "")
                for name, n in T2_NAMES
            }
            table2["行政事业性收费"] = post.get("t2-行政事业性收费", "")
            table4 = {
                name: [post.get(f"t4-{name}-{i}", "") for i in range(5)]
                for name in T4_NAMES
            }
            annual.do_save_report(
                rep,
                actor=request.user,
                overview=post.get("overview", "")[:20000],
                problems_text=post.get("problems", "")[:20000],
                other=post.get("other", "")[:20000],
                table2=table2,
                table4=table4,
            )
            if post.get("action") == "publish":
                annual.do_publish_report(
                    rep, actor=request.user, published_on=timezone.localdate()
                )
                messages.success(request, _("The report is published on the portal."))
            else:
                messages.success(request, _("Saved."))
        except ValidationError as exc:
            errors = exc.messages
        else:
            return redirect(rep)
        rep = _report_for(request.user, year)
    t3 = annual.current_table3(rep)  # once: at city scale each reading takes a while
    return render(
        request,
        "disclosure/report.html",
        {
            "rep": rep,
            "errors": errors,
            "problems": annual.problems(rep, t3),
            "grids": annual.grids(rep, t3),
            "overview": rep.overview or annual.default_overview(rep, t3),
            "t2": [
                (name, rep.table2[name] if n > 1 else [rep.table2[name]])
                for name, n in T2_NAMES
            ],
            "fee": rep.table2["行政事业性收费"],
            "t4": [(name, rep.table4[name]) for name in T4_NAMES],
            "results": annual.RESULTS,
            "can_change": request.user.has_perm("disclosure.add_application")
            and not rep.published_on,
            "years": range(timezone.localdate().year, 2019, -1),
        },
        status=422 if errors else 200,
    )


@require_GET
@login_required
def report_file(request, year, kind):
    rep = _report_for(request.user, year)
    name = f"{rep.year}年政府信息公开工作年度报告"
    if kind == "docx":
        return download(
            annual.report_docx(rep), f"gi-report-{year}.docx", f"{name}.docx"
        )
    if kind == "xlsx":
        return download(
            annual.report_xlsx(rep), f"gi-report-{year}.xlsx", f"{name}.xlsx"
        )
    raise Http404
