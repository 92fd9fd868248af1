"""The year's ledgers (台账) in one workbook, a sheet each, for the inspectors who ask
for them: plan tasks, the leader's duty log, matters and meetings, reviews, study,
exams, legal education, disclosure, applications, tickets and the hotline's figures.

Streamed (core.xlsxstream, about ten times openpyxl's speed): a city-scale year has
some 300,000 tickets and 200,000 applications, so every table is read as value tuples
in chunks, never as model instances, and each row goes to the file as it is read.
Sheet names and headers are Chinese whatever the interface language: the workbook is
an official ledger.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from fazhi.core import audit
from fazhi.core.access import mask_id
from fazhi.core.downloads import download
from fazhi.core.models import User
from fazhi.core.xlsxstream import Book
from fazhi.decisions.models import AgendaItem, Matter, Meeting
from fazhi.disclosure.models import ApplicantType, Application, Item, Outcome
from fazhi.hotline import kpi
from fazhi.hotline import xlsx as hotline_xlsx
from fazhi.hotline.access import mask_name, mask_phone, sees_personal_data
from fazhi.hotline.models import Category, Ticket
from fazhi.learning.models import (
    Attempt,
    Attendance,
    Exam,
    ExternalResult,
    StudySession,
)
from fazhi.legal import xlsx as legal_xlsx
from fazhi.legal.models import Review
from fazhi.outreach.models import Activity, Channel, Material
from fazhi.plans import xlsx as plans_xlsx
from fazhi.plans.models import Category as TaskCategory
from fazhi.plans.models import DutyLog, Task

CHUNK = 2000
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
YES, NO = "是", "否"


@dataclass
class Context:
    year: int
    today: dt.date
    personal: bool  # the citizens' name, phone and ID number unmasked
    people: dict[int, str]  # user id → name, as str(user) shows it


@dataclass
class Sheet:
    title: str
    columns: list[tuple[str, int]]
    rows: Callable[[Context], Iterable[list]]
    rule: str  # what it counts and which records are "of the year", for 说明


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def _yes(value: bool | None) -> str:
    return "" if value is None else (YES if value else NO)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _chunks(queryset, *fields) -> Iterator[tuple]:
    return queryset.values_list(*fields).iterator(chunk_size=CHUNK)


# --- The sheets, in the order of the workbook ------------------------------------------


def _tasks(ctx: Context):
    categories = _labels(TaskCategory.choices)
    statuses = _labels(Task.Status.choices)
    tasks = Task.objects.filter(plan__year=ctx.year).order_by("number", "pk")
    fields = (
        *("number", "title", "content", "category", "department__name", "owner_id"),
        *("leader_id", "start_date", "due_date", "due_base_date", "due_working_days"),
        *("status", "progress", "completed_on"),
    )
    for row in _chunks(tasks, *fields):
        (number, title, content, category, dept, owner, leader, start, due) = row[:9]
        (base, days, status, progress, completed_on) = row[9:]
        yield [
            *(number, title, content, categories.get(category, category), dept),
            *(ctx.people.get(owner, ""), ctx.people.get(leader, ""), start, due),
            *(base, days, statuses.get(status, status), progress, completed_on),
        ]


DUTY_COLUMNS = [
    ("序号", 6),
    ("日期", 12),
    ("领导", 10),
    ("履职方式", 12),
    ("事项", 40),
    ("具体情况", 60),
    ("关联任务", 36),
    ("记录人", 10),
]


def _duties(ctx: Context):
    kinds = _labels(DutyLog.Kind.choices)
    logs = DutyLog.objects.filter(date__year=ctx.year).order_by("date", "pk")
    fields = ("date", "leader_id", "kind", "matter", "detail", "task__title")
    for n, (day, leader, kind, matter, detail, task, recorder) in enumerate(
        _chunks(logs, *fields, "recorded_by_id"), start=1
    ):
        who, by = ctx.people.get(leader, ""), ctx.people.get(recorder, "")
        yield [n, day, who, kinds.get(kind, kind), matter, detail, task or "", by]


MATTER_COLUMNS = [
    ("序号", 6),
    ("登记日期", 12),
    ("事项名称", 40),
    ("类别", 18),
    ("重大行政决策", 12),
    ("事项领域", 12),
    ("承办科室", 14),
    ("金额（元）", 14),
    ("涉及市场主体", 12),
    ("公平竞争审查日期", 14),
    ("合法性审查（次）", 12),
    ("状态", 12),
    ("决定", 40),
    ("公开日期", 12),
    ("公开载体", 20),
]


def _matters(ctx: Context):
    categories = _labels(Matter.Category.choices)
    statuses = _labels(Matter.Status.choices)
    matters = (
        Matter.objects.filter(registered_on__year=ctx.year)
        .annotate(reviews_count=Count("reviews"))
        .order_by("registered_on", "pk")
    )
    fields = (
        *("registered_on", "title", "category", "major_decision", "subject"),
        *("department__name", "amount", "market_actors", "fair_competition_on"),
        *("reviews_count", "status", "decision", "published_on", "published_where"),
    )
    for n, row in enumerate(_chunks(matters, *fields), start=1):
        (day, title, category, major, subject, dept, amount, market, fair) = row[:9]
        (reviews, status, decision, published_on, published_where) = row[9:]
        yield [
            *(n, day, title, categories.get(category, category), _yes(major)),
            *(subject, dept, _number(amount), _yes(market), fair, reviews),
            *(statuses.get(status, status), decision, published_on, published_where),
        ]


MEETING_COLUMNS = [
    ("序号", 6),
    ("日期", 12),
    ("会议", 16),
    ("届次", 10),
    ("地点", 20),
    ("主持人", 10),
    ("应到", 6),
    ("实到", 6),
    ("列席", 24),
    ("记录人", 10),
    ("状态", 8),
    ("议题及表决结果", 80),
]


def _meetings(ctx: Context):
    kinds = _labels(Meeting.Kind.choices)
    statuses = _labels(Meeting.Status.choices)
    results = _labels(AgendaItem.Result.choices)
    meetings = Meeting.objects.filter(date__year=ctx.year)
    agenda = defaultdict(list)
    for meeting, order, title, result, yes, no, abstain in _chunks(
        AgendaItem.objects.filter(meeting__in=meetings).order_by("meeting", "order"),
        *("meeting_id", "order", "matter__title", "result", "yes", "no", "abstain"),
    ):
        votes = f"同意{yes}票、反对{no}票、弃权{abstain}票" if result else ""
        outcome = "，".join(filter(None, [results.get(result, result), votes]))
        agenda[meeting].append(f"{order}. {title}（{outcome}）")
    meetings = meetings.annotate(
        due=Count("members_due", distinct=True), came=Count("present", distinct=True)
    ).order_by("date", "pk")
    fields = ("pk", "date", "kind", "number", "place", "chair_id", "due", "came")
    for n, row in enumerate(
        _chunks(meetings, *fields, "sitting_in", "recorder", "status"), start=1
    ):
        (pk, day, kind, number, place, chair) = row[:6]
        (due, came, sitting, recorder, status) = row[6:]
        yield [
            *(n, day, kinds.get(kind, kind), number, place, ctx.people.get(chair, "")),
            *(due, came, sitting, recorder, statuses.get(status, status)),
            "\n".join(agenda[pk]),
        ]


def _reviews(ctx: Context):
    kinds = _labels(Review.Kind.choices)
    outcomes = _labels(Review.Outcome.choices)
    responses = _labels(Review.Response.choices)
    reviews = Review.objects.filter(received_on__year=ctx.year).order_by(
        "received_on", "pk"
    )
    fields = (
        *("received_on", "title", "kind", "department__name", "counsel__name"),
        *("counsel__firm", "working_days", "due_date", "opinion_on", "outcome"),
        *("response", "response_reason"),
    )
    for n, row in enumerate(_chunks(reviews, *fields), start=1):
        (received, title, kind, dept, lawyer, firm, days, due, opinion_on) = row[:9]
        (outcome, response, reason) = row[9:]
        # The legal ledger's rule: late if the opinion (or, still awaited, today) is
        # after the day it was due.
        late = (opinion_on or ctx.today) > due
        yield [
            *(n, received, title, kinds.get(kind, kind), dept, f"{lawyer}（{firm}）"),
            *(days, due, opinion_on, outcomes.get(outcome, outcome)),
            *(responses.get(response, response), reason, _yes(late)),
        ]


SESSION_COLUMNS = [
    ("序号", 6),
    ("日期", 12),
    ("学法活动", 40),
    ("类型", 18),
    ("学时", 6),
    ("主讲人", 14),
    ("主讲人类别", 12),
    ("地点", 20),
    ("线上", 6),
    ("学习法律法规", 40),
    ("应到人数", 8),
    ("出席人数", 8),
    ("缺席人数", 8),
]


def _sessions(ctx: Context):
    kinds = _labels(StudySession.Kind.choices)
    speakers = _labels(StudySession.Speaker.choices)
    sessions = StudySession.objects.filter(date__year=ctx.year)
    laws = defaultdict(list)
    for session, name in _chunks(
        StudySession.laws.through.objects.filter(studysession__in=sessions).order_by(
            "law__order", "law__name"
        ),
        *("studysession_id", "law__name"),
    ):
        laws[session].append(f"《{name}》")
    marks = {
        session: (total, present)
        for session, total, present in Attendance.objects.filter(session__in=sessions)
        .values_list("session_id")
        .annotate(total=Count("pk"), present=Count("pk", filter=Q(attended=True)))
        .order_by()
    }
    fields = ("pk", "date", "title", "kind", "hours", "speaker", "speaker_kind")
    for n, row in enumerate(
        _chunks(sessions.order_by("date", "pk"), *fields, "place", "online"), start=1
    ):
        pk, day, title, kind, hours, speaker, speaker_kind, place, online = row
        total, present = marks.get(pk, (0, 0))
        yield [
            *(n, day, title, kinds.get(kind, kind), _number(hours), speaker),
            *(speakers.get(speaker_kind, speaker_kind), place, _yes(online)),
            *("、".join(laws[pk]), total, present, total - present),
        ]


EXAM_COLUMNS = [
    ("序号", 6),
    ("考试名称", 36),
    ("开考时间", 16),
    ("截止时间", 16),
    ("组卷方式", 20),
    ("时长（分钟）", 10),
    ("满分", 6),
    ("合格线(%)", 9),
    ("应考人数", 8),
    ("实考人数", 8),
    ("合格人数", 8),
    ("合格率(%)", 9),
]


def _exams(ctx: Context):
    modes = _labels(Exam.Mode.choices)
    # Exams held here, as the annual report counts them: published, opening in the year.
    exams = Exam.objects.filter(status=Exam.Status.PUBLISHED, opens_at__year=ctx.year)
    candidates = dict(
        Exam.candidates.through.objects.filter(exam__in=exams)
        .values_list("exam_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    sat = {
        exam: (n, passed)
        for exam, n, passed in Attempt.objects.filter(
            exam__in=exams, submitted_at__isnull=False
        )
        .values_list("exam_id")
        .annotate(n=Count("pk"), passed=Count("pk", filter=Q(passed=True)))
        .order_by()
    }
    fields = ("pk", "title", "opens_at", "closes_at", "mode", "minutes", "rules")
    for n, row in enumerate(
        _chunks(exams.order_by("opens_at", "pk"), *fields, "pass_percent"), start=1
    ):
        pk, title, opens, closes, mode, minutes, rules, pass_percent = row
        took, passed = sat.get(pk, (0, 0))
        yield [
            *(n, title, opens, closes, modes.get(mode, mode), minutes),
            *(float(Exam(rules=rules).total_points), pass_percent),
            *(candidates.get(pk, 0), took, passed),
            round(100 * passed / took, 1) if took else None,
        ]


EXTERNAL_COLUMNS = [
    ("序号", 6),
    ("考试日期", 12),
    ("考试名称", 36),
    ("姓名", 10),
    ("科室", 16),
    ("成绩", 8),
    ("结果", 8),
    ("导入来源", 30),
]


def _external_results(ctx: Context):
    results = ExternalResult.objects.filter(taken_on__year=ctx.year).order_by(
        "taken_on", "exam_name", "person__department__order", "person__username"
    )
    fields = ("taken_on", "exam_name", "person_id", "person__department__name")
    for n, (day, exam, person, dept, score, passed, source) in enumerate(
        _chunks(results, *fields, "score", "passed", "source"), start=1
    ):
        result = "合格" if passed else "不合格"
        who = ctx.people.get(person, "")
        yield [n, day, exam, who, dept or "", _number(score), result, source]


ACTIVITY_COLUMNS = [
    ("序号", 6),
    ("日期", 12),
    ("活动主题", 36),
    ("所属主题活动", 24),
    ("地点", 20),
    ("联合单位", 24),
    ("覆盖人数", 9),
    ("宣传渠道", 20),
    ("发放资料", 36),
    ("资料数量", 9),
    ("新闻链接", 30),
    ("活动简介", 50),
]


def _activities(ctx: Context):
    channels = _labels(Channel.choices)
    activities = Activity.objects.filter(date__year=ctx.year)
    materials = defaultdict(list)
    for activity, item, quantity in _chunks(
        Material.objects.filter(activity__in=activities).order_by("activity", "pk"),
        *("activity_id", "item", "quantity"),
    ):
        materials[activity].append((item, quantity))
    fields = ("pk", "date", "theme", "campaign__name", "place", "partners")
    for n, row in enumerate(
        _chunks(
            activities.order_by("date", "pk"),
            *(*fields, "audience", "channels", "news_links", "summary"),
        ),
        start=1,
    ):
        pk, day, theme, campaign, place, partners, audience, used, links, text = row
        handed = materials[pk]
        yield [
            *(n, day, theme, campaign or "", place, partners, audience),
            "、".join(channels.get(c, c) for c in used or []),
            "、".join(f"{item}×{quantity}" for item, quantity in handed),
            sum(quantity for _item, quantity in handed),
            *(links, text),
        ]


ITEM_COLUMNS = [
    ("序号", 6),
    ("索引号", 18),
    ("信息名称", 40),
    ("内容概述", 50),
    ("生成日期", 12),
    ("类别", 16),
    ("科室", 14),
    ("应公开日期", 12),
    ("状态", 16),
    ("保密审查日期", 12),
    ("公开日期", 12),
    ("是否超期", 8),
    ("撤回日期", 12),
    ("撤回理由", 24),
]


def _items(ctx: Context):
    statuses = _labels(Item.Status.choices)
    # The catalogue numbers an item by the year it was formed (art. 26), but a December
    # item is published in January: both years' ledgers show it.
    items = Item.objects.filter(
        Q(formed_on__year=ctx.year) | Q(published_on__year=ctx.year)
    ).order_by("formed_on", "index_no")
    fields = (
        *("index_no", "title", "summary", "formed_on", "category", "department__name"),
        *("due_on", "status", "reviewed_on", "published_on", "withdrawn_on"),
    )
    for n, row in enumerate(_chunks(items, *fields, "withdraw_reason"), start=1):
        (index_no, title, summary, formed_on, category, dept, due, status) = row[:8]
        (reviewed_on, published_on, withdrawn_on, reason) = row[8:]
        # Late: published (or, still unpublished, today) after the day it was due (art.
        # 26); an item held back after the confidentiality review is never published.
        held = status == Item.Status.HELD
        late = "" if held else _yes((published_on or ctx.today) > due)
        yield [
            *(n, index_no, title, summary, formed_on, category, dept, due),
            *(statuses.get(status, status), reviewed_on, published_on, late),
            *(withdrawn_on, reason),
        ]


APPLICATION_COLUMNS = [
    ("序号", 6),
    ("申请编号", 16),
    ("收到申请日期", 12),
    ("申请方式", 12),
    ("申请人类型", 14),
    ("承办科室", 14),
    ("状态", 10),
    ("延期（工作日）", 10),
    ("答复期限", 12),
    ("答复日期", 12),
    ("办理结果", 40),
    ("是否超期", 8),
]


def _applications(ctx: Context):
    channels = _labels(Application.Channel.choices)
    types = _labels(ApplicantType.choices)
    statuses = _labels(Application.Status.choices)
    outcomes = _labels(Outcome.choices)
    # The applicant's name, identity number and contact details are personal data and
    # stay out of the ledger; the number finds the file.
    applications = Application.objects.filter(received_on__year=ctx.year).order_by(
        "received_on", "pk"
    )
    fields = ("number", "received_on", "channel", "applicant_type", "department__name")
    for n, row in enumerate(
        _chunks(
            applications,
            *(*fields, "status", "extension_days", "due_on", "replied_on"),
            *("outcome", "replied_late"),
        ),
        start=1,
    ):
        (number, received, channel, kind, dept, status, extension, due) = row[:8]
        (replied_on, outcome, replied_late) = row[8:]
        # Replied: as the services judged it; open: whether the deadline has passed.
        late = replied_late if replied_on else due is not None and due < ctx.today
        yield [
            *(n, number, received, channels.get(channel, channel)),
            *(types.get(kind, kind), dept or "", statuses.get(status, status)),
            *(extension, due, replied_on, outcomes.get(outcome, outcome), _yes(late)),
        ]


TICKET_COLUMNS = [
    ("序号", 7),
    ("工单编号", 18),
    ("来源渠道", 12),
    ("受理时间", 16),
    ("诉求人", 10),
    ("联系电话", 14),
    ("身份证号", 20),
    ("标题", 36),
    ("诉求类型", 10),
    ("诉求分类", 24),
    ("承办部门", 14),
    ("状态", 14),
    ("签收时限", 16),
    ("签收时间", 16),
    ("按时签收", 8),
    ("答复时限", 16),
    ("答复时间", 16),
    ("按时答复", 8),
    ("满意度", 10),
    ("是否解决", 8),
    ("重办次数", 8),
]


def _tickets(ctx: Context):
    channels = _labels(Ticket.Channel.choices)
    kinds = _labels(Ticket.Kind.choices)
    statuses = _labels(Ticket.Status.choices)
    satisfaction = _labels(Ticket.Satisfaction.choices)
    paths = {c.pk: c.path for c in Category.objects.select_related("parent")}
    # As the KPI page counts them: received in the year, local time.
    tickets = Ticket.objects.filter(received_at__year=ctx.year).order_by(
        "received_at", "pk"
    )
    fields = (
        *("external_no", "channel", "received_at", "citizen_name", "citizen_phone"),
        *("citizen_id_number", "title", "kind", "category_id", "department__name"),
        *("status", "sign_due_at", "signed_at", "signed_in_time", "reply_due_at"),
        *("replied_at", "replied_in_time", "satisfaction", "solved", "reopened"),
    )
    for n, row in enumerate(_chunks(tickets, *fields), start=1):
        (number, channel, received, name, phone, id_number, title, kind) = row[:8]
        (category, dept, status, sign_due, signed, signed_in_time) = row[8:14]
        (reply_due, replied, replied_in_time, satisfied, solved, reopened) = row[14:]
        if not ctx.personal:
            # 个人信息保护法: only the roles that call citizens back see who they are.
            name, phone, id_number = (
                mask_name(name),
                mask_phone(phone),
                mask_id(id_number),
            )
        yield [
            *(n, number, channels.get(channel, channel), received, name, phone),
            *(id_number, title, kinds.get(kind, kind), paths.get(category, "")),
            *(dept or "", statuses.get(status, status), sign_due, signed),
            *(_yes(signed_in_time), reply_due, replied, _yes(replied_in_time)),
            *(satisfaction.get(satisfied, satisfied), _yes(solved), reopened),
        ]


def _kpis(ctx: Context):
    # The KPI workbook's figures and columns, its three breakdowns on one sheet.
    report = kpi.compute(ctx.year)
    if not report.total.received:
        return
    yield ["合计", "全年", *hotline_xlsx._values(report.total)]
    for title, rows in (
        ("按部门", report.by_department),
        ("按分类", report.by_category),
        ("按月份", report.by_month),
    ):
        for figures in rows:
            yield [title, figures.label, *hotline_xlsx._values(figures)]


SHEETS = [
    Sheet(
        "计划任务",
        plans_xlsx.TASK_COLUMNS,
        _tasks,
        "{year}年度法治政府建设工作计划的全部任务（按计划年度）。",
    ),
    Sheet(
        "领导履职",
        DUTY_COLUMNS,
        _duties,
        "党政主要负责人履行推进法治建设第一责任人职责的记录"
        "（亲自部署、过问、协调、督办），履职日期在{year}年内。",
    ),
    Sheet(
        "三重一大事项",
        MATTER_COLUMNS,
        _matters,
        "“三重一大”事项和重大行政决策的登记，登记日期在{year}年内。",
    ),
    Sheet(
        "会议",
        MEETING_COLUMNS,
        _meetings,
        "党组会、主任办公会及其议题和表决结果，会议日期在{year}年内。",
    ),
    Sheet(
        "合法性审查",
        legal_xlsx.COLUMNS,
        _reviews,
        "合法性审查（法律审核）申请，收件日期在{year}年内；"
        "出具意见日期（尚未出具的按今天）晚于应出具意见日期为超期。",
    ),
    Sheet(
        "学法活动",
        SESSION_COLUMNS,
        _sessions,
        "中心组学法、专题讲座、集体学法、旁听庭审等学法活动，活动日期在{year}年内；"
        "出席人数按签到记录。",
    ),
    Sheet(
        "考试",
        EXAM_COLUMNS,
        _exams,
        "本单位组织的学法考试（已发布），开考时间在{year}年内；实考人数为已交卷人数。",
    ),
    Sheet(
        "外部考试成绩",
        EXTERNAL_COLUMNS,
        _external_results,
        "导入的外部考试成绩（如网上学法用法考试），考试日期在{year}年内。",
    ),
    Sheet(
        "普法活动",
        ACTIVITY_COLUMNS,
        _activities,
        "普法宣传活动及发放的资料，活动日期在{year}年内。",
    ),
    Sheet(
        "主动公开",
        ITEM_COLUMNS,
        _items,
        "主动公开目录的信息，信息生成（变更）日期或公开日期在{year}年内；"
        "公开日期（尚未公开的按今天）晚于应公开日期为超期，经保密审查不予公开的不计超期。",
    ),
    Sheet(
        "依申请公开",
        APPLICATION_COLUMNS,
        _applications,
        "政府信息公开申请，收到申请日期（条例第三十一条）在{year}年内，"
        "收到日期尚未确认的不列入；不含申请人姓名、证件号码和联系方式。",
    ),
    Sheet(
        "诉求工单",
        TICKET_COLUMNS,
        _tickets,
        "各渠道受理的诉求工单，受理时间在{year}年内。",
    ),
    Sheet(
        "诉求指标",
        [("维度", 8), ("项目", 30), *hotline_xlsx.COLUMNS],
        _kpis,
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


def prepared_path(year: int) -> Path:
    """Where `fazhi reports workbook YEAR` leaves a big year's workbook."""
    return Path(settings.MEDIA_ROOT) / "reports" / f"ledgers-{year}.xlsx"


def write_prepared(year: int) -> Path:
    """Write the year's workbook (citizens masked: it is for whoever may download it)
    to its prepared place, replacing the old one only once the new one is complete."""
    path = prepared_path(year)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    partial.write_bytes(ledgers_workbook(year, None))
    os.replace(partial, path)
    return path


def too_big(year: int) -> int:
    """The year's tickets when there are more than a web request should stream (the
    biggest sheet; a city's year takes a minute or more), else 0."""
    n = Ticket.objects.filter(received_at__year=year).count()
    return n if n > settings.FAZHI_WORKBOOK_WEB_MAX_ROWS else 0


@require_GET
@login_required
def workbook_xlsx(request, year):
    if not request.user.has_perm("reports.view_report") or not 2000 <= year <= 2100:
        raise Http404
    name = f"{settings.FAZHI_OFFICE_NAME}{year}年法治工作台账.xlsx"
    big = too_big(year)
    if big:
        path = prepared_path(year)
        if not path.exists():
            messages.error(
                request,
                _(
                    "%(year)d has %(n)d tickets: its workbook takes too long to make "
                    "while you wait. The administrator makes it with “fazhi reports "
                    "workbook %(year)d” (nightly, by cron); it can then be downloaded "
                    "here."
                )
                % {"year": year, "n": big},
            )
            return redirect("reports:index")
        audit.record_event(
            actor=request.user,
            verb="reports.workbook_exported",
            reason=str(year),
            changes={"personal_data": [None, False], "prepared": [None, True]},
        )
        stamp = dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y%m%d-%H%M")
        return FileResponse(
            path.open("rb"),
            as_attachment=True,
            filename=name.replace(".xlsx", f"（{stamp}生成）.xlsx"),
        )
    content = ledgers_workbook(year, request.user)
    audit.record_event(
        actor=request.user,
        verb="reports.workbook_exported",
        reason=str(year),
        changes={"personal_data": [None, sees_personal_data(request.user)]},
    )
    return download(content, f"ledgers-{year}.xlsx", name)
