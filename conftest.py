"""The named cast of test users (STYLE.md). Each says what it may do.

Department A (办公室) has a sub-department A1; department B is another 科室.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group

from fazhi.core.models import Department, Role, User

PASSWORD = "Test@Pass123"


@pytest.fixture
def dept_a(db):
    office = Department.objects.create(name="区协同办", code="office")
    return Department.objects.create(name="办公室", code="a", parent=office)


@pytest.fixture
def dept_a1(dept_a):
    return Department.objects.create(name="办公室信息组", code="a1", parent=dept_a)


@pytest.fixture
def dept_b(dept_a):
    return Department.objects.create(name="规划建设科", code="b", parent=dept_a.parent)


def _user(username, name, department, *roles, **extra):
    user = User.objects.create_user(
        username=username, password=PASSWORD, name=name, department=department, **extra
    )
    user.groups.set(Group.objects.filter(name__in=roles))
    return user


@pytest.fixture
def clerk_a(dept_a):
    """Staff of department A: sees and reports progress on A's tasks only."""
    return _user("clerk_a", "甲科员", dept_a, Role.STAFF)


@pytest.fixture
def clerk_b(dept_b):
    """Staff of department B: must never see department A's records."""
    return _user("clerk_b", "乙科员", dept_b, Role.STAFF)


@pytest.fixture
def officer(dept_a):
    """The legal-affairs officer (法制员): keeps every ledger, creates plans and tasks."""
    return _user("officer", "法制员", dept_a, Role.LEGAL_OFFICER)


@pytest.fixture
def leader(dept_a):
    """A leader of the office: sees everything, logs duties, records progress."""
    return _user("leader", "主任", dept_a.parent, Role.LEADER)


@pytest.fixture
def counsel(db):
    """The outside legal counsel: sees only reviews assigned to them (no plans)."""
    return _user("counsel", "律师", None, Role.COUNSEL)


@pytest.fixture
def admin_user(dept_a):
    """The system administrator: users, departments, calendar, audit trail."""
    return _user("admin", "管理员", dept_a, Role.ADMIN, is_staff=True)


@pytest.fixture
def plan(officer):
    from fazhi.plans.services import do_create_plan

    return do_create_plan(actor=officer, year=2026, title="2026年法治政府建设工作计划")


@pytest.fixture
def task_a(plan, officer, dept_a, clerk_a, leader):
    """An open task of department A, due on 2026-12-15."""
    from fazhi.plans.services import do_create_task

    return do_create_task(
        plan,
        actor=officer,
        title="宪法宣传周活动",
        department=dept_a,
        owner=clerk_a,
        leader=leader,
        due_date=dt.date(2026, 12, 15),
        category="outreach",
    )


@pytest.fixture
def task_b(plan, officer, dept_b, clerk_b):
    """An open task of department B."""
    from fazhi.plans.services import do_create_task

    return do_create_task(
        plan,
        actor=officer,
        title="南站道路规划诉求",
        department=dept_b,
        owner=clerk_b,
        due_date=dt.date(2026, 12, 20),
        category="demands",
    )


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def as_user(client):
    """`as_user(someone)` → a test client logged in as them."""
    return lambda user: login(client, user)


@pytest.fixture(autouse=True)
def _private_suggestion_model(settings, tmp_path):
    """A test that trains the category suggestions (the demo does) writes its own file."""
    settings.FAZHI_HOTLINE_MODEL_PATH = tmp_path / "hotline-suggest.joblib"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing costs ~0.3 s a user; the tests are about access, not hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _dashboard_counts_live(settings):
    """The dashboard keeps its figures a few minutes; a test that changes a record
    and looks again wants them counted again (test_snapshots tests the keeping)."""
    settings.FAZHI_DASHBOARD_MAX_AGE = 0
