"""The review ledger (法律审核台账) as an Excel workbook."""

from __future__ import annotations

import io

from django.utils import translation
from openpyxl import Workbook

from fazhi.core.spreadsheets import DATE_FORMAT, put_row, style_header

COLUMNS = [
    ("序号", 6),
    ("收件日期", 12),
    ("审查事项", 40),
    ("类别", 18),
    ("送审科室", 14),
    ("法律顾问", 22),
    ("审查时限（工作日）", 10),
    ("应出具意见日期", 14),
    ("出具意见日期", 14),
    ("审查结论", 14),
    ("科室采纳情况", 12),
    ("未采纳理由", 24),
    ("是否超期", 8),
]
DATE_COLUMNS = (2, 8, 9)


def export_reviews(reviews, today) -> bytes:
    with translation.override("zh-hans"):
        wb = Workbook()
        ws = wb.active
        ws.title = "法律审核台账"
        style_header(ws, COLUMNS)
        for number, r in enumerate(reviews, start=1):
            late = (r.opinion_on or today) > r.due_date
            put_row(
                ws,
                number + 1,
                [
                    number,
                    r.received_on,
                    r.title,
                    r.get_kind_display(),
                    str(r.department),
                    str(r.counsel),
                    r.working_days,
                    r.due_date,
                    r.opinion_on,
                    r.get_outcome_display() if r.outcome else "",
                    r.get_response_display() if r.response else "",
                    r.response_reason,
                    "是" if late else "否",
                ],
            )
            for column in DATE_COLUMNS:
                ws.cell(row=number + 1, column=column).number_format = DATE_FORMAT
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
