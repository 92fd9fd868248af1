"""The plan as an Excel workbook, and tasks imported from one (all or nothing)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fazhi.core import spreadsheets
from fazhi.core.calendar import add_working_days
from fazhi.core.models import AuditEntry, Department, User
from fazhi.plans import services, xlsx
from fazhi.plans.models import Task
from fazhi.plans.services import (
    do_create_plan,
    do_create_task,
    do_record_progress,
    do_update_plan,
)
from fazhi.plans.xlsx import do_import_tasks

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TASK_HEADER = [
    "序号",
    "任务名称",
    "工作内容",
    "类别",
    "牵头科室",
    "责任人",
    "分管领导",
    "开始日期",
    "完成时限",
    "起算日期",
    "工作日数",
    "状态",
    "进度(%)",
    "完成日期",
]
IMPORT_HEADER = [
    "任务名称",
    "工作内容",
    "类别",
    "牵头科室",
    "责任人",
    "分管领导",
    "开始日期",
    "完成时限",
    "起算日期",
    "工作日数",
]


def workbook(rows, sheet="任务") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(content: bytes, name="tasks.xlsx"):
    return SimpleUploadedFile(name, content, content_type=XLSX_TYPE)


def row(**cells):
    return [cells.get(h) for h in IMPORT_HEADER]


def problems(result) -> list[tuple]:
    return [(number, col) for number, col, _msg in result.errors]


@pytest.fixture
def exported(as_user, officer, plan, task_a, task_b, clerk_a, leader):
    """The officer's export of the 2026 plan, with a progress report and a
    working-day task, reopened."""
    do_update_plan(plan, actor=officer, meeting_date=dt.date(2026, 2, 20))
    do_record_progress(
        task_a,
        actor=clerk_a,
        date=dt.date(2026, 11, 2),
        note="已印制宣传册",
        progress=40,
    )
    do_create_task(
        plan,
        actor=officer,
        title="执法案卷评查",
        department=task_a.department,
        start_date=dt.date(2026, 9, 1),
        due_base_date=dt.date(2026, 9, 30),
        due_working_days=5,
    )
    response = as_user(officer).get(reverse("plans:plan_export", args=[plan.pk]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


# --- Export ---------------------------------------------------------------------------


def test_the_export_has_the_plan_task_and_progress_sheets(exported):
    assert exported.sheetnames == ["计划", "任务", "进展"]


def test_the_export_headers_are_chinese(exported):
    assert [c.value for c in exported["任务"][1]] == TASK_HEADER
    assert [c.value for c in exported["进展"][1]] == [
        "序号",
        "任务名称",
        "日期",
        "进度(%)",
        "进展情况",
        "填报人",
    ]
    assert [c.value for c in exported["计划"]["A"]] == [
        "计划名称",
        "年度",
        "部署会日期",
        "主持人",
        "参会人员",
        "说明",
    ]


def test_the_plan_sheet_carries_the_plan_and_its_meeting_date(exported):
    ws = exported["计划"]

    assert ws["B1"].value == "2026年法治政府建设工作计划"
    assert ws["B2"].value == 2026
    assert ws["B3"].is_date
    assert ws["B3"].value.date() == dt.date(2026, 2, 20)


def test_the_task_sheet_rows_match_the_tasks(exported, task_a, task_b):
    ws = exported["任务"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}

    assert sorted(rows) == [1, 2, 3]
    first = [c.value for c in rows[1]]
    assert first[1] == "宪法宣传周活动"
    assert (
        first[3] == "普法宣传"
    )  # the category in Chinese, whatever the user's language
    assert first[4:7] == ["办公室", "甲科员", "主任"]
    assert (first[11], first[12]) == ("进行中", 40)
    assert [c.value for c in rows[2]][4:6] == ["规划建设科", "乙科员"]


def test_the_due_dates_are_real_date_cells(exported, task_a, task_b):
    ws = exported["任务"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}

    for number, due in [
        (1, dt.date(2026, 12, 15)),
        (2, dt.date(2026, 12, 20)),
        (3, dt.date(2026, 10, 13)),
    ]:
        cell = rows[number][8]  # 完成时限
        assert cell.is_date, f"row {number}: {cell.value!r} is not a date cell"
        assert cell.value.date() == due


def test_a_working_day_rule_is_exported_with_its_base_date_and_days(exported):
    ws = exported["任务"]
    third = next(r for r in ws.iter_rows(min_row=2) if r[0].value == 3)

    start, base, days = third[7], third[9], third[10]
    assert start.is_date and start.value.date() == dt.date(2026, 9, 1)
    assert base.is_date and base.value.date() == dt.date(2026, 9, 30)
    assert days.value == 5


def test_the_progress_sheet_lists_the_reports(exported):
    ws = exported["进展"]
    rows = [r for r in ws.iter_rows(min_row=2)]

    assert len(rows) == 1
    number, title, date, progress, note, author = rows[0]
    assert (number.value, title.value) == (1, "宪法宣传周活动")
    assert date.is_date and date.value.date() == dt.date(2026, 11, 2)
    assert (progress.value, note.value, author.value) == (40, "已印制宣传册", "甲科员")


def test_a_completed_task_exports_its_completion_date(as_user, officer, plan, task_a):
    do_record_progress(
        task_a, actor=officer, date=dt.date(2026, 11, 20), note="完成", progress=100
    )

    response = as_user(officer).get(reverse("plans:plan_export", args=[plan.pk]))

    cell = load_workbook(io.BytesIO(response.content))["任务"]["N2"]
    assert cell.is_date and cell.value.date() == dt.date(2026, 11, 20)


def test_an_export_is_audited(as_user, officer, plan, task_a):
    as_user(officer).get(reverse("plans:plan_export", args=[plan.pk]))

    entry = AuditEntry.objects.get(verb="plan.exported")
    assert (entry.target_type, entry.target_id) == ("plans.plan", str(plan.pk))
    assert entry.actor == officer


def test_a_clerk_exports_only_the_tasks_of_the_department(
    as_user, clerk_b, plan, task_a, task_b, clerk_a
):
    do_record_progress(
        task_a, actor=clerk_a, date=dt.date(2026, 11, 2), note="甲科进展", progress=40
    )

    response = as_user(clerk_b).get(reverse("plans:plan_export", args=[plan.pk]))

    wb = load_workbook(io.BytesIO(response.content))
    assert [r[1] for r in wb["任务"].iter_rows(min_row=2, values_only=True)] == [
        "南站道路规划诉求"
    ]
    assert list(wb["进展"].iter_rows(min_row=2, values_only=True)) == []
    assert AuditEntry.objects.get(verb="plan.exported").actor == clerk_b


# --- Import ---------------------------------------------------------------------------


def test_it_imports_every_row_of_a_good_file(
    plan, officer, dept_a, dept_b, clerk_a, clerk_b, leader
):
    content = workbook(
        [
            IMPORT_HEADER,
            row(
                任务名称="宪法宣传周活动",
                工作内容="社区宣传",
                类别="outreach",
                牵头科室="办公室",
                责任人="甲科员",
                分管领导="主任",
                开始日期=dt.date(2026, 12, 1),
                完成时限=dt.date(2026, 12, 7),
            ),
            row(
                任务名称="规划诉求办理",
                类别="Citizen demands",
                牵头科室="规划建设科",
                责任人="clerk_b",  # a user name works as well as a full name
                起算日期=dt.date(2026, 9, 30),
                工作日数=5,
            ),
            row(任务名称="文字日期", 牵头科室="b", 完成时限="2026/12/31"),
        ]
    )

    result = do_import_tasks(plan, upload(content), actor=officer)

    assert result.ok, result.errors
    assert [t.title for t in result.created] == [
        "宪法宣传周活动",
        "规划诉求办理",
        "文字日期",
    ]
    first, second, third = Task.objects.filter(plan=plan).order_by("number")
    assert (first.department, first.owner, first.leader) == (dept_a, clerk_a, leader)
    assert (first.category, first.content) == ("outreach", "社区宣传")
    assert (first.start_date, first.due_date) == (
        dt.date(2026, 12, 1),
        dt.date(2026, 12, 7),
    )
    assert (second.department, second.owner, second.category) == (
        dept_b,
        clerk_b,
        "demands",
    )
    assert second.due_date == dt.date(2026, 10, 13)
    assert second.due_date == add_working_days(dt.date(2026, 9, 30), 5)
    assert (second.due_base_date, second.due_working_days) == (dt.date(2026, 9, 30), 5)
    assert (third.department, third.due_date) == (dept_b, dt.date(2026, 12, 31))
    entry = AuditEntry.objects.get(verb="plan.tasks_imported")
    assert entry.changes == {"tasks": [None, 3]}
    assert entry.reason == "tasks.xlsx"
    assert AuditEntry.objects.filter(verb="task.created").count() == 3


def test_an_exported_plan_imports_back_into_next_year_plan(
    as_user, officer, plan, task_a, dept_a, clerk_a, leader
):
    response = as_user(officer).get(reverse("plans:plan_export", args=[plan.pk]))
    next_year = do_create_plan(actor=officer, year=2027, title="2027年计划")

    result = do_import_tasks(next_year, upload(response.content), actor=officer)

    assert result.ok, result.errors
    (task,) = next_year.tasks.all()
    assert (task.title, task.category) == ("宪法宣传周活动", "outreach")
    assert (task.department, task.owner, task.leader) == (dept_a, clerk_a, leader)
    assert task.due_date == dt.date(2026, 12, 15)


def test_one_bad_row_among_good_ones_saves_nothing_and_names_each_problem(
    plan, officer, dept_a, clerk_a
):
    content = workbook(
        [
            IMPORT_HEADER,
            row(
                任务名称="好的任务一", 牵头科室="办公室", 完成时限=dt.date(2026, 12, 1)
            ),
            row(
                任务名称="科室不存在", 牵头科室="宣传科", 完成时限=dt.date(2026, 12, 1)
            ),
            row(任务名称="日期不对", 牵头科室="办公室", 完成时限="下个月"),
            row(
                任务名称="好的任务二", 牵头科室="办公室", 完成时限=dt.date(2026, 12, 2)
            ),
            row(
                任务名称="",
                牵头科室="办公室",
                责任人="查无此人",
                类别="不存在的类别",
                完成时限=dt.date(2026, 12, 2),
            ),
            row(任务名称="只有天数", 牵头科室="办公室", 工作日数="五"),
        ]
    )

    result = do_import_tasks(plan, upload(content), actor=officer)

    assert not result.ok
    assert result.created == []
    found = problems(result)
    assert (3, "牵头科室") in found
    assert (4, "完成时限") in found
    assert {(6, "任务名称"), (6, "类别"), (6, "责任人")} <= set(found)
    assert (7, "工作日数") in found
    assert not [p for p in found if p[0] in (2, 5)]
    messages = " ".join(msg for _n, _c, msg in result.errors)
    assert "宣传科" in messages and "查无此人" in messages
    assert not Task.objects.exists()
    assert not AuditEntry.objects.filter(
        verb__in=["task.created", "plan.tasks_imported"]
    )


def test_the_row_numbers_are_those_excel_shows_even_after_blank_rows(
    plan, officer, dept_a
):
    content = workbook(
        [
            IMPORT_HEADER,
            row(任务名称="第一项", 牵头科室="办公室", 完成时限=dt.date(2026, 12, 1)),
            [],
            [],
            row(任务名称="第五行", 牵头科室="无此科室", 完成时限=dt.date(2026, 12, 1)),
        ]
    )

    result = do_import_tasks(plan, upload(content), actor=officer)

    assert problems(result) == [(5, "牵头科室")]
    assert not Task.objects.exists()


def test_a_row_the_service_refuses_undoes_the_rows_already_created(
    plan, officer, dept_a
):
    content = workbook(
        [
            IMPORT_HEADER,
            row(任务名称="好的任务", 牵头科室="办公室", 完成时限=dt.date(2026, 12, 1)),
            row(
                任务名称="先完成后开始",
                牵头科室="办公室",
                开始日期=dt.date(2026, 12, 10),
                完成时限=dt.date(2026, 12, 1),
            ),
        ]
    )

    result = do_import_tasks(plan, upload(content), actor=officer)

    assert problems(result) == [(3, "完成时限")]
    assert result.created == []
    assert not Task.objects.exists()
    assert not AuditEntry.objects.filter(
        verb__in=["task.created", "plan.tasks_imported"]
    )


def test_a_name_shared_by_two_users_is_refused(plan, officer, dept_a, clerk_a):
    User.objects.create_user(username="clerk_a2", name="甲科员", department=dept_a)
    content = workbook(
        [
            IMPORT_HEADER,
            row(
                任务名称="同名",
                牵头科室="办公室",
                责任人="甲科员",
                完成时限=dt.date(2026, 12, 1),
            ),
        ]
    )

    result = do_import_tasks(plan, upload(content), actor=officer)

    assert problems(result) == [(2, "责任人")]
    assert not Task.objects.exists()


def test_a_department_name_shared_by_two_departments_is_refused(
    plan, officer, dept_a, dept_b
):
    # Two 办公室 in different branches: guessing one would put the task (and who may
    # see it) in the wrong department, so the row must name it by its code instead.
    Department.objects.create(name="办公室", code="b-office", parent=dept_b)
    content = workbook(
        [
            IMPORT_HEADER,
            row(任务名称="同名科室", 牵头科室="办公室", 完成时限=dt.date(2026, 12, 1)),
        ]
    )

    result = do_import_tasks(plan, upload(content), actor=officer)

    assert problems(result) == [(2, "牵头科室")]
    assert not Task.objects.exists()


def test_a_department_code_picks_one_of_two_with_the_same_name(
    plan, officer, dept_a, dept_b
):
    other = Department.objects.create(name="办公室", code="b-office", parent=dept_b)
    content = workbook(
        [
            IMPORT_HEADER,
            row(任务名称="按代码", 牵头科室="b-office", 完成时限=dt.date(2026, 12, 1)),
        ]
    )

    result = do_import_tasks(plan, upload(content), actor=officer)

    assert result.ok, result.errors
    assert Task.objects.get().department == other


def test_it_refuses_random_bytes_named_xlsx_and_saves_nothing(plan, officer, dept_a):
    junk = bytes(range(256)) * 8

    result = do_import_tasks(plan, upload(junk), actor=officer)

    assert not result.ok
    ((number, _col, message),) = result.errors
    assert number is None
    assert "xlsx" in message.lower()
    assert not Task.objects.exists()


def test_the_import_page_refuses_random_bytes_named_xlsx_with_a_clear_error(
    as_user, officer, plan, dept_a
):
    junk = bytes(range(256)) * 8

    response = as_user(officer).post(
        reverse("plans:plan_import", args=[plan.pk]),
        {"file": upload(junk, "任务.xlsx")},
    )

    assert response.status_code == 422
    errors = response.context["form"].errors["file"]
    assert errors and "任务.xlsx" in errors[0]
    assert not Task.objects.exists()


def test_it_refuses_a_file_without_the_xlsx_extension(as_user, officer, plan, dept_a):
    content = workbook(
        [
            IMPORT_HEADER,
            row(任务名称="x", 牵头科室="办公室", 完成时限=dt.date(2026, 12, 1)),
        ]
    )

    response = as_user(officer).post(
        reverse("plans:plan_import", args=[plan.pk]),
        {"file": upload(content, "tasks.csv")},
    )

    assert response.status_code == 422
    assert "file" in response.context["form"].errors
    assert not Task.objects.exists()


@pytest.mark.parametrize("missing", ["任务名称", "牵头科室"])
def test_it_names_a_missing_required_column(plan, officer, dept_a, missing):
    header = [h for h in IMPORT_HEADER if h != missing]
    content = workbook([header, ["值"] * len(header)])

    result = do_import_tasks(plan, upload(content), actor=officer)

    ((number, column, _message),) = result.errors
    assert number == 1
    assert missing in column
    assert not Task.objects.exists()


def test_it_asks_for_a_due_date_column_when_none_is_given(plan, officer, dept_a):
    content = workbook([["任务名称", "牵头科室"], ["任务", "办公室"]])

    result = do_import_tasks(plan, upload(content), actor=officer)

    assert problems(result) == [(1, "完成时限")]
    assert not Task.objects.exists()


def test_it_says_so_when_the_sheet_has_no_task_rows(plan, officer):
    result = do_import_tasks(plan, upload(workbook([IMPORT_HEADER])), actor=officer)

    assert not result.ok
    assert result.created == []


def test_the_import_template_reads_back_as_an_import_file(as_user, officer):
    response = as_user(officer).get(reverse("plans:import_template"))

    ws = load_workbook(io.BytesIO(response.content))["任务"]
    assert [c.value for c in ws[1]] == IMPORT_HEADER
    due = ws.cell(row=2, column=IMPORT_HEADER.index("完成时限") + 1)
    assert due.is_date


def test_the_import_template_example_row_imports_as_it_stands(
    as_user, officer, plan, dept_a
):
    # The template shows the office how to fill it in; its own example must be valid,
    # including the Chinese category name it uses (普法宣传).
    response = as_user(officer).get(reverse("plans:import_template"))

    result = do_import_tasks(plan, upload(response.content), actor=officer)

    assert result.ok, result.errors
    (task,) = plan.tasks.all()
    assert (task.category, task.department) == ("outreach", dept_a)
    assert task.due_date == dt.date(2026, 12, 7)


def test_the_export_stays_chinese_for_a_user_reading_in_english(
    as_user, officer, plan, task_a
):
    client = as_user(officer)
    client.cookies["django_language"] = "en"

    response = client.get(reverse("plans:plan_export", args=[plan.pk]))

    ws = load_workbook(io.BytesIO(response.content))["任务"]
    assert [c.value for c in ws[1]] == TASK_HEADER
    assert (ws["D2"].value, ws["L2"].value) == ("普法宣传", "未开始")


# --- Text stays text ------------------------------------------------------------------


@pytest.fixture
def hostile_export(as_user, officer, plan, dept_a, clerk_a):
    """An export whose staff-typed text looks like formulas or holds control chars."""
    do_update_plan(plan, actor=officer, summary="=1+1")
    task = do_create_task(
        plan,
        actor=officer,
        title='=HYPERLINK("http://x","y")',
        content=" \t-2+3",
        department=dept_a,
        due_date=dt.date(2026, 12, 15),
    )
    for day, note in [(1, "+1"), (2, "@SUM(A1)"), (3, "第一行\x0b第二行"), (4, "#N/A")]:
        do_record_progress(
            task, actor=clerk_a, date=dt.date(2026, 11, day), note=note, progress=10
        )
    response = as_user(officer).get(reverse("plans:plan_export", args=[plan.pk]))
    assert response.status_code == 200
    return response.content


def test_formula_like_text_exports_as_literal_text_cells(hostile_export):
    wb = load_workbook(io.BytesIO(hostile_export))
    tasks, notes = wb["任务"], wb["进展"]

    cells = [
        (tasks["B2"], '=HYPERLINK("http://x","y")'),
        (tasks["C2"], " \t-2+3"),
        (notes["E2"], "+1"),
        (notes["E3"], "@SUM(A1)"),
        (notes["E5"], "#N/A"),
        (wb["计划"]["B6"], "=1+1"),
    ]
    for cell, text in cells:
        assert (cell.value, cell.data_type) == (text, "s"), cell.coordinate
    # Excel keeps a quote-prefixed cell as text even when someone edits it.
    assert all(cell.quotePrefix for cell, text in cells if text != "#N/A")
    assert not tasks["A2"].quotePrefix
    assert tasks["I2"].is_date  # dates stay dates


def test_formula_like_text_is_not_written_as_a_formula(hostile_export):
    import zipfile

    with zipfile.ZipFile(io.BytesIO(hostile_export)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets
        assert not any(b"<f>" in archive.read(n) for n in sheets)


def test_a_control_character_in_a_note_is_dropped_not_an_error(hostile_export):
    notes = load_workbook(io.BytesIO(hostile_export))["进展"]

    assert notes["E4"].value == "第一行第二行"


def test_a_formula_like_title_imports_back_unchanged(
    hostile_export, officer, dept_a, clerk_a
):
    next_year = do_create_plan(actor=officer, year=2027, title="2027年计划")

    result = do_import_tasks(next_year, upload(hostile_export), actor=officer)

    assert result.ok, result.errors
    (task,) = next_year.tasks.all()
    assert task.title == '=HYPERLINK("http://x","y")'


# --- Dates and working days on import -------------------------------------------------


def test_a_start_after_the_due_date_is_named_under_the_due_date_column(
    plan, officer, dept_a
):
    content = workbook(
        [
            IMPORT_HEADER,
            row(任务名称="好的任务", 牵头科室="办公室", 完成时限=dt.date(2026, 12, 1)),
            row(
                任务名称="先完成后开始",
                牵头科室="办公室",
                开始日期="2026-12-10",
                完成时限=dt.date(2026, 12, 1),
            ),
        ]
    )

    result = do_import_tasks(plan, upload(content), actor=officer)

    assert problems(result) == [(3, "完成时限")]
    assert result.created == []
    assert not Task.objects.exists()


def test_a_start_after_the_working_day_due_date_is_named(plan, officer, dept_a):
    content = workbook(
        [
            IMPORT_HEADER,
            row(
                任务名称="先完成后开始",
                牵头科室="办公室",
                开始日期=dt.date(2026, 12, 1),
                起算日期=dt.date(2026, 9, 30),
                工作日数=5,
            ),
        ]
    )

    result = do_import_tasks(plan, upload(content), actor=officer)

    assert problems(result) == [(2, "起算日期")]
    assert not Task.objects.exists()


def test_the_services_refusal_is_placed_in_the_fields_column_and_undoes_all(
    plan, officer, dept_a, monkeypatch
):
    real = services.do_create_task

    def refuse_the_second(plan, *, actor, **fields):
        if fields["title"] == "第二项":
            raise ValidationError(
                {"due_date": ["too late"], "owner": ["away"], "__all__": ["no"]}
            )
        return real(plan, actor=actor, **fields)

    monkeypatch.setattr(services, "do_create_task", refuse_the_second)
    content = workbook(
        [
            IMPORT_HEADER,
            row(任务名称="第一项", 牵头科室="办公室", 完成时限=dt.date(2026, 12, 1)),
            row(任务名称="第二项", 牵头科室="办公室", 完成时限=dt.date(2026, 12, 1)),
        ]
    )

    result = do_import_tasks(plan, upload(content), actor=officer)

    assert sorted(problems(result)) == [(3, ""), (3, "完成时限"), (3, "责任人")]
    assert result.created == []
    assert not Task.objects.exists()


@pytest.mark.parametrize("days", [10.0, "10.0", "10", 10])
def test_a_whole_number_of_working_days_is_accepted(plan, officer, dept_a, days):
    content = workbook(
        [
            IMPORT_HEADER,
            row(
                任务名称="按工作日",
                牵头科室="办公室",
                起算日期=dt.date(2026, 9, 30),
                工作日数=days,
            ),
        ]
    )

    result = do_import_tasks(plan, upload(content), actor=officer)

    assert result.ok, result.errors
    task = Task.objects.get()
    assert task.due_working_days == 10
    assert task.due_date == add_working_days(dt.date(2026, 9, 30), 10)


@pytest.mark.parametrize("days", [10.5, "10.5", 0, "0", -3, 4000, "4000", "nan"])
def test_a_bad_number_of_working_days_is_refused(plan, officer, dept_a, days):
    content = workbook(
        [
            IMPORT_HEADER,
            row(
                任务名称="按工作日",
                牵头科室="办公室",
                起算日期=dt.date(2026, 9, 30),
                工作日数=days,
            ),
        ]
    )

    result = do_import_tasks(plan, upload(content), actor=officer)

    assert problems(result) == [(2, "工作日数")]
    assert not Task.objects.exists()


# --- The workbook is closed -----------------------------------------------------------


@pytest.mark.parametrize(
    "rows",
    [
        [IMPORT_HEADER, row(任务名称="x", 牵头科室="办公室", 完成时限="2026-12-01")],
        [["任务名称"], ["x"]],  # a required column missing
        [IMPORT_HEADER],  # no task rows
    ],
)
def test_the_uploaded_workbook_is_closed_on_every_path(rows, monkeypatch):
    opened = []
    real = spreadsheets.load_workbook

    def spy(*args, **kwargs):
        wb = real(*args, **kwargs)
        close = wb.close
        wb.close = lambda: (opened.append("closed"), close())
        opened.append("opened")
        return wb

    monkeypatch.setattr(spreadsheets, "load_workbook", spy)

    xlsx.read_rows(upload(workbook(rows)))

    assert opened == ["opened", "closed"]
