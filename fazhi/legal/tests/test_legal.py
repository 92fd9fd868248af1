"""Legal counsel and legality review: the time limits in working days, who may answer,
the department's response, the figures, the ledger, the API and the reminders."""

import datetime as dt
import io

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from fazhi.core.models import AuditEntry, Role, User
from fazhi.core.notifications import Notification
from fazhi.legal import reminders, services
from fazhi.legal.models import Counsel, Review
from fazhi.legal.queries import figures_for

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def engagement(officer, counsel):
    return services.do_engage_counsel(
        actor=officer,
        firm="新华律师事务所",
        name="周律",
        contract_start=dt.date(2026, 3, 15),
        contract_end=dt.date(2027, 3, 14),
        user=counsel,
    )


@pytest.fixture
def other_counsel(officer):
    user = User.objects.create_user(username="counsel2", password="x", name="另一律师")
    user.groups.set(Group.objects.filter(name=Role.COUNSEL))
    return services.do_engage_counsel(
        actor=officer,
        firm="另一律师事务所",
        name="另一律师",
        contract_start=dt.date(2026, 1, 1),
        contract_end=dt.date(2026, 12, 31),
        user=user,
    )


def request(actor, engagement, dept, *, received=dt.date(2026, 11, 2), **extra):
    return services.do_request_review(
        actor=actor,
        title=extra.pop("title", "招商引资项目投资奖励协议"),
        kind=extra.pop("kind", Review.Kind.INCENTIVE),
        department=dept,
        received_on=received,
        counsel=engagement,
        today=extra.pop("today", TODAY),
        **extra,
    )


# --- Time limits ------------------------------------------------------------------------


def opine(review, by, outcome, text, day):
    """The counsel's opinion on `review`, as the opinion page gives it."""
    return services.do_give_opinion(
        review, actor=by, outcome=outcome, opinion=text, opinion_on=day
    )


def test_the_due_date_skips_national_day_and_counts_the_make_up_saturday(
    clerk_a, engagement, dept_a
):
    """Received Mon 2026-09-28, 7 working days: 9-29, 9-30, (国庆 10-01…10-07), 10-08,
    10-09, the make-up Saturday 10-10, 10-12, 10-13."""
    review = request(
        clerk_a,
        engagement,
        dept_a,
        kind=Review.Kind.MAJOR_DECISION,
        received=dt.date(2026, 9, 28),
    )
    assert review.working_days == 7
    assert review.due_date == dt.date(2026, 10, 13) and not review.due_provisional


def test_a_year_without_an_official_calendar_gives_a_provisional_date(
    officer, counsel, dept_a
):
    later = services.do_engage_counsel(
        actor=officer,
        firm="新华律师事务所",
        name="周律",
        contract_start=dt.date(2030, 1, 1),
        contract_end=dt.date(2030, 12, 31),
        user=counsel,
    )
    review = request(
        officer,
        later,
        dept_a,
        received=dt.date(2030, 12, 27),
        today=dt.date(2030, 12, 27),
    )
    assert review.due_provisional and review.due_date > dt.date(2030, 12, 27)


def test_a_major_decision_gets_seven_working_days_unless_the_reason_is_given(
    clerk_a, engagement, dept_a
):
    with pytest.raises(ValidationError, match="art. 26"):
        request(
            clerk_a,
            engagement,
            dept_a,
            kind=Review.Kind.MAJOR_DECISION,
            working_days=3,
        )
    assert not Review.objects.exists()
    review = request(
        clerk_a,
        engagement,
        dept_a,
        kind=Review.Kind.MAJOR_DECISION,
        working_days=3,
        short_reason="上级要求11月底前报送",
    )
    assert review.working_days == 3


def test_the_counsel_must_be_engaged_on_the_day_of_receipt(clerk_a, engagement, dept_a):
    with pytest.raises(ValidationError, match="does not cover"):
        request(clerk_a, engagement, dept_a, received=dt.date(2026, 3, 1))
    with pytest.raises(ValidationError, match="future"):
        request(clerk_a, engagement, dept_a, received=TODAY + dt.timedelta(days=1))
    assert not Review.objects.exists()


def test_a_contract_cannot_end_before_it_starts(officer):
    with pytest.raises(ValidationError, match="end before"):
        services.do_engage_counsel(
            actor=officer,
            firm="律所",
            name="律师",
            contract_start=dt.date(2026, 3, 1),
            contract_end=dt.date(2026, 2, 1),
        )
    assert not Counsel.objects.exists()


# --- The opinion and the response ----------------------------------------------------------


def test_only_the_assigned_counsel_answers_once(
    clerk_a, engagement, other_counsel, dept_a
):
    review = request(clerk_a, engagement, dept_a)
    with pytest.raises(ValidationError, match="assigned"):
        opine(review, other_counsel.user, "lawful", "同意", dt.date(2026, 11, 5))
    with pytest.raises(ValidationError, match="before the request"):
        opine(review, engagement.user, "lawful", "同意", dt.date(2026, 11, 1))
    opine(review, engagement.user, "amend", "第三条应当修改", dt.date(2026, 11, 5))
    with pytest.raises(ValidationError, match="already been given"):
        opine(review, engagement.user, "lawful", "改为同意", dt.date(2026, 11, 6))
    review.refresh_from_db()
    assert (review.status, review.outcome) == (Review.Status.OPINION, "amend")
    assert AuditEntry.objects.filter(verb="legal.opinion_given").count() == 1


def test_a_response_other_than_adopted_needs_its_reason(clerk_a, engagement, dept_a):
    review = request(clerk_a, engagement, dept_a)
    with pytest.raises(ValidationError, match="after it has been given"):
        services.do_record_response(review, actor=clerk_a, response="adopted")
    opine(review, engagement.user, "amend", "第三条应当修改", dt.date(2026, 11, 5))
    with pytest.raises(ValidationError, match="reason"):
        services.do_record_response(review, actor=clerk_a, response="partly")
    services.do_record_response(
        review,
        actor=clerk_a,
        response="partly",
        reason="奖励比例已经会议确定",
        responded_on=dt.date(2026, 11, 9),
    )
    review.refresh_from_db()
    assert review.status == Review.Status.CLOSED


# --- Who sees what -------------------------------------------------------------------------


def test_the_counsel_sees_only_the_reviews_assigned_to_them(
    client, clerk_a, engagement, other_counsel, dept_a
):
    mine = request(clerk_a, engagement, dept_a, title="给周律的")
    theirs = request(clerk_a, other_counsel, dept_a, title="给另一律师的")
    client.force_login(engagement.user)
    listing = client.get(reverse("legal:review_list") + "?year=2026").content.decode()
    assert "给周律的" in listing and "给另一律师的" not in listing
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.get(mine.get_absolute_url()).status_code == 200
    # Nor may they answer it, nor see the plans.
    forged = client.post(
        reverse("legal:review_opinion", args=[theirs.pk]),
        {"outcome": "lawful", "opinion": "同意", "opinion_on": "2026-11-05"},
    )
    assert forged.status_code == 404
    assert client.get(reverse("plans:task_list")).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Review.Status.REQUESTED


def test_staff_see_their_own_departments_reviews(
    client, clerk_a, clerk_b, engagement, dept_a, dept_b
):
    a = request(clerk_a, engagement, dept_a, title="甲科的")
    b = request(clerk_b, engagement, dept_b, title="乙科的")
    client.force_login(clerk_a)
    assert client.get(a.get_absolute_url()).status_code == 200
    assert client.get(b.get_absolute_url()).status_code == 404


def test_the_counsel_answers_and_the_department_responds_through_the_pages(
    client, clerk_a, engagement, dept_a
):
    client.force_login(clerk_a)
    response = client.post(
        reverse("legal:review_create"),
        {
            "title": "园区维护项目招标文件",
            "kind": "bidding",
            "department": dept_a.pk,
            "received_on": "2026-11-16",
            "counsel": engagement.pk,
        },
    )
    review = Review.objects.get(title="园区维护项目招标文件")
    assert response.url == review.get_absolute_url()
    assert review.working_days == 5 and review.requested_by == clerk_a
    client.force_login(engagement.user)
    answered = client.post(
        reverse("legal:review_opinion", args=[review.pk]),
        {"outcome": "lawful", "opinion": "经审查，合法。", "opinion_on": "2026-11-18"},
    )
    assert answered.status_code == 302
    client.force_login(clerk_a)
    no_reason = client.post(
        reverse("legal:review_respond", args=[review.pk]), {"response": "not_adopted"}
    )
    assert no_reason.status_code == 422
    done = client.post(
        reverse("legal:review_respond", args=[review.pk]), {"response": "adopted"}
    )
    assert done.status_code == 302
    review.refresh_from_db()
    assert (review.outcome, review.response) == ("lawful", "adopted")
    page = client.get(review.get_absolute_url()).content.decode()
    assert "经审查，合法。" in page


# --- Figures, ledger, API, reminders ---------------------------------------------------------


def test_the_2021_demo_counts_the_summarys_thirty_odd_reviews():
    """区协同办2021年工作总结: 对投资奖励、招投标文件等进行法律审核共计30余次."""
    call_command("demo")
    f = figures_for(2021, dt.date(2022, 1, 1))
    assert 30 < f.total < 40
    assert f.by_kind["incentive"] > 0 and f.by_kind["bidding"] > 0
    assert f.answered == f.total and f.overdue == 0
    assert f.average_working_days is not None and f.average_working_days <= 5
    assert f.by_counsel[0][0].startswith("周律")


def test_figures_count_overdue_and_average_working_days(clerk_a, engagement, dept_a):
    late = request(clerk_a, engagement, dept_a, received=dt.date(2026, 11, 2))
    assert late.due_date == dt.date(2026, 11, 9)
    on_time = request(clerk_a, engagement, dept_a, received=dt.date(2026, 11, 2))
    opine(on_time, engagement.user, "lawful", "合法", dt.date(2026, 11, 4))
    f = figures_for(2026, TODAY)
    assert (f.total, f.answered, f.awaiting, f.overdue) == (2, 1, 1, 1)
    assert f.average_working_days == 2


def test_the_ledger_exports_to_excel(client, officer, clerk_a, engagement, dept_a):
    request(clerk_a, engagement, dept_a, title='=HYPERLINK("x")')
    client.force_login(officer)
    response = client.get(reverse("legal:review_export") + "?year=2026")
    ws = load_workbook(io.BytesIO(response.content))["法律审核台账"]
    assert ws["C2"].value == '=HYPERLINK("x")' and ws["C2"].data_type == "s"
    assert ws["B2"].value.date() == dt.date(2026, 11, 2)
    assert ws["M2"].value in ("是", "否")
    client.force_login(clerk_a)
    assert client.get(reverse("legal:review_export")).status_code == 404


def test_the_api_requests_and_lists_reviews(
    client, clerk_a, engagement, dept_a, dept_b
):
    client.force_login(clerk_a)
    body = {
        "title": "政府采购服务合同",
        "kind": "contract",
        "department_id": dept_a.pk,
        "counsel_id": engagement.pk,
        "received_on": "2026-11-16",
    }
    created = client.post(
        "/api/v1/legal/reviews", body, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    assert created.json()["due_date"] == "2026-11-23"
    other = client.post(
        "/api/v1/legal/reviews",
        body | {"department_id": dept_b.pk},
        content_type="application/json",
    )
    assert other.status_code == 404
    listed = client.get("/api/v1/legal/reviews?year=2026").json()
    assert listed["count"] == 1


def test_reminders_reach_the_counsel_and_the_officer_once(
    officer, clerk_a, engagement, dept_a
):
    request(clerk_a, engagement, dept_a, received=dt.date(2026, 11, 2))
    sent = reminders.send(dt.date(2026, 11, 10))
    assert Notification.objects.filter(user=engagement.user).count() == 1
    assert sent >= 1
    assert reminders.send(dt.date(2026, 11, 10)) == 0
    reminders.send(dt.date(2027, 2, 20))  # the contract ends 2027-03-14
    assert Notification.objects.filter(
        user=officer, text__contains="2027-03-14"
    ).exists()


def test_the_pages_render(client, officer, leader, clerk_a, engagement, dept_a):
    review = request(clerk_a, engagement, dept_a)
    for user in (officer, leader):
        client.force_login(user)
        for url in (
            reverse("legal:review_list"),
            reverse("legal:review_list") + "?overdue=1&kind=incentive",
            review.get_absolute_url(),
            reverse("legal:figures") + "?year=2026",
            reverse("legal:counsel_list"),
        ):
            assert client.get(url).status_code == 200, (user, url)
    client.force_login(officer)
    assert client.get(reverse("legal:counsel_create")).status_code == 200
    assert client.get(engagement.get_absolute_url()).status_code == 200
    assert client.get(reverse("legal:review_create")).status_code == 200


def test_the_counsels_dashboard_lists_what_awaits_their_opinion(
    client, counsel, clerk_a, engagement, dept_a
):
    request(clerk_a, engagement, dept_a, title="待审的协议")
    client.force_login(counsel)
    page = client.get("/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "待审的协议" in body and 'id="my-reviews"' in body
    assert reverse("plans:task_list") not in body


def test_the_filing_form_is_a_docx(client, officer, engagement):
    from docx import Document

    client.force_login(officer)
    response = client.get(reverse("legal:counsel_filing_form", args=[engagement.pk]))
    doc = Document(io.BytesIO(response.content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "新华律师事务所" in cells and "2026年3月15日至2027年3月14日" in cells
    assert "党政机关聘任法律顾问备案登记表" in doc.paragraphs[0].text
    client.force_login(engagement.user)
    assert (
        client.get(
            reverse("legal:counsel_filing_form", args=[engagement.pk])
        ).status_code
        == 404
    )


def test_the_header_shows_the_counsel_only_what_they_can_open(client, counsel, clerk_a):
    client.force_login(counsel)
    header = client.get(reverse("legal:review_list")).content.decode()
    assert reverse("legal:review_list") in header
    assert reverse("plans:task_list") not in header
    assert reverse("learning:session_list") not in header
    client.force_login(clerk_a)
    header = client.get(reverse("legal:review_list")).content.decode()
    assert reverse("plans:task_list") in header
