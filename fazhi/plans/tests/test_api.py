"""The /api/v1/plans/ endpoints: the pages' access rules and services, JSON out."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fazhi.core.models import AuditEntry
from fazhi.plans.models import ProgressUpdate, Task
from fazhi.plans.services import do_record_progress

API = "/api/v1/plans"


def post_json(client, path, data):
    return client.post(path, json.dumps(data), content_type="application/json")


def patch_json(client, path, data):
    return client.patch(path, json.dumps(data), content_type="application/json")


def new_task_payload(department, **overrides):
    data = {
        "title": "行政规范性文件清理",
        "content": "清理2020年以来的规范性文件",
        "category": "administration",
        "department_id": department.pk,
        "due_date": "2026-12-20",
    }
    return data | overrides


def task_titles(response) -> set[str]:
    return {item["title"] for item in response.json()["items"]}


def add_tasks(plan, department, count, owner=None):
    start = plan.tasks.order_by("-number").values_list("number", flat=True).first() or 0
    Task.objects.bulk_create(
        Task(
            plan=plan,
            number=start + i + 1,
            title=f"批量任务{i:03d}",
            department=department,
            owner=owner,
            due_date=dt.date(2026, 12, 1) + dt.timedelta(days=i),
        )
        for i in range(count)
    )


# --- Schema and authentication ------------------------------------------------------


def test_the_openapi_schema_is_json_listing_the_plan_paths(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = json.loads(response.content)
    paths = schema["paths"]
    assert {"get"} <= set(paths[f"{API}/"])
    assert {"get"} <= set(paths[f"{API}/tasks"])
    assert {"get", "patch"} <= set(paths[f"{API}/tasks/{{task_id}}"])
    assert {"post"} <= set(paths[f"{API}/tasks/{{task_id}}/progress"])
    assert {"get"} <= set(paths[f"{API}/{{plan_id}}"])
    assert {"post"} <= set(paths[f"{API}/{{plan_id}}/tasks"])


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/"),
        ("get", "/tasks"),
        ("get", "/tasks/{task}"),
        ("patch", "/tasks/{task}"),
        ("post", "/tasks/{task}/progress"),
        ("get", "/{plan}"),
        ("post", "/{plan}/tasks"),
    ],
)
def test_it_answers_401_to_the_anonymous(client, plan, task_a, method, path):
    url = API + path.format(task=task_a.pk, plan=plan.pk)

    if method == "get":
        response = client.get(url)
    else:
        response = getattr(client, method)(url, "{}", content_type="application/json")

    assert response.status_code == 401
    assert not ProgressUpdate.objects.exists()
    assert Task.objects.count() == 1


# --- Plans ----------------------------------------------------------------------------


def test_it_lists_the_plans(as_user, clerk_a, plan):
    response = as_user(clerk_a).get(f"{API}/")

    assert response.status_code == 200
    assert response.json() == [
        {
            "id": plan.pk,
            "year": 2026,
            "title": "2026年法治政府建设工作计划",
            "summary": "",
            "meeting_date": None,
            "meeting_chair_id": None,
            "meeting_attendee_ids": [],
        }
    ]


def test_the_counsel_sees_no_plans(as_user, counsel, plan):
    client = as_user(counsel)

    assert client.get(f"{API}/").json() == []
    assert client.get(f"{API}/{plan.pk}").status_code == 404


def test_it_returns_one_plan(as_user, clerk_b, plan):
    response = as_user(clerk_b).get(f"{API}/{plan.pk}")

    assert response.status_code == 200
    assert response.json()["title"] == "2026年法治政府建设工作计划"


def test_it_answers_404_for_a_plan_that_does_not_exist(as_user, officer, plan):
    response = as_user(officer).get(f"{API}/{plan.pk + 99}")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found"}


# --- Task list ------------------------------------------------------------------------


def test_a_clerk_lists_the_tasks_of_the_department_and_its_sub_departments(
    as_user, clerk_a, plan, task_a, task_b, dept_a1
):
    add_tasks(plan, dept_a1, 1)

    response = as_user(clerk_a).get(f"{API}/tasks")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert task_titles(response) == {"宪法宣传周活动", "批量任务000"}


def test_the_officer_lists_every_department_tasks(as_user, officer, task_a, task_b):
    response = as_user(officer).get(f"{API}/tasks")

    assert task_titles(response) == {"宪法宣传周活动", "南站道路规划诉求"}
    item = next(i for i in response.json()["items"] if i["id"] == task_b.pk)
    assert (item["department"], item["due_date"]) == ("规划建设科", "2026-12-20")


def test_the_counsel_lists_no_tasks(as_user, counsel, task_a):
    response = as_user(counsel).get(f"{API}/tasks")

    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "in_progress"}, {"宪法宣传周活动"}),
        ({"q": "南站"}, {"南站道路规划诉求"}),
        ({"category": "demands"}, {"南站道路规划诉求"}),
        ({"year": 2025}, set()),
    ],
)
def test_the_task_list_filters_narrow_the_results(
    as_user, officer, clerk_a, task_a, task_b, query, expected
):
    do_record_progress(
        task_a, actor=clerk_a, date=dt.date(2026, 11, 2), note="开展中", progress=30
    )

    response = as_user(officer).get(f"{API}/tasks", query)

    assert task_titles(response) == expected


def test_the_department_filter_does_not_widen_what_a_clerk_sees(
    as_user, clerk_a, task_a, task_b, dept_b
):
    response = as_user(clerk_a).get(f"{API}/tasks", {"department": dept_b.pk})

    assert response.json()["count"] == 0


def test_the_task_list_is_paginated_by_50(as_user, officer, plan, dept_a):
    add_tasks(plan, dept_a, 60)
    client = as_user(officer)

    first = client.get(f"{API}/tasks").json()
    second = client.get(f"{API}/tasks", {"page": 2}).json()

    assert (first["count"], second["count"]) == (60, 60)
    assert (len(first["items"]), len(second["items"])) == (50, 10)
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}


@pytest.mark.parametrize("user_name", ["officer", "clerk_a"])
def test_the_task_list_queries_do_not_grow_with_the_rows(
    request, plan, dept_a, dept_a1, leader, user_name, django_assert_max_num_queries
):
    user = request.getfixturevalue(user_name)
    client = Client()
    client.force_login(user)
    add_tasks(plan, dept_a, 2, owner=leader)
    add_tasks(plan, dept_a1, 1, owner=user)
    client.get(f"{API}/tasks")  # the first request of a session writes it
    with CaptureQueriesContext(connection) as few:
        client.get(f"{API}/tasks")

    add_tasks(plan, dept_a, 30, owner=leader)
    add_tasks(plan, dept_a1, 27, owner=user)
    with django_assert_max_num_queries(9):
        response = client.get(f"{API}/tasks")

    assert response.status_code == 200
    assert response.json()["count"] == 60
    with CaptureQueriesContext(connection) as many:
        client.get(f"{API}/tasks")
    assert len(many.captured_queries) == len(few.captured_queries)


# --- One task -------------------------------------------------------------------------


def test_it_returns_a_task_of_the_department(as_user, clerk_a, task_a, dept_a):
    response = as_user(clerk_a).get(f"{API}/tasks/{task_a.pk}")

    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "宪法宣传周活动"
    assert (body["department_id"], body["department"]) == (dept_a.pk, "办公室")
    assert (body["due_date"], body["status"], body["progress"]) == (
        "2026-12-15",
        "not_started",
        0,
    )


@pytest.mark.parametrize("user_name", ["clerk_b", "counsel"])
def test_it_answers_404_for_a_task_of_another_department(
    request, as_user, task_a, user_name
):
    response = as_user(request.getfixturevalue(user_name)).get(
        f"{API}/tasks/{task_a.pk}"
    )

    assert response.status_code == 404


# --- Create ---------------------------------------------------------------------------


def test_the_officer_creates_a_task(as_user, officer, plan, dept_a, clerk_a, leader):
    response = post_json(
        as_user(officer),
        f"{API}/{plan.pk}/tasks",
        new_task_payload(dept_a, owner_id=clerk_a.pk, leader_id=leader.pk),
    )

    assert response.status_code == 201
    task = Task.objects.get(pk=response.json()["id"])
    assert (task.plan, task.department, task.owner, task.leader) == (
        plan,
        dept_a,
        clerk_a,
        leader,
    )
    assert task.due_date == dt.date(2026, 12, 20)
    assert response.json()["department"] == "办公室"
    entry = AuditEntry.objects.get(verb="task.created", target_id=str(task.pk))
    assert entry.actor == officer


def test_it_computes_a_due_date_given_in_working_days(as_user, officer, plan, dept_a):
    payload = new_task_payload(dept_a, due_base_date="2026-09-30", due_working_days=5)
    del payload["due_date"]

    response = post_json(as_user(officer), f"{API}/{plan.pk}/tasks", payload)

    assert response.status_code == 201
    assert response.json()["due_date"] == "2026-10-13"


def test_a_clerk_cannot_create_a_task(as_user, clerk_a, plan, dept_a):
    response = post_json(
        as_user(clerk_a), f"{API}/{plan.pk}/tasks", new_task_payload(dept_a)
    )

    assert response.status_code == 404
    assert not Task.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"title": ""},
        {"title": "长" * 201},
        {"category": "hacked"},
        {"due_date": "2026-13-45"},
        {"start_date": "2026-12-31"},  # after the due date
        {"due_date": None},  # no due date at all
        {"due_date": None, "due_working_days": 5},  # days without a base date
        {"due_working_days": -1, "due_base_date": "2026-09-30"},
        {"department_id": "abc"},
        {"department_id": 999999},  # no such department
        {"owner_id": 999999},  # no such person
    ],
)
def test_it_refuses_an_invalid_new_task_with_422_and_saves_nothing(
    as_user, officer, plan, dept_a, overrides
):
    payload = {
        k: v for k, v in (new_task_payload(dept_a) | overrides).items() if v is not None
    }

    response = post_json(as_user(officer), f"{API}/{plan.pk}/tasks", payload)

    assert response.status_code == 422, response.content
    assert not Task.objects.exists()
    assert not AuditEntry.objects.filter(verb="task.created").exists()


@pytest.mark.parametrize("field", ["leader_id", "owner_id"])
def test_it_refuses_a_person_the_page_would_not_offer_with_422(
    as_user, officer, plan, dept_a, clerk_b, leader, field
):
    # The page offers only leaders as 分管领导 and only active users as 责任人.
    clerk_b.is_active = False
    clerk_b.save(update_fields=["is_active"])
    payload = new_task_payload(dept_a, leader_id=leader.pk) | {field: clerk_b.pk}

    response = post_json(as_user(officer), f"{API}/{plan.pk}/tasks", payload)

    assert response.status_code == 422, response.content
    assert not Task.objects.exists()


# --- Patch ----------------------------------------------------------------------------


def test_the_officer_changes_a_task_with_a_reason(as_user, officer, task_a, clerk_a):
    response = patch_json(
        as_user(officer),
        f"{API}/tasks/{task_a.pk}",
        {"due_date": "2026-12-22", "owner_id": None, "reason": "场地调整"},
    )

    assert response.status_code == 200
    assert response.json()["due_date"] == "2026-12-22"
    assert response.json()["owner_id"] is None
    task_a.refresh_from_db()
    assert (task_a.due_date, task_a.owner, task_a.title) == (
        dt.date(2026, 12, 22),
        None,
        "宪法宣传周活动",
    )
    entry = AuditEntry.objects.get(verb="task.updated", target_id=str(task_a.pk))
    assert entry.reason == "场地调整"
    assert entry.changes == {
        "due_date": ["2026-12-15", "2026-12-22"],
        "owner": ["甲科员", None],
    }


def test_marking_a_task_done_stamps_its_completion(as_user, officer, task_a):
    response = patch_json(
        as_user(officer), f"{API}/tasks/{task_a.pk}", {"status": "done"}
    )

    assert response.status_code == 200
    assert response.json()["status"] == "done"
    assert response.json()["completed_on"] is not None


@pytest.mark.parametrize("user_name", ["clerk_a", "clerk_b", "leader"])
def test_only_those_who_keep_the_ledger_change_a_task(
    request, as_user, task_a, user_name
):
    client = as_user(request.getfixturevalue(user_name))

    response = patch_json(client, f"{API}/tasks/{task_a.pk}", {"title": "越权改名"})

    assert response.status_code == 404
    task_a.refresh_from_db()
    assert task_a.title == "宪法宣传周活动"


@pytest.mark.parametrize(
    "payload",
    [
        {"status": "hacked"},
        {"title": ""},
        {"due_date": None},
        {"due_date": "someday"},
        {"owner_id": 999999},
    ],
)
def test_it_refuses_an_invalid_change_with_422_and_changes_nothing(
    as_user, officer, task_a, payload
):
    response = patch_json(as_user(officer), f"{API}/tasks/{task_a.pk}", payload)

    assert response.status_code == 422, response.content
    task_a.refresh_from_db()
    assert (task_a.title, task_a.status, task_a.due_date, task_a.owner_id) == (
        "宪法宣传周活动",
        "not_started",
        dt.date(2026, 12, 15),
        task_a.owner_id,
    )
    assert task_a.owner is not None
    assert not AuditEntry.objects.filter(verb="task.updated").exists()


# --- Progress -------------------------------------------------------------------------


def test_a_clerk_records_progress(as_user, clerk_a, task_a):
    today = timezone.localdate()

    response = post_json(
        as_user(clerk_a),
        f"{API}/tasks/{task_a.pk}/progress",
        {"date": today.isoformat(), "progress": 40, "note": "已印制宣传册"},
    )

    assert response.status_code == 201
    assert (response.json()["status"], response.json()["progress"]) == (
        "in_progress",
        40,
    )
    update = ProgressUpdate.objects.get(task=task_a)
    assert (update.author, update.note, update.date) == (clerk_a, "已印制宣传册", today)
    assert AuditEntry.objects.filter(
        verb="task.progress_recorded", target_id=str(task_a.pk)
    ).exists()


def test_progress_of_100_closes_the_task(as_user, leader, task_a):
    today = timezone.localdate()

    response = post_json(
        as_user(leader),
        f"{API}/tasks/{task_a.pk}/progress",
        {"date": today.isoformat(), "progress": 100, "note": "活动完成"},
    )

    assert response.status_code == 201
    assert response.json()["status"] == "done"
    assert response.json()["completed_on"] == today.isoformat()


def test_another_department_clerk_cannot_record_progress(as_user, clerk_b, task_a):
    response = post_json(
        as_user(clerk_b),
        f"{API}/tasks/{task_a.pk}/progress",
        {"date": timezone.localdate().isoformat(), "progress": 40, "note": "越权"},
    )

    assert response.status_code == 404
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"progress": 150},
        {"progress": -1},
        {"note": ""},
        {"date": "2099-01-01"},  # the future
        {"date": "yesterday"},
    ],
)
def test_it_refuses_invalid_progress_with_422_and_saves_nothing(
    as_user, clerk_a, task_a, overrides
):
    payload = {
        "date": timezone.localdate().isoformat(),
        "progress": 40,
        "note": "进展",
    } | overrides

    response = post_json(as_user(clerk_a), f"{API}/tasks/{task_a.pk}/progress", payload)

    assert response.status_code == 422
    assert not ProgressUpdate.objects.exists()
    task_a.refresh_from_db()
    assert (task_a.progress, task_a.status) == (0, "not_started")


def test_it_refuses_progress_on_a_closed_task_with_422(as_user, clerk_a, task_a):
    today = timezone.localdate()
    do_record_progress(task_a, actor=clerk_a, date=today, note="完成", progress=100)

    response = post_json(
        as_user(clerk_a),
        f"{API}/tasks/{task_a.pk}/progress",
        {"date": today.isoformat(), "progress": 50, "note": "再报"},
    )

    assert response.status_code == 422
    assert response.json()["detail"]
    assert ProgressUpdate.objects.filter(task=task_a).count() == 1


def test_the_officer_creates_and_changes_a_plan_through_the_api(
    client, officer, leader
):
    from fazhi.core.models import AuditEntry
    from fazhi.plans.models import Plan

    client.force_login(officer)
    response = client.post(
        "/api/v1/plans/",
        {
            "year": 2027,
            "title": "2027年法治政府建设工作计划",
            "meeting_chair_id": leader.pk,
            "meeting_attendee_ids": [leader.pk, officer.pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    plan = Plan.objects.get(year=2027)
    assert plan.meeting_chair == leader
    assert response.json()["meeting_attendee_ids"] == sorted([leader.pk, officer.pk])
    response = client.patch(
        f"/api/v1/plans/{plan.pk}",
        {"title": "2027年工作计划（修订）", "reason": "党组会修订"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["title"].endswith("（修订）")
    entry = AuditEntry.objects.filter(verb="plan.updated").get()
    assert entry.reason == "党组会修订"


def test_a_clerk_cannot_create_a_plan_and_a_duplicate_year_is_422(
    client, clerk_a, officer, plan
):
    client.force_login(clerk_a)
    body = {"year": 2027, "title": "计划"}
    assert (
        client.post("/api/v1/plans/", body, content_type="application/json").status_code
        == 404
    )
    client.force_login(officer)
    dup = {"year": plan.year, "title": "重复"}
    assert (
        client.post("/api/v1/plans/", dup, content_type="application/json").status_code
        == 422
    )
