"""The portal's messages: leave one (rate-limited), follow it with its code, read the
reply; published answers carry no personal data."""

import pytest
from django.urls import reverse
from django.utils import translation

from fazhi.hotline import services
from fazhi.hotline.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def en(client):
    client.cookies["django_language"] = "en"
    return client


MESSAGE = {
    "name": "赵小燕",
    "phone": "13698765432",
    "kind": "suggestion",
    "title": "建议南站公交增加班次",
    "content": "天津南站到区政府的公交班次太少，建议增加早晚高峰班次。",
    "place": "天津南站公交站",
}


def test_a_citizen_leaves_a_message_follows_it_and_reads_the_reply(
    en, officer, dept_b, settings
):
    refused = en.post(reverse("portal:message_new"), {**MESSAGE, "phone": "12"})
    assert refused.status_code == 422 and not Ticket.objects.exists()
    sent = en.post(reverse("portal:message_new"), MESSAGE)
    assert sent.status_code == 201
    ticket = Ticket.objects.get()
    assert ticket.channel == "portal" and ticket.external_no.startswith("WZ")
    code = sent.context["code"]
    assert code in sent.content.decode() and ticket.query_code_hash != code

    other = en.__class__()
    other.cookies["django_language"] = "en"
    assert other.get(reverse("portal:message", args=[ticket.pk])).status_code == 404
    wrong = other.post(
        reverse("portal:message_follow"),
        {"number": ticket.external_no, "code": "WRONG123"},
    )
    assert wrong.status_code == 422
    found = other.post(
        reverse("portal:message_follow"), {"number": ticket.external_no, "code": code}
    )
    assert found.status_code == 302
    page = other.get(found.url).content.decode()
    assert "No reply yet" in page and "赵小燕" not in page and "13698765432" not in page

    ticket = services.do_assign(actor=officer, ticket=ticket, department=dept_b)
    ticket = services.do_sign(actor=officer, ticket=ticket)
    ticket = services.do_reply(
        actor=officer, ticket=ticket, text="已协调公交集团增加班次。"
    )
    assert "已协调公交集团增加班次" in other.get(found.url).content.decode()

    assert en.get(reverse("portal:message_public", args=[ticket.pk])).status_code == 404
    services.do_publish(actor=officer, ticket=ticket, on=True)
    listed = en.get(reverse("portal:message_list") + "?q=南站").content.decode()
    assert "建议南站公交增加班次" in listed
    public = en.get(reverse("portal:message_public", args=[ticket.pk])).content.decode()
    assert "已协调公交集团增加班次" in public
    assert "赵小燕" not in public and "13698765432" not in public


def test_messages_are_rate_limited(en, settings):
    settings.FAZHI_PORTAL_MESSAGE_PER_HOUR = 2
    for n in range(2):
        assert (
            en.post(
                reverse("portal:message_new"), {**MESSAGE, "title": f"t{n}"}
            ).status_code
            == 201
        )
    blocked = en.post(reverse("portal:message_new"), MESSAGE)
    assert blocked.status_code == 429 and Ticket.objects.count() == 2
