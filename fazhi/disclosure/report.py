"""The annual report on government information disclosure (政府信息公开工作年度报告) in the
2021 format (国办公开办函〔2021〕30号, regulations.md §2): section 三's table computed from
the applications, and the checks it must pass before it is exported."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from .models import ApplicantType, Application, Outcome

COLUMNS = [
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
]
TYPES = list(ApplicantType.values)  # the six applicant columns, in the table's order

# (key, the row's text exactly as in the format, its level: 0 section, 1 (一)…, 2 1.…)
ROWS = [
    ("new", "一、本年新收政府信息公开申请数量", 0),
    ("carried_in", "二、上年结转政府信息公开申请数量", 0),
    ("1", "（一）予以公开", 1),
    ("2", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1),
    ("3.1", "1.属于国家秘密", 2),
    ("3.2", "2.其他法律行政法规禁止公开", 2),
    ("3.3", "3.危及“三安全一稳定”", 2),
    ("3.4", "4.保护第三方合法权益", 2),
    ("3.5", "5.属于三类内部事务信息", 2),
    ("3.6", "6.属于四类过程性信息", 2),
    ("3.7", "7.属于行政执法案卷", 2),
    ("3.8", "8.属于行政查询事项", 2),
    ("4.1", "1.本机关不掌握相关政府信息", 2),
    ("4.2", "2.没有现成信息需要另行制作", 2),
    ("4.3", "3.补正后申请内容仍不明确", 2),
    ("5.1", "1.信访举报投诉类申请", 2),
    ("5.2", "2.重复申请", 2),
    ("5.3", "3.要求提供公开出版物", 2),
    ("5.4", "4.无正当理由大量反复申请", 2),
    ("5.5", "5.要求行政机关确认或重新出具已获取信息", 2),
    (
        "6.1",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        2,
    ),
    (
        "6.2",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        2,
    ),
    ("6.3", "3.其他", 2),
    ("total", "（七）总计", 1),
    ("carried_out", "四、结转下年度继续办理", 0),
]
OUTCOME_KEYS = [key for key, _text, _level in ROWS if key in Outcome.values]
# The merged label cells of section 三 (三）(三) … (六)) and their row spans.
GROUPS = {
    "3": "（三）不予公开",
    "4": "（四）无法提供",
    "5": "（五）不予处理",
    "6": "（六）其他处理",
}


def _counts(queryset) -> list[int]:
    by_type = dict(
        queryset.order_by().values_list("applicant_type").annotate(n=Count("pk"))
    )
    row = [by_type.get(t, 0) for t in TYPES]
    return row + [sum(row)]


def section3(year: int) -> dict[str, list[int]]:
    """Every row of section 三 for `year`, seven numbers each (six columns and 总计).

    一: received this year. 二: received before it and not answered before it. 三: answered
    this year, one row per outcome. 四: received by its end and not answered by then."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    received = Application.objects.filter(received_on__isnull=False)
    table = {
        "new": _counts(received.filter(received_on__range=(first, last))),
        "carried_in": _counts(
            received.filter(received_on__lt=first).filter(
                Q(replied_on__isnull=True) | Q(replied_on__gte=first)
            )
        ),
        "carried_out": _counts(
            received.filter(received_on__lte=last).filter(
                Q(replied_on__isnull=True) | Q(replied_on__gt=last)
            )
        ),
    }
    answered = (
        received.filter(replied_on__range=(first, last))
        .order_by()
        .values_list("outcome", "applicant_type")
        .annotate(n=Count("pk"))
    )
    cells = {(o, t): n for o, t, n in answered}
    total = [0] * 7
    for key in OUTCOME_KEYS:
        row = [cells.get((key, t), 0) for t in TYPES]
        row.append(sum(row))
        table[key] = row
        total = [a + b for a, b in zip(total, row, strict=True)]
    table["total"] = total
    return table


def checks(table: dict[str, list[int]], last_year: dict | None = None) -> list[str]:
    """The format's own rules (regulations.md §2.3); each problem in words, or none."""
    problems = []
    texts = {k: t for k, t, _l in ROWS}
    for key, row in table.items():
        if sum(row[:6]) != row[6]:
            problems.append(
                _("Row “%(row)s”: the columns do not add up to 总计.")
                % {"row": texts[key]}
            )
    for c, name in enumerate(COLUMNS):
        left = table["new"][c] + table["carried_in"][c]
        right = table["total"][c] + table["carried_out"][c]
        if left != right:
            problems.append(
                _(
                    "Column “%(column)s”: 一 (%(new)d) plus 二 (%(carried_in)d) is not "
                    "三(七) (%(total)d) plus 四 (%(carried_out)d)."
                )
                % {
                    "column": name,
                    "new": table["new"][c],
                    "carried_in": table["carried_in"][c],
                    "total": table["total"][c],
                    "carried_out": table["carried_out"][c],
                }
            )
        outcomes = sum(table[k][c] for k in OUTCOME_KEYS)
        if outcomes != table["total"][c]:
            problems.append(
                _("Column “%(column)s”: (七) 总计 is not the sum of the results.")
                % {"column": name}
            )
    if last_year is not None and last_year["carried_out"] != table["carried_in"]:
        problems.append(
            _(
                "Last year's 四 (carried to this year) is not this year's 二 (carried in)."
            )
        )
    return problems
