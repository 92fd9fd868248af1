"""A person's study record (学法档案) as an Excel workbook."""

from __future__ import annotations

import io

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Font

from fazhi.core.spreadsheets import DATE_FORMAT, put_row, style_header

COLUMNS = [
    ("日期", 12),
    ("学法活动", 44),
    ("类型", 20),
    ("学时", 8),
    ("出勤", 8),
    ("缺席原因", 20),
]


def export_person(person, year: int, rows, hours) -> bytes:
    with translation.override("zh-hans"):
        wb = Workbook()
        ws = wb.active
        ws.title = "学法档案"
        style_header(ws, COLUMNS)
        for number, a in enumerate(rows, start=2):
            put_row(
                ws,
                number,
                [
                    a.session.date,
                    a.session.title,
                    a.session.get_kind_display(),
                    float(a.session.hours),
                    "出席" if a.attended else "缺席",
                    a.absence_reason,
                ],
            )
        for (cell,) in ws.iter_rows(min_row=2, min_col=1, max_col=1):
            cell.number_format = DATE_FORMAT
        total = ws.max_row + 2
        ws.cell(row=total, column=1, value=f"{year}年合计学时").font = Font(bold=True)
        ws.cell(row=total, column=4, value=float(hours)).font = Font(bold=True)
        info = wb.create_sheet("人员")
        rows_info = (
            ("姓名", str(person)),
            ("科室", str(person.department or "")),
            ("年度", year),
        )
        for number, row in enumerate(rows_info, start=1):
            put_row(info, number, list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
