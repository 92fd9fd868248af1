"""Applications through the pages and services: each rule refused with its article and
nothing saved; the case page shows the computation; the reply letter carries the remedies."""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from docx import Document

from fazhi.core.models import AuditEntry
from fazhi.disclosure import services
from fazhi.disclosure.models import Application
from fazhi.disclosure.tests.cases import register

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def en(client):
    client.cookies["django_language"] = "en"
    return client


def _form(**extra):
    return {
        "channel": "in_person",
        "submitted_on": "2026-09-28",
        "applicant_type": "business",
        "name": "天津某建设有限公司",
        "contact_person": "李经理",
        "id_type": "统一社会信用代码",
        "id_number": "91120116MA05XXXX1X",
        "phone": "022-12345678",
        "description": "天津南站周边配套道路工程的立项批复文件",
        "form": "paper",
        "delivery": "post",
        **extra,
    }


def _post(client, app, action, **data):
    return client.post(
        reverse("disclosure:application_action", args=[app.pk, action]), data
    )


def test_a_case_from_registration_to_the_reply_letter(en, officer, leader, dept_a):
    en.force_login(officer)
    missing = en.post(
        reverse("disclosure:application_create"), _form(name="", id_number="")
    )
    assert missing.status_code == 422
    body = missing.content.decode()
    assert "s name (art. 29)" in body and "s number (art. 29)" in body
    assert not Application.objects.exists()

    created = en.post(
        reverse("disclosure:application_create"), _form(department=dept_a.pk)
    )
    app = Application.objects.get()
    assert created.status_code == 302 and app.received_on == D(2026, 9, 28)
    page = en.get(app.get_absolute_url()).content.decode()
    assert "2026-10-30" in page and "国庆节 10-01…10-07" in page
    assert "91120116MA05XXXX1X" in page  # the disclosure office sees the whole number

    early = _post(en, app, "reply", outcome="1", replied_on="2026-09-27")
    assert (
        early.status_code == 422
        and "before the application was received" in early.content.decode()
    )
    assert _post(en, app, "accept").status_code == 302
    unfit = _post(
        en, app, "reply", outcome="6.1", replied_on="2026-10-10", reason="逾期"
    )
    assert (
        "needs a correction asked for and not made (art. 30)" in unfit.content.decode()
    )
    not_head = _post(
        en,
        app,
        "extend",
        days=10,
        reason="需调档",
        approved_on="2026-10-20",
        notice_on="2026-10-20",
    )
    assert (
        "approval of the head of the disclosure office (art. 33 ¶2)"
        in not_head.content.decode()
    )
    app.refresh_from_db()
    assert app.status == "handling" and app.extension_days == 0 and not app.outcome
    entries = AuditEntry.objects.count()

    en.force_login(leader)
    too_long = _post(
        en,
        app,
        "extend",
        days=21,
        reason="需调档",
        approved_on="2026-10-20",
        notice_on="2026-10-20",
    )
    assert "at most 20 working days (art. 33 ¶2)" in too_long.content.decode()
    assert AuditEntry.objects.count() == entries  # nothing saved, nothing audited
    # The leader reads the case but is not its keeper: the number is masked.
    assert "911*" in en.get(app.get_absolute_url()).content.decode()

    en.force_login(officer)
    _post(
        en,
        app,
        "reply",
        outcome="2",
        replied_on="2026-10-29",
        reason="其中涉及第三方商业秘密的内容不予公开。",
        reply_text="可公开部分随本答复书邮寄。",
    )
    app.refresh_from_db()
    assert app.status == "replied" and not app.replied_late
    letter = en.get(reverse("disclosure:reply_letter", args=[app.pk]))
    doc = Document(io.BytesIO(letter.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "天津某建设有限公司：" in text and "第三十七条" in text
    assert (
        "六十日内向区人民政府申请行政复议" in text
        and "六个月内向区人民法院提起行政诉讼" in text
    )
    assert "2026年10月29日" in text and not re.search(r"\{[{%]", text)
    assert round(doc.sections[0].top_margin.mm) == 37


def test_a_department_sees_only_its_own_applications(
    client, officer, clerk_a, clerk_b, dept_a
):
    app = register(officer, D(2026, 11, 2), description="某信息", department=dept_a)
    client.force_login(clerk_a)
    page = client.get(app.get_absolute_url()).content.decode()
    assert "120*************34" in page and "120101199001011234" not in page
    client.force_login(clerk_b)
    assert client.get(app.get_absolute_url()).status_code == 404
    assert (
        "某信息"
        not in client.get(reverse("disclosure:application_list")).content.decode()
    )


def test_due_soon_and_overdue_lists(client, officer, monkeypatch):
    import fazhi.disclosure.views as views

    def make(day):
        return register(officer, day, description=f"收到于{day}")

    old, recent, fresh = (
        make(D(2026, 9, 1)),
        make(D(2026, 10, 26)),
        make(D(2026, 11, 20)),
    )
    monkeypatch.setattr(views.timezone, "localdate", lambda: D(2026, 11, 20))
    client.force_login(officer)
    overdue = client.get(
        reverse("disclosure:application_list") + "?due=overdue"
    ).content.decode()
    soon = client.get(
        reverse("disclosure:application_list") + "?due=soon"
    ).content.decode()
    assert old.number in overdue and recent.number not in overdue
    assert recent.number in soon and fresh.number not in soon and old.number not in soon


def test_the_daily_reminders_reach_the_office_once(officer, monkeypatch):
    from django.core.management import call_command

    from fazhi.core.models import Notification
    from fazhi.disclosure import reminders

    app = register(officer, D(2026, 9, 28))
    services.do_request_correction(
        app, actor=officer, requested_on=D(2026, 9, 29), items="请写明文号"
    )
    assert reminders.send(D(2026, 10, 28)) == 1
    assert reminders.send(D(2026, 10, 28)) == 0
    text = Notification.objects.get(user=officer).text
    assert app.number in text and "art. 30" in text
    assert reminders.send(D(2027, 1, 10)) == 1  # the 2026 report, due by 31 January
    call_command("sendreminders")  # runs with the other apps' reminders
