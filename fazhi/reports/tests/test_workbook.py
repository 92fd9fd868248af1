"""The workbook of every ledger of a year (台账): each sheet holds the year's records,
as many as the database has; citizens are masked for those who may not see them; only
those who may see the annual report get it."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from fazhi.core.models import AuditEntry, User
from fazhi.core.spreadsheets import DATE_FORMAT
from fazhi.decisions.models import Matter, Meeting
from fazhi.disclosure.models import Application, Item
from fazhi.hotline import kpi
from fazhi.hotline.access import mask_name, mask_phone
from fazhi.hotline.models import Ticket
from fazhi.learning.models import Exam, ExternalResult, StudySession
from fazhi.legal import xlsx as legal_xlsx
from fazhi.legal.models import Review
from fazhi.outreach.models import Activity
from fazhi.plans.models import DutyLog, Task
from fazhi.reports.workbook import (
    DATETIME_FORMAT,
    SHEETS,
    TICKET_COLUMNS,
    ledgers_workbook,
)

pytestmark = pytest.mark.django_db

DEMO_PASSWORD = "Fazhi@2021"
SHEET_NAMES = [
    "说明",
    "计划任务",
    "领导履职",
    "三重一大事项",
    "会议",
    "合法性审查",
    "学法活动",
    "考试",
    "外部考试成绩",
    "普法活动",
    "主动公开",
    "依申请公开",
    "诉求工单",
    "诉求指标",
]


@pytest.fixture
def demo(settings, tmp_path):
    settings.FAZHI_HOTLINE_MODEL_PATH = tmp_path / "model.joblib"
    call_command("demo", stdout=io.StringIO())


def _open(content: bytes):
    return load_workbook(io.BytesIO(content))


def _header(ws) -> list:
    return [c.value for c in ws[1]]


def _records(ws) -> list[dict]:
    header = _header(ws)
    return [
        dict(zip(header, values, strict=True))
        for values in ws.iter_rows(min_row=2, values_only=True)
    ]


def _zh(choices) -> list[str]:
    with translation.override("zh-hans"):
        return [str(label) for label in choices.labels]


def _database_counts(year: int) -> dict[str, int]:
    items = Item.objects.filter(formed_on__year=year) | Item.objects.filter(
        published_on__year=year
    )
    report = kpi.compute(year)
    return {
        "计划任务": Task.objects.filter(plan__year=year).count(),
        "领导履职": DutyLog.objects.filter(date__year=year).count(),
        "三重一大事项": Matter.objects.filter(registered_on__year=year).count(),
        "会议": Meeting.objects.filter(date__year=year).count(),
        "合法性审查": Review.objects.filter(received_on__year=year).count(),
        "学法活动": StudySession.objects.filter(date__year=year).count(),
        "考试": Exam.objects.filter(
            status=Exam.Status.PUBLISHED, opens_at__year=year
        ).count(),
        "外部考试成绩": ExternalResult.objects.filter(taken_on__year=year).count(),
        "普法活动": Activity.objects.filter(date__year=year).count(),
        "主动公开": items.distinct().count(),
        "依申请公开": Application.objects.filter(received_on__year=year).count(),
        "诉求工单": Ticket.objects.filter(received_at__year=year).count(),
        "诉求指标": 1
        + len(report.by_department)
        + len(report.by_category)
        + len(report.by_month),
    }


def test_the_2021_workbook_has_every_ledger_with_the_database_counts(
    demo, django_assert_max_num_queries
):
    leader = User.objects.get(username="zhuren")
    # One query per table and a few per sheet, however many rows a year has.
    with django_assert_max_num_queries(40):
        wb = _open(ledgers_workbook(2021, leader))
    assert wb.sheetnames == SHEET_NAMES
    counts = _database_counts(2021)
    # 30余次 in the summary: the legal demo's 32 and the decisions demo's 3 that gate
    # its matters.
    assert counts["合法性审查"] == 35
    assert all(counts.values()), counts  # the demo has records in every ledger
    assert counts["诉求工单"] == 24
    for title, count in counts.items():
        assert wb[title].max_row - 1 == count, title
        assert len(_records(wb[title])) == count, title
    # 说明 names every sheet with what it counts and how many rows it has.
    notes = {row[0]: row for row in wb["说明"].iter_rows(values_only=True)}
    assert notes["年度"][1] == "2021年"
    assert notes["导出人"][1] == "李志强"
    for title, count in counts.items():
        assert "2021年内" in notes[title][1] or "2021年度" in notes[title][1]
        assert notes[title][2] == count
    assert "响应率" in notes
    # The demo's other years stay out of a year with no records.
    empty = _open(ledgers_workbook(2030, leader))
    assert empty.sheetnames == SHEET_NAMES
    assert all(empty[title].max_row == 1 for title in counts)


def test_the_cells_are_real_dates_chinese_labels_and_the_ledgers_own_columns(demo):
    wb = _open(ledgers_workbook(2021, User.objects.get(username="fazhi")))
    reviews = wb["合法性审查"]
    assert _header(reviews) == [title for title, _width in legal_xlsx.COLUMNS]
    assert reviews.freeze_panes == "A2"
    assert reviews["A1"].font.bold
    first = Review.objects.filter(received_on__year=2021).earliest("received_on", "pk")
    assert reviews["B2"].value == dt.datetime.combine(first.received_on, dt.time())
    assert reviews["B2"].number_format == DATE_FORMAT
    assert reviews["C2"].value == first.title
    assert reviews["D2"].value in _zh(Review.Kind)  # 中文, not the code
    labels = dict(zip(Review.Kind.values, _zh(Review.Kind), strict=True))
    assert reviews["D2"].value == labels[first.kind]
    tickets = _records(wb["诉求工单"])
    assert {r["来源渠道"] for r in tickets} <= set(_zh(Ticket.Channel))
    assert wb["诉求工单"]["D2"].number_format == DATETIME_FORMAT
    kpis = _records(wb["诉求指标"])
    assert kpis[0]["维度"] == "合计"
    assert kpis[0]["受理数"] == kpi.compute(2021).total.received == 24


def test_the_tickets_mask_citizens_unless_the_user_may_see_them(demo):
    ticket = (
        Ticket.objects.filter(received_at__year=2021)
        .exclude(citizen_name="")
        .exclude(citizen_phone="")
        .earliest("received_at", "pk")
    )

    def row_of(username):
        wb = _open(ledgers_workbook(2021, User.objects.get(username=username)))
        rows = [
            r for r in _records(wb["诉求工单"]) if r["工单编号"] == ticket.external_no
        ]
        assert len(rows) == 1
        return rows[0], wb

    # The leader has no hotline.view_personal_data.
    masked, wb = row_of("zhuren")
    assert masked["诉求人"] == mask_name(ticket.citizen_name) != ticket.citizen_name
    assert masked["联系电话"] == mask_phone(ticket.citizen_phone)
    assert masked["联系电话"] != ticket.citizen_phone
    notes = {row[0]: row[1] for row in wb["说明"].iter_rows(values_only=True)}
    assert "已脱敏" in notes["个人信息"]
    # The officer calls citizens back.
    shown, wb = row_of("fazhi")
    assert shown["诉求人"] == ticket.citizen_name
    assert shown["联系电话"] == ticket.citizen_phone
    # The applicants for information are never in the ledger, whoever exports it.
    applicants = set(
        Application.objects.filter(received_on__year=2021).values_list(
            "name", flat=True
        )
    )
    assert applicants
    cells = {
        value for row in wb["依申请公开"].iter_rows(values_only=True) for value in row
    }
    assert not applicants & cells


def test_an_empty_year_gives_every_sheet_with_only_its_header(leader):
    wb = _open(ledgers_workbook(2030, leader))
    assert wb.sheetnames == SHEET_NAMES
    for sheet in SHEETS:
        ws = wb[sheet.title]
        assert ws.max_row == 1, sheet.title
        assert _header(ws) == [title for title, _width in sheet.columns]
    notes = {row[0]: row for row in wb["说明"].iter_rows(values_only=True)}
    assert all(notes[sheet.title][2] == 0 for sheet in SHEETS)


def test_text_that_looks_like_a_formula_stays_text(officer):
    received = timezone.make_aware(dt.datetime(2021, 3, 1, 9, 30))
    Ticket.objects.create(
        channel=Ticket.Channel.PORTAL,
        external_no="=1+1",
        received_at=received,
        month=202103,
        title='=HYPERLINK("http://example.com","点我")\x07',
        content="…",
        citizen_name="@张三",
    )
    ws = _open(ledgers_workbook(2021, officer))["诉求工单"]
    header = [title for title, _width in TICKET_COLUMNS]
    number = ws.cell(2, header.index("工单编号") + 1)
    title = ws.cell(2, header.index("标题") + 1)
    assert (number.value, number.data_type) == ("=1+1", "s")
    assert title.value == '=HYPERLINK("http://example.com","点我")'
    assert title.data_type == "s"
    assert ws.cell(2, header.index("诉求人") + 1).value == "@张三"
    # The office's local time, as a real date and time.
    assert ws.cell(2, header.index("受理时间") + 1).value == dt.datetime(
        2021, 3, 1, 9, 30
    )


def test_the_view_serves_those_who_may_see_the_report_and_no_one_else(demo, client):
    url = reverse("reports:workbook", args=[2021])
    assert url == "/reports/2021/ledgers.xlsx"
    assert client.get(url).status_code == 302  # to the login page

    assert client.login(username="sunli", password=DEMO_PASSWORD)
    assert client.get(url).status_code == 404

    for username in ("zhuren", "fazhi"):
        assert client.login(username=username, password=DEMO_PASSWORD)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        assert 'filename="ledgers-2021.xlsx"' in response["Content-Disposition"]
        assert "filename*=UTF-8''" in response["Content-Disposition"]
        assert _open(response.content).sheetnames == SHEET_NAMES
        entry = AuditEntry.objects.filter(verb="reports.workbook_exported").latest(
            "seq"
        )
        assert entry.actor.username == username
        assert entry.reason == "2021"

    assert client.get(reverse("reports:workbook", args=[1999])).status_code == 404
    assert client.get(reverse("reports:workbook", args=[2101])).status_code == 404
    assert client.post(url).status_code == 405


def test_a_big_year_is_handed_out_from_the_nightly_file(demo, settings, tmp_path):
    """More tickets than a request should stream: the page hands out the workbook
    `fazhi reports workbook YEAR` made (masked), or says how it is made."""
    settings.FAZHI_WORKBOOK_WEB_MAX_ROWS = 5
    settings.MEDIA_ROOT = tmp_path / "media"
    client = Client()
    client.force_login(User.objects.get(username="fazhi"))
    r = client.get("/reports/2021/ledgers.xlsx", follow=True)
    assert r.redirect_chain[-1][0] == "/reports/"
    assert "fazhi reports workbook 2021" in r.content.decode()
    out = io.StringIO()
    call_command("reports", "workbook", "2021", stdout=out)
    assert "ledgers-2021.xlsx" in out.getvalue()
    r = client.get("/reports/2021/ledgers.xlsx")
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    wb = _open(b"".join(r.streaming_content))
    tickets = _records(wb["诉求工单"])
    assert len(tickets) == 24
    names = {t["诉求人"] for t in tickets if t.get("诉求人")}
    assert names and all("*" in n for n in names)  # masked, whoever downloads it
