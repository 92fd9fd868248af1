"""The KPI workbook: the definitions, then the figures by department, category and month —
official figures, so the sheet headers are Chinese whatever the interface language."""

from __future__ import annotations

import io

from openpyxl import Workbook

from fazhi.core.spreadsheets import put, put_row, style_header

from . import kpi

COLUMNS = [
    ("受理数", 10),
    ("应签收", 10),
    ("按时签收", 10),
    ("响应率(%)", 11),
    ("应办结", 10),
    ("按时办结", 10),
    ("按时办结率(%)", 13),
    ("回访数", 10),
    ("已解决", 10),
    ("解决率(%)", 11),
    ("满意及基本满意", 14),
    ("满意率(%)", 11),
    ("重办", 8),
    ("重办率(%)", 11),
]

DEFINITIONS = [
    ("响应率", "按时限签收的工单数 ÷ 应签收工单数（已签收或签收时限已过的工单）"),
    (
        "按时办结率",
        "首次答复在答复时限（含经批准的延期）内的工单数 ÷ 应答复工单数"
        "（已答复或答复时限已过的工单，退单除外）",
    ),
    ("解决率", "最近一次回访为“已解决”的工单数 ÷ 已回访工单数"),
    ("满意率", "最近一次回访为“满意”或“基本满意”的工单数 ÷ 已回访工单数"),
    ("重办率", "因回访不满意而重办的工单数 ÷ 已回访工单数"),
    ("统计口径", "按受理时间统计所选期间受理的工单"),
]


def _values(f: kpi.Figures) -> list:
    return [
        f.received,
        f.sign_due,
        f.signed_in_time,
        f.response_rate,
        f.reply_due,
        f.replied_in_time,
        f.on_time_rate,
        f.called_back,
        f.solved,
        f.solved_rate,
        f.satisfied,
        f.satisfaction_rate,
        f.reopened,
        f.reopen_rate,
    ]


def kpi_workbook(report: kpi.Report) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "指标定义"
    style_header(ws, [("指标", 14), ("定义", 90)])
    for row, (name, text) in enumerate(DEFINITIONS, start=2):
        put_row(ws, row, [name, text])
    for title, first, rows in (
        ("按部门", ("部门", 24), report.by_department),
        ("按分类", ("分类", 30), report.by_category),
        ("按月份", ("月份", 10), report.by_month),
    ):
        sheet = wb.create_sheet(title)
        style_header(sheet, [first, *COLUMNS])
        for row, figures in enumerate(rows, start=2):
            put_row(sheet, row, [figures.label, *_values(figures)])
        total_row = len(rows) + 2
        put(sheet, total_row, 1, "合计")
        for column, value in enumerate(_values(report.total), start=2):
            put(sheet, total_row, column, value)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
