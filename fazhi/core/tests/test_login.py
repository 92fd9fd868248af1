"""Login security: validators, lock-out, idle timeout, audit of auth events, headers."""

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from conftest import PASSWORD
from fazhi.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _post_login(client, username, password, ip="10.1.1.1"):
    return client.post(
        "/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_it_logs_in_and_audits(client, clerk_a):
    response = _post_login(client, "clerk_a", PASSWORD)
    assert response.status_code == 302 and response.url == "/"
    entry = AuditEntry.objects.get(verb="auth.login")
    assert entry.actor == clerk_a and entry.ip == "10.1.1.1"


def test_a_wrong_password_is_refused_and_audited(client, clerk_a):
    response = _post_login(client, "clerk_a", "wrong")
    assert response.status_code == 401
    assert AuditEntry.objects.filter(
        verb="auth.login_failed", actor_name="clerk_a"
    ).exists()


def test_five_failures_lock_the_account_even_with_the_right_password(client, clerk_a):
    for _ in range(5):
        _post_login(client, "clerk_a", "wrong", ip="10.1.1.2")
    response = _post_login(client, "clerk_a", PASSWORD, ip="10.9.9.9")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(verb="auth.login_locked").exists()


def test_five_failures_from_one_address_lock_that_address(client, clerk_a, clerk_b):
    for name in ["a", "b", "c", "d", "e"]:
        _post_login(client, name, "wrong", ip="10.2.2.2")
    assert _post_login(client, "clerk_b", PASSWORD, ip="10.2.2.2").status_code == 429
    assert _post_login(client, "clerk_b", PASSWORD, ip="10.3.3.3").status_code == 302


def test_the_lock_ends_after_the_lockout_period(client, clerk_a, settings):
    settings.FAZHI_LOCKOUT_MINUTES = 0
    for _ in range(5):
        _post_login(client, "clerk_a", "wrong")
    assert _post_login(client, "clerk_a", PASSWORD).status_code == 302


def test_four_failures_do_not_lock(client, clerk_a):
    for _ in range(4):
        _post_login(client, "clerk_a", "wrong")
    assert _post_login(client, "clerk_a", PASSWORD).status_code == 302


def test_logout_is_post_only_and_audited(client, clerk_a):
    client.force_login(clerk_a)
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert AuditEntry.objects.filter(verb="auth.logout", actor=clerk_a).exists()
    assert client.get("/").status_code == 302


def test_an_idle_session_is_logged_out(client, clerk_a, settings):
    client.force_login(clerk_a)
    session = client.session
    session["last_seen"] = int(time.time()) - settings.FAZHI_IDLE_TIMEOUT_SECONDS - 5
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_an_active_session_stays(client, clerk_a):
    client.force_login(clerk_a)
    session = client.session
    session["last_seen"] = int(time.time()) - 120
    session.save()
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    "password", ["short1A", "alllowercase", "ALLUPPER123", "12345678901"]
)
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_password_of_three_classes_is_accepted():
    validate_password("Qiang-li-2021")


def test_pages_carry_security_headers_without_unsafe_inline(client):
    response = client.get("/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_forms_need_a_csrf_token(clerk_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "clerk_a", "password": PASSWORD})
    assert response.status_code == 403


def test_the_admin_site_logs_in_through_the_same_page(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_an_open_redirect_is_ignored(client, clerk_a):
    response = client.post(
        "/login/?next=https://evil.example/",
        {"username": "clerk_a", "password": PASSWORD},
    )
    assert response.url == "/"


def test_a_valid_login_does_not_reset_the_address_lock(client, clerk_a, clerk_b):
    for name in ["a", "b", "c", "d"]:
        _post_login(client, name, "wrong", ip="10.4.4.4")
    assert _post_login(client, "clerk_b", PASSWORD, ip="10.4.4.4").status_code == 302
    client.post("/logout/")
    _post_login(client, "e", "wrong", ip="10.4.4.4")
    assert _post_login(client, "clerk_a", PASSWORD, ip="10.4.4.4").status_code == 429


def test_an_idle_logout_is_audited_and_explained(client, clerk_a, settings):
    client.force_login(clerk_a)
    session = client.session
    session["last_seen"] = int(time.time()) - settings.FAZHI_IDLE_TIMEOUT_SECONDS - 5
    session.save()
    response = client.get("/plans/tasks/")
    assert response.status_code == 302 and "idle=1" in response.url
    entry = AuditEntry.objects.get(verb="auth.logout")
    assert entry.actor == clerk_a and entry.reason == "idle timeout"
    page = client.get(response.url).content.decode()
    assert "由于长时间未操作" in page


def test_a_forged_forwarded_address_is_ignored(client, clerk_a, settings):
    settings.FAZHI_TRUSTED_PROXIES = 1
    client.post(
        "/login/",
        {"username": "clerk_a", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="not-an-address",
    )
    client.post(
        "/login/",
        {"username": "clerk_a", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="2001:DB8:0:0:0:0:0:1",
    )
    ips = list(
        AuditEntry.objects.filter(verb="auth.login")
        .order_by("seq")
        .values_list("ip", flat=True)
    )
    assert ips == ["10.0.0.1", "2001:db8::1"]
    from fazhi.core import audit

    assert audit.verify().ok


def test_the_admin_login_does_not_loop(client, admin_user, clerk_a):
    response = client.get("/admin/login/?next=/admin/")
    assert response.url == "/login/?next=%2Fadmin%2F"
    response = client.post(response.url, {"username": "admin", "password": PASSWORD})
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200
    client.force_login(clerk_a)
    assert client.get("/admin/login/?next=/admin/").url == "/"
