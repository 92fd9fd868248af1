"""The admin site: every change audited (roles and passwords too), no escalation to
superuser, no deleting users, a readable audit trail, and plan data repair only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.forms import MultiWidget
from django.utils import translation

from conftest import PASSWORD
from fazhi.core import audit
from fazhi.core.admin import IS_ACTIVE_HELP
from fazhi.core.history import VERBS
from fazhi.core.models import AuditEntry, Role, User
from fazhi.plans.models import DutyLog
from fazhi.plans.services import do_log_duty

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "New@Pass456word"


@pytest.fixture
def superuser(dept_a):
    return User.objects.create_superuser(
        username="root", password=PASSWORD, name="超级管理员", department=dept_a
    )


def _url(user, action="change"):
    return f"/admin/core/user/{user.pk}/{action}/"


def _post_data(response) -> dict:
    """The change form as the browser would submit it, unchanged."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        if isinstance(field.widget, MultiWidget):
            parts = field.widget.decompress(value)
            for i, part in enumerate(parts):
                data[f"{name}_{i}"] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        else:
            data[name] = "" if value is None else str(value)
    return data


def _label(response, verb: str) -> str:
    """A verb's label in the language the page was rendered in."""
    with translation.override(response.headers.get("Content-Language")):
        return str(VERBS.get(verb, verb))


def test_changing_roles_in_the_admin_is_audited(client, superuser, clerk_a):
    client.force_login(superuser)
    response = client.get(_url(clerk_a))
    assert response.status_code == 200
    data = _post_data(response)
    officer_role = Group.objects.get(name=Role.LEGAL_OFFICER)
    data["groups"] = [*data.get("groups", []), str(officer_role.pk)]

    response = client.post(_url(clerk_a), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert set(clerk_a.groups.values_list("name", flat=True)) == {
        Role.STAFF,
        Role.LEGAL_OFFICER,
    }
    entry = AuditEntry.objects.get(
        verb="admin.user.roles_changed", target_id=str(clerk_a.pk)
    )
    assert entry.actor == superuser
    assert entry.changes == {
        "groups": [[Role.STAFF], sorted([Role.STAFF, Role.LEGAL_OFFICER])]
    }
    assert audit.verify().ok


def test_an_unchanged_save_records_no_role_change(client, superuser, clerk_a):
    client.force_login(superuser)
    data = _post_data(client.get(_url(clerk_a)))
    assert client.post(_url(clerk_a), data).status_code == 302
    assert not AuditEntry.objects.filter(verb="admin.user.roles_changed").exists()


def test_an_administrator_cannot_make_a_superuser(client, admin_user, clerk_a):
    client.force_login(admin_user)
    response = client.get(_url(clerk_a))
    assert response.status_code == 200
    adminform = response.context["adminform"]
    assert "is_superuser" not in adminform.form.fields
    assert "is_superuser" in adminform.readonly_fields
    assert "user_permissions" in adminform.readonly_fields
    data = _post_data(response)
    data["is_superuser"] = "on"
    data["title"] = "科员"

    response = client.post(_url(clerk_a), data)

    assert response.status_code == 302
    clerk_a.refresh_from_db()
    assert clerk_a.title == "科员"  # the rest of the form was saved
    assert not clerk_a.is_superuser


def test_a_superuser_may_grant_superuser(client, superuser, clerk_a):
    client.force_login(superuser)
    response = client.get(_url(clerk_a))
    assert "is_superuser" in response.context["adminform"].form.fields


def test_an_administrator_cannot_change_a_superusers_account(
    client, admin_user, superuser
):
    client.force_login(admin_user)
    response = client.post(
        _url(superuser, "password"),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.check_password(PASSWORD)


@pytest.mark.parametrize("who", ["superuser", "admin_user"])
def test_users_cannot_be_deleted(client, request, who, clerk_a):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_url(clerk_a, "delete")).status_code == 403
    assert client.post(_url(clerk_a, "delete"), {"post": "yes"}).status_code == 403
    response = client.get("/admin/core/user/")
    assert "delete_selected" not in response.content.decode()
    assert User.objects.filter(pk=clerk_a.pk).exists()


def test_the_form_says_to_deactivate_instead(client, admin_user, clerk_a):
    client.force_login(admin_user)
    form = client.get(_url(clerk_a)).context["adminform"].form
    assert form.fields["is_active"].help_text == IS_ACTIVE_HELP


def test_a_password_change_in_the_admin_is_audited(client, admin_user, clerk_a):
    client.force_login(admin_user)
    response = client.post(
        _url(clerk_a, "password"),
        {
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    clerk_a.refresh_from_db()
    assert clerk_a.check_password(NEW_PASSWORD)
    entry = AuditEntry.objects.get(
        verb="admin.user.password_changed", target_id=str(clerk_a.pk)
    )
    assert entry.actor == admin_user
    assert NEW_PASSWORD not in str(entry.changes)
    assert clerk_a.password not in str(entry.changes)


def test_a_rejected_password_change_is_not_audited(client, admin_user, clerk_a):
    client.force_login(admin_user)
    response = client.post(
        _url(clerk_a, "password"),
        {
            "password1": NEW_PASSWORD,
            "password2": "different",
            "usable_password": "true",
        },
    )
    assert response.status_code == 200
    assert not AuditEntry.objects.filter(verb="admin.user.password_changed").exists()


def test_the_audit_trail_shows_readable_actions(client, admin_user):
    audit.record_event(actor=admin_user, verb="auth.login", target=admin_user)
    client.force_login(admin_user)
    response = client.get("/admin/core/auditentry/")
    assert response.status_code == 200
    body = response.content.decode()
    label = _label(response, "auth.login")
    assert label != "auth.login"
    assert label in body
    assert "auth.login</td>" not in body


def test_the_audit_trail_summarises_changes(client, superuser, clerk_a):
    client.force_login(superuser)
    data = _post_data(client.get(_url(clerk_a)))
    data["title"] = "副科长"
    client.post(_url(clerk_a), data)
    response = client.get("/admin/core/auditentry/")
    body = response.content.decode()
    assert "title: — → 副科长" in body
    assert _label(response, "admin.user.updated") in body


def test_task_admin_is_data_repair_only(client, admin_user, task_a):
    client.force_login(admin_user)
    url = f"/admin/plans/task/{task_a.pk}/change/"
    response = client.get(url)
    assert response.status_code == 200
    adminform = response.context["adminform"]
    for name in ["status", "progress", "due_date", "number", "plan"]:
        assert name not in adminform.form.fields
        assert name in adminform.readonly_fields
    data = _post_data(response)
    data.update(title="宪法宣传周系列活动", status="done", due_date="2027-01-01")

    assert client.post(url, data).status_code == 302

    task_a.refresh_from_db()
    assert task_a.title == "宪法宣传周系列活动"
    assert task_a.status == "not_started"
    assert str(task_a.due_date) == "2026-12-15"
    entry = AuditEntry.objects.get(verb="admin.task.updated")
    assert set(entry.changes) == {"title"}
    assert client.get("/admin/plans/task/add/").status_code == 403


def test_plan_year_and_duty_facts_are_read_only(client, superuser, plan, leader):
    duty = do_log_duty(
        actor=leader,
        date=dt.date(2026, 3, 1),
        leader=leader,
        kind=DutyLog.Kind.DEPLOY,
        matter="部署年度法治工作",
    )
    client.force_login(superuser)
    response = client.get(f"/admin/plans/plan/{plan.pk}/change/")
    assert "year" in response.context["adminform"].readonly_fields
    response = client.get(f"/admin/plans/dutylog/{duty.pk}/change/")
    readonly = response.context["adminform"].readonly_fields
    assert {"date", "leader", "kind"} <= set(readonly)
    for path in ["plan", "task", "dutylog"]:
        assert client.get(f"/admin/plans/{path}/add/").status_code == 403
