"""A citizen applies on the portal, follows the case with the query code, confirms the
date of receipt and reads the reply; no one else sees it; bad input saves nothing."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from fazhi.core.models import Attachment
from fazhi.disclosure import services
from fazhi.disclosure.models import Application

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _data(**extra):
    return {
        "applicant_type": "person",
        "name": "张三",
        "id_type": "居民身份证",
        "id_number": "120101199001011234",
        "identity_file": SimpleUploadedFile("身份证.pdf", PDF, "application/pdf"),
        "phone": "13800000000",
        "description": "天津南站周边道路规划的批复文件",
        "form": "electronic",
        "delivery": "email",
        **extra,
    }


def _en(client):
    client.cookies["django_language"] = "en"
    return client


def test_a_citizen_applies_follows_confirms_and_reads_the_reply(client, officer):
    _en(client)
    url = reverse("portal:apply")
    assert client.get(url).status_code == 200
    missing = client.post(url, _data(name="", description=""))
    assert missing.status_code == 422 and "(art. 29)" in missing.content.decode()
    no_id = client.post(url, _data(identity_file=""))
    assert "identity document (art. 29)" in no_id.content.decode()
    disguised = client.post(
        url, _data(identity_file=SimpleUploadedFile("id.pdf", b"MZ\x90\x00 not a pdf"))
    )
    assert disguised.status_code == 422
    assert not Application.objects.exists() and not Attachment.objects.exists()

    done = client.post(url, _data())
    assert done.status_code == 201
    body = done.content.decode()
    app = Application.objects.get()
    code = re.search(r'id="code">(\w+)<', body).group(1)
    assert app.number in body and app.channel == "online" and app.received_on is None
    assert Attachment.objects.get().object_id == app.pk
    case = reverse("portal:case", args=[app.pk])
    assert "Not confirmed by the office yet" in client.get(case).content.decode()

    stranger = _en(Client())
    assert stranger.get(case).status_code == 404
    wrong = stranger.post(
        reverse("portal:track"), {"number": app.number, "code": "WRONG123"}
    )
    assert "No application has this number" in wrong.content.decode()
    assert stranger.get(case).status_code == 404
    found = stranger.post(
        reverse("portal:track"), {"number": app.number, "code": code.lower()}
    )
    assert found.status_code == 302 and stranger.get(case).status_code == 200

    today = timezone.localdate()
    services.do_confirm_receipt(app, actor=officer, confirmed_on=today)
    page = client.get(case).content.decode()
    assert "I confirm this date" in page and "120101199001011234" not in page
    client.post(reverse("portal:confirm", args=[app.pk]))
    app.refresh_from_db()
    assert app.applicant_confirmed_on == today
    assert "confirmed by both sides" in client.get(case).content.decode()

    services.do_reply(
        app, actor=officer, outcome="1", replied_on=today, reply_text="已发送至邮箱。"
    )
    page = client.get(case).content.decode()
    assert "已发送至邮箱" in page
    letter = client.get(reverse("portal:letter", args=[app.pk]))
    assert letter["Content-Type"].endswith("wordprocessingml.document")
    assert stranger.get(reverse("portal:letter", args=[app.pk + 1])).status_code == 404


@override_settings(FAZHI_PORTAL_APPLY_PER_HOUR=2)
def test_applications_are_rate_limited(client):
    for _n in range(2):
        assert client.post(reverse("portal:apply"), _data()).status_code == 201
    assert client.post(reverse("portal:apply"), _data()).status_code == 429
    assert Application.objects.count() == 2


@override_settings(FAZHI_UPLOAD_MAX_BYTES=1024)
def test_an_oversized_identity_copy_is_refused_and_nothing_saved(client):
    big = SimpleUploadedFile("身份证.pdf", PDF + b"0" * 4096, "application/pdf")
    refused = _en(client).post(reverse("portal:apply"), _data(identity_file=big))
    assert refused.status_code == 422 and "at most" in refused.content.decode()
    assert not Application.objects.exists() and not Attachment.objects.exists()
