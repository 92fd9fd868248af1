"""The workbook itself: the sheets in order, each streamed, and the notes sheet that
says what each counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.utils import timezone, translation

from fazhi.core.models import User
from fazhi.core.xlsxstream import Book
from fazhi.hotline import xlsx as hotline_xlsx
from fazhi.hotline.access import sees_personal_data
from fazhi.legal import xlsx as legal_xlsx
from fazhi.plans import xlsx as plans_xlsx

from .base import (
    CHUNK,
    Context,
    Sheet,
)
from .office import (
    ACTIVITY_COLUMNS,
    DUTY_COLUMNS,
    EXAM_COLUMNS,
    EXTERNAL_COLUMNS,
    MATTER_COLUMNS,
    MEETING_COLUMNS,
    SESSION_COLUMNS,
    activity_rows,
    duty_rows,
    exam_rows,
    external_result_rows,
    matter_rows,
    meeting_rows,
    review_rows,
    session_rows,
    task_rows,
)
from .public import (
    APPLICATION_COLUMNS,
    ITEM_COLUMNS,
    TICKET_COLUMNS,
    application_rows,
    item_rows,
    kpi_rows,
    ticket_rows,
)

SHEETS = [
    Sheet(
        "计划任务",
        plans_xlsx.TASK_COLUMNS,
        task_rows,
        "{year}年度法治政府建设工作计划的全部任务（按计划年度）。",
    ),
    Sheet(
        "领导履职",
        DUTY_COLUMNS,
        duty_rows,
        "党政主要负责人履行推进法治建设第一责任人职责的记录"
        "（亲自部署、过问、协调、督办），履职日期在{year}年内。",
    ),
    Sheet(
        "三重一大事项",
        MATTER_COLUMNS,
        matter_rows,
        "“三重一大”事项和重大行政决策的登记，登记日期在{year}年内。",
    ),
    Sheet(
        "会议",
        MEETING_COLUMNS,
        meeting_rows,
        "党组会、主任办公会及其议题和表决结果，会议日期在{year}年内。",
    ),
    Sheet(
        "合法性审查",
        legal_xlsx.COLUMNS,
        review_rows,
        "合法性审查（法律审核）申请，收件日期在{year}年内；"
        "出具意见日期（尚未出具的按今天）晚于应出具意见日期为超期。",
    ),
    Sheet(
        "学法活动",
        SESSION_COLUMNS,
        session_rows,
        "中心组学法、专题讲座、集体学法、旁听庭审等学法活动，活动日期在{year}年内；"
        "出席人数按签到记录。",
    ),
    Sheet(
        "考试",
        EXAM_COLUMNS,
        exam_rows,
        "本单位组织的学法考试（已发布），开考时间在{year}年内；实考人数为已交卷人数。",
    ),
    Sheet(
        "外部考试成绩",
        EXTERNAL_COLUMNS,
        external_result_rows,
        "导入的外部考试成绩（如网上学法用法考试），考试日期在{year}年内。",
    ),
    Sheet(
        "普法活动",
        ACTIVITY_COLUMNS,
        activity_rows,
        "普法宣传活动及发放的资料，活动日期在{year}年内。",
    ),
    Sheet(
        "主动公开",
        ITEM_COLUMNS,
        item_rows,
        "主动公开目录的信息，信息生成（变更）日期或公开日期在{year}年内；"
        "公开日期（尚未公开的按今天）晚于应公开日期为超期，经保密审查不予公开的不计超期。",
    ),
    Sheet(
        "依申请公开",
        APPLICATION_COLUMNS,
        application_rows,
        "政府信息公开申请，收到申请日期（条例第三十一条）在{year}年内，"
        "收到日期尚未确认的不列入；不含申请人姓名、证件号码和联系方式。",
    ),
    Sheet(
        "诉求工单",
        TICKET_COLUMNS,
        ticket_rows,
        "各渠道受理的诉求工单，受理时间在{year}年内。",
    ),
    Sheet(
        "诉求指标",
        [("维度", 8), ("项目", 30), *hotline_xlsx.COLUMNS],
        kpi_rows,
        "诉求办理考核指标，统计受理时间在{year}年内的工单，定义见下。",
    ),
]


# --- Writing --------------------------------------------------------------------------


def _sheet(wb: Book, title: str, columns: list[tuple[str, int]]):
    """A streamed sheet with its header: bold, shaded, frozen, columns sized."""
    ws = wb.sheet(title)
    ws.header([t for t, _w in columns], [w for _t, w in columns])
    return ws


class _Rows:
    """The rows of one streamed sheet: date-times in the office's local time (Excel
    has no time zones), decimals as numbers; the writer keeps text as text."""

    def __init__(self, ws):
        self.ws = ws
        self.zone = timezone.get_current_timezone()

    def append(self, values: list) -> None:
        out = []
        for value in values:
            if isinstance(value, dt.datetime) and value.tzinfo is not None:
                value = value.astimezone(self.zone).replace(tzinfo=None)
            elif isinstance(value, Decimal):
                value = float(value)
            out.append(value)
        self.ws.append(out)


def _write_notes(ws, year: int, user, personal: bool, counts: list) -> None:
    generated = timezone.now().replace(microsecond=0)
    rows = [
        ["单位", settings.FAZHI_OFFICE_NAME],
        ["年度", f"{year}年"],
        ["生成时间", generated],
        ["导出人", str(user) if user is not None else "系统（定时生成）"],
        [
            "个人信息",
            "诉求人姓名、电话、身份证号按导出人的权限显示：本表未脱敏，仅限工作使用。"
            if personal
            else "诉求人姓名、电话、身份证号已脱敏（个人信息保护法）。",
        ],
        ["日期口径", "按本单位所在时区的日期和时间计算“在年内”。"],
        [],
    ]
    rows += [[sheet.title, sheet.rule.format(year=year), n] for sheet, n in counts]
    rows.append([])
    rows += [[name, text] for name, text in hotline_xlsx.DEFINITIONS]
    stream = _Rows(ws)
    for row in rows:
        stream.append(row)


def ledgers_workbook(year: int, user) -> bytes:
    """Every ledger of `year`, a sheet each, after a sheet that says what each counts.

    `user` decides only whether the citizens' personal data is masked: the workbook is
    the whole office's, for those who may see the annual report."""
    with translation.override("zh-hans"):
        wb = Book()
        notes = _sheet(wb, "说明", [("项目", 14), ("说明", 90), ("记录数", 10)])
        ctx = Context(
            year=year,
            today=timezone.localdate(),
            personal=user is not None and sees_personal_data(user),
            people={
                pk: name or username
                for pk, name, username in User.objects.values_list(
                    "pk", "name", "username"
                ).iterator(chunk_size=CHUNK)
            },
        )
        counts = []
        for sheet in SHEETS:
            stream = _Rows(_sheet(wb, sheet.title, sheet.columns))
            written = 0
            for values in sheet.rows(ctx):
                stream.append(values)
                written += 1
            counts.append((sheet, written))
        # The first sheet is written last, once the counts are known; each streamed
        # sheet has its own file until the workbook is saved.
        _write_notes(notes, year, user, ctx.personal, counts)
        return wb.save()
