"""A ticket from registration to callback through the services and the pages: the rule
routes it, each refusal says why and saves nothing, an unhappy callback reopens it, the
time limits sit on the working-day calendar, and personal data stays masked unless the
role needs it or a reveal is recorded."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from fazhi.core import calendar
from fazhi.core.models import AuditEntry
from fazhi.hotline import kpi, search, services
from fazhi.hotline.deadlines import end_of
from fazhi.hotline.models import Category, RoutingRule, Ticket
from fazhi.hotline.tests.counting import hand_count

pytestmark = pytest.mark.django_db
T = Ticket


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def en(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def roads(dept_b):
    parent = Category.objects.create(name="城乡建设", code="urban")
    return Category.objects.create(name="道路规划", code="roads", parent=parent)


@pytest.fixture
def rule(roads, dept_b):
    return RoutingRule.objects.create(category=roads.parent, department=dept_b)


def _at(day: str, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(f"{day}T{hour:02d}:00"))


def register(actor, received=None, **extra):
    values = {
        "channel": T.Channel.HOTLINE,
        "external_no": extra.pop("external_no", "RX20261123001"),
        "received_at": _at(received)
        if received
        else timezone.now() - dt.timedelta(hours=1),
        "citizen_name": "王建国",
        "citizen_phone": "13812345678",
        "title": "天津南站配套道路何时修通",
        "content": "天津南站北侧配套道路规划多年未动工，南站周边出行不便，请答复建设计划。",
        "kind": T.Kind.CONSULT,
        "place": "天津南站区域",
        **extra,
    }
    return services.do_register(actor=actor, **values)


def test_a_rule_routes_the_ticket_and_the_limits_sit_on_the_calendar(
    officer, roads, rule, dept_b
):
    ticket = register(officer, "2026-11-23", category=roads)
    assert ticket.department == dept_b and ticket.assigned_by_rule == rule
    assert ticket.status == T.Status.ASSIGNED
    received = dt.date(2026, 11, 23)
    assert ticket.sign_due_at == end_of(calendar.add_working_days(received, 1))
    assert ticket.reply_due_at == end_of(calendar.add_working_days(received, 5))
    assert ticket.month == 202611
    # The rule's place text routes a ticket without a category too.
    RoutingRule.objects.create(order=5, place_contains="南站", department=dept_b)
    other = register(officer, external_no="RX2", title="南站噪音", category=None)
    assert other.department == dept_b


def test_an_urgent_ticket_is_due_within_hours(officer, dept_b):
    ticket = register(
        officer, "2026-11-23", urgency=T.Urgency.URGENT, department=dept_b
    )
    assert ticket.sign_due_at == _at("2026-11-23", 12)
    assert ticket.reply_due_at == end_of(dt.date(2026, 11, 23))


def test_sign_reply_unhappy_callback_reopens_and_a_second_reply_closes(
    officer, clerk_b, roads, rule
):
    ticket = register(officer, category=roads)
    with pytest.raises(ValidationError, match="reply to the ticket first"):
        services.do_callback(
            actor=officer, ticket=ticket, satisfaction="satisfied", solved=True
        )
    ticket = services.do_sign(actor=clerk_b, ticket=ticket)
    assert ticket.signed_in_time is True
    ticket = services.do_reply(actor=clerk_b, ticket=ticket, text="已列入明年计划。")
    first_due = ticket.reply_due_at
    ticket = services.do_callback(
        actor=officer,
        ticket=ticket,
        satisfaction="unsatisfied",
        solved=False,
        note="没有时间表",
    )
    assert ticket.status == T.Status.HANDLING and ticket.reopened == 1
    assert ticket.reply_due_at >= first_due
    ticket = services.do_reply(actor=clerk_b, ticket=ticket, text="计划2027年6月开工。")
    ticket = services.do_callback(
        actor=officer, ticket=ticket, satisfaction="basic", solved=True
    )
    assert ticket.status == T.Status.CLOSED and ticket.closed_at
    assert ticket.replies.count() == 2 and ticket.callbacks.count() == 2
    count = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="takes no further reply"):
        services.do_reply(actor=clerk_b, ticket=ticket, text="再次答复")
    assert AuditEntry.objects.count() == count and ticket.replies.count() == 2


def test_return_and_extension_need_a_reason_and_the_leader(
    officer, clerk_b, leader, roads, rule
):
    ticket = register(officer, category=roads)
    with pytest.raises(ValidationError, match="Give the reason"):
        services.do_request(actor=clerk_b, ticket=ticket, kind="return", reason=" ")
    ticket = services.do_request(
        actor=clerk_b, ticket=ticket, kind="return", reason="属于区住建委职责"
    )
    with pytest.raises(ValidationError, match="Only a leader"):
        services.do_decide(actor=clerk_b, ticket=ticket, approve=True)
    ticket = services.do_decide(actor=leader, ticket=ticket, approve=True)
    assert ticket.status == T.Status.RETURNED and ticket.department is None

    second = register(officer, external_no="RX3", category=roads)
    second = services.do_sign(actor=clerk_b, ticket=second)
    with pytest.raises(ValidationError, match="1 to 10"):
        services.do_request(
            actor=clerk_b, ticket=second, kind="extend", reason="需现场勘查", days=11
        )
    second = services.do_request(
        actor=clerk_b, ticket=second, kind="extend", reason="需现场勘查", days=3
    )
    with pytest.raises(ValidationError, match="awaits the leader"):
        services.do_reply(actor=clerk_b, ticket=second, text="答复")
    due = second.reply_due_at
    second = services.do_decide(actor=leader, ticket=second, approve=True)
    assert second.extension_days == 3
    assert second.reply_due_at == end_of(
        calendar.add_working_days(timezone.localtime(due).date(), 3)
    )


def test_a_department_sees_only_its_tickets_and_personal_data_is_masked(
    en, officer, clerk_a, clerk_b, roads, rule
):
    ticket = register(officer, category=roads)
    en.force_login(clerk_a)
    assert en.get(ticket.get_absolute_url()).status_code == 404
    assert (
        "天津南站配套道路"
        not in en.get(reverse("hotline:ticket_list")).content.decode()
    )
    en.force_login(clerk_b)
    page = en.get(reverse("hotline:ticket_list")).content.decode()
    assert "天津南站配套道路" in page and "王建国" not in page and "王**" in page
    detail = en.get(ticket.get_absolute_url()).content.decode()
    assert "13812345678" not in detail and "138****5678" in detail
    refused = en.post(
        reverse("hotline:ticket_reveal", args=[ticket.pk]), {"reason": ""}
    )
    assert refused.status_code == 422 and "13812345678" not in refused.content.decode()
    shown = en.post(
        reverse("hotline:ticket_reveal", args=[ticket.pk]),
        {"reason": "回访需要联系市民"},
    )
    assert "13812345678" in shown.content.decode()
    entry = AuditEntry.objects.get(verb="hotline.personal_data_revealed")
    assert entry.actor == clerk_b and entry.reason == "回访需要联系市民"
    # The dispatcher's role needs the details: no reveal step.
    en.force_login(officer)
    assert "13812345678" in en.get(ticket.get_absolute_url()).content.decode()


def test_the_pages_take_a_ticket_through_its_steps(
    en, officer, clerk_b, leader, roads, rule
):
    en.force_login(officer)
    response = en.post(
        reverse("hotline:ticket_create"),
        {
            "channel": "phone",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "citizen_name": "李四",
            "citizen_phone": "13900000000",
            "title": "南站附近噪音扰民",
            "content": "夜间施工噪音很大",
            "kind": "complaint",
            "category": roads.pk,
            "place": "天津南站",
            "urgency": "normal",
        },
    )
    ticket = Ticket.objects.get(title="南站附近噪音扰民")
    assert response.status_code == 302 and ticket.external_no.startswith("DH")
    en.force_login(clerk_b)
    url = lambda a: reverse("hotline:ticket_action", args=[ticket.pk, a])  # noqa: E731
    assert en.post(url("reply"), {"text": "x"}).status_code == 422  # not signed for yet
    assert en.post(url("sign"), {}).status_code == 302
    assert (
        en.post(url("reply"), {"text": "已责令施工单位夜间停工。"}).status_code == 302
    )
    en.force_login(officer)
    assert (
        en.post(
            url("callback"), {"satisfaction": "satisfied", "solved": "1"}
        ).status_code
        == 302
    )
    ticket.refresh_from_db()
    assert ticket.status == T.Status.CLOSED
    detail = en.get(ticket.get_absolute_url()).content.decode()
    assert "已责令施工单位夜间停工" in detail and "Satisfied" in detail


@pytest.mark.parametrize(
    "many, count, tight",
    [(0, False, 4), (0, True, 0), (0, True, 4), (2000, False, 4)],
    ids=[
        "walk-testing-each-ticket",
        "walk-testing-the-set",
        "the-candidates-among-the-months-ids",
        "start-from-the-index",
    ],
)
def test_two_character_words_are_found_and_bigrams_must_be_adjacent(
    officer, dept_b, many, count, tight, monkeypatch
):
    """Each way the index is used (a page or a narrowed count of a common word, a rare
    word) finds the same tickets, on each database (PostgreSQL counts from its index
    either way; with MANY at 0 its statistics call every word common)."""
    monkeypatch.setattr(search, "MANY", many)
    monkeypatch.setattr(search, "ID_SPAN_TIGHT", tight)
    month = (timezone.now() - dt.timedelta(days=1), timezone.now())
    old = timezone.now() - dt.timedelta(days=3)
    register(officer, external_no="A0", received_at=old, title="南站噪音 WIFI")
    register(officer, external_no="A1", title="南站噪音", content="夜间施工")
    register(officer, external_no="A2", title="站南小区", content="南边有个站")
    register(officer, external_no="A3", title="天津南站配套", content="道路")
    found = lambda q: set(  # noqa: E731
        search.filter_text(
            Ticket.objects.filter(received_at__gte=month[0], received_at__lt=month[1]),
            q,
            count=count,
            narrowed=month,
        ).values_list("external_no", flat=True)
    )
    assert found("南站") == {"A1", "A3"}
    assert found("天津南站") == {"A3"}
    assert found("噪音 夜间") == {"A1"}
    assert found("南") == {"A1", "A2", "A3"}
    assert found("不存在") == set()
    # Letters match without regard to case, on both databases; a two-letter word is
    # decided by the index alone, a longer one is checked against the text.
    register(officer, external_no="A4", title="PM2.5超标", content="WiFi信号差")
    assert found("pm") == found("PM") == {"A4"}
    assert found("wifi") == found("WIFI") == {"A4"}
    assert found("m2.5") == {"A4"} and found("2.5超") == {"A4"}
    assert search.is_exact("南站") and not search.is_exact("天津南站")
    assert not search.is_exact("南") and not search.is_exact("2.")


def test_the_kpis_match_a_hand_count_and_export(en, officer, clerk_b, roads, rule):
    a = register(officer, external_no="K1", category=roads)
    b = register(officer, external_no="K2", category=roads)
    register(officer, external_no="K3", category=roads)
    a = services.do_sign(actor=clerk_b, ticket=a)
    a = services.do_reply(actor=clerk_b, ticket=a, text="答复")
    services.do_callback(
        actor=officer, ticket=a, satisfaction="unsatisfied", solved=False
    )
    services.do_sign(actor=clerk_b, ticket=b)
    now = timezone.now()
    report = kpi.compute(2026, now=now)
    by_hand = hand_count(
        Ticket.objects.filter(month__gte=202601, month__lte=202612), now
    )
    for name in kpi.COUNTS:
        assert getattr(report.total, name) == getattr(by_hand, name), name
    assert report.total.received == 3 and report.total.called_back == 1
    assert report.total.satisfaction_rate == 0.0
    en.force_login(officer)
    page = en.get(reverse("hotline:kpi") + "?year=2026").content.decode()
    assert "How each figure is counted" in page and "规划建设科" in page
    book = load_workbook(
        io.BytesIO(en.get(reverse("hotline:kpi_xlsx") + "?year=2026").content)
    )
    assert book.sheetnames == ["指标定义", "按部门", "按分类", "按月份"]
    assert book["按部门"]["B2"].value == 3


def test_the_kpi_page_keeps_its_figures_until_a_ticket_changes(
    en, officer, clerk_b, roads, rule, settings, django_capture_on_commit_callbacks
):
    settings.FAZHI_DASHBOARD_MAX_AGE = 300
    ticket = register(officer, external_no="C1", category=roads)
    en.force_login(officer)
    url = reverse("hotline:kpi") + "?year=2026"

    def shown():
        response = en.get(url)
        assert "Figures counted at" in response.content.decode()
        return response.context["report"].total

    assert shown().signed_in_time == 0
    # A change that bypasses the models (a raw update) is not seen until the figures
    # are counted again: they are kept, not recounted on every view.
    Ticket.objects.filter(pk=ticket.pk).update(signed_in_time=True)
    assert shown().signed_in_time == 0
    assert en.get(url + "&fresh=1").context["report"].total.signed_in_time == 1
    Ticket.objects.filter(pk=ticket.pk).update(signed_in_time=None)
    assert shown().signed_in_time == 1
    # A ticket saved through the services drops its year's figures.
    with django_capture_on_commit_callbacks(execute=True):
        services.do_sign(actor=clerk_b, ticket=Ticket.objects.get(pk=ticket.pk))
    assert shown().signed_in_time == 1 and shown().received == 1
    with django_capture_on_commit_callbacks(execute=True):
        register(officer, external_no="C2", category=roads)
    assert shown().received == 2


def test_the_month_filter_is_the_local_calendar_month(en, officer, roads, rule):
    def local(moment):
        return timezone.make_aware(dt.datetime.fromisoformat(moment))

    register(
        officer, external_no="M1", received_at=local("2026-09-30T23:59"), category=roads
    )
    register(
        officer, external_no="M2", received_at=local("2026-10-01T00:00"), category=roads
    )
    register(
        officer, external_no="M3", received_at=local("2026-10-31T23:59"), category=roads
    )
    register(
        officer, external_no="M4", received_at=local("2026-11-01T00:00"), category=roads
    )
    en.force_login(officer)
    page = en.get(reverse("hotline:ticket_list") + "?month=2026-10")
    assert {row["external_no"] for row in page.context["page"]} == {"M2", "M3"}
    assert set(
        Ticket.objects.filter(month=202610).values_list("external_no", flat=True)
    ) == {"M2", "M3"}
    for bad in ("2026-13", "9999-12", "0000-01", "2026-1x"):
        page = en.get(reverse("hotline:ticket_list") + f"?month={bad}")
        assert page.status_code == 200 and page.context["month"] == ""


def test_a_common_word_is_more_than_the_cap_by_the_statistics_only_on_postgresql(
    en, officer, roads, rule, monkeypatch
):
    """The list's count of a common word may come from PostgreSQL's statistics, and
    only for a single two-character word over every ticket; anything else is counted."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fazhi.hotline.views import CappedPaginator

    for i in range(12):
        register(officer, external_no=f"N{i}", title="夜间施工噪音", category=roads)
    register(officer, external_no="Q1", title="路灯不亮", content="友谊路路灯不亮")
    with connection.cursor() as cur:
        cur.execute("ANALYZE hotline_ticket")
    on_pg = connection.vendor == "postgresql"
    assert search.surely_more_than("噪音", 1) is on_pg  # 12 tickets ≥ 10 × 1
    assert not search.surely_more_than("噪音", 2)  # 12 < 10 × 2: counted
    assert not search.surely_more_than("路灯", 1)  # one ticket
    assert not search.surely_more_than("施工噪音", 1)  # a longer word is counted
    assert not search.surely_more_than("噪音 夜间", 1)  # so are several words
    monkeypatch.setattr(CappedPaginator, "CAP", 1)
    en.force_login(officer)
    url = reverse("hotline:ticket_list")
    with CaptureQueriesContext(connection) as ran:
        page = en.get(url + "?q=噪音")
    assert page.context["page"].paginator.capped
    assert "More than 1,000 tickets match" in page.content.decode()
    # The matches are counted (their ids read, up to CAP + 1) only on SQLite.
    counts = [q for q in ran.captured_queries if q["sql"].endswith("LIMIT 2")]
    assert len(counts) == (0 if on_pg else 1)
    # With a filter the statistics say nothing: the count is exact (and capped).
    page = en.get(url + "?q=噪音&status=closed")
    assert page.context["page"].paginator.count == 0
    assert not page.context["page"].paginator.capped


@pytest.mark.parametrize("many", [0, 2000])  # every word common / every word rare
def test_a_search_lists_its_matches_in_the_lists_order_however_it_finds_them(
    en, officer, clerk_b, roads, rule, many, monkeypatch
):
    """A department's search, read by id when every match is known (up to the cap) or
    walked down the list when there are more, pages the same tickets in the same
    order: newest first, ties by number; or by the sign-for deadline. The counts
    agree, and no other department's ticket is listed."""
    from fazhi.hotline.views import CappedPaginator

    monkeypatch.setattr(search, "MANY", many)
    for i in range(55):  # days repeat: tickets received at the same moment
        register(
            officer,
            f"2026-10-{1 + i % 20:02d}",
            external_no=f"N{i:02d}",
            title="夜间施工噪音",
            category=roads,
        )
    register(officer, "2026-10-05", external_no="X1", title="噪音", category=None)
    register(officer, "2026-10-06", external_no="X2", title="路灯", category=roads)
    mine = T.objects.filter(department=clerk_b.department, title__contains="噪音")
    newest = list(mine.order_by("-received_at", "-pk").values_list("external_no"))
    by_sign = list(mine.order_by("sign_due_at", "pk").values_list("external_no"))
    assert len(newest) == 55 and ("X1",) not in newest
    en.force_login(clerk_b)
    url = reverse("hotline:ticket_list")

    def listed(query, n):
        pages = [en.get(f"{url}?{query}&page={k}").context["page"] for k in (1, 2)]
        assert [p.paginator.count for p in pages] == [n, n]
        return [(row["external_no"],) for p in pages for row in p.object_list]

    # All 55 matches known (read by id), or more than a cap of 54 (walked; the
    # list shows the first 54).
    for cap, n in ((1000, 55), (54, 54)):
        monkeypatch.setattr(CappedPaginator, "CAP", cap)
        assert listed("q=噪音", n) == newest[:n]
        assert listed("q=噪音&status=assigned", n) == newest[:n]
        assert listed("q=施工噪音&due=sign", n) == by_sign[:n]


@pytest.mark.parametrize(
    "knobs, walked",
    [
        ({}, True),  # 40 tickets in scope, fewer than a sample: all of them seen
        ({"SAMPLE": 4}, False),  # the 4 newest have no 噪音: not walked
        ({"SAMPLE": 8, "PROBE": 100}, True),  # 4 of the 8 newest: walked
        # The walk ends: on PostgreSQL after 12 tickets (8 matches, short of the
        # cap's 11); SQLite counts its work instead, and it walks on.
        ({"SAMPLE": 8, "PROBE": 12, "MARGIN": 0.1}, "sqlite"),
        # SQLite's walk stopped at its first step; PostgreSQL has no such budget.
        ({"SAMPLE": 8, "PROBE": 100, "PROBE_STEPS": 0, "STEP": 1}, "postgresql"),
    ],
)
def test_a_search_walks_the_list_only_where_a_sample_finds_its_word_dense(
    en, officer, clerk_b, roads, rule, knobs, walked, monkeypatch
):
    """A department's search for a common word walks its newest tickets when a
    sample of them holds the word often enough for the walk to fill the capped
    list (search.newest_matches); otherwise, or when the walk ends (PROBE tickets;
    on SQLite, its budget of work) before the cap, the list starts from the search
    index. Either way it lists the same tickets, newest first, and the same count."""
    from django.db import connection

    from fazhi.hotline.views import CappedPaginator

    monkeypatch.setattr(search, "MANY", 0)  # every word common
    monkeypatch.setattr(CappedPaginator, "CAP", 10)
    for name, value in knobs.items():
        monkeypatch.setattr(search, name, value)
    if isinstance(walked, str):  # walked on that database alone
        walked = connection.vendor == walked
    start = dt.date(2026, 9, 1)
    for i in range(40):  # 噪音 in the oldest 5 and in 10–35; the newest 4 without
        noisy = i < 5 or 10 <= i < 36
        register(
            officer,
            (start + dt.timedelta(days=i)).isoformat(),
            external_no=f"W{i:02d}",
            title="夜间施工噪音" if noisy else "路灯不亮",
            category=roads,
        )
    mine = T.objects.filter(department=clerk_b.department)
    found = search.newest_matches(mine, search.Query("噪音"), 10)
    newest = [f"W{i:02d}" for i in range(35, 25, -1)]
    if walked:
        assert [T.objects.get(pk=pk).external_no for pk in found] == [
            *newest,
            "W25",
        ]
    else:
        assert found is None
    en.force_login(clerk_b)
    page = en.get(reverse("hotline:ticket_list") + "?q=噪音").context["page"]
    assert [row["external_no"] for row in page.object_list] == newest
    assert page.paginator.count == 10 and page.paginator.capped


def test_a_departments_tickets_by_state_are_indexed_on_postgresql_alone():
    """Migration 0008: PostgreSQL's count meets the search's candidates with a
    department's tickets in one state; SQLite's planner would sort that index's
    tickets instead of walking the list, so it has none. The foreign key's own index
    is gone on both, hotline_dept_month leading with the department."""
    from django.db import connection

    with connection.cursor() as cur:
        names = set(connection.introspection.get_constraints(cur, "hotline_ticket"))
    assert ("hotline_dept_status" in names) is (connection.vendor == "postgresql")
    assert "hotline_dept_month" in names
    assert "hotline_ticket_department_id_de74438d" not in names


def test_reminders_go_once_a_day_to_the_department_and_the_dispatcher(
    officer, clerk_b, leader, roads, rule
):
    from fazhi.core.models import Notification
    from fazhi.hotline import reminders

    register(officer, "2026-11-02", category=roads)  # long overdue
    late = register(officer, external_no="R2", category=roads)
    services.do_sign(actor=clerk_b, ticket=late)
    services.do_request(
        actor=clerk_b, ticket=late, kind="extend", reason="勘查", days=2
    )
    today = timezone.localdate()
    assert reminders.send(today) > 0
    texts = set(Notification.objects.values_list("user__username", "text"))
    assert ("clerk_b", "1 of your department's tickets are overdue.") in texts
    assert any(u == "leader" and "await your decision" in t for u, t in texts)
    assert reminders.send(today) == 0


def test_a_file_is_attached_and_an_oversized_one_refused(
    en, officer, roads, rule, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fazhi.core.attachments import attachments_for

    ticket = register(officer, category=roads)
    en.force_login(officer)
    url = reverse("hotline:ticket_attach", args=[ticket.pk])
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    en.post(url, {"file": SimpleUploadedFile("现场照片.pdf", pdf, "application/pdf")})
    assert [a.original_name for a in attachments_for(ticket)] == ["现场照片.pdf"]
    settings.FAZHI_UPLOAD_MAX_BYTES = 10
    page = en.post(
        url, {"file": SimpleUploadedFile("大.pdf", pdf, "application/pdf")}, follow=True
    ).content.decode()
    assert "at most" in page and attachments_for(ticket).count() == 1


def test_without_a_rule_the_category_names_the_department_or_the_dispatcher_assigns(
    officer, dept_a, dept_b
):
    parent = Category.objects.create(
        name="企业服务", code="business", department=dept_a
    )
    child = Category.objects.create(name="招商政策", code="investment", parent=parent)
    routed = register(officer, external_no="F1", category=child, place="")
    assert routed.department == dept_a and routed.assigned_by_rule is None
    assert routed.status == T.Status.ASSIGNED
    waiting = register(officer, external_no="F2", category=None, place="")
    assert waiting.department is None and waiting.status == T.Status.NEW
    waiting = services.do_assign(actor=officer, ticket=waiting, department=dept_b)
    assert waiting.status == T.Status.ASSIGNED and waiting.department == dept_b


def test_a_department_cannot_take_the_dispatchers_steps(
    en, officer, clerk_b, roads, rule
):
    ticket = register(officer, category=roads)
    ticket = services.do_sign(actor=clerk_b, ticket=ticket)
    ticket = services.do_reply(actor=clerk_b, ticket=ticket, text="已处理")
    for step in (
        lambda: services.do_callback(
            actor=clerk_b, ticket=ticket, satisfaction="satisfied", solved=True
        ),
        lambda: services.do_publish(actor=clerk_b, ticket=ticket, on=True),
        lambda: services.do_set_category(actor=clerk_b, ticket=ticket, category=roads),
    ):
        with pytest.raises(ValidationError, match="Only the dispatcher"):
            step()
    en.force_login(clerk_b)
    forged = en.post(
        reverse("hotline:ticket_action", args=[ticket.pk, "callback"]),
        {"satisfaction": "satisfied", "solved": "1"},
    )
    assert forged.status_code == 422
    ticket.refresh_from_db()
    assert ticket.status == T.Status.REPLIED and not ticket.callbacks.exists()


def test_more_time_is_asked_for_before_the_reply_is_due(officer, clerk_b, roads, rule):
    ticket = register(officer, "2026-11-02", category=roads)
    ticket = services.do_sign(actor=clerk_b, ticket=ticket)
    with pytest.raises(ValidationError, match="was due by"):
        services.do_request(
            actor=clerk_b, ticket=ticket, kind="extend", reason="勘查", days=3
        )


def test_reply_to_all_and_links_stay_within_the_department(
    en, officer, clerk_b, dept_a, dept_b, roads, rule
):
    from fazhi.hotline.models import HotTopic

    topic = HotTopic.objects.create(label="南站 · 道路", count=2)
    mine = register(officer, external_no="M1", category=roads)
    theirs = register(officer, external_no="T1", category=None, department=dept_a)
    Ticket.objects.filter(pk__in=[mine.pk, theirs.pk]).update(topic=topic)
    en.force_login(clerk_b)
    en.post(reverse("hotline:topic_detail", args=[topic.pk]), {"text": "统一答复"})
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == T.Status.REPLIED and theirs.status == T.Status.ASSIGNED
    linked = en.post(
        reverse("hotline:ticket_action", args=[mine.pk, "link"]), {"number": "T1"}
    )
    assert linked.status_code == 422 and not mine.related.exists()


def test_published_text_hides_numbers_written_into_it(
    en, officer, clerk_b, roads, rule
):
    ticket = register(
        officer,
        category=roads,
        content="我的电话13812345678，身份证120101199001011234，请回电。",
    )
    ticket = services.do_sign(actor=clerk_b, ticket=ticket)
    ticket = services.do_reply(
        actor=clerk_b, ticket=ticket, text="已联系13812345678的市民。"
    )
    services.do_publish(actor=officer, ticket=ticket, on=True)
    page = en.get(reverse("portal:message_public", args=[ticket.pk])).content.decode()
    assert "13812345678" not in page and "120101199001011234" not in page
    assert "****" in page


def test_a_long_word_asks_the_index_for_its_rarest_bigrams_and_finds_the_same(
    en, officer, roads, rule
):
    """PostgreSQL's GIN index is asked for a long word's two rarest bigrams only (its
    text is tested afterwards anyway), by statistics read once per list page; the
    tickets found are the same on both databases."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    texts = [(f"J{i}", "津南区道路", "路面破损") for i in range(12)]
    texts += [(f"T{i}", "天津南站", "配套") for i in range(3)]
    texts.append(("T9", "天津市南站", "津南"))
    for number, title, content in texts:
        register(
            officer, external_no=number, title=title, content=content, category=roads
        )
    with connection.cursor() as cur:
        cur.execute("ANALYZE hotline_ticket")
    found = set(
        search.filter_text(Ticket.objects.all(), "天津南站", count=True).values_list(
            "external_no", flat=True
        )
    )
    assert found == {"T0", "T1", "T2"}  # T9 has the three bigrams, not the word
    if connection.vendor == "postgresql":
        query = search.Query("天津南站")
        assert set(query.index_grams()) == {"天津", "南站"}  # 津南 is the commonest
        # A walk tests one bigram a word, the rarest: the planner keeps walking.
        assert len(query.walk_grams()) == 1 and "津南" not in query.walk_grams()
        assert search.Query("噪音 夜间").walk_grams() == ["噪音", "夜间"]
        assert search.Query("南站 津南").index_grams() == ["南站", "津南"]  # exact
    en.force_login(officer)
    with CaptureQueriesContext(connection) as ran:
        page = en.get(reverse("hotline:ticket_list") + "?q=天津南站&kind=complaint")
    assert page.status_code == 200
    read = [q for q in ran.captured_queries if "pg_stats" in q["sql"]]
    assert len(read) == (1 if connection.vendor == "postgresql" else 0)


def test_the_list_rows_are_escaped_and_carry_their_marks(en, officer, roads, rule):
    """The rows built in Python (hotline/tables.py): every value escaped, the link,
    the urgent badge, the category, the overdue row and the pending request."""
    late = register(
        officer,
        "2026-01-05",
        external_no="R1<2",
        title="<script>alert(1)</script>路灯",
        urgency=T.Urgency.URGENT,
        category=roads,
    )
    Ticket.objects.filter(pk=late.pk).update(pending=T.Request.EXTEND)
    en.force_login(officer)
    page = en.get(reverse("hotline:ticket_list")).content.decode()
    row = page[page.index('<tr class="row-overdue">') :]
    row = row[: row.index("</tr>")]
    assert f'<a href="{late.get_absolute_url()}">R1&lt;2</a>' in row
    assert "&lt;script&gt;alert(1)&lt;/script&gt;路灯" in row and "<script>" not in row
    assert '<span class="badge text-bg-danger">Urgent</span>' in row
    assert f"· {roads.name}</span>" in row
    assert "awaiting approval" in row and "王建国" in row  # the officer may see it
    empty = en.get(reverse("hotline:ticket_list") + "?q=不存在的词").content.decode()
    assert "No tickets." in empty and "row-overdue" not in empty
