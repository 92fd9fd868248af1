"""The plans pages: each works for the right user and refuses everyone else."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from fazhi.core.models import Attachment, AuditEntry, Role, User
from fazhi.plans import urls as plans_urls
from fazhi.plans.models import DutyLog, Plan, ProgressUpdate, Task
from fazhi.plans.services import do_create_plan, do_log_duty, do_record_progress

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Every page of plans/urls.py: (url name, what its argument is, the method it serves).
VIEWS = [
    ("plans:plan_list", None, "get"),
    ("plans:plan_create", None, "get"),
    ("plans:plan_detail", "plan", "get"),
    ("plans:plan_edit", "plan", "get"),
    ("plans:plan_export", "plan", "get"),
    ("plans:plan_import", "plan", "get"),
    ("plans:import_template", None, "get"),
    ("plans:task_create", "plan", "get"),
    ("plans:task_list", None, "get"),
    ("plans:task_detail", "task", "get"),
    ("plans:task_edit", "task", "get"),
    ("plans:task_progress", "task", "post"),
    ("plans:plan_attach", "plan", "post"),
    ("plans:duty_list", None, "get"),
    ("plans:duty_create", None, "get"),
]
GET_ONLY = {
    "plans:plan_list",
    "plans:plan_detail",
    "plans:plan_export",
    "plans:import_template",
    "plans:task_list",
    "plans:task_detail",
    "plans:duty_list",
}
POST_ONLY = {"plans:task_progress", "plans:plan_attach"}


def url_for(name, arg, plan, task):
    args = {None: [], "plan": [plan.pk], "task": [task.pk]}[arg]
    return reverse(name, args=args)


def today():
    return timezone.localdate()


def add_task(plan, department, title, due, **fields):
    number = (
        plan.tasks.order_by("-number").values_list("number", flat=True).first()
    ) or 0
    return Task.objects.create(
        plan=plan,
        number=number + 1,
        title=title,
        department=department,
        due_date=due,
        **fields,
    )


def send(client, method, url, data=None):
    """GET or POST `url`; `data` goes with a POST only."""
    if method == "post":
        return client.post(url, data or {})
    return client.get(url)


def titles(response) -> set[str]:
    return {row.title for row in response.context["rows"]}


def task_form(department, editing=None, **overrides):
    """The task form as a browser posts it; `editing`: the task the form was opened on
    (its version travels in a hidden field)."""
    data = {
        "title": "行政规范性文件清理",
        "content": "清理2020年以来的规范性文件",
        "category": "administration",
        "department": department.pk,
        "owner": "",
        "leader": "",
        "start_date": "",
        "due_mode": "date",
        "due_date": "2026-12-20",
        "due_base_date": "",
        "due_working_days": "",
    }
    if editing is not None:
        data["version"] = editing.updated_at.isoformat()
    return data | overrides


def workbook_bytes(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "任务"
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# --- Every view: anonymous, wrong method ----------------------------------------------


def test_the_table_covers_every_page_of_the_plans_urls():
    named = {f"plans:{p.name}" for p in plans_urls.urlpatterns}

    assert named == {name for name, _arg, _method in VIEWS}


@pytest.mark.parametrize(("name", "arg", "method"), VIEWS)
def test_it_sends_the_anonymous_to_the_login_page(
    client, plan, task_a, name, arg, method
):
    url = url_for(name, arg, plan, task_a)

    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_it_saves_no_progress_posted_by_the_anonymous(client, task_a):
    client.post(
        reverse("plans:task_progress", args=[task_a.pk]),
        {"date": today().isoformat(), "progress": 50, "note": "匿名"},
    )

    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize(("name", "arg", "_method"), VIEWS)
def test_it_refuses_the_wrong_http_method(
    as_user, officer, plan, task_a, name, arg, _method
):
    client = as_user(officer)
    url = url_for(name, arg, plan, task_a)

    if name in GET_ONLY:
        response = client.post(url)
    elif name in POST_ONLY:
        response = client.get(url)
    else:
        response = client.put(url)

    assert response.status_code == 405


# --- Plans ----------------------------------------------------------------------------


def test_it_lists_the_plans_for_a_clerk(as_user, clerk_a, plan):
    response = as_user(clerk_a).get(reverse("plans:plan_list"))

    assert response.status_code == 200
    assert list(response.context["plans"]) == [plan]
    assert "2026年法治政府建设工作计划" in response.content.decode()


@pytest.mark.parametrize("name", ["plans:plan_list", "plans:task_list"])
def test_it_hides_the_plan_lists_from_the_counsel(as_user, counsel, plan, name):
    response = as_user(counsel).get(reverse(name))

    assert response.status_code == 404


def test_it_hides_a_plan_from_the_counsel(as_user, counsel, plan):
    response = as_user(counsel).get(reverse("plans:plan_detail", args=[plan.pk]))

    assert response.status_code == 404


def test_it_shows_a_plan_with_only_the_tasks_the_clerk_may_see(
    as_user, clerk_a, plan, task_a, task_b
):
    response = as_user(clerk_a).get(reverse("plans:plan_detail", args=[plan.pk]))

    assert response.status_code == 200
    assert list(response.context["tasks"]) == [task_a]
    body = response.content.decode()
    assert "宪法宣传周活动" in body
    assert "南站道路规划诉求" not in body


def test_it_answers_404_for_a_plan_that_does_not_exist(as_user, officer, plan):
    response = as_user(officer).get(reverse("plans:plan_detail", args=[plan.pk + 99]))

    assert response.status_code == 404


def test_the_officer_creates_a_plan(as_user, officer, leader, clerk_a):
    response = as_user(officer).post(
        reverse("plans:plan_create"),
        {
            "year": 2027,
            "title": "2027年法治政府建设工作计划",
            "summary": "",
            "meeting_date": "2027-02-20",
            "meeting_chair": leader.pk,
            "meeting_attendees": [leader.pk, clerk_a.pk],
        },
    )

    plan = Plan.objects.get(year=2027)
    assert response.status_code == 302
    assert response.url == plan.get_absolute_url()
    assert plan.meeting_chair == leader
    assert set(plan.meeting_attendees.all()) == {leader, clerk_a}
    assert AuditEntry.objects.filter(
        verb="plan.created", target_id=str(plan.pk)
    ).exists()


def test_it_shows_the_new_plan_form_to_the_officer(as_user, officer):
    response = as_user(officer).get(reverse("plans:plan_create"))

    assert response.status_code == 200
    assert "meeting_chair" in response.context["form"].fields


def test_it_refuses_a_second_plan_for_the_same_year_with_422(as_user, officer, plan):
    response = as_user(officer).post(
        reverse("plans:plan_create"), {"year": 2026, "title": "又一个2026年计划"}
    )

    assert response.status_code == 422
    assert list(Plan.objects.values_list("title", flat=True)) == [plan.title]


def test_it_refuses_a_meeting_chair_who_is_not_a_leader_with_422(
    as_user, officer, clerk_a
):
    response = as_user(officer).post(
        reverse("plans:plan_create"),
        {"year": 2027, "title": "2027年计划", "meeting_chair": clerk_a.pk},
    )

    assert response.status_code == 422
    assert "meeting_chair" in response.context["form"].errors
    assert not Plan.objects.filter(year=2027).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_clerk_cannot_create_a_plan(as_user, clerk_a, method):
    response = send(
        as_user(clerk_a),
        method,
        reverse("plans:plan_create"),
        {"year": 2027, "title": "越权"},
    )

    assert response.status_code == 404
    assert not Plan.objects.exists()


def test_the_officer_edits_a_plan(as_user, officer, plan):
    response = as_user(officer).post(
        reverse("plans:plan_edit", args=[plan.pk]),
        {"year": 2026, "title": "2026年法治政府建设工作要点", "summary": "年度要点"},
    )

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title == "2026年法治政府建设工作要点"
    entry = AuditEntry.objects.get(verb="plan.updated", target_id=str(plan.pk))
    assert entry.changes["title"] == [
        "2026年法治政府建设工作计划",
        "2026年法治政府建设工作要点",
    ]


def test_it_shows_the_plan_edit_form_with_the_current_values(as_user, officer, plan):
    response = as_user(officer).get(reverse("plans:plan_edit", args=[plan.pk]))

    assert response.status_code == 200
    assert response.context["form"].initial["title"] == plan.title


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_clerk_cannot_edit_a_plan(as_user, clerk_a, plan, method):
    response = send(
        as_user(clerk_a),
        method,
        reverse("plans:plan_edit", args=[plan.pk]),
        {"year": 2026, "title": "越权修改"},
    )

    assert response.status_code == 404
    plan.refresh_from_db()
    assert plan.title == "2026年法治政府建设工作计划"


def test_the_export_is_an_xlsx_download(as_user, officer, plan, task_a):
    response = as_user(officer).get(reverse("plans:plan_export", args=[plan.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert 'filename="plan-2026.xlsx"' in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    assert wb["任务"]["B2"].value == "宪法宣传周活动"


def test_the_export_is_hidden_from_the_counsel(as_user, counsel, plan):
    response = as_user(counsel).get(reverse("plans:plan_export", args=[plan.pk]))

    assert response.status_code == 404
    assert not AuditEntry.objects.filter(verb="plan.exported").exists()


def test_the_officer_gets_the_import_template(as_user, officer):
    response = as_user(officer).get(reverse("plans:import_template"))

    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content))["任务"]
    header = [c.value for c in ws[1]]
    assert header[:2] == ["任务名称", "工作内容"]
    assert "完成时限" in header


def test_a_clerk_cannot_get_the_import_template(as_user, clerk_a):
    response = as_user(clerk_a).get(reverse("plans:import_template"))

    assert response.status_code == 404


def test_it_shows_the_import_form_to_the_officer(as_user, officer, plan):
    response = as_user(officer).get(reverse("plans:plan_import", args=[plan.pk]))

    assert response.status_code == 200
    assert response.context["errors"] == []


def test_the_officer_imports_tasks_from_a_workbook(as_user, officer, plan, dept_b):
    content = workbook_bytes(
        [
            ["任务名称", "牵头科室", "完成时限"],
            ["规划诉求办理", "规划建设科", dt.date(2026, 12, 30)],
        ]
    )
    upload = SimpleUploadedFile("tasks.xlsx", content, content_type=XLSX_TYPE)

    response = as_user(officer).post(
        reverse("plans:plan_import", args=[plan.pk]), {"file": upload}
    )

    assert response.status_code == 302
    task = Task.objects.get(plan=plan, title="规划诉求办理")
    assert (task.department, task.due_date) == (dept_b, dt.date(2026, 12, 30))


def test_it_lists_the_import_problems_with_422_and_saves_nothing(
    as_user, officer, plan, dept_a
):
    content = workbook_bytes(
        [
            ["任务名称", "牵头科室", "完成时限"],
            ["好的任务", "办公室", dt.date(2026, 12, 30)],
            ["坏的任务", "不存在的科室", dt.date(2026, 12, 30)],
        ]
    )
    upload = SimpleUploadedFile("tasks.xlsx", content, content_type=XLSX_TYPE)

    response = as_user(officer).post(
        reverse("plans:plan_import", args=[plan.pk]), {"file": upload}
    )

    assert response.status_code == 422
    assert [(row, col) for row, col, _msg in response.context["errors"]] == [
        (3, "牵头科室")
    ]
    assert "不存在的科室" in response.content.decode()
    assert not Task.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_clerk_cannot_import_tasks(as_user, clerk_a, plan, method):
    response = send(
        as_user(clerk_a), method, reverse("plans:plan_import", args=[plan.pk])
    )

    assert response.status_code == 404


# --- Tasks: the list ------------------------------------------------------------------


def test_a_clerk_sees_the_tasks_of_the_department_and_its_sub_departments(
    as_user, clerk_a, plan, task_a, task_b, dept_a1
):
    add_task(plan, dept_a1, "信息组网站巡查", dt.date(2026, 12, 10))

    response = as_user(clerk_a).get(reverse("plans:task_list"))

    assert response.status_code == 200
    assert titles(response) == {"宪法宣传周活动", "信息组网站巡查"}
    body = response.content.decode()
    assert "信息组网站巡查" in body
    assert "南站道路规划诉求" not in body


def test_a_sub_department_clerk_does_not_see_the_parent_department_tasks(
    client, plan, task_a, dept_a1
):
    clerk_a1 = User.objects.create_user(
        username="clerk_a1", name="信息组科员", department=dept_a1
    )
    clerk_a1.groups.set(Group.objects.filter(name=Role.STAFF))
    add_task(plan, dept_a1, "信息组网站巡查", dt.date(2026, 12, 10))
    client.force_login(clerk_a1)

    response = client.get(reverse("plans:task_list"))

    assert titles(response) == {"信息组网站巡查"}
    assert client.get(reverse("plans:task_detail", args=[task_a.pk])).status_code == 404


def test_the_officer_sees_every_department_tasks(as_user, officer, task_a, task_b):
    response = as_user(officer).get(reverse("plans:task_list"))

    assert titles(response) == {"宪法宣传周活动", "南站道路规划诉求"}


@pytest.fixture
def varied_tasks(plan, officer, dept_a, dept_b):
    """Tasks that each filter picks out, relative to today."""
    day = dt.timedelta(days=1)
    last_year = do_create_plan(actor=officer, year=2025, title="2025年计划")
    add_task(plan, dept_a, "逾期任务", today() - 3 * day)
    add_task(plan, dept_a, "即将到期", today() + 3 * day, status="in_progress")
    add_task(
        plan,
        dept_a,
        "已办结",
        today() - 3 * day,
        status="done",
        progress=100,
        completed_on=today() - 5 * day,
    )
    add_task(plan, dept_b, "远期任务", today() + 60 * day)
    add_task(
        last_year,
        dept_a,
        "去年任务",
        dt.date(2025, 12, 1),
        status="done",
        completed_on=dt.date(2025, 11, 30),
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"逾期任务", "即将到期", "已办结", "远期任务", "去年任务"}),
        ({"status": "done"}, {"已办结", "去年任务"}),
        ({"status": "in_progress"}, {"即将到期"}),
        ({"due": "overdue"}, {"逾期任务"}),
        ({"due": "soon"}, {"即将到期"}),
        ({"q": "到期"}, {"即将到期"}),
        ({"year": "2025"}, {"去年任务"}),
        ({"year": "2026", "status": "done"}, {"已办结"}),
    ],
)
def test_the_task_list_filters_narrow_the_results(
    as_user, officer, varied_tasks, query, expected
):
    response = as_user(officer).get(reverse("plans:task_list"), query)

    assert response.status_code == 200
    assert titles(response) == expected


def test_the_task_list_filters_by_department(as_user, officer, varied_tasks, dept_b):
    response = as_user(officer).get(
        reverse("plans:task_list"), {"department": dept_b.pk}
    )

    assert titles(response) == {"远期任务"}


def test_the_department_filter_does_not_widen_what_a_clerk_sees(
    as_user, clerk_a, varied_tasks, dept_b
):
    response = as_user(clerk_a).get(
        reverse("plans:task_list"), {"department": dept_b.pk}
    )

    assert response.status_code == 200
    assert titles(response) == set()


def test_the_mine_filter_keeps_the_tasks_the_user_owns(
    as_user, clerk_a, task_a, plan, dept_a
):
    add_task(plan, dept_a, "他人任务", dt.date(2026, 12, 10))

    response = as_user(clerk_a).get(reverse("plans:task_list"), {"mine": "on"})

    assert titles(response) == {"宪法宣传周活动"}


def test_the_list_marks_as_due_soon_exactly_what_the_soon_filter_finds(
    as_user, officer, plan, dept_a, settings
):
    settings.FAZHI_DUE_SOON_DAYS = 3
    add_task(plan, dept_a, "两天后到期", today() + dt.timedelta(days=2))
    add_task(plan, dept_a, "五天后到期", today() + dt.timedelta(days=5))
    client = as_user(officer)

    soon = client.get(reverse("plans:task_list"), {"due": "soon"})
    page = client.get(reverse("plans:task_list")).content.decode()

    assert titles(soon) == {"两天后到期"}
    assert page.count("row-soon") == 1


def _many_tasks(plan, departments, owners, count):
    start = (
        plan.tasks.order_by("-number").values_list("number", flat=True).first()
    ) or 0
    Task.objects.bulk_create(
        Task(
            plan=plan,
            number=start + i + 1,
            title=f"批量任务{i}",
            department=departments[i % len(departments)],
            owner=owners[i % len(owners)],
            due_date=today() + dt.timedelta(days=i - 30),
            status=["not_started", "in_progress", "done"][i % 3],
        )
        for i in range(count)
    )


def _queries(client, url) -> int:
    client.get(url)  # the first request of a session writes it; measure the next one
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("user_name", ["officer", "clerk_a"])
@pytest.mark.parametrize("url_name", ["plans:task_list", "core:dashboard"])
def test_the_task_list_and_dashboard_queries_do_not_grow_with_the_rows(
    request,
    plan,
    dept_a,
    dept_a1,
    dept_b,
    leader,
    user_name,
    url_name,
    django_assert_max_num_queries,
):
    user = request.getfixturevalue(user_name)
    client = Client()
    client.force_login(user)
    url = reverse(url_name)
    people = [user, leader]
    do_log_duty(
        actor=leader, date=today(), leader=leader, kind="ask", matter="过问进度"
    )
    _many_tasks(plan, [dept_a, dept_a1, dept_b], people, 3)
    few = _queries(client, url)

    _many_tasks(plan, [dept_a, dept_a1, dept_b], people, 57)
    # A fixed number: session, user, roles, departments, calendar years and the page's
    # own reads (the dashboard reads each open status separately, see queries.py).
    limit = {"plans:task_list": 14, "core:dashboard": 22}[url_name]
    with django_assert_max_num_queries(limit):
        response = client.get(url)

    assert response.status_code == 200
    assert _queries(client, url) == few


def test_the_task_list_pages_by_50(as_user, officer, plan, dept_a, leader):
    _many_tasks(plan, [dept_a], [leader], 60)
    client = as_user(officer)

    first = client.get(reverse("plans:task_list"))
    second = client.get(reverse("plans:task_list"), {"page": 2})

    assert len(first.context["rows"]) == 50
    assert len(second.context["rows"]) == 10
    assert not titles(first) & titles(second)


# --- Tasks: detail, create, edit ------------------------------------------------------


def test_a_clerk_sees_the_task_of_the_department(as_user, clerk_a, task_a):
    response = as_user(clerk_a).get(reverse("plans:task_detail", args=[task_a.pk]))

    assert response.status_code == 200
    assert response.context["task"] == task_a
    assert response.context["can_progress"] is True
    assert response.context["can_change"] is False
    body = response.content.decode()
    assert "宪法宣传周活动" in body
    assert "创建任务" in body  # the history, in words


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("plans:task_detail", "get"),
        ("plans:task_edit", "get"),
        ("plans:task_edit", "post"),
        ("plans:task_progress", "post"),
    ],
)
def test_another_department_clerk_gets_404_on_a_task(
    as_user, clerk_b, task_a, name, method
):
    response = send(
        as_user(clerk_b),
        method,
        reverse(name, args=[task_a.pk]),
        {"date": today().isoformat(), "progress": 50, "note": "越权", "title": "改"},
    )

    assert response.status_code == 404
    task_a.refresh_from_db()
    assert (task_a.title, task_a.progress) == ("宪法宣传周活动", 0)
    assert not ProgressUpdate.objects.exists()


def test_the_officer_creates_a_task_due_in_working_days(
    as_user, officer, plan, dept_a, clerk_a
):
    response = as_user(officer).post(
        reverse("plans:task_create", args=[plan.pk]),
        task_form(
            dept_a,
            owner=clerk_a.pk,
            due_mode="working_days",
            due_date="",
            due_base_date="2026-09-30",
            due_working_days=5,
        ),
    )

    task = Task.objects.get(plan=plan, title="行政规范性文件清理")
    assert response.status_code == 302
    assert response.url == task.get_absolute_url()
    assert (task.department, task.owner) == (dept_a, clerk_a)
    assert task.due_date == dt.date(2026, 10, 13)
    assert AuditEntry.objects.filter(
        verb="task.created", target_id=str(task.pk)
    ).exists()


def test_it_shows_the_new_task_form_to_the_officer(as_user, officer, plan):
    response = as_user(officer).get(reverse("plans:task_create", args=[plan.pk]))

    assert response.status_code == 200
    assert "status" not in response.context["form"].fields


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_clerk_cannot_create_a_task(as_user, clerk_a, plan, dept_a, method):
    response = send(
        as_user(clerk_a),
        method,
        reverse("plans:task_create", args=[plan.pk]),
        task_form(dept_a),
    )

    assert response.status_code == 404
    assert not Task.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("department", 999999),
        ("owner", 999999),
        ("category", "hacked"),
        ("due_date", "2026-13-45"),
        ("start_date", "2026-12-31"),  # after the due date
    ],
)
def test_it_refuses_a_forged_task_field_with_422_and_saves_nothing(
    as_user, officer, plan, dept_a, field, value
):
    response = as_user(officer).post(
        reverse("plans:task_create", args=[plan.pk]), task_form(dept_a) | {field: value}
    )

    assert response.status_code == 422
    assert response.context["form"].errors
    assert not Task.objects.exists()


def test_the_officer_edits_a_task_with_a_reason(as_user, officer, task_a, dept_a):
    response = as_user(officer).post(
        reverse("plans:task_edit", args=[task_a.pk]),
        task_form(
            dept_a,
            task_a,
            title="宪法宣传周活动",
            category="outreach",
            due_date="2026-12-22",
            status="in_progress",
            reason="场地调整",
        ),
    )

    assert response.status_code == 302
    task_a.refresh_from_db()
    assert (task_a.due_date, task_a.status) == (dt.date(2026, 12, 22), "in_progress")
    entry = AuditEntry.objects.get(verb="task.updated", target_id=str(task_a.pk))
    assert entry.reason == "场地调整"
    assert entry.changes["due_date"] == ["2026-12-15", "2026-12-22"]


def test_the_officer_changes_a_due_date_to_working_days(
    as_user, officer, task_a, dept_a
):
    response = as_user(officer).post(
        reverse("plans:task_edit", args=[task_a.pk]),
        task_form(
            dept_a,
            task_a,
            title="宪法宣传周活动",
            category="outreach",
            status="not_started",
            due_mode="working_days",
            due_date="",
            due_base_date="2026-09-30",
            due_working_days=5,
        ),
    )

    assert response.status_code == 302
    task_a.refresh_from_db()
    assert (task_a.due_date, task_a.due_working_days) == (dt.date(2026, 10, 13), 5)


def test_an_edit_of_a_task_changed_meanwhile_is_refused(
    as_user, officer, clerk_a, task_a, dept_a
):
    opened = task_form(dept_a, task_a, title="宪法宣传周活动", status="not_started")
    do_record_progress(
        task_a, actor=clerk_a, date=today(), note="已全部完成", progress=100
    )

    response = as_user(officer).post(
        reverse("plans:task_edit", args=[task_a.pk]), opened | {"title": "改名"}
    )

    assert response.status_code == 422
    task_a.refresh_from_db()
    assert (task_a.title, task_a.status) == ("宪法宣传周活动", "done")


def test_it_shows_the_task_edit_form_to_the_officer(as_user, officer, task_a):
    response = as_user(officer).get(reverse("plans:task_edit", args=[task_a.pk]))

    assert response.status_code == 200
    assert response.context["form"].initial["title"] == "宪法宣传周活动"


def test_a_clerk_cannot_edit_the_own_department_task(as_user, clerk_a, task_a, dept_a):
    response = as_user(clerk_a).post(
        reverse("plans:task_edit", args=[task_a.pk]),
        task_form(dept_a, task_a, title="改名", status="done"),
    )

    assert response.status_code == 404
    task_a.refresh_from_db()
    assert (task_a.title, task_a.status) == ("宪法宣传周活动", "not_started")


@pytest.mark.parametrize(
    ("field", "value"),
    [("status", "hacked"), ("department", 999999), ("leader", "abc")],
)
def test_it_refuses_a_forged_edit_with_422_and_changes_nothing(
    as_user, officer, task_a, dept_a, field, value
):
    data = task_form(dept_a, task_a, title="改过的名字", status="in_progress")
    data[field] = value

    response = as_user(officer).post(reverse("plans:task_edit", args=[task_a.pk]), data)

    assert response.status_code == 422
    task_a.refresh_from_db()
    assert (task_a.title, task_a.status) == ("宪法宣传周活动", "not_started")
    assert not AuditEntry.objects.filter(verb="task.updated").exists()


# --- Progress -------------------------------------------------------------------------


def test_a_clerk_records_progress_on_the_department_task(as_user, clerk_a, task_a):
    response = as_user(clerk_a).post(
        reverse("plans:task_progress", args=[task_a.pk]),
        {"date": today().isoformat(), "progress": 60, "note": "已完成场地布置"},
    )

    assert response.status_code == 302
    assert response.url == task_a.get_absolute_url()
    update = ProgressUpdate.objects.get(task=task_a)
    assert (update.progress, update.author, update.note) == (
        60,
        clerk_a,
        "已完成场地布置",
    )
    task_a.refresh_from_db()
    assert (task_a.status, task_a.progress) == ("in_progress", 60)


def test_progress_shows_on_the_task_page(as_user, clerk_a, task_a):
    do_record_progress(
        task_a, actor=clerk_a, date=today(), note="印制宣传册", progress=30
    )

    response = as_user(clerk_a).get(reverse("plans:task_detail", args=[task_a.pk]))

    assert "印制宣传册" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("progress", 150),
        ("progress", -5),
        ("progress", "abc"),
        ("note", ""),
        ("date", "2099-01-01"),  # the future
    ],
)
def test_it_refuses_forged_progress_with_422_and_saves_nothing(
    as_user, clerk_a, task_a, field, value
):
    data = {"date": today().isoformat(), "progress": 50, "note": "进展"} | {
        field: value
    }

    response = as_user(clerk_a).post(
        reverse("plans:task_progress", args=[task_a.pk]), data
    )

    assert response.status_code == 422
    assert not ProgressUpdate.objects.exists()
    task_a.refresh_from_db()
    assert task_a.progress == 0


def test_it_refuses_progress_on_a_closed_task_with_422(as_user, clerk_a, task_a):
    do_record_progress(task_a, actor=clerk_a, date=today(), note="完成", progress=100)

    response = as_user(clerk_a).post(
        reverse("plans:task_progress", args=[task_a.pk]),
        {"date": today().isoformat(), "progress": 50, "note": "再报"},
    )

    assert response.status_code == 422
    assert ProgressUpdate.objects.filter(task=task_a).count() == 1
    assert response.context["form"].non_field_errors()


def test_it_stores_the_evidence_file_with_its_sha256(as_user, clerk_a, task_a, media):
    upload = SimpleUploadedFile("签到表.pdf", PDF, content_type="application/pdf")

    response = as_user(clerk_a).post(
        reverse("plans:task_progress", args=[task_a.pk]),
        {
            "date": today().isoformat(),
            "progress": 40,
            "note": "附签到表",
            "files": upload,
        },
    )

    assert response.status_code == 302
    update = ProgressUpdate.objects.get(task=task_a)
    attachment = Attachment.objects.get(
        content_type=ContentType.objects.get_for_model(ProgressUpdate),
        object_id=update.pk,
    )
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert (attachment.kind, attachment.original_name, attachment.size) == (
        "pdf",
        "签到表.pdf",
        len(PDF),
    )
    assert attachment.uploaded_by == clerk_a
    with attachment.file.open("rb") as stored:
        assert stored.read() == PDF


def test_it_refuses_an_exe_renamed_pdf_with_422_and_saves_nothing(
    as_user, clerk_a, task_a, media
):
    upload = SimpleUploadedFile("签到表.pdf", EXE, content_type="application/pdf")

    response = as_user(clerk_a).post(
        reverse("plans:task_progress", args=[task_a.pk]),
        {"date": today().isoformat(), "progress": 40, "note": "附件", "files": upload},
    )

    assert response.status_code == 422
    assert "files" in response.context["form"].errors
    assert not ProgressUpdate.objects.exists()
    assert not Attachment.objects.exists()
    assert not any(media.rglob("*.*"))


def test_the_progress_page_refuses_get(as_user, clerk_a, task_a):
    response = as_user(clerk_a).get(reverse("plans:task_progress", args=[task_a.pk]))

    assert response.status_code == 405


# --- Duty log -------------------------------------------------------------------------


def test_a_clerk_reads_the_duty_log(as_user, clerk_a, leader, task_a):
    do_log_duty(
        actor=leader,
        date=dt.date(2026, 3, 5),
        leader=leader,
        kind="supervise",
        matter="督办宪法宣传周筹备",
        task=task_a,
    )

    response = as_user(clerk_a).get(reverse("plans:duty_list"))

    assert response.status_code == 200
    assert response.context["can_add"] is False
    assert "督办宪法宣传周筹备" in response.content.decode()


def test_the_duty_log_filters_by_year(as_user, leader):
    for year in (2025, 2026):
        do_log_duty(
            actor=leader,
            date=dt.date(year, 3, 5),
            leader=leader,
            kind="ask",
            matter=f"{year}年过问",
        )

    response = as_user(leader).get(reverse("plans:duty_list"), {"year": "2025"})

    assert [d.matter for d in response.context["page"]] == ["2025年过问"]


def test_the_duty_log_is_hidden_from_the_counsel(as_user, counsel):
    response = as_user(counsel).get(reverse("plans:duty_list"))

    assert response.status_code == 404


def test_the_new_duty_form_names_the_leader_who_opens_it(as_user, leader):
    response = as_user(leader).get(reverse("plans:duty_create"))

    assert response.status_code == 200
    assert response.context["form"].initial["leader"] == leader


def test_a_leader_logs_a_duty(as_user, leader, task_a):
    response = as_user(leader).post(
        reverse("plans:duty_create"),
        {
            "date": "2026-03-05",
            "leader": leader.pk,
            "kind": "coordinate",
            "matter": "协调宣传场地",
            "detail": "",
            "task": task_a.pk,
        },
    )

    assert response.status_code == 302
    entry = DutyLog.objects.get()
    assert (entry.leader, entry.recorded_by, entry.task) == (leader, leader, task_a)
    assert AuditEntry.objects.filter(
        verb="duty.logged", target_id=str(entry.pk)
    ).exists()


@pytest.mark.parametrize(
    ("field", "value"), [("kind", "hacked"), ("task", 999999), ("leader", "x")]
)
def test_it_refuses_a_forged_duty_with_422(as_user, leader, task_a, field, value):
    data = {
        "date": "2026-03-05",
        "leader": leader.pk,
        "kind": "coordinate",
        "matter": "协调宣传场地",
        "task": task_a.pk,
    } | {field: value}

    response = as_user(leader).post(reverse("plans:duty_create"), data)

    assert response.status_code == 422
    assert not DutyLog.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_clerk_cannot_log_a_duty(as_user, clerk_a, leader, method):
    response = send(
        as_user(clerk_a),
        method,
        reverse("plans:duty_create"),
        {"date": "2026-03-05", "leader": leader.pk, "kind": "ask", "matter": "x"},
    )

    assert response.status_code == 404
    assert not DutyLog.objects.exists()


def test_the_duty_log_hides_the_titles_of_other_departments_tasks(
    as_user, leader, officer, task_a, clerk_b
):
    from fazhi.plans.services import do_log_duty

    do_log_duty(
        actor=officer,
        date=today(),
        leader=leader,
        kind="supervise",
        matter="督办宣传周",
        task=task_a,
    )
    body = as_user(clerk_b).get(reverse("plans:duty_list")).content.decode()
    assert "督办宣传周" in body and task_a.title not in body


def test_the_responsible_person_from_another_department_sees_the_task(
    as_user, plan, officer, dept_a, clerk_b
):
    from fazhi.plans.services import do_create_task

    task = do_create_task(
        plan,
        actor=officer,
        title="跨科室任务",
        department=dept_a,
        owner=clerk_b,
        due_date=today(),
    )
    client = as_user(clerk_b)
    assert client.get(reverse("plans:task_detail", args=[task.pk])).status_code == 200
    assert "跨科室任务" in client.get(reverse("plans:task_list")).content.decode()
