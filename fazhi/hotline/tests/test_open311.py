"""Open311 GeoReport v2 as a client built from the specification sees it: discovery, the
service list and definitions, posting a request with an api_key and reading it back, in
JSON and XML with the specification's element names; refusals in its error format with
nothing saved; never the citizen's personal data."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.utils import timezone

from conftest import login
from fazhi.core.models import AuditEntry
from fazhi.hotline import services
from fazhi.hotline.models import ApiClient, Category, RoutingRule, Ticket
from fazhi.hotline.open311 import issue_key, revoke

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"
SERVICE_FIELDS = [
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
]
ATTRIBUTE_FIELDS = [
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
    "values",
]
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
# The citizen's personal data: none of it may appear in any response.
NAME_FAMILY, NAME_GIVEN = "欧阳", "明远"
PHONE = "13912345678"
EMAIL = "ouyang.mingyuan@example.com"
ID_NUMBER = "120101199001011234"
PERSONAL = [NAME_FAMILY + NAME_GIVEN, NAME_GIVEN, PHONE, EMAIL, ID_NUMBER]


@pytest.fixture
def api(db):
    """A spec-built client: no cookies but the language, no CSRF token."""
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def streetlight(dept_b):
    """An active service with attributes, in the group 市容环境, routed to department B."""
    group = Category.objects.create(name="市容环境", code="environment", order=1)
    category = Category.objects.create(
        name="路灯不亮",
        code="streetlight",
        parent=group,
        order=2,
        description="道路照明设施故障",
        keywords="路灯,照明",
        attributes=[
            {
                "code": "POLE",
                "datatype": "string",
                "required": True,
                "description": "灯杆上的编号",
                "order": 2,
            },
            {
                "code": "STATE",
                "datatype": "singlevaluelist",
                "required": True,
                "description": "路灯的状况",
                "order": 1,
                "values": [
                    {"key": "off", "name": "不亮"},
                    {"key": "flicker", "name": "闪烁"},
                ],
            },
            {
                "code": "HOURS",
                "datatype": "multivaluelist",
                "order": 3,
                "values": [
                    {"key": "evening", "name": "傍晚"},
                    {"key": "night", "name": "深夜"},
                ],
            },
        ],
    )
    RoutingRule.objects.create(category=group, department=dept_b)
    return category


@pytest.fixture
def noise(db):
    """An active service without attributes."""
    return Category.objects.create(name="噪声扰民", code="noise", order=3)


@pytest.fixture
def retired(db):
    """A category no longer in use: not a service."""
    return Category.objects.create(name="旧分类", code="retired", active=False)


@pytest.fixture
def key(admin_user):
    return issue_key("掌上西青", actor=admin_user)[1]


def _xml(response) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)  # noqa: S314 — our own response


def _json(response):
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def _tags(element: ET.Element) -> list[str]:
    return [child.tag for child in element]


def _fields(**extra) -> dict:
    return {
        "service_code": "streetlight",
        "lat": "39.1357246",
        "long": "117.0123456",
        "address_string": "中北镇星城小区南门",
        "first_name": NAME_GIVEN,
        "last_name": NAME_FAMILY,
        "phone": PHONE,
        "email": EMAIL,
        "device_id": "tt222111",
        "account_id": "123456",
        "description": "小区南门外的路灯连续三晚不亮，夜里行人看不清路。",
        "attribute[STATE]": "off",
        "attribute[POLE]": "XQ-0815",
        "attribute[HOURS][]": ["evening", "night"],
        **extra,
    }


def _post(api, fmt, **fields):
    return api.post(f"{BASE}/requests.{fmt}", fields)


def _errors_json(response, status):
    assert response.status_code == status
    body = _json(response)
    assert body and all(set(e) == {"code", "description"} for e in body)
    assert all(e["code"] == status and e["description"] for e in body)
    return [e["description"] for e in body]


def _errors_xml(response, status):
    assert response.status_code == status
    root = _xml(response)
    assert root.tag == "errors" and _tags(root) == ["error"] * len(root) and len(root)
    for error in root:
        assert _tags(error) == ["code", "description"]
        assert error.findtext("code") == str(status) and error.findtext("description")
    return [e.findtext("description") for e in root]


def _no_personal_data(response):
    body = response.content.decode()
    for value in PERSONAL:
        assert value not in body


def _ticket(received_at, *, category, channel=Ticket.Channel.OPEN311, **extra):
    values = {
        "title": "路灯",
        "content": "路灯不亮",
        "category": category,
        "citizen_name": NAME_FAMILY + NAME_GIVEN,
        "citizen_phone": PHONE,
        "citizen_id_number": ID_NUMBER,
        "citizen_email": EMAIL,
        **extra,
    }
    return services.do_register(
        actor=None, channel=channel, received_at=received_at, **values
    )


# --- discovery and services --------------------------------------------------------------


def test_discovery_names_the_georeport_v2_endpoint_in_both_formats(api):
    body = _json(api.get(f"{BASE}/discovery.json"))
    assert list(body) == ["changeset", "contact", "key_service", "endpoints"]
    [endpoint] = body["endpoints"]
    assert endpoint == {
        "specification": "http://wiki.open311.org/GeoReport_v2",
        "url": "http://testserver/open311/v2",
        "changeset": body["changeset"],
        "type": "production",
        "formats": ["text/xml", "application/json"],
    }
    root = _xml(api.get(f"{BASE}/discovery.xml"))
    assert root.tag == "discovery"
    assert _tags(root) == ["changeset", "contact", "key_service", "endpoints"]
    endpoint = root.find("endpoints/endpoint")
    assert _tags(endpoint) == ["specification", "url", "changeset", "type", "formats"]
    formats = [f.text for f in endpoint.findall("formats/format")]
    assert formats == ["text/xml", "application/json"]
    assert api.get(f"{BASE}/")["Location"] == f"{BASE}/discovery.json"


def test_it_lists_the_active_categories_as_services_in_json_and_xml(
    api, streetlight, noise, retired
):
    body = _json(api.get(f"{BASE}/services.json"))
    assert [s["service_code"] for s in body] == ["environment", "streetlight", "noise"]
    assert all(list(s) == SERVICE_FIELDS for s in body)
    assert body[1] == {
        "service_code": "streetlight",
        "service_name": "路灯不亮",
        "description": "道路照明设施故障",
        "metadata": True,
        "type": "realtime",
        "keywords": "路灯,照明",
        "group": "市容环境",
    }
    assert body[2]["metadata"] is False and body[2]["group"] is None

    root = _xml(api.get(f"{BASE}/services.xml"))
    assert root.tag == "services" and _tags(root) == ["service"] * 3
    light = root[1]
    assert _tags(light) == SERVICE_FIELDS
    assert light.findtext("service_code") == "streetlight"
    assert light.findtext("metadata") == "true" and light.findtext("type") == "realtime"
    assert light.findtext("group") == "市容环境"
    assert root[2].findtext("metadata") == "false"


def test_a_service_definition_gives_its_attributes_in_order(api, streetlight, noise):
    body = _json(api.get(f"{BASE}/services/streetlight.json"))
    assert list(body) == ["service_code", "attributes"]
    assert body["service_code"] == "streetlight"
    state, pole, hours = body["attributes"]
    assert all(list(a) == ATTRIBUTE_FIELDS for a in body["attributes"])
    assert state == {
        "variable": True,
        "code": "STATE",
        "datatype": "singlevaluelist",
        "required": True,
        "datatype_description": None,
        "order": 1,
        "description": "路灯的状况",
        "values": [{"key": "off", "name": "不亮"}, {"key": "flicker", "name": "闪烁"}],
    }
    assert (pole["code"], pole["datatype"], pole["required"]) == (
        "POLE",
        "string",
        True,
    )
    assert (hours["datatype"], hours["required"]) == ("multivaluelist", False)

    root = _xml(api.get(f"{BASE}/services/streetlight.xml"))
    assert root.tag == "service_definition"
    assert _tags(root) == ["service_code", "attributes"]
    attributes = root.find("attributes")
    assert _tags(attributes) == ["attribute"] * 3
    first = attributes[0]
    assert _tags(first) == ATTRIBUTE_FIELDS
    assert first.findtext("required") == "true" and first.findtext("order") == "1"
    values = first.findall("values/value")
    assert [(v.findtext("key"), v.findtext("name")) for v in values] == [
        ("off", "不亮"),
        ("flicker", "闪烁"),
    ]
    empty = _xml(api.get(f"{BASE}/services/noise.xml"))
    assert empty.find("attributes") is not None and len(empty.find("attributes")) == 0

    assert "retired" in _errors_json(api.get(f"{BASE}/services/retired.json"), 404)[0]
    _errors_xml(api.get(f"{BASE}/services/nothing.xml"), 404)


# --- posting: refusals -------------------------------------------------------------------


def test_a_post_without_a_valid_key_is_refused_in_both_formats_and_saves_nothing(
    api, streetlight, key, admin_user
):
    [missing] = _errors_json(_post(api, "json", **_fields()), 403)
    assert "api_key" in missing
    _errors_xml(_post(api, "xml", **_fields()), 403)
    _errors_json(_post(api, "json", **_fields(api_key="not-a-key")), 403)
    _errors_xml(_post(api, "xml", **_fields(api_key=key + "x")), 403)

    revoke(ApiClient.objects.get(), actor=admin_user)
    [revoked] = _errors_xml(_post(api, "xml", **_fields(api_key=key)), 403)
    assert "revoked" in revoked
    assert not Ticket.objects.exists()


def test_an_unknown_or_missing_service_code_is_refused_and_saves_nothing(
    api, streetlight, retired, key
):
    [unknown] = _errors_json(
        _post(api, "json", **_fields(api_key=key, service_code="pothole")), 404
    )
    assert "pothole" in unknown and "service_code" in unknown
    _errors_xml(_post(api, "xml", **_fields(api_key=key, service_code="retired")), 404)
    [missing] = _errors_xml(
        _post(api, "xml", **_fields(api_key=key, service_code="")), 400
    )
    assert "service_code" in missing
    assert not Ticket.objects.exists()


def test_bad_attributes_and_location_are_refused_together_and_save_nothing(
    api, streetlight, key
):
    fields = _fields(api_key=key, lat="", long="", address_string="")
    del fields["attribute[POLE]"]
    fields["attribute[STATE]"] = "broken"
    fields["attribute[HOURS][]"] = ["noon"]
    fields["attribute[COLOUR]"] = "red"
    problems = _errors_json(_post(api, "json", **fields), 400)
    assert len(problems) == 5
    text = " ".join(problems)
    for part in ("COLOUR", "POLE", "STATE", "HOURS", "address_string"):
        assert part in text

    only_lat = _errors_xml(_post(api, "xml", **_fields(api_key=key, long="")), 400)
    assert "lat and long" in only_lat[0]
    off_earth = _post(api, "json", **_fields(api_key=key, lat="91", long="117"))
    _errors_json(off_earth, 400)
    bad_mail = _post(api, "json", **_fields(api_key=key, email="not-an-address"))
    assert "email" in _errors_json(bad_mail, 400)[0]
    too_long = _post(api, "json", **_fields(api_key=key, description="长" * 4001))
    assert "4000" in _errors_json(too_long, 400)[0]
    assert not Ticket.objects.exists()


@override_settings(FAZHI_OPEN311_JURISDICTION="xtb.example.gov.cn")
def test_another_jurisdiction_is_not_found_and_ours_is_optional(api, streetlight, key):
    other = {"jurisdiction_id": "sfgov.org"}
    [message] = _errors_json(api.get(f"{BASE}/services.json", other), 404)
    assert "sfgov.org" in message
    _errors_xml(api.get(f"{BASE}/requests.xml", other), 404)
    _errors_xml(api.get(f"{BASE}/services/streetlight.xml", other), 404)
    _errors_xml(_post(api, "xml", **_fields(api_key=key, **other)), 404)
    assert not Ticket.objects.exists()

    ours = {"jurisdiction_id": "xtb.example.gov.cn"}
    assert api.get(f"{BASE}/services.json", ours).status_code == 200
    assert _post(api, "json", **_fields(api_key=key, **ours)).status_code == 200


@override_settings(FAZHI_OPEN311_POSTS_PER_HOUR=1)
def test_posts_are_rate_limited_per_key(api, streetlight, key, admin_user):
    assert _post(api, "json", **_fields(api_key=key)).status_code == 200
    _errors_json(_post(api, "json", **_fields(api_key=key)), 429)
    other = issue_key("另一客户端", actor=admin_user)[1]
    assert _post(api, "json", **_fields(api_key=other)).status_code == 200
    assert Ticket.objects.count() == 2


def test_unknown_paths_and_methods_answer_in_the_error_format(api, streetlight):
    _errors_xml(api.get(f"{BASE}/nothing/here"), 404)
    _errors_json(api.get(f"{BASE}/nothing.json"), 404)
    refused = api.delete(f"{BASE}/services.json")
    _errors_json(refused, 405)
    assert refused["Allow"] == "GET, HEAD"


# --- posting and reading back ------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_client_posts_a_request_and_reads_it_back(api, streetlight, key, dept_b, fmt):
    posted = _post(api, fmt, **_fields(api_key=key))
    assert posted.status_code == 200
    _no_personal_data(posted)
    if fmt == "json":
        [row] = _json(posted)
        assert list(row) == ["service_request_id", "service_notice", "account_id"]
        number, notice = row["service_request_id"], row["service_notice"]
        assert row["account_id"] is None
    else:
        root = _xml(posted)
        assert root.tag == "service_requests" and _tags(root) == ["request"]
        assert _tags(root[0]) == ["service_request_id", "service_notice", "account_id"]
        number, notice = root.findtext("request/service_request_id"), None
        assert root.findtext("request/account_id") == ""

    ticket = Ticket.objects.get()
    assert number == ticket.external_no and ticket.channel == Ticket.Channel.OPEN311
    assert ticket.client.name == "掌上西青" and ticket.category == streetlight
    assert ticket.citizen_name == "欧阳明远" and ticket.citizen_phone == PHONE
    assert ticket.citizen_email == EMAIL and ticket.place == "中北镇星城小区南门"
    assert str(ticket.lat) == "39.135725" and str(ticket.lng) == "117.012346"
    assert ticket.attributes == {
        "STATE": "off",
        "POLE": "XQ-0815",
        "HOURS": ["evening", "night"],
    }
    assert ticket.title == "小区南门外的路灯连续三晚不亮，夜里行人看不清路。"[:30]
    assert ticket.department == dept_b
    entry = AuditEntry.objects.get(verb="hotline.registered")
    assert entry.actor_name == "Open311: 掌上西青" and entry.actor is None
    if notice is not None:
        assert timezone.localtime(ticket.reply_due_at).date().isoformat() in notice

    read = api.get(f"{BASE}/requests/{number}.{fmt}")
    assert read.status_code == 200
    _no_personal_data(read)
    if fmt == "json":
        [row] = _json(read)
        assert list(row) == REQUEST_FIELDS
    else:
        root = _xml(read)
        assert root.tag == "service_requests" and _tags(root) == ["request"]
        assert _tags(root[0]) == REQUEST_FIELDS
        row = {child.tag: child.text for child in root[0]}
        assert row["lat"] == "39.135725"
        row["lat"], row["long"] = float(row["lat"]), float(row["long"])
    assert row["service_request_id"] == number and row["status"] == "open"
    assert row["service_code"] == "streetlight" and row["service_name"] == "路灯不亮"
    assert row["description"] == ticket.content
    assert row["agency_responsible"] == dept_b.name
    assert row["address"] == "中北镇星城小区南门"
    assert (row["lat"], row["long"]) == (39.135725, 117.012346)
    requested = dt.datetime.fromisoformat(row["requested_datetime"])
    assert requested == ticket.received_at.replace(microsecond=0)
    assert row["requested_datetime"].endswith("+08:00")
    expected = dt.datetime.fromisoformat(row["expected_datetime"])
    assert expected == ticket.reply_due_at.replace(microsecond=0)
    assert dt.datetime.fromisoformat(row["updated_datetime"]).tzinfo is not None

    assert _errors_json(api.get(f"{BASE}/requests/KF0.json"), 404)
    _errors_xml(api.get(f"{BASE}/requests/KF0.xml"), 404)


def test_a_token_gives_its_service_request_id(api, streetlight, key):
    _post(api, "json", **_fields(api_key=key))
    ticket = Ticket.objects.get()
    assert _json(api.get(f"{BASE}/tokens/{ticket.token}.json")) == [
        {"service_request_id": ticket.external_no, "token": ticket.token}
    ]
    root = _xml(api.get(f"{BASE}/tokens/{ticket.token}.xml"))
    assert root.tag == "service_requests"
    assert _tags(root[0]) == ["service_request_id", "token"]
    assert root.findtext("request/service_request_id") == ticket.external_no
    _errors_json(api.get(f"{BASE}/tokens/0000.json"), 404)


def test_the_office_reply_is_the_status_note_and_a_closed_ticket_is_closed(
    api, streetlight, noise
):
    now = timezone.now()
    ticket = _ticket(now - dt.timedelta(hours=2), category=noise)
    closed_at = now - dt.timedelta(minutes=30)
    Ticket.objects.filter(pk=ticket.pk).update(
        status=Ticket.Status.REPLIED, reply="已协调施工方夜间停工。"
    )
    [row] = _json(api.get(f"{BASE}/requests/{ticket.external_no}.json"))
    assert row["status"] == "open" and row["status_notes"] == "已协调施工方夜间停工。"
    Ticket.objects.filter(pk=ticket.pk).update(
        status=Ticket.Status.CLOSED, closed_at=closed_at
    )
    root = _xml(api.get(f"{BASE}/requests/{ticket.external_no}.xml"))
    assert root.findtext("request/status") == "closed"
    updated = dt.datetime.fromisoformat(root.findtext("request/updated_datetime"))
    assert updated == closed_at.replace(microsecond=0)
    Ticket.objects.filter(pk=ticket.pk).update(status=Ticket.Status.RETURNED)
    [row] = _json(api.get(f"{BASE}/requests/{ticket.external_no}.json"))
    assert row["status"] == "open"


# --- GET requests and its filters --------------------------------------------------------


@pytest.fixture
def tickets(streetlight, noise):
    """Open311 tickets of 1, 10, 40 and 100 days ago (the 10-day one closed), a hotline
    ticket never published and one published on the portal."""
    now = timezone.now()
    days = {n: now - dt.timedelta(days=n) for n in (1, 10, 40, 100)}
    tickets = {
        1: _ticket(days[1], category=streetlight),
        10: _ticket(days[10], category=noise),
        40: _ticket(days[40], category=noise),
        100: _ticket(days[100], category=streetlight),
    }
    Ticket.objects.filter(pk=tickets[10].pk).update(
        status=Ticket.Status.CLOSED, closed_at=days[10] + dt.timedelta(days=2)
    )
    tickets["hidden"] = _ticket(
        days[1], category=noise, channel=Ticket.Channel.HOTLINE, content="未公开的来电"
    )
    published = _ticket(
        days[1], category=noise, channel=Ticket.Channel.HOTLINE, content="已公开的来电"
    )
    Ticket.objects.filter(pk=published.pk).update(on_portal=True, reply="已处理。")
    tickets["published"] = published
    return tickets


def _ids(api, fmt="json", **query) -> list[str]:
    response = api.get(f"{BASE}/requests.{fmt}", query)
    assert response.status_code == 200
    _no_personal_data(response)
    if fmt == "xml":
        root = _xml(response)
        assert root.tag == "service_requests"
        return [r.findtext("service_request_id") for r in root]
    return [row["service_request_id"] for row in _json(response)]


def test_get_requests_shows_the_last_90_days_of_public_requests(api, tickets):
    number = {k: t.external_no for k, t in tickets.items()}
    shown = _ids(api)
    assert set(shown) == {number[1], number[10], number[40], number["published"]}
    assert shown == _ids(api, "xml")
    assert number["hidden"] not in shown and number[100] not in shown
    assert "未公开的来电" not in api.get(f"{BASE}/requests.json").content.decode()


def test_get_requests_filters_by_id_code_dates_and_status(api, tickets):
    number = {k: t.external_no for k, t in tickets.items()}
    # service_request_id overrides every other argument, the 90 days too.
    ids = f"{number[100]},{number[1]},{number['hidden']}"
    assert _ids(api, service_request_id=ids, status="closed") == [
        number[100],
        number[1],
    ]
    assert _ids(api, "xml", service_request_id=number[40]) == [number[40]]
    assert set(_ids(api, service_code="noise")) == {
        number[10],
        number[40],
        number["published"],
    }
    assert _ids(api, service_code="streetlight,nothing") == [number[1]]
    now = timezone.now()
    window = {
        "start_date": (now - dt.timedelta(days=45)).isoformat(timespec="seconds"),
        "end_date": (now - dt.timedelta(days=5)).isoformat(timespec="seconds"),
    }
    assert _ids(api, **window) == [number[10], number[40]]
    utc = (now - dt.timedelta(days=120)).astimezone(dt.UTC)
    early = {"start_date": utc.strftime("%Y-%m-%dT%H:%M:%SZ")}
    assert _ids(api, "xml", **early) == [number[40], number[100]]
    assert _ids(api, status="closed") == [number[10]]
    assert set(_ids(api, status="open")) == {
        number[1],
        number[40],
        number["published"],
    }
    assert len(_ids(api, status="open,closed")) == 4
    assert len(_ids(api, status=["open", "closed"])) == 4

    too_long = {
        "start_date": "2026-01-01T00:00:00Z",
        "end_date": "2026-06-01T00:00:00Z",
    }
    assert "90" in _errors_json(api.get(f"{BASE}/requests.json", too_long), 400)[0]
    _errors_xml(api.get(f"{BASE}/requests.xml", {"start_date": "yesterday"}), 400)
    _errors_json(api.get(f"{BASE}/requests.json", {"status": "pending"}), 400)


def test_a_number_in_two_channels_reads_as_the_open311_request(api, streetlight, noise):
    now = timezone.now()
    posted = _ticket(now - dt.timedelta(hours=3), category=streetlight)
    twin = _ticket(
        now - dt.timedelta(hours=2),
        category=noise,
        channel=Ticket.Channel.HOTLINE,
        external_no=posted.external_no,
    )
    Ticket.objects.filter(pk=twin.pk).update(on_portal=True)
    [row] = _json(api.get(f"{BASE}/requests/{posted.external_no}.json"))
    assert row["service_code"] == "streetlight"
    ids = _ids(api, service_request_id=posted.external_no)
    assert ids == [posted.external_no]


def test_get_requests_takes_a_fixed_number_of_queries(
    api, tickets, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        response = api.get(f"{BASE}/requests.json")
    assert len(_json(response)) == 4


# --- keys ---------------------------------------------------------------------------------


def test_issuing_and_revoking_a_key_is_audited_and_only_its_hash_kept(admin_user):
    client, key = issue_key("  掌上西青 ", actor=admin_user)
    assert client.name == "掌上西青" and client.active and key not in client.key_hash
    assert client.key_prefix == key[:8] and len(client.key_hash) == 64
    issued = AuditEntry.objects.get(verb="hotline.api_key_issued")
    assert issued.actor == admin_user and issued.target_id == str(client.pk)
    assert key not in json.dumps(issued.changes)
    revoke(client, actor=admin_user, reason="客户端停用")
    client.refresh_from_db()
    assert not client.active
    assert AuditEntry.objects.get(verb="hotline.api_key_revoked").reason == "客户端停用"
    with pytest.raises(ValidationError):
        issue_key(" ", actor=admin_user)


def test_the_administrator_issues_a_key_in_the_admin_shown_once_and_revokes_it(
    client, admin_user, api, streetlight
):
    login(client, admin_user)
    client.cookies["django_language"] = "en"
    added = client.post(
        "/admin/hotline/apiclient/add/", {"name": "掌上西青"}, follow=True
    )
    assert added.status_code == 200
    api_client = ApiClient.objects.get()
    [shown] = [str(m) for m in added.context["messages"] if "api_key" in str(m)]
    key = shown.split(" is ")[1].split(" ")[0]
    assert api_client.key_prefix == key[:8] and api_client.created_by == admin_user
    assert AuditEntry.objects.filter(verb="hotline.api_key_issued").count() == 1
    page = client.get(f"/admin/hotline/apiclient/{api_client.pk}/change/")
    assert page.status_code == 200 and key not in page.content.decode()
    assert _post(api, "json", **_fields(api_key=key)).status_code == 200

    client.post(
        "/admin/hotline/apiclient/",
        {"action": "revoke_keys", "_selected_action": [api_client.pk]},
    )
    api_client.refresh_from_db()
    assert not api_client.active
    _errors_json(_post(api, "json", **_fields(api_key=key)), 403)
    assert Ticket.objects.count() == 1
