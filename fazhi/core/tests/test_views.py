"""The shell: dashboard, placeholders, calendar, language switch, health check."""

import datetime as dt

import pytest

from fazhi.core.navigation import APPS

pytestmark = pytest.mark.django_db


def test_dashboard_shows_real_figures(client, clerk_a, task_a, task_b, plan):
    client.force_login(clerk_a)
    response = client.get("/")
    assert response.status_code == 200
    figures = response.context["counts"]
    # clerk_a sees A's task only; plan is for 2026.
    if dt.date.today().year == 2026:
        assert figures["total"] == 1
    assert "南站道路规划诉求" not in response.content.decode()


def test_dashboard_refuses_anonymous_and_post(client, clerk_a):
    assert client.get("/").status_code == 302
    client.force_login(clerk_a)
    assert client.post("/").status_code == 405


def test_the_header_links_every_app(client, clerk_a):
    client.force_login(clerk_a)
    body = client.get("/").content.decode()
    for app in APPS:
        if app.url_name is None:
            assert f"/soon/{app.code}/" in body


@pytest.mark.parametrize("code", [a.code for a in APPS if a.url_name is None])
def test_unbuilt_apps_say_so_honestly(client, clerk_a, code):
    client.force_login(clerk_a)
    response = client.get(f"/soon/{code}/")
    assert response.status_code == 200
    assert "尚未" in response.content.decode() or "Not yet" in response.content.decode()


def test_an_unknown_app_is_404(client, clerk_a):
    client.force_login(clerk_a)
    assert client.get("/soon/nothing/").status_code == 404


def test_the_calendar_page_marks_holidays_and_provisional_years(client, clerk_a):
    client.force_login(clerk_a)
    response = client.get("/calendar/?year=2026&month=10")
    assert response.status_code == 200
    assert "国庆节" in response.content.decode()
    assert not response.context["provisional"]
    response = client.get("/calendar/?year=2027&month=1")
    assert response.context["provisional"]
    assert client.get("/calendar/?year=x&month=99").status_code == 200
    assert client.get("/calendar/?year=9999&month=12").status_code == 200
    assert client.get("/calendar/?year=1&month=1").status_code == 200


def test_language_switch_turns_the_interface_english(client, clerk_a):
    client.force_login(clerk_a)
    zh = client.get("/").content.decode()
    assert 'lang="zh-CN"' in zh and "工作台" in zh
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    en = client.get("/").content.decode()
    assert 'lang="en"' in en and "Dashboard" in en


def test_healthz(client):
    assert client.get("/healthz").content == b"ok"


def test_the_interface_is_chinese_whatever_the_browser_asks(client, clerk_a):
    client.force_login(clerk_a)
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="zh-CN"' in body and "工作台" in body
