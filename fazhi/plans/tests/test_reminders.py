"""`fazhi sendreminders`: reminders reach owners and leaders once, and show in the header."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from fazhi.core.models import Notification
from fazhi.plans.services import do_create_task, do_update_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def late_task(plan, officer, dept_a, clerk_a, leader):
    return do_create_task(
        plan,
        actor=officer,
        title="逾期任务",
        department=dept_a,
        owner=clerk_a,
        leader=leader,
        due_date=timezone.localdate() - dt.timedelta(days=2),
    )


@pytest.fixture
def far_task(plan, officer, dept_a, clerk_a):
    return do_create_task(
        plan,
        actor=officer,
        title="远期任务",
        department=dept_a,
        owner=clerk_a,
        due_date=timezone.localdate() + dt.timedelta(days=60),
    )


def test_it_reminds_owner_and_leader_once(late_task, far_task, clerk_a, leader):
    call_command("sendreminders")
    call_command("sendreminders")
    assert Notification.objects.filter(user=clerk_a).count() == 1
    assert Notification.objects.filter(user=leader).count() == 1
    note = Notification.objects.get(user=clerk_a)
    assert "逾期任务" in note.text and note.url == late_task.get_absolute_url()


def test_a_moved_due_date_is_reminded_again(late_task, officer, clerk_a):
    call_command("sendreminders")
    do_update_task(
        late_task, actor=officer, due_date=timezone.localdate() + dt.timedelta(days=1)
    )
    call_command("sendreminders")
    texts = list(
        Notification.objects.filter(user=clerk_a).values_list("text", flat=True)
    )
    assert len(texts) == 2 and any("即将到期" in t for t in texts)


def test_closed_tasks_are_not_reminded(late_task, officer):
    do_update_task(late_task, actor=officer, status="done")
    call_command("sendreminders")
    assert not Notification.objects.filter(key__startswith="task:").exists()


def test_the_header_counts_unread_and_the_page_marks_them_read(
    client, late_task, clerk_a
):
    call_command("sendreminders")
    client.force_login(clerk_a)
    assert 'text-bg-warning">1<' in client.get("/").content.decode()
    page = client.get("/notifications/")
    assert "逾期任务" in page.content.decode()
    assert client.post("/notifications/").status_code == 302
    assert not Notification.objects.filter(user=clerk_a, read_at__isnull=True).exists()


def test_notifications_need_login(client):
    assert client.get("/notifications/").status_code == 302


def test_plan_documents_attach_for_the_officer_only(
    client, plan, officer, clerk_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("计划.pdf", b"%PDF-1.4\n%%EOF\n")
    client.force_login(clerk_a)
    assert (
        client.post(f"/plans/{plan.pk}/documents/", {"files": [pdf]}).status_code == 404
    )
    client.force_login(officer)
    pdf.seek(0)
    response = client.post(f"/plans/{plan.pk}/documents/", {"files": [pdf]})
    assert response.status_code == 302
    assert "计划.pdf" in client.get(f"/plans/{plan.pk}/").content.decode()
    assert client.get(f"/plans/{plan.pk}/documents/").status_code == 405


def test_the_recompute_command_follows_a_new_override(plan, officer, dept_a):
    from fazhi.core.models import CalendarOverride
    from fazhi.plans.services import do_create_task

    task = do_create_task(
        plan,
        actor=officer,
        title="按工作日计算的任务",
        department=dept_a,
        due_base_date=dt.date(2026, 11, 27),
        due_working_days=1,
    )
    assert task.due_date == dt.date(2026, 11, 30)
    CalendarOverride.objects.create(date=dt.date(2026, 11, 30), is_working_day=False)
    call_command("recomputeduedates")
    call_command("recomputeduedates")
    task.refresh_from_db()
    assert task.due_date == dt.date(2026, 12, 1)
    from fazhi.core.models import AuditEntry

    assert AuditEntry.objects.filter(verb="task.due_recomputed").count() == 1
