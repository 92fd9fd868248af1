"""The proactive-disclosure catalogue: the four fields, due 20 working days after forming,
published only after the confidentiality review, withdrawn with a reason; the portal
shows what is published and nothing else."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from fazhi.disclosure import catalogue
from fazhi.disclosure.models import Item

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def record(officer, dept, **extra):
    return catalogue.do_record_item(
        actor=officer,
        title=extra.pop("title", "2026年部门预算"),
        summary=extra.pop("summary", "区协同办2026年部门预算及说明"),
        formed_on=extra.pop("formed_on", D(2026, 9, 28)),
        category=extra.pop("category", "财政预决算"),
        department=dept,
        **extra,
    )


def test_an_item_is_reviewed_then_published_then_withdrawn(client, officer, dept_a):
    with pytest.raises(ValidationError) as refused:
        record(officer, dept_a, title=" ", summary="")
    assert "art. 12" in str(refused.value)
    assert not Item.objects.exists()
    item = record(officer, dept_a)
    assert item.due_on == D(2026, 10, 30) and item.index_no == "XTB/2026-00001"
    assert record(officer, dept_a, title="2025年部门决算").index_no == "XTB/2026-00002"
    with pytest.raises(ValidationError, match="art. 17"):
        catalogue.do_publish_item(item, actor=officer, published_on=D(2026, 10, 9))
    with pytest.raises(ValidationError, match="reason"):
        catalogue.do_review_item(
            item, actor=officer, reviewed_on=D(2026, 10, 9), publishable=False
        )
    item = catalogue.do_review_item(
        item, actor=officer, reviewed_on=D(2026, 10, 9), publishable=True, note="不涉密"
    )
    item = catalogue.do_publish_item(item, actor=officer, published_on=D(2026, 11, 2))
    assert item.late  # after 10-30
    page = client.get(reverse("portal:open_list") + "?q=预算").content.decode()
    assert "2026年部门预算" in page and "2025年部门决算" not in page
    detail = client.get(reverse("portal:open_item", args=[item.pk])).content.decode()
    assert "XTB/2026-00001" in detail and "区协同办2026年部门预算及说明" in detail
    assert (
        client.get(reverse("portal:open_item_download", args=[item.pk])).status_code
        == 200
    )
    with pytest.raises(ValidationError, match="reason"):
        catalogue.do_withdraw_item(
            item, actor=officer, withdrawn_on=D(2026, 11, 3), reason=""
        )
    catalogue.do_withdraw_item(
        item,
        actor=officer,
        withdrawn_on=D(2026, 11, 3),
        reason="数据有误，更正后重新发布",
    )
    assert client.get(reverse("portal:open_item", args=[item.pk])).status_code == 404
    assert "政府信息公开指南" in client.get(reverse("portal:guide")).content.decode()


def test_the_office_sees_late_and_due_items_and_staff_cannot_publish(
    client, officer, clerk_a, dept_a
):
    late = record(officer, dept_a, title="逾期未公开的信息", formed_on=D(2026, 1, 5))
    client.force_login(officer)
    client.cookies["django_language"] = "en"
    new = reverse("disclosure:item_create")
    refused = client.post(
        new,
        {"formed_on": "2026-11-02", "category": "政策文件", "department": dept_a.pk},
    )
    assert refused.status_code == 422 and "(art. 12)" in refused.content.decode()
    made = client.post(
        new,
        {
            "title": "区域协同发展扶持办法",
            "summary": "扶持对象和标准",
            "formed_on": "2026-11-02",
            "category": "政策文件",
            "department": dept_a.pk,
        },
    )
    item = Item.objects.get(title="区域协同发展扶持办法")
    assert made.status_code == 302 and made["Location"] == item.get_absolute_url()
    listing = client.get(
        reverse("disclosure:item_list") + "?show=late"
    ).content.decode()
    assert "逾期未公开的信息" in listing
    client.force_login(clerk_a)
    assert client.get(late.get_absolute_url()).status_code == 200
    assert (
        client.get(
            reverse("disclosure:item_action", args=[late.pk, "review"])
        ).status_code
        == 404
    )
