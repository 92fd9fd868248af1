"""Every change to a ticket: registration from any channel, assignment (by rule or by
hand), sign-for, reply, callback and reopening, returns and extensions with a leader's
approval, links, portal publication, and the audited reveal of a citizen's details.
Each `do_*` runs in one transaction with its audit entry; a refusal is a ValidationError
and saves nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import audit
from fazhi.core.querycodes import hash_code, new_code

from . import deadlines, search
from .models import Callback, Category, HotTopic, Reply, RoutingRule, Ticket

T = Ticket
NUMBER_PREFIX = {
    T.Channel.PORTAL: "WZ",
    T.Channel.LETTER: "XJ",
    T.Channel.VISIT: "LF",
    T.Channel.PHONE: "DH",
    T.Channel.HOTLINE: "RX",
    T.Channel.ZMLJ: "ZM",
    T.Channel.OPEN311: "KF",
}


def _now() -> dt.datetime:
    return timezone.now()


def month_of(moment: dt.datetime) -> int:
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return local.year * 100 + local.month


def content_hash(values: dict) -> str:
    """What a platform said about a ticket: a re-import of the same number must say the
    same, or it is refused."""
    parts = [
        str(values.get(f) or "")
        for f in (
            "received_at",
            "title",
            "content",
            "citizen_name",
            "citizen_phone",
            "kind",
        )
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


class Router:
    """The routing rules and the category tree, loaded once: `match(category_id, place)`
    gives the first active rule whose category is the ticket's or an ancestor of it and
    whose place text occurs in the ticket's place (or title); failing that, the
    category's own responsible department (`responsible_department`)."""

    def __init__(self):
        self.rules = list(
            RoutingRule.objects.filter(active=True).select_related("department")
        )
        self.parent = {}
        self.responsible = {}
        for pk, parent, department in Category.objects.values_list(
            "pk", "parent_id", "department_id"
        ):
            self.parent[pk] = parent
            self.responsible[pk] = department

    def ancestors(self, category_id):
        out, node = [], category_id
        while node is not None and node not in out:
            out.append(node)
            node = self.parent.get(node)
        return out

    def match(self, category_id, place: str, title: str = "") -> RoutingRule | None:
        lineage = self.ancestors(category_id) if category_id else []
        for rule in self.rules:
            if rule.category_id and rule.category_id not in lineage:
                continue
            if (
                rule.place_contains
                and rule.place_contains not in place
                and (rule.place_contains not in title)
            ):
                continue
            return rule
        return None

    def responsible_department(self, category_id):
        """The department the category (or its nearest ancestor) names, if any."""
        for node in self.ancestors(category_id) if category_id else []:
            if self.responsible.get(node):
                return self.responsible[node]
        return None


def prepare(
    values: dict,
    *,
    router: Router,
    dues: deadlines.DueCache,
    now: dt.datetime,
    categories: dict | None = None,
) -> Ticket:
    """An unsaved ticket from clean values, with everything derived: month, search
    bigrams, content hash, and — when a rule matches — its department and time limits."""
    ticket = Ticket(**values)
    ticket.month = month_of(ticket.received_at)
    ticket.grams = search.grams(ticket.title, ticket.content)
    ticket.content_hash = content_hash(values)
    ticket.token = secrets.token_hex(8)
    urgent = ticket.urgency == T.Urgency.URGENT
    category = (
        (categories or {}).get(ticket.category_id) if ticket.category_id else None
    )
    if ticket.department_id is None:
        rule = router.match(ticket.category_id, ticket.place, ticket.title)
        if rule is not None:
            ticket.department_id = rule.department_id
            ticket.assigned_by_rule = rule
        else:  # no rule: the category's responsible department (派单目录)
            ticket.department_id = router.responsible_department(ticket.category_id)
    if ticket.department_id is not None:
        ticket.status = T.Status.ASSIGNED
        ticket.assigned_at = max(now, ticket.received_at)
    ticket.sign_due_at = dues.sign(ticket.received_at, urgent)
    ticket.reply_due_at = dues.reply(
        ticket.received_at, deadlines.reply_days(ticket.kind, category), urgent
    )
    return ticket


REQUIRED = {
    "title": lambda: _("Give the title."),
    "content": lambda: _("Give the content of the message."),
}


def _clean(values: dict) -> dict:
    errors = {}
    for key in (
        "title",
        "content",
        "citizen_name",
        "citizen_phone",
        "citizen_id_number",
        "citizen_email",
        "place",
        "area",
        "external_no",
    ):
        if key in values and isinstance(values[key], str):
            values[key] = values[key].strip()
    for key, message in REQUIRED.items():
        if not values.get(key):
            errors[key] = [message()]
    for key, choices in (
        ("channel", T.Channel),
        ("kind", T.Kind),
        ("urgency", T.Urgency),
    ):
        if values.get(key, choices.values[0]) not in choices.values:
            errors[key] = [_("Choose one of the listed options.")]
    received = values.get("received_at")
    if received is None:
        errors["received_at"] = [_("Give the time it was received.")]
    elif received > _now() + dt.timedelta(minutes=5):
        errors["received_at"] = [_("The time cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    return values


def _next_number(channel: str, year: int) -> str:
    prefix = f"{NUMBER_PREFIX[channel]}{year}"
    last = (
        Ticket.objects.filter(channel=channel, external_no__startswith=prefix)
        .order_by("-external_no")
        .values_list("external_no", flat=True)
        .first()
    )
    seq = int(last[len(prefix) :]) + 1 if last and last[len(prefix) :].isdigit() else 1
    return f"{prefix}{seq:06d}"


def do_register(
    *,
    actor,
    actor_name: str = "",
    with_code: bool = False,
    at: dt.datetime | None = None,
    **values,
):
    """Register a ticket from any channel; returns the ticket (and, for the portal, the
    query code shown once — only its hash is kept). `at` is when it was registered (a
    routing rule assigns it then), by default now."""
    values.setdefault("received_at", _now())
    values = _clean(values)
    if values.get("category") is not None:
        values["category_id"] = values.pop("category").pk
    if values.get("department") is not None:
        values["department_id"] = values.pop("department").pk
    values.pop("category", None)
    values.pop("department", None)
    categories = {
        c.pk: c for c in Category.objects.filter(pk=values.get("category_id"))
    }
    ticket = prepare(
        values,
        router=Router(),
        dues=deadlines.DueCache(),
        now=_at(at, values["received_at"]),
        categories=categories,
    )
    ticket.created_by = actor if getattr(actor, "is_authenticated", False) else None
    code = new_code() if with_code else ""
    given = bool(ticket.external_no)
    for attempt in range(5):
        if not given:
            ticket.external_no = _next_number(
                ticket.channel, timezone.localtime(ticket.received_at).year
            )
        if code:
            ticket.query_code_hash = hash_code(ticket.external_no, code)
        try:
            with transaction.atomic():
                ticket.save()
                search.index_tickets([ticket.pk])
                audit.record(
                    actor=actor,
                    actor_name=actor_name,
                    verb="hotline.registered",
                    target=ticket,
                    changes={
                        "channel": ticket.get_channel_display(),
                        "department": str(ticket.department or ""),
                        "rule": str(ticket.assigned_by_rule or ""),
                    },
                )
            break
        except IntegrityError:
            if given:
                raise ValidationError(
                    {
                        "external_no": _(
                            "A ticket with this number is already registered."
                        )
                    }
                ) from None
            if attempt == 4:
                raise
            ticket.pk = None
    return (ticket, code) if with_code else ticket


def _lock(ticket: Ticket) -> Ticket:
    """The ticket re-read under a row lock: two clerks acting at once see each other."""
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


def _at(
    at: dt.datetime | None, after: dt.datetime | None, field: str = "at"
) -> dt.datetime:
    now = _now()
    at = at or now
    if at > now + dt.timedelta(minutes=5):
        raise ValidationError({field: _("The time cannot be in the future.")})
    if after is not None and at < after:
        raise ValidationError(
            {field: _("The time cannot be before the ticket's previous step.")}
        )
    return at


def _dispatcher_only(actor) -> None:
    """Assigning, calling back, categorising and publishing are the dispatcher's steps
    (the office that keeps the 12345 desk), not the handling department's."""
    if not actor.has_perm("hotline.add_ticket"):
        raise ValidationError(_("Only the dispatcher can take this step."))


def _refuse_unless(ticket: Ticket, *statuses) -> None:
    if ticket.status not in statuses:
        raise ValidationError(
            _("This cannot be done to a ticket that is “%(status)s”.")
            % {"status": ticket.get_status_display()}
        )


@transaction.atomic
def do_assign(
    *,
    actor,
    ticket: Ticket,
    department,
    reason: str = "",
    at: dt.datetime | None = None,
) -> Ticket:
    """Assign (or re-assign) by hand. The department's sign-for limit runs from this
    assignment; the reply limit keeps running from receipt."""
    _dispatcher_only(actor)
    ticket = _lock(ticket)
    _refuse_unless(ticket, T.Status.NEW, T.Status.ASSIGNED, T.Status.RETURNED)
    if department is None:
        raise ValidationError({"department": _("Choose the department.")})
    before = ticket.department
    ticket.department = department
    ticket.assigned_by_rule = None
    ticket.assigned_at = _at(at, ticket.received_at)
    ticket.sign_due_at = deadlines.sign_due(
        ticket.assigned_at, ticket.urgency == T.Urgency.URGENT
    ).at
    ticket.signed_at = None
    ticket.signed_in_time = None
    ticket.status = T.Status.ASSIGNED
    ticket.pending = ""
    ticket.save()
    audit.record(
        actor=actor,
        verb="hotline.assigned",
        target=ticket,
        changes={"department": [str(before or ""), str(department)]},
        reason=reason,
    )
    return ticket


@transaction.atomic
def do_sign(*, actor, ticket: Ticket, at: dt.datetime | None = None) -> Ticket:
    ticket = _lock(ticket)
    _refuse_unless(ticket, T.Status.ASSIGNED)
    if ticket.pending:
        raise ValidationError(
            _(
                "A request awaits the leader's decision; sign for it after it is decided."
            )
        )
    at = _at(at, ticket.received_at)
    ticket.signed_at = at
    ticket.signed_in_time = at <= ticket.sign_due_at
    ticket.status = T.Status.HANDLING
    ticket.save()
    audit.record(
        actor=actor,
        verb="hotline.signed",
        target=ticket,
        changes={"signed_late": not ticket.signed_in_time},
    )
    return ticket


def _reply(actor, ticket: Ticket, text: str, at: dt.datetime | None) -> Ticket:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the reply.")})
    if ticket.status in (T.Status.CLOSED, T.Status.RETURNED, T.Status.REPLIED):
        raise ValidationError(
            _("This ticket is “%(status)s”: it takes no further reply.")
            % {"status": ticket.get_status_display()}
        )
    _refuse_unless(ticket, T.Status.HANDLING)
    if ticket.pending:
        raise ValidationError(
            _("A request awaits the leader's decision; reply after it is decided.")
        )
    at = _at(at, ticket.signed_at)
    in_time = at <= ticket.reply_due_at
    Reply.objects.create(ticket=ticket, text=text, at=at, by=actor, in_time=in_time)
    first = ticket.replied_at is None
    ticket.reply = text
    ticket.replied_at = at
    if first:  # 按时办结 counts the first round; a reopened ticket is counted by 重办
        ticket.replied_in_time = in_time
    ticket.status = T.Status.REPLIED
    ticket.save()
    audit.record(
        actor=actor,
        verb="hotline.replied",
        target=ticket,
        changes={"replied_late": not in_time},
    )
    return ticket


@transaction.atomic
def do_reply(
    *, actor, ticket: Ticket, text: str, at: dt.datetime | None = None
) -> Ticket:
    return _reply(actor, _lock(ticket), text, at)


@transaction.atomic
def do_callback(
    *,
    actor,
    ticket: Ticket,
    satisfaction: str,
    solved: bool,
    note: str = "",
    at: dt.datetime | None = None,
) -> Ticket:
    """Record the callback (回访). Satisfied or basically satisfied closes the ticket;
    not satisfied reopens it (重办) with a fresh reply limit from today."""
    _dispatcher_only(actor)
    ticket = _lock(ticket)
    if ticket.status in (T.Status.NEW, T.Status.ASSIGNED, T.Status.HANDLING):
        raise ValidationError(
            _("There is no reply to call back about yet: reply to the ticket first.")
        )
    _refuse_unless(ticket, T.Status.REPLIED)
    if satisfaction not in T.Satisfaction.values:
        raise ValidationError({"satisfaction": _("Choose one of the listed options.")})
    at = _at(at, ticket.replied_at)
    Callback.objects.create(
        ticket=ticket,
        at=at,
        by=actor,
        satisfaction=satisfaction,
        solved=solved,
        note=note,
    )
    ticket.satisfaction = satisfaction
    ticket.solved = solved
    if satisfaction == T.Satisfaction.UNSATISFIED:
        ticket.status = T.Status.HANDLING
        ticket.reopened += 1
        ticket.closed_at = None
        category = ticket.category
        due = deadlines.reply_due(
            at,
            deadlines.reply_days(ticket.kind, category),
            ticket.urgency == T.Urgency.URGENT,
        )
        ticket.reply_due_at = due.at
        verb = "hotline.reopened"
    else:
        ticket.status = T.Status.CLOSED
        ticket.closed_at = at
        verb = "hotline.closed"
    ticket.save()
    audit.record(
        actor=actor,
        verb=verb,
        target=ticket,
        changes={"satisfaction": ticket.get_satisfaction_display(), "solved": solved},
        reason=note,
    )
    return ticket


@transaction.atomic
def do_request(
    *, actor, ticket: Ticket, kind: str, reason: str, days: int | None = None
) -> Ticket:
    """A department asks to return a ticket to the dispatcher (退单) or for more time
    (延期); the leader decides (`do_decide`)."""
    ticket = _lock(ticket)
    _refuse_unless(ticket, T.Status.ASSIGNED, T.Status.HANDLING)
    if ticket.pending:
        raise ValidationError(_("A request already awaits the leader's decision."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    if kind == T.Request.EXTEND:
        limit = settings.FAZHI_HOTLINE_MAX_EXTENSION_DAYS
        if ticket.status != T.Status.HANDLING:
            raise ValidationError(_("Sign for the ticket before asking for more time."))
        if _now() > ticket.reply_due_at:
            due = timezone.localtime(ticket.reply_due_at).strftime("%Y-%m-%d %H:%M")
            raise ValidationError(
                _("The reply was due by %(date)s: more time is asked for before then.")
                % {"date": due}
            )
        if not days or days < 1 or days + ticket.extension_days > limit:
            raise ValidationError(
                {
                    "days": _("An extension is 1 to %(limit)d working days in all.")
                    % {"limit": limit}
                }
            )
    elif kind == T.Request.RETURN:
        days = None
        limit = settings.FAZHI_HOTLINE_RETURN_DAYS
        assigned = timezone.localtime(ticket.assigned_at or ticket.received_at).date()
        window = deadlines.end_of(deadlines.calendar.add_working_days(assigned, limit))
        if _now() > window:
            raise ValidationError(
                _(
                    "A ticket can be returned only within %(days)d working days of "
                    "its assignment (by %(date)s)."
                )
                % {"days": limit, "date": timezone.localtime(window).date().isoformat()}
            )
    else:
        raise ValidationError(_("Choose one of the listed options."))
    ticket.pending = kind
    ticket.pending_reason = reason
    ticket.pending_days = days
    ticket.pending_by = actor
    ticket.save()
    audit.record(
        actor=actor,
        verb=f"hotline.{kind}_requested",
        target=ticket,
        changes={"days": days} if days else {},
        reason=reason,
    )
    return ticket


@transaction.atomic
def do_decide(*, actor, ticket: Ticket, approve: bool, note: str = "") -> Ticket:
    ticket = _lock(ticket)
    if not actor.has_perm("hotline.approve_request"):
        raise ValidationError(_("Only a leader can approve returns and extensions."))
    if not ticket.pending:
        raise ValidationError(_("There is no request to decide."))
    kind, days = ticket.pending, ticket.pending_days
    changes = {"approved": approve}
    if approve and kind == T.Request.EXTEND:
        ticket.extension_days += days
        ticket.reply_due_at = deadlines.end_of(
            deadlines.calendar.add_working_days(
                timezone.localtime(ticket.reply_due_at).date(), days
            )
        )
        changes["days"] = days
    elif approve and kind == T.Request.RETURN:
        changes["department"] = [str(ticket.department or ""), ""]
        ticket.status = T.Status.RETURNED
        ticket.department = None
        ticket.assigned_at = None
    ticket.pending = ""
    ticket.pending_reason = ""
    ticket.pending_days = None
    ticket.pending_by = None
    ticket.save()
    audit.record(
        actor=actor,
        verb=f"hotline.{kind}_{'approved' if approve else 'refused'}",
        target=ticket,
        changes=changes,
        reason=note,
    )
    return ticket


@transaction.atomic
def do_set_category(*, actor, ticket: Ticket, category: Category) -> Ticket:
    """A human confirms (or corrects) the category, e.g. after the suggestion."""
    _dispatcher_only(actor)
    ticket = _lock(ticket)
    if ticket.status == T.Status.CLOSED:
        raise ValidationError(
            _("This cannot be done to a ticket that is “%(status)s”.")
            % {"status": ticket.get_status_display()}
        )
    before = ticket.category
    ticket.category = category
    if ticket.status in T.OPEN_STATUSES and not ticket.reopened:
        # A category with its own reply limit moves the due date.
        ticket.reply_due_at = deadlines.reply_due(
            ticket.received_at,
            deadlines.reply_days(ticket.kind, category),
            ticket.urgency == T.Urgency.URGENT,
            ticket.extension_days,
        ).at
    ticket.save()
    audit.record(
        actor=actor,
        verb="hotline.categorised",
        target=ticket,
        changes={"category": [str(before or ""), str(category)]},
    )
    return ticket


@transaction.atomic
def do_link(*, actor, ticket: Ticket, other: Ticket) -> Ticket:
    if other.pk == ticket.pk:
        raise ValidationError(_("A ticket cannot be linked to itself."))
    ticket.related.add(other)
    for one, two in ((ticket, other), (other, ticket)):
        audit.record(
            actor=actor, verb="hotline.linked", target=one, changes={"ticket": str(two)}
        )
    return ticket


@transaction.atomic
def do_publish(*, actor, ticket: Ticket, on: bool) -> Ticket:
    """Show an answered message on the portal (title, content and reply; never who
    wrote it, and phone and ID numbers in the text are blanked: `public.redact`)."""
    _dispatcher_only(actor)
    ticket = _lock(ticket)
    if on and not ticket.reply:
        raise ValidationError(
            _("Only a message that has been replied to can be published.")
        )
    if on and ticket.kind == T.Kind.REPORT:
        raise ValidationError(_("A report of wrongdoing is never published."))
    ticket.on_portal = on
    ticket.save()
    audit.record(
        actor=actor,
        verb="hotline.published" if on else "hotline.unpublished",
        target=ticket,
    )
    return ticket


@transaction.atomic
def do_reveal(*, actor, ticket: Ticket, reason: str) -> dict:
    """A citizen's name, phone and ID number, shown to someone whose role does not see
    them, for a stated reason; the reveal is on the audit trail (个人信息保护法)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Give the reason for seeing the citizen's details.")}
        )
    audit.record(
        actor=actor, verb="hotline.personal_data_revealed", target=ticket, reason=reason
    )
    return {
        "name": ticket.citizen_name,
        "phone": ticket.citizen_phone,
        "id_number": ticket.citizen_id_number,
    }


@transaction.atomic
def do_reply_topic(*, actor, topic: HotTopic, tickets, text: str) -> tuple[int, int]:
    """Reply to every ticket of a hot topic among `tickets` (those the user may act on)
    that awaits a reply, signing for those still unsigned; returns (replied, skipped)."""
    if not text.strip():
        raise ValidationError({"text": _("Write the reply.")})
    replied = skipped = 0
    for ticket in tickets.filter(topic=topic).select_for_update().order_by("pk"):
        if ticket.status == T.Status.ASSIGNED and not ticket.pending:
            ticket = do_sign(actor=actor, ticket=ticket)
        if ticket.status == T.Status.HANDLING and not ticket.pending:
            _reply(actor, ticket, text, None)
            replied += 1
        else:
            skipped += 1
    return replied, skipped
