"""The leaders' dashboard: who may see it; on the demo office, every figure is the
database's count and every chart point opens the list of exactly the records it
counts; what needs the user's action today; the missed obligations on top."""

import datetime as dt
import io
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from fazhi.core.models import User
from fazhi.decisions.models import Meeting
from fazhi.disclosure.models import Application
from fazhi.hotline.models import HotTopic, Ticket
from fazhi.legal.models import Review
from fazhi.legal.queries import overdue_q
from fazhi.plans.models import Task
from fazhi.reports.checks import MISSED, assess, summary
from fazhi.reports.models import Report, ReportVersion

pytestmark = pytest.mark.django_db
URL = reverse("reports:dashboard")


@pytest.fixture
def demo(settings, tmp_path):
    settings.FAZHI_HOTLINE_MODEL_PATH = tmp_path / "model.joblib"
    call_command("demo", stdout=io.StringIO())


def person(username):
    return User.objects.get(username=username)


def section(response, key):
    return next(s for s in response.context["sections"] if s.key == key)


def figure(sec, key):
    return next(f for f in sec.figures if f.key == key)


def chart(sec, key):
    return next(c for c in sec.charts if c.key == key)


def listed_pks(client, url) -> set[int]:
    """The records a list page shows, across its pages."""
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.context["page"]
    pks = set()
    for number in page.paginator.page_range:
        for row in page.paginator.page(number).object_list:
            if isinstance(row, dict):  # a list that renders plain rows
                row = row["pk"]
            pks.add(row if isinstance(row, int) else row.pk)
    return pks


# --- Who may see it ---------------------------------------------------------------------


def test_it_shows_to_the_leader_the_officer_and_the_admin(
    client, leader, officer, admin_user
):
    for user in (leader, officer, admin_user):
        client.force_login(user)
        assert client.get(URL).status_code == 200


def test_it_refuses_staff_and_the_counsel_as_not_found(client, clerk_a, counsel):
    for user in (clerk_a, counsel):
        client.force_login(user)
        assert client.get(URL).status_code == 404


def test_it_sends_the_anonymous_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_it_takes_no_post(client, leader):
    client.force_login(leader)
    assert client.post(URL).status_code == 405


def test_an_empty_or_odd_year_shows_without_error(client, leader):
    client.force_login(leader)
    for query in ("?year=2030", "?year=abc", "?year=1900", ""):
        response = client.get(URL + query)
        assert response.status_code == 200
    response = client.get(URL + "?year=2030")
    assert response.context["year"] == 2030
    charts = [c for s in response.context["sections"] for c in s.charts]
    assert charts and all(c.empty for c in charts)
    assert "data-dash-chart" not in response.content.decode()


# --- On the demo office ---------------------------------------------------------------------


def test_on_the_demo_the_figures_are_the_databases_counts(client, demo):
    client.force_login(person("zhuren"))
    today = timezone.localdate()
    year = today.year
    response = client.get(URL)
    assert response.status_code == 200

    tasks = section(response, "tasks")
    this_year = Task.objects.filter(plan__year=year)
    assert figure(tasks, "total").value == this_year.count()
    assert figure(tasks, "done").value == this_year.filter(status="done").count()
    overdue = this_year.filter(status__in=Task.OPEN_STATUSES, due_date__lt=today)
    assert figure(tasks, "overdue").value == overdue.count() > 0

    reviews = section(response, "reviews")
    received = Review.objects.filter(received_on__year=year)
    assert figure(reviews, "received").value == received.count()
    assert (
        figure(reviews, "awaiting").value == received.filter(status="requested").count()
    )
    assert figure(reviews, "late").value == received.filter(overdue_q(today)).count()

    disclosure = section(response, "disclosure")
    assert (
        figure(disclosure, "overdue").value
        == Application.objects.filter(
            status__in=Application.OPEN_STATUSES, due_on__lt=today
        ).count()
        > 0
    )

    hotline = section(response, "hotline")
    assert (
        figure(hotline, "received").value
        == Ticket.objects.filter(
            month__gte=year * 100, month__lte=year * 100 + 12
        ).count()
    )
    assert figure(hotline, "overdue").value == (
        Ticket.objects.filter(
            status__in=Ticket.OPEN_STATUSES, reply_due_at__lt=timezone.now()
        ).count()
    )
    topics = chart(hotline, "topics")
    top = list(HotTopic.objects.order_by("-score", "pk")[:5])
    assert topics.categories == [t.label for t in top]
    assert [p.value for p in topics.series[0].points] == [t.count for t in top]

    # The 2021 reference year: the summary's 30-odd reviews, 15 study sessions.
    response = client.get(URL + "?year=2021")
    reviews = section(response, "reviews")
    assert (
        figure(reviews, "received").value
        == Review.objects.filter(received_on__year=2021).count()
    )
    assert 30 < figure(reviews, "received").value < 40
    assert figure(section(response, "study"), "sessions").value == 15
    assert figure(section(response, "tasks"), "done").value == 10


def test_each_chart_point_opens_the_list_of_exactly_its_records(client, demo):
    client.force_login(person("zhuren"))
    today = timezone.localdate()
    for year in (2021, today.year):
        response = client.get(f"{URL}?year={year}")
        # Tasks: each (area, state) point lists those tasks and no other.
        tasks = chart(section(response, "tasks"), "tasks")
        checked = 0
        for series in tasks.series:
            for point in series.points:
                category = re.search(r"category=(\w+)", point.url).group(1)
                status = re.search(r"status=(\w+)", point.url).group(1)
                expected = set(
                    Task.objects.filter(
                        plan__year=year, category=category, status=status
                    ).values_list("pk", flat=True)
                )
                assert listed_pks(client, point.url) == expected
                assert point.value == len(expected)
                checked += len(expected)
        assert checked == Task.objects.filter(plan__year=year).count()
        # Reviews: each kind's point lists that kind's reviews of the year.
        reviews = chart(section(response, "reviews"), "reviews")
        total = 0
        for point in reviews.series[0].points:
            kind = re.search(r"kind=(\w+)", point.url).group(1)
            expected = set(
                Review.objects.filter(received_on__year=year, kind=kind).values_list(
                    "pk", flat=True
                )
            )
            assert listed_pks(client, point.url) == expected
            assert point.value == len(expected)
            total += point.value
        assert total == Review.objects.filter(received_on__year=year).count()
        # The figures' links go to the same lists.
        overdue = figure(section(response, "reviews"), "late")
        assert listed_pks(client, overdue.url) == set(
            Review.objects.filter(received_on__year=year)
            .filter(overdue_q(today))
            .values_list("pk", flat=True)
        )
        late = figure(section(response, "tasks"), "overdue")
        assert listed_pks(client, late.url) == set(
            Task.objects.filter(
                plan__year=year, status__in=Task.OPEN_STATUSES, due_date__lt=today
            ).values_list("pk", flat=True)
        )
        # Every other chart point and figure link opens, and the list counts the same.
        for sec in response.context["sections"]:
            for fig in sec.figures:
                if fig.url:
                    assert client.get(fig.url).status_code == 200, fig.url
            for ch in sec.charts:
                for series in ch.series:
                    for point in series.points:
                        r = client.get(point.url)
                        assert r.status_code == 200, point.url
                        if series.unit != "%" and "page" in r.context:
                            assert r.context["page"].paginator.count == point.value


def test_the_charts_carry_their_links_and_a_table_for_screen_readers(client, demo):
    client.force_login(person("fazhi"))
    response = client.get(URL + "?year=2021")
    html = response.content.decode()
    assert re.search(r'src="/static/vendor/echarts/echarts\.[\w.]*js"', html)
    assert re.search(r'src="/static/fazhi/dashboard\.[\w.]*js"', html)
    assert "<script>" not in html and " style=" not in html  # the CSP's rules
    spec = json.loads(
        re.search(
            r'<script id="chart-reviews-data" type="application/json">(.*?)</script>',
            html,
            re.S,
        ).group(1)
    )
    assert spec["kind"] == "bar"
    assert all(
        p["url"].startswith("/legal/?year=2021&kind=")
        for p in spec["series"][0]["data"]
    )
    table = re.search(r'<table[^>]*id="table-reviews".*?</table>', html, re.S).group(0)
    for point in spec["series"][0]["data"]:
        assert f'href="{point["url"].replace("&", "&amp;")}"' in table


def test_the_missed_obligations_are_on_top(client, demo):
    client.force_login(person("zhuren"))
    today = timezone.localdate()
    for year in (2021, today.year):
        # The dashboard hands the checks what it has counted; they judge the same.
        response = client.get(f"{URL}?year={year}")
        alone = assess(year, today)
        assert [c.code for c in response.context["missed"]] == [
            c.code for c in alone if c.state == MISSED
        ]
        assert response.context["summary"] == summary(alone)
    response = client.get(URL + "?year=2021")
    missed = {c.code for c in response.context["missed"]}
    assert {"applications", "proactive"} <= missed
    assert "plan" not in missed
    html = response.content.decode()
    assert html.index('id="missed"') < html.index('id="section-tasks"')


def test_it_lists_what_needs_the_leaders_action_today(client, demo):
    zhuren, fuzhuren = person("zhuren"), person("fuzhuren")
    # Drafts with a saved version await the leader; one without a version does not.
    report = Report.objects.create(year=2030)
    ReportVersion.objects.create(report=report, number=1, created_by=person("fazhi"))
    Report.objects.create(year=2029)
    client.force_login(zhuren)
    actions = {a.key: a for a in client.get(URL).context["actions"]}
    pending = Ticket.objects.exclude(pending="")
    approvals = actions["approvals"]
    assert approvals.count == pending.count() > 0
    assert approvals.items[0][1] == pending.first().get_absolute_url()
    assert listed_pks(client, approvals.url) == set(
        pending.values_list("pk", flat=True)
    )
    report_action = actions["report"]
    drafts = Report.objects.filter(status="draft", versions__isnull=False).distinct()
    assert report_action.count == drafts.count() >= 1
    assert reverse("reports:report", args=[2030]) in [i[1] for i in report_action.items]
    assert reverse("reports:report", args=[2029]) not in [
        i[1] for i in report_action.items
    ]

    # The deputy is the leader in charge of the plan's tasks: the overdue ones wait.
    client.force_login(fuzhuren)
    actions = {a.key: a for a in client.get(URL).context["actions"]}
    mine = actions["my_tasks"]
    expected = set(
        Task.objects.filter(
            leader=fuzhuren,
            status__in=Task.OPEN_STATUSES,
            due_date__lt=timezone.localdate(),
        ).values_list("pk", flat=True)
    )
    assert mine.count == len(expected) > 0
    assert listed_pks(client, mine.url) == expected

    # A planned meeting of which the leader is a member.
    meeting = Meeting.objects.create(
        kind="party_group",
        number="第1次",
        date=timezone.localdate() + dt.timedelta(days=3),
        chair=zhuren,
        created_by=person("fazhi"),
    )
    meeting.members_due.set([zhuren, fuzhuren])
    actions = {a.key: a for a in client.get(URL).context["actions"]}
    assert actions["meetings"].items[0][1] == (meeting.get_absolute_url())


def test_the_officer_sees_their_own_queue(client, demo):
    client.force_login(person("fazhi"))
    today = timezone.localdate()
    actions = {a.key: a for a in client.get(URL).context["actions"]}
    late = actions["applications_overdue"]
    assert (
        late.count
        == Application.objects.filter(
            status__in=Application.OPEN_STATUSES, due_on__lt=today
        ).count()
    )
    assert client.get(late.url).context["page"].paginator.count == late.count
    assert "approvals" not in actions
    tasks = actions["tasks_overdue"]
    assert (
        tasks.count
        == Task.objects.filter(
            status__in=Task.OPEN_STATUSES, due_date__lt=today
        ).count()
    )


def test_the_page_reads_a_fixed_number_of_queries(
    client, demo, django_assert_max_num_queries
):
    client.force_login(person("zhuren"))
    # Grouped counts: the number of queries does not grow with the records.
    for query in ("?year=2021", ""):
        with django_assert_max_num_queries(90):
            assert client.get(URL + query).status_code == 200
