"""The sheets facing the public: proactive disclosure, applications, tickets and the
hotline's figures."""

from __future__ import annotations

from django.db.models import Q

from fazhi.core.access import mask_id
from fazhi.disclosure.models import ApplicantType, Application, Item, Outcome
from fazhi.hotline import kpi
from fazhi.hotline import xlsx as hotline_xlsx
from fazhi.hotline.access import mask_name, mask_phone
from fazhi.hotline.models import Category, Ticket

from .base import (
    Context,
    chunks,
    labels,
    yes_no,
)

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


def item_rows(ctx: Context):
    statuses = labels(Item.Status.choices)
    # The catalogue numbers an item by the year it was formed (art. 26), but a December
    # item is published in January: both years' ledgers show it.
    items = Item.objects.filter(
        Q(formed_on__year=ctx.year) | Q(published_on__year=ctx.year)
    ).order_by("formed_on", "index_no")
    fields = (
        *("index_no", "title", "summary", "formed_on", "category", "department__name"),
        *("due_on", "status", "reviewed_on", "published_on", "withdrawn_on"),
    )
    for n, row in enumerate(chunks(items, *fields, "withdraw_reason"), start=1):
        (index_no, title, summary, formed_on, category, dept, due, status) = row[:8]
        (reviewed_on, published_on, withdrawn_on, reason) = row[8:]
        # Late: published (or, still unpublished, today) after the day it was due (art.
        # 26); an item held back after the confidentiality review is never published.
        held = status == Item.Status.HELD
        late = "" if held else yes_no((published_on or ctx.today) > due)
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


def application_rows(ctx: Context):
    channels = labels(Application.Channel.choices)
    types = labels(ApplicantType.choices)
    statuses = labels(Application.Status.choices)
    outcomes = labels(Outcome.choices)
    # The applicant's name, identity number and contact details are personal data and
    # stay out of the ledger; the number finds the file.
    applications = Application.objects.filter(received_on__year=ctx.year).order_by(
        "received_on", "pk"
    )
    fields = ("number", "received_on", "channel", "applicant_type", "department__name")
    for n, row in enumerate(
        chunks(
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
            *(extension, due, replied_on, outcomes.get(outcome, outcome), yes_no(late)),
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


def ticket_rows(ctx: Context):
    channels = labels(Ticket.Channel.choices)
    kinds = labels(Ticket.Kind.choices)
    statuses = labels(Ticket.Status.choices)
    satisfaction = labels(Ticket.Satisfaction.choices)
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
    for n, row in enumerate(chunks(tickets, *fields), start=1):
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
            *(yes_no(signed_in_time), reply_due, replied, yes_no(replied_in_time)),
            *(satisfaction.get(satisfied, satisfied), yes_no(solved), reopened),
        ]


def kpi_rows(ctx: Context):
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
