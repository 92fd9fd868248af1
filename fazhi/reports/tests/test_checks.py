"""The self-assessment (自查): the demo's reference year judged as the summary tells it,
each obligation turning red when its records are broken, the current year open, an
empty year without error, the report deadlines, and the page itself."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from fazhi.core.models import User
from fazhi.core.periods import month_day
from fazhi.decisions.models import AgendaItem
from fazhi.disclosure.models import AnnualReport, Application, Item
from fazhi.learning.models import StudySession
from fazhi.legal.models import Counsel, Review
from fazhi.outreach.models import Campaign
from fazhi.plans.models import DutyLog, Plan, Task
from fazhi.plans.services import do_create_plan
from fazhi.reports.checks import MISSED, NA, OK, PENDING, STATES, assess
from fazhi.reports.models import Report

pytestmark = pytest.mark.django_db
URL = reverse("reports:checks")


@pytest.fixture
def demo(settings, tmp_path):
    settings.FAZHI_HOTLINE_MODEL_PATH = tmp_path / "model.joblib"
    call_command("demo", stdout=io.StringIO())


def states(year, today=None):
    return {c.code: c.state for c in assess(year, today or timezone.localdate())}


def by_code(year, today=None):
    return {c.code: c for c in assess(year, today or timezone.localdate())}


# --- The demo office ----------------------------------------------------------------------

# 2021 as the summary tells it: plan deployed at the 年初部署会, every task done, the four
# duties of the principal leader, study every quarter and two lectures, the reviews and
# the counsel, the campaigns, the tickets. Red where the office itself admits it (one
# reply and one catalogue item late: "个别信息超过20个工作日才公开"), and the study hours,
# which the demo's sessions do not reach against the 40-hour default.
EXPECTED_2021 = {
    "plan": OK,
    "tasks": OK,
    "duties": OK,
    "study_quarters": OK,
    "study_lectures": OK,
    "study_hours": MISSED,
    "exams": OK,
    "decisions_reviewed": OK,
    "fair_competition": OK,
    "decisions_published": NA,
    "decision_catalogue": NA,
    "reviews_in_time": OK,
    "counsel": OK,
    "applications": MISSED,
    "proactive": MISSED,
    "gi_report": NA,  # the 2020 report: the ledgers begin in 2021
    "report_approved": NA,
    "report_published": NA,
    "campaigns": OK,
    "hotline": OK,
}


def test_the_demos_2021_is_judged_as_the_summary_tells_it(demo):
    assert states(2021) == EXPECTED_2021


def test_a_broken_record_turns_its_check_red(demo):
    # A quarter without its centre-group study.
    StudySession.objects.filter(
        date__year=2021, date__month=9, kind=StudySession.Kind.CENTRE_GROUP
    ).delete()
    check = by_code(2021)["study_quarters"]
    assert check.state == MISSED and "3" in check.detail
    # The applications: in time once the demo's late reply is put right; red again
    # when another reply is late.
    Application.objects.filter(replied_late=True).update(replied_late=False)
    assert states(2021)["applications"] == OK
    late = Application.objects.filter(replied_on__year=2021).first()
    Application.objects.filter(pk=late.pk).update(replied_late=True)
    check = by_code(2021)["applications"]
    assert check.state == MISSED
    assert check.url == late.get_absolute_url()  # the one late reply itself
    # A review answered after its due date.
    review = Review.objects.filter(received_on__year=2021, matter=None).first()
    Review.objects.filter(pk=review.pk).update(
        opinion_on=review.due_date + dt.timedelta(days=3)
    )
    check = by_code(2021)["reviews_in_time"]
    assert check.state == MISSED
    assert check.url == f"{reverse('legal:review_list')}?year=2021&overdue=1"
    # A matter decided before its legality review was given.
    item = AgendaItem.objects.filter(meeting__date__year=2021).first()
    Review.objects.filter(matter=item.matter).update(
        opinion_on=item.meeting.date + dt.timedelta(days=1)
    )
    assert states(2021)["decisions_reviewed"] == MISSED
    # The principal leader never enquired in person.
    DutyLog.objects.filter(date__year=2021, kind=DutyLog.Kind.ASK).delete()
    assert states(2021)["duties"] == MISSED
    # The counsel's engagement not filed for the record.
    Counsel.objects.filter(contract_start__year=2021).update(filed_on=None)
    assert states(2021)["counsel"] == MISSED
    # A campaign planned and never held; a task finished after its due date.
    Campaign.objects.create(
        year=2021, name="宪法宣传周", planned_for=dt.date(2021, 12, 4)
    )
    task = Task.objects.filter(plan__year=2021).first()
    Task.objects.filter(pk=task.pk).update(
        completed_on=task.due_date + dt.timedelta(days=1)
    )
    result = states(2021)
    assert result["campaigns"] == MISSED and result["tasks"] == MISSED
    # No deployment meeting.
    Plan.objects.filter(year=2021).update(meeting_date=None)
    assert states(2021)["plan"] == MISSED


def test_the_current_year_is_open_with_the_demos_real_misses(demo):
    today = timezone.localdate()
    checks = by_code(today.year)
    assert {c.state for c in checks.values()} <= set(STATES)
    # The demo's plan has tasks past their due dates on purpose.
    assert checks["tasks"].state == MISSED
    assert checks["tasks"].url.endswith(f"?year={today.year}&due=overdue")
    # Nothing judged on the whole year is met before the year is over.
    for code in ("duties", "study_hours", "exams", "reviews_in_time", "campaigns"):
        assert checks[code].state in (PENDING, MISSED, NA), code
    if today >= dt.date(today.year, 2, 15):  # the demo's live cases are this year's
        assert checks["applications"].state == MISSED
        assert checks["applications"].url.endswith("?due=overdue")
        assert checks["proactive"].state == MISSED
        assert checks["hotline"].state == MISSED


def test_an_empty_year_is_open_or_not_applicable(demo):
    result = states(2030)
    assert set(result.values()) <= {PENDING, NA}
    assert result["plan"] == PENDING
    # Before the ledgers begin there is nothing to judge.
    assert set(states(2019).values()) == {NA}


# --- Without the demo ------------------------------------------------------------------------


def test_a_fresh_office_gets_open_checks_not_errors(db):
    today = timezone.localdate()
    result = states(today.year)
    assert set(result.values()) <= {PENDING, NA, MISSED}
    assert set(states(today.year + 1).values()) <= {PENDING, NA}


def test_the_reports_on_last_year_are_judged_by_their_deadlines(officer):
    do_create_plan(actor=officer, year=2025, title="2025年法治政府建设工作计划")
    # Before the deadlines: open; the disclosure report was due on 31 January.
    result = states(2026, dt.date(2026, 2, 10))
    assert result["report_approved"] == PENDING
    assert result["report_published"] == PENDING
    assert result["gi_report"] == MISSED
    AnnualReport.objects.create(year=2025, published_on=dt.date(2026, 1, 20))
    Report.objects.create(
        year=2025,
        status=Report.Status.PUBLISHED,
        approved_on=dt.date(2026, 2, 26),
        published_on=dt.date(2026, 4, 3),
    )
    checks = by_code(2026, dt.date(2026, 5, 1))
    assert checks["gi_report"].state == OK
    assert checks["report_approved"].state == OK
    assert checks["report_published"].state == MISSED  # after 1 April
    assert "2026-04-01" in checks["report_published"].detail
    assert checks["report_published"].url == reverse("reports:report", args=[2025])


def test_a_local_deadline_setting_is_read_as_a_date(settings, officer):
    assert month_day("03-01", 2026) == dt.date(2026, 3, 1)
    assert month_day("02-29", 2026) == dt.date(2026, 2, 28)
    settings.FAZHI_PLAN_DEPLOY_BY = "01-31"
    assert states(2026, dt.date(2026, 2, 10))["plan"] == MISSED
    settings.FAZHI_PLAN_DEPLOY_BY = "03-31"
    assert states(2026, dt.date(2026, 2, 10))["plan"] == PENDING


def test_proactive_items_late_or_waiting_past_their_deadline(officer, dept_a):
    from fazhi.disclosure import catalogue

    item = catalogue.do_record_item(
        actor=officer,
        title="部门预算",
        summary="2026年部门预算",
        formed_on=dt.date(2026, 3, 2),
        category="财政预决算",
        department=dept_a,
    )
    check = by_code(2026, dt.date(2026, 6, 1))["proactive"]
    assert check.state == MISSED
    assert check.url == f"{reverse('disclosure:item_list')}?show=late"
    Item.objects.filter(pk=item.pk).update(
        status=Item.Status.PUBLISHED, published_on=item.due_on
    )
    assert states(2026, dt.date(2026, 6, 1))["proactive"] == PENDING
    assert states(2026, dt.date(2027, 1, 5))["proactive"] == OK


def test_the_checks_read_a_fixed_number_of_queries(demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(45):
        assess(2021, timezone.localdate())


# --- The page -------------------------------------------------------------------------------


def test_the_page_shows_each_check_with_its_badge_and_the_summary(client, demo):
    client.force_login(User.objects.get(username="zhuren"))
    response = client.get(URL + "?year=2021")
    assert response.status_code == 200
    html = response.content.decode()
    summary = response.context["summary"]
    assert (summary["ok"], summary["missed"], summary["total"]) == (12, 3, 15)
    assert 'id="check-applications" class="check-missed table-danger"' in html
    assert 'id="check-plan" class="check-ok"' in html
    assert html.count("badge text-bg-danger") == 3
    assert " style=" not in html
    for check in response.context["checks"]:
        if check.url:
            assert client.get(check.url).status_code == 200, check.url


def test_the_page_refuses_staff_as_not_found(client, demo):
    client.force_login(User.objects.get(username="sunli"))
    assert client.get(URL).status_code == 404
    assert client.get(reverse("reports:dashboard")).status_code == 404


def test_the_page_shows_an_empty_year(client, leader):
    client.force_login(leader)
    response = client.get(URL + "?year=2030")
    assert response.status_code == 200
    assert response.context["summary"]["missed"] == 0
