"""The Open311 GeoReport v2 API (http://wiki.open311.org/GeoReport_v2) under /open311/v2/:
service discovery, the service list and definitions (our categories), posting a request
(a ticket on the Open311 channel, with a client's api_key) and reading requests back, in
XML and JSON with the specification's element names.

Only what the public may read goes out: requests that came in through Open311 or that the
office published on the portal, and of them never the citizen's name, phone, e-mail or
ID number (个人信息保护法) — those fields are not even loaded.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import math
import re
import secrets
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max, Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from fazhi.core import audit, throttle
from fazhi.core.models import AuditEntry

from . import services
from .models import ApiClient, Category, Ticket
from .public import redact

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "xml": "text/xml; charset=utf-8",
}
# The element name of one item of each list, for the XML form (the JSON form is the
# Spark-convention mapping of it: a list is a JSON array).
ITEM = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}
DATATYPES = (
    "string",
    "number",
    "datetime",
    "text",
    "singlevaluelist",
    "multivaluelist",
)
LISTS = ("singlevaluelist", "multivaluelist")
# GET requests: "Default query limit is a span of 90 days or first 1000 requests
# returned, whichever is smallest."
MAX_SPAN = dt.timedelta(days=90)
MAX_REQUESTS = 1000
MAX_DESCRIPTION = 4000  # the specification's limit on description
HOUR = dt.timedelta(hours=1)
ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]+)\](\[\])?$")
# Characters XML 1.0 cannot carry (imported texts sometimes hold control characters).
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
CJK = re.compile(r"[\u3400-\u9fff]")


class Open311Error(Exception):
    """A refusal in the specification's error format: the HTTP status and one or more
    descriptions, each shown to the user."""

    def __init__(self, status: int, *descriptions: str):
        super().__init__(*descriptions)
        self.status = status
        self.descriptions = descriptions


# --- api keys ----------------------------------------------------------------------------


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def issue_key(name: str, *, actor) -> tuple[ApiClient, str]:
    """A new client and its api_key. Only the key's hash is kept: the key is returned
    once, to be handed to the client, and cannot be shown again."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the client's name.")})
    key = secrets.token_urlsafe(24)
    client = ApiClient.objects.create(
        name=name,
        key_hash=_key_hash(key),
        key_prefix=key[:8],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(
        actor=actor,
        verb="hotline.api_key_issued",
        target=client,
        changes={"key_prefix": client.key_prefix},
    )
    return client, key


@transaction.atomic
def revoke(client: ApiClient, *, actor, reason: str = "") -> ApiClient:
    """Stop accepting a client's key; its requests stay as they are."""
    client = ApiClient.objects.select_for_update().get(pk=client.pk)
    if client.active:
        client.active = False
        client.save(update_fields=["active"])
        audit.record(
            actor=actor,
            verb="hotline.api_key_revoked",
            target=client,
            changes={"key_prefix": client.key_prefix},
            reason=reason,
        )
    return client


def client_for_key(key: str) -> ApiClient | None:
    if not key:
        return None
    return ApiClient.objects.filter(key_hash=_key_hash(key), active=True).first()


# --- output ------------------------------------------------------------------------------


def _w3c(moment: dt.datetime | None) -> str | None:
    """W3C/ISO 8601 with the offset, e.g. 2026-11-29T09:30:00+08:00."""
    if moment is None:
        return None
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _text(value) -> str:
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    return NOT_XML.sub("", str(value))


def _fill(element: ET.Element, value) -> None:
    if isinstance(value, list):
        for item in value:
            _fill(ET.SubElement(element, ITEM[element.tag]), item)
    elif isinstance(value, dict):
        for tag, item in value.items():
            _fill(ET.SubElement(element, tag), item)
    else:
        element.text = _text(value)


def _respond(fmt: str, root: str, data, status: int = 200) -> HttpResponse:
    """`data` in the requested format: a list is the root element's items (the JSON form
    is the bare array), a dict the root element's children."""
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False).encode()
    else:
        element = ET.Element(root)
        _fill(element, data)
        body = b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(
            element, encoding="unicode"
        ).encode("utf-8")
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def _errors(fmt: str, error: Open311Error) -> HttpResponse:
    items = [{"code": error.status, "description": d} for d in error.descriptions]
    return _respond(fmt, "errors", items, status=error.status)


def _or_none(value: str | None) -> str | None:
    return value or None


# --- the checks every endpoint makes -----------------------------------------------------


def _param(request, name: str) -> str:
    value = request.POST.get(name) if request.method == "POST" else None
    return (value or request.GET.get(name) or "").strip()


def _check_jurisdiction(request) -> None:
    """One jurisdiction is served, so jurisdiction_id is optional; one that is not ours
    is "not found" (404), as the specification says."""
    given = _param(request, "jurisdiction_id")
    ours = settings.FAZHI_OPEN311_JURISDICTION
    if given and given.lower() != ours.lower():
        raise Open311Error(
            404, _("jurisdiction_id %(id)s was not found.") % {"id": given}
        )


def endpoint(*methods: str, jurisdiction: bool = True):
    """An Open311 view: the format comes from the URL's extension; a refusal is answered
    in the specification's error format. Machine clients authenticate with api_key, not
    a session, so there is no CSRF token to check."""

    def wrap(view):
        @csrf_exempt
        @functools.wraps(view)
        def inner(request, fmt: str, **kwargs):
            try:
                if request.method not in methods:
                    raise Open311Error(405, _("This method is not allowed here."))
                if jurisdiction:
                    _check_jurisdiction(request)
                return view(request, fmt, **kwargs)
            except Open311Error as error:
                response = _errors(fmt, error)
                if error.status == 405:
                    response["Allow"] = ", ".join(methods)
                return response

        return inner

    return wrap


# --- services ----------------------------------------------------------------------------


def _attributes(category: Category) -> list[dict]:
    """The category's attribute definitions with every field of the specification,
    whatever the stored dicts left out."""
    out = []
    for position, spec in enumerate(category.attributes or [], start=1):
        if not isinstance(spec, dict) or not str(spec.get("code") or "").strip():
            continue
        datatype = spec.get("datatype")
        datatype = datatype if datatype in DATATYPES else "string"
        try:
            order = int(spec.get("order") or position)
        except (TypeError, ValueError):
            order = position
        values = [
            {"key": str(v["key"]), "name": str(v.get("name") or v["key"])}
            for v in spec.get("values") or []
            if isinstance(v, dict) and v.get("key") not in (None, "")
        ]
        out.append(
            {
                "variable": bool(spec.get("variable", True)),
                "code": str(spec["code"]).strip(),
                "datatype": datatype,
                "required": bool(spec.get("required", False)),
                "datatype_description": _or_none(spec.get("datatype_description")),
                "order": order,
                "description": _or_none(spec.get("description")),
                "values": values,
            }
        )
    out.sort(key=lambda a: a["order"])
    return out


def _service(category: Category) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": _or_none(category.description),
        "metadata": bool(_attributes(category)),
        "type": "realtime",
        "keywords": _or_none(category.keywords),
        "group": category.parent.name if category.parent_id else None,
    }


def _categories():
    return Category.objects.filter(active=True).select_related("parent")


@endpoint("GET", "HEAD")
def service_list(request, fmt):
    rows = [_service(c) for c in _categories().order_by("order", "pk")]
    return _respond(fmt, "services", rows)


@endpoint("GET", "HEAD")
def service_definition(request, fmt, code):
    category = _categories().filter(code=code).first()
    if category is None:
        raise Open311Error(
            404, _("service_code %(code)s was not found.") % {"code": code}
        )
    return _respond(
        fmt,
        "service_definition",
        {"service_code": category.code, "attributes": _attributes(category)},
    )


# --- posting a request -------------------------------------------------------------------


def _location(data) -> tuple[Decimal | None, Decimal | None, list[str]]:
    raw_lat, raw_long = data.get("lat", "").strip(), data.get("long", "").strip()
    if not raw_lat and not raw_long:
        return None, None, []
    message = _("lat and long must both be given, as WGS84 degrees.")
    try:
        lat, lng = Decimal(raw_lat), Decimal(raw_long)
    except InvalidOperation:
        return None, None, [message]
    if not (lat.is_finite() and lng.is_finite()) or abs(lat) > 90 or abs(lng) > 180:
        return None, None, [message]
    places = Decimal("0.000001")  # the ticket keeps six decimals (about 0.1 m)
    return lat.quantize(places), lng.quantize(places), []


def _attribute_values(category: Category, data) -> tuple[dict, list[str]]:
    """attribute[CODE]=value and attribute[CODE][]=value (a multivaluelist), checked
    against the service definition."""
    given: dict[str, list[str]] = {}
    for key in data:
        match = ATTRIBUTE.match(key)
        if match:
            values = [v.strip() for v in data.getlist(key) if v.strip()]
            given.setdefault(match[1], []).extend(values)
    definitions = {a["code"]: a for a in _attributes(category) if a["variable"]}
    errors = [
        _("attribute[%(code)s] is not a field of this service.") % {"code": code}
        for code in sorted(given)
        if code not in definitions
    ]
    out: dict = {}
    for code, spec in definitions.items():
        got = given.get(code, [])
        if not got:
            if spec["required"]:
                errors.append(_("attribute[%(code)s] is required.") % {"code": code})
            continue
        keys = {v["key"] for v in spec["values"]}
        datatype = spec["datatype"]
        if datatype == "multivaluelist":
            if not set(got) <= keys:
                errors.append(
                    _("attribute[%(code)s] must be one of its listed values.")
                    % {"code": code}
                )
            out[code] = got
            continue
        if len(got) > 1:
            errors.append(_("attribute[%(code)s] takes one value.") % {"code": code})
            continue
        value = got[0]
        if datatype == "singlevaluelist" and value not in keys:
            errors.append(
                _("attribute[%(code)s] must be one of its listed values.")
                % {"code": code}
            )
        elif datatype == "number" and not _is_number(value):
            errors.append(_("attribute[%(code)s] must be a number.") % {"code": code})
        elif datatype == "datetime" and _moment(value) is None:
            errors.append(
                _("attribute[%(code)s] must be a date and time (ISO 8601).")
                % {"code": code}
            )
        out[code] = value
    return out, errors


def _is_number(value: str) -> bool:
    try:
        return math.isfinite(float(value))
    except ValueError:
        return False


def _citizen_name(first: str, last: str) -> str:
    """first_name is the given name, last_name the family name: a Chinese name is
    written family name first, without a space."""
    if CJK.search(first + last):
        return f"{last}{first}"
    return " ".join(p for p in (first, last) if p)


def _clean_post(data, category: Category) -> dict:
    """The ticket's values from a POST, or an Open311Error with every problem found."""
    errors = []
    lat, lng, location_errors = _location(data)
    errors += location_errors
    address = data.get("address_string", "").strip()
    if lat is None and not address and not location_errors:
        # address_id needs the jurisdiction's master address repository; we have none.
        errors.append(_("Give the location: lat and long, or address_string."))
    attributes, attribute_errors = _attribute_values(category, data)
    errors += attribute_errors
    description = data.get("description", "").strip()
    if len(description) > MAX_DESCRIPTION:
        errors.append(
            _("description is longer than %(max)d characters.")
            % {"max": MAX_DESCRIPTION}
        )
    name = _citizen_name(
        data.get("first_name", "").strip(), data.get("last_name", "").strip()
    )
    phone, email = data.get("phone", "").strip(), data.get("email", "").strip()
    for field, value, limit in (
        ("address_string", address, 200),
        ("first_name, last_name", name, 50),
        ("phone", phone, 30),
        ("email", email, 100),
    ):
        if len(value) > limit:
            errors.append(
                _("%(field)s is longer than %(max)d characters.")
                % {"field": field, "max": limit}
            )
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_("email is not a valid e-mail address."))
    if errors:
        raise Open311Error(400, *errors)
    # The specification makes description optional; the office's ticket needs content,
    # and the service's name (with the place and attributes) says what it is about.
    content = description or category.name
    return {
        "title": " ".join(content.split())[:30],
        "content": content,
        "category": category,
        "place": address,
        "lat": lat,
        "lng": lng,
        "citizen_name": name,
        "citizen_phone": phone,
        "citizen_email": email,
        "attributes": attributes,
    }


def _validation_messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [m for messages in error.message_dict.values() for m in messages]
    return list(error.messages)


def _post(request, fmt):
    key = request.POST.get("api_key", "").strip()
    if not key:
        raise Open311Error(403, _("api_key was not provided."))
    client = client_for_key(key)
    if client is None:
        raise Open311Error(403, _("This api_key is not valid or has been revoked."))
    limit = getattr(settings, "FAZHI_OPEN311_POSTS_PER_HOUR", 100)
    if not throttle.allow(f"open311.post.{client.pk}", None, limit, HOUR):
        raise Open311Error(
            429, _("Too many requests with this api_key; please try again later.")
        )
    code = request.POST.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, _("service_code was not provided."))
    category = _categories().filter(code=code).first()
    if category is None:
        raise Open311Error(
            404, _("service_code %(code)s was not found.") % {"code": code}
        )
    values = _clean_post(request.POST, category)
    try:
        ticket = services.do_register(
            actor=None,
            actor_name=f"Open311: {client.name}",
            channel=Ticket.Channel.OPEN311,
            client=client,
            **values,
        )
    except ValidationError as error:
        raise Open311Error(400, *_validation_messages(error)) from None
    notice = None
    if ticket.reply_due_at:
        due = timezone.localtime(ticket.reply_due_at).date().isoformat()
        notice = _("Received; the office replies by %(date)s.") % {"date": due}
    # The service type is realtime, so the id is returned and the token is not (the
    # specification: "This should not be returned if service_request_id is returned").
    row = {
        "service_request_id": ticket.external_no,
        "service_notice": notice,
        "account_id": None,
    }
    return _respond(fmt, "service_requests", [row])


# --- reading requests --------------------------------------------------------------------


def public_tickets():
    """The tickets the public may read: those sent through Open311, and those the office
    published on the portal. Personal fields are never loaded."""
    return (
        Ticket.objects.filter(Q(channel=Ticket.Channel.OPEN311) | Q(on_portal=True))
        .select_related("category", "department")
        .only(
            "channel",
            "external_no",
            "token",
            "status",
            "reply",
            "content",
            "place",
            "lat",
            "lng",
            "received_at",
            "updated_at",
            "closed_at",
            "reply_due_at",
            "category__name",
            "category__code",
            "department__name",
        )
    )


def _request_row(ticket: Ticket) -> dict:
    # Only a closed ticket (the callback found the citizen satisfied) is "resolved"; a
    # replied one may still be reopened (重办) and a returned one awaits re-assignment.
    closed = ticket.status == Ticket.Status.CLOSED
    category, department = ticket.category, ticket.department
    # The exact place is given only for requests posted through Open311 (the poster
    # chose to share it); a ticket published on the portal shows what the portal shows.
    located = ticket.channel == Ticket.Channel.OPEN311
    return {
        "service_request_id": ticket.external_no,
        "status": "closed" if closed else "open",
        # The office's reply: its answer to the request, not the citizen's data; phone
        # and ID numbers written into any text are blanked.
        "status_notes": _or_none(redact(ticket.reply)),
        "service_name": category.name if category else None,
        "service_code": category.code if category else "",
        "description": _or_none(redact(ticket.content)),
        "agency_responsible": department.name if department else None,
        "service_notice": None,
        "requested_datetime": _w3c(ticket.received_at),
        "updated_datetime": _w3c(
            ticket.closed_at if closed and ticket.closed_at else ticket.updated_at
        ),
        "expected_datetime": _w3c(ticket.reply_due_at),
        "address": _or_none(redact(ticket.place)) if located else None,
        "address_id": None,
        "zipcode": None,
        "lat": float(ticket.lat) if located and ticket.lat is not None else None,
        "long": float(ticket.lng) if located and ticket.lng is not None else None,
        "media_url": None,
    }


def _preferring_open311(tickets) -> list[Ticket]:
    """One ticket per number: numbers are unique per channel only, and a number given
    to an Open311 client is that client's request."""
    chosen: dict[str, Ticket] = {}
    for ticket in tickets:
        held = chosen.get(ticket.external_no)
        if held is None or (
            held.channel != Ticket.Channel.OPEN311
            and ticket.channel == Ticket.Channel.OPEN311
        ):
            chosen[ticket.external_no] = ticket
    return list(chosen.values())


def _moment(value: str, *, end: bool = False) -> dt.datetime | None:
    """A W3C date-time (or date); an unencoded "+08:00" arrives as " 08:00"."""
    text = value.strip()
    if "T" in text:
        text = re.sub(r" (\d{2}:?\d{2})$", r"+\1", text)
    try:
        moment = parse_datetime(text)
        day = None if moment else parse_date(text)
    except ValueError:
        return None
    if moment is None and day is not None:
        # A whole day: from its start, or (as an end) up to its end.
        moment = dt.datetime.combine(day, dt.time.max if end else dt.time.min)
    if moment is None:
        return None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _list(request, name: str) -> list[str]:
    """A filter's values: comma-delimited, or the parameter declared more than once."""
    given = ",".join(request.GET.getlist(name))
    return [v.strip() for v in given.split(",") if v.strip()]


def _search(request) -> list[Ticket]:
    tickets = public_tickets()
    ids = _list(request, "service_request_id")
    if ids:  # "This overrides all other arguments."
        found = tickets.filter(external_no__in=ids[:MAX_REQUESTS])
        return sorted(
            _preferring_open311(found), key=lambda t: ids.index(t.external_no)
        )
    codes = _list(request, "service_code")
    if codes:
        tickets = tickets.filter(category__code__in=codes)
    statuses = [s.lower() for s in _list(request, "status")]
    if any(s not in ("open", "closed") for s in statuses):
        raise Open311Error(400, _("status must be open or closed."))
    if set(statuses) == {"closed"}:
        tickets = tickets.filter(status=Ticket.Status.CLOSED)
    elif set(statuses) == {"open"}:
        tickets = tickets.exclude(status=Ticket.Status.CLOSED)
    raw_start, raw_end = _param(request, "start_date"), _param(request, "end_date")
    start = _moment(raw_start) if raw_start else None
    end = _moment(raw_end, end=True) if raw_end else None
    if (raw_start and start is None) or (raw_end and end is None):
        raise Open311Error(
            400,
            _(
                "start_date and end_date must be W3C date-times, "
                "e.g. 2010-01-01T00:00:00Z."
            ),
        )
    if start and end:
        if start > end:
            raise Open311Error(400, _("start_date must be before end_date."))
        if end - start > MAX_SPAN:
            raise Open311Error(
                400, _("start_date and end_date may not span more than 90 days.")
            )
    elif start:
        end = start + MAX_SPAN
    else:
        end = end or timezone.now()
        start = end - MAX_SPAN
    tickets = tickets.filter(received_at__gte=start, received_at__lte=end)
    return list(tickets.order_by("-received_at", "-pk")[:MAX_REQUESTS])


@endpoint("GET", "HEAD", "POST")
def service_requests(request, fmt):
    """GET: the service requests matching the filters; POST: a new one (api_key)."""
    if request.method == "POST":
        return _post(request, fmt)
    rows = [_request_row(t) for t in _search(request)]
    return _respond(fmt, "service_requests", rows)


@endpoint("GET", "HEAD")
def service_request(request, fmt, request_id):
    found = _preferring_open311(public_tickets().filter(external_no=request_id))
    if not found:
        raise Open311Error(
            404, _("service_request_id %(id)s was not found.") % {"id": request_id}
        )
    return _respond(fmt, "service_requests", [_request_row(found[0])])


@endpoint("GET", "HEAD")
def token_detail(request, fmt, token):
    ticket = (
        public_tickets().filter(token=token).order_by("channel", "pk").first()
        if token
        else None
    )
    if ticket is None:
        raise Open311Error(404, _("token %(token)s was not found.") % {"token": token})
    row = {"service_request_id": ticket.external_no, "token": ticket.token}
    return _respond(fmt, "service_requests", [row])


# --- discovery ---------------------------------------------------------------------------


def _changeset() -> str:
    """When the service list or a definition last changed: the latest audited change to
    a category (sortable, as the specification asks)."""
    latest = AuditEntry.objects.filter(target_type="hotline.category").aggregate(
        at=Max("created_at")
    )["at"]
    moment = latest or dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


@endpoint("GET", "HEAD", jurisdiction=False)
def discovery(request, fmt):
    guide = settings.FAZHI_DISCLOSURE_GUIDE
    changeset = _changeset()
    url = request.build_absolute_uri(reverse("open311:discovery")).rstrip("/")
    document = {
        "changeset": changeset,
        "contact": _("%(office)s — phone %(phone)s, e-mail %(email)s")
        % {
            "office": settings.FAZHI_OFFICE_NAME,
            "phone": guide["phone"],
            "email": guide["email"],
        },
        "key_service": _(
            "An api_key is issued to each client application by the office's system "
            "administrator; ask at the contact above."
        ),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": url,
                "changeset": changeset,
                "type": getattr(settings, "FAZHI_OPEN311_ENDPOINT_TYPE", "production"),
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return _respond(fmt, "discovery", document)


def root(request):
    return redirect("open311:discovery", fmt="json")


def not_found(request, rest: str = ""):
    """Anything else under /open311/v2/: a 404 in the error format (XML, the required
    one, unless the path asked for JSON)."""
    fmt = "json" if rest.endswith(".json") else "xml"
    return _errors(fmt, Open311Error(404, _("There is no such resource.")))
