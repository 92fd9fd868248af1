"""Legal education: key dates, the campaign plan, activities with materials and photos."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from fazhi.core.models import AuditEntry, Notification
from fazhi.outreach.models import Activity, KeyDate
from fazhi.outreach.queries import figures_for, upcoming
from fazhi.outreach.services import do_record_activity

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def key_date(name, month, day, end_month=None, end_day=None, remind=7):
    return KeyDate.objects.update_or_create(
        name=name,
        defaults={
            "month": month,
            "day": day,
            "end_month": end_month,
            "end_day": end_day,
            "remind_days": remind,
        },
    )[0]


def test_key_dates_come_round_each_year():
    week = key_date("宪法宣传周", 12, 1, 12, 7)
    key_date("全民国家安全教育日", 4, 15)
    soon = upcoming(dt.date(2026, 11, 28))
    assert (soon[0].key_date, soon[0].start, soon[0].end, soon[0].days_until) == (
        week,
        dt.date(2026, 12, 1),
        dt.date(2026, 12, 7),
        3,
    )
    assert [u for u in soon if u.key_date.name == "全民国家安全教育日"][
        0
    ].start == dt.date(2027, 4, 15)
    during = upcoming(dt.date(2026, 12, 3))
    assert [u for u in during if u.key_date == week][0].days_until == 0


def test_the_organisers_are_reminded_once_before_a_key_date(officer, clerk_a):
    from fazhi.outreach.reminders import send

    KeyDate.objects.all().delete()  # only this one (the catalogue migration seeds more)
    key_date("国家宪法日", 12, 4, remind=7)
    assert send(dt.date(2026, 11, 20)) == 0
    assert send(dt.date(2026, 11, 28)) == 1
    assert send(dt.date(2026, 11, 29)) == 0
    note = Notification.objects.get()
    assert note.user == officer and "国家宪法日" in note.text
    assert not Notification.objects.filter(user=clerk_a).exists()


def test_an_activity_keeps_materials_photos_and_its_audit(officer):
    activity = do_record_activity(
        actor=officer,
        theme="民法典进社区",
        date=dt.date(2026, 5, 20),
        place="李七庄宏城御溪园社区",
        audience=80,
        channels=["onsite", "wechat"],
        news_links="https://example.gov.cn/a",
        materials=[("民法典图解手册", 200)],
        photos=[SimpleUploadedFile("现场.png", PNG)],
    )
    assert [str(m) for m in activity.materials.all()] == ["民法典图解手册 × 200"]
    entry = AuditEntry.objects.get(verb="outreach.activity_recorded")
    assert entry.changes["materials"][1] == ["民法典图解手册×200"]
    assert AuditEntry.objects.filter(verb="attachment.added").count() == 1


@pytest.mark.parametrize(
    "bad",
    [{"channels": ["fax"]}, {"news_links": "not a link"}, {"materials": [("手册", 0)]}],
)
def test_bad_activity_input_is_refused_and_nothing_saved(officer, bad):
    fields = {
        "theme": "宣传",
        "date": dt.date(2026, 5, 20),
        "place": "社区",
        "audience": 10,
    }
    with pytest.raises(ValidationError):
        do_record_activity(actor=officer, **(fields | bad))
    assert not Activity.objects.exists()


def test_the_year_figures_count_people_and_materials(officer):
    for month, people, qty in ((5, 120, 200), (7, 90, 150), (12, 50, 100)):
        do_record_activity(
            actor=officer,
            theme="宣传",
            date=dt.date(2021, month, 1),
            place="社区",
            audience=people,
            materials=[("《宪法》图解手册", qty)],
        )
    f = figures_for(2021)
    assert (f.activities, f.people_reached) == (3, 260)
    assert f.by_quarter == {1: (0, 0), 2: (1, 120), 3: (1, 90), 4: (1, 50)}
    assert f.materials == [("《宪法》图解手册", 450)]


def test_the_2021_demo_has_the_two_named_campaigns_in_the_community():
    call_command("demo")
    activities = Activity.objects.filter(date__year=2021)
    assert activities.count() == 2
    assert {a.campaign.name for a in activities} == {
        "“美好生活·民法典相伴”主题法治宣传教育活动",
        "“红心向党·法润西青”法治文化节",
    }
    assert all(a.place == "李七庄宏城御溪园社区" for a in activities)
    items = dict(figures_for(2021).materials)
    assert set(items) == {"《民法典》图解手册", "《宪法》图解手册"}


PAGES = ["outreach:activity_list", "outreach:plan", "outreach:figures"]


@pytest.mark.parametrize("name", PAGES)
def test_pages_work_for_staff_and_refuse_the_anonymous(client, clerk_a, name):
    assert client.get(reverse(name)).status_code == 302
    client.force_login(clerk_a)
    assert client.get(reverse(name)).status_code == 200


def test_the_counsel_does_not_see_the_ledger(client, counsel):
    client.force_login(counsel)
    assert client.get(reverse("outreach:activity_list")).status_code == 404


def test_the_officer_records_an_activity_through_the_form(client, officer):
    client.force_login(officer)
    data = {
        "theme": "宪法宣传周进社区",
        "date": "2026-12-03",
        "place": "李七庄宏城御溪园社区",
        "partners": "社区居委会",
        "audience": "150",
        "channels": ["onsite", "board"],
        "news_links": "",
        "summary": "",
        "materials": "《宪法》图解手册 × 200\n普法挎包 x 50",
        "photos": [SimpleUploadedFile("现场.png", PNG)],
    }
    response = client.post(reverse("outreach:activity_create"), data)
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert [(m.item, m.quantity) for m in activity.materials.all()] == [
        ("《宪法》图解手册", 200),
        ("普法挎包", 50),
    ]
    body = client.get(activity.get_absolute_url()).content.decode()
    assert "现场.png" in body and "《宪法》图解手册 × 200" in body


def test_a_bad_materials_line_is_refused_with_its_line(client, officer):
    client.force_login(officer)
    data = {
        "theme": "宣传",
        "date": "2026-12-03",
        "place": "社区",
        "audience": "1",
        "materials": "手册 × 10\n宣传单",
    }
    response = client.post(reverse("outreach:activity_create"), data)
    assert response.status_code == 422 and "宣传单" in response.content.decode()
    assert not Activity.objects.exists()


def test_a_photo_that_is_not_a_picture_is_refused(client, officer):
    client.force_login(officer)
    data = {
        "theme": "宣传",
        "date": "2026-12-03",
        "place": "社区",
        "audience": "1",
        "photos": [SimpleUploadedFile("现场.pdf", b"%PDF-1.4\n%%EOF\n")],
    }
    assert client.post(reverse("outreach:activity_create"), data).status_code == 422
    assert not Activity.objects.exists()


def test_a_clerk_cannot_record_or_plan(client, clerk_a):
    client.force_login(clerk_a)
    assert client.get(reverse("outreach:activity_create")).status_code == 404
    data = {"year": 2026, "name": "宣传"}
    assert client.post(reverse("outreach:plan"), data).status_code == 404


def test_the_officer_adds_a_campaign_to_the_plan(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("outreach:plan"), {"year": 2026, "name": "民法典宣传月活动"}
    )
    assert response.status_code == 302
    assert "民法典宣传月活动" in client.get(response.url).content.decode()


def test_the_api_records_and_lists_activities(client, officer, clerk_a):
    client.force_login(officer)
    body = {
        "theme": "民法典进社区",
        "date": "2026-05-20",
        "place": "李七庄宏城御溪园社区",
        "audience": 80,
        "channels": ["onsite"],
        "news_links": ["https://example.gov.cn/n"],
        "materials": [{"item": "民法典图解手册", "quantity": 200}],
    }
    response = client.post(
        "/api/v1/outreach/activities", body, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["materials"] == [{"item": "民法典图解手册", "quantity": 200}]
    client.force_login(clerk_a)
    assert client.get("/api/v1/outreach/activities?year=2026").json()["count"] == 1
    refused = client.post(
        "/api/v1/outreach/activities", body, content_type="application/json"
    )
    assert refused.status_code == 404


def test_the_api_refuses_a_bad_channel_and_saves_nothing(client, officer):
    client.force_login(officer)
    body = {"theme": "x", "date": "2026-05-20", "place": "y", "channels": ["fax"]}
    response = client.post(
        "/api/v1/outreach/activities", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert not Activity.objects.exists()
