"""The demand desk's pages: the tickets with their due-soon and overdue lists, one ticket
with the next steps it allows, the KPIs, the hot topics and the import of platform exports."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import DateTimeField, F, TextField
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core.access import sees_all_departments
from fazhi.core.attachments import attachments_for, do_attach
from fazhi.core.downloads import download
from fazhi.core.forms import add_service_errors, form_step
from fazhi.core.history import history_for
from fazhi.core.models import Department
from fazhi.core.navigation import detail_link
from fazhi.core.periods import month_range

from . import kpi, search, services
from .access import (
    citizen_of,
    get_ticket_for_user,
    get_topic_for_user,
    mask_name,
    sees_personal_data,
    tickets_visible_to,
)
from .forms import (
    AssignForm,
    CallbackForm,
    CategoryForm,
    DecideForm,
    ExtendForm,
    ImportForm,
    LinkForm,
    PublishForm,
    ReplyForm,
    ReturnForm,
    RevealForm,
    SignForm,
    TicketForm,
    TopicReplyForm,
)
from .models import Category, HotTopic, ReplyTemplate, Ticket
from .tables import ticket_rows_html

T = Ticket


class CappedPaginator(Paginator):
    """Counts at most CAP rows: a city's list or a search for a common word holds tens
    of thousands of tickets, and counting them all is what would make the page slow
    (the KPI page gives the exact figures). The page says "more than 1,000" and the
    filters narrow it. `counted` is what is counted (the list itself); for a search
    the number found already, up to CAP + 1 (see _matches), or None when the
    database's statistics show more than CAP (search.surely_more_than)."""

    CAP = 1000

    def __init__(self, object_list, per_page, counted):
        super().__init__(object_list, per_page)
        self.counted = counted

    @cached_property
    def count(self) -> int:
        if self.counted is None:  # known to be more than CAP
            self.capped = True
            return self.CAP
        if isinstance(self.counted, int):  # counted already, up to CAP + 1
            n = self.counted
        else:
            n = self.counted.order_by()[: self.CAP + 1].count()
        self.capped = n > self.CAP
        return min(n, self.CAP)


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def _minute(moment, tz) -> str:
    """A moment as "YYYY-MM-DD HH:MM" in `tz`, the current zone, which a list looks up
    once rather than once a cell as timezone.localtime would."""
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M") if moment else ""


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _matches(tickets, words, order, received, scoped, walk) -> list[int] | None:
    """The ids of the tickets that match a search, in the list's `order`: all of them
    when there are no more than CAP, the first CAP + 1 when a walk down the list
    found them (`walk`: the scope is one the walk may try, see
    search.newest_matches); None when there are more and the caller walks.

    They are found from the search index's side (a month's from its part of the
    index; see search.filter_text), with the columns of the order, and sorted here
    (NULLs last, as PostgreSQL does). A page then reads its fifty by id. Walking the
    list newest first to fill a page tests every ticket in scope when a common word
    is rare there — 噪音 in a department that never gets noise complaints walked its
    81,000 tickets, 306 ms — and reading the matches by id to sort them reads every
    match's row again (天津南站 among a department's tickets awaiting sign-for: 964
    rows, 12 ms, for fifty). Past the cap, matches are common enough that the walk
    fills a page soon."""
    if walk and tuple(order) == tuple(T._meta.ordering):
        found = search.newest_matches(tickets, words, CappedPaginator.CAP)
        if found is not None:
            return found
    # A time is read as text: both databases write it in UTC, fixed-width up to the
    # seconds, which sorts as the times do — and costs nothing to read, where
    # PostgreSQL's driver takes 3 ms to turn a thousand of them into datetimes.
    names = [field.lstrip("-") for field in order]
    keys = {
        f"key{i}": (
            Cast(name, TextField())
            if name != "pk" and isinstance(T._meta.get_field(name), DateTimeField)
            else F(name)
        )
        for i, name in enumerate(names)
    }
    found = search.filter_text(
        tickets, words, count=True, narrowed=received, scoped=scoped
    )
    found = found.order_by().annotate(**keys).values_list("pk", *keys)
    found = list(found[: CappedPaginator.CAP + 1])
    if len(found) > CappedPaginator.CAP:
        return None
    for i in reversed(range(len(order))):  # stable: the last key first
        found.sort(
            key=lambda r, i=i: (r[i + 1] is None, 0 if r[i + 1] is None else r[i + 1]),
            reverse=order[i].startswith("-"),
        )
    return [r[0] for r in found]


class _Listed:
    """A search's matches, all known and in the list's order (see _matches), read a
    page at a time by id from `rows` (the list's own query, scope and order)."""

    def __init__(self, ids: list[int], rows):
        self.ids, self.rows = ids, rows

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, part: slice) -> list:
        return list(self.rows.filter(pk__in=self.ids[part]))


@require_GET
@login_required
def ticket_list(request):
    if not request.user.has_perm("hotline.view_ticket"):
        raise Http404
    now = timezone.now()
    tickets = tickets_visible_to(request.user)
    g = request.GET
    status, due, q = g.get("status", ""), g.get("due", ""), g.get("q", "").strip()[:50]
    channel, kind = g.get("channel", ""), g.get("kind", "")
    department, category = _int(g.get("department")), _int(g.get("category"))
    month = g.get("month", "")
    if status in T.Status.values:
        tickets = tickets.filter(status=status)
    if channel in T.Channel.values:
        tickets = tickets.filter(channel=channel)
    if kind in T.Kind.values:
        tickets = tickets.filter(kind=kind)
    if department:
        tickets = tickets.filter(department_id=department)
    if category:
        tickets = tickets.filter(category_id=category)
    received = month_range(month)
    if received:
        # The month as a range of receipt times: the list's own index (newest first)
        # then serves both the filter and the order.
        tickets = tickets.filter(
            received_at__gte=received[0], received_at__lt=received[1]
        )
    else:
        month = ""
    soon = now + dt.timedelta(hours=settings.FAZHI_HOTLINE_DUE_SOON_HOURS)
    if due == "sign":
        tickets = tickets.filter(status=T.Status.ASSIGNED).order_by("sign_due_at", "pk")
    elif due == "soon":
        tickets = tickets.filter(
            status__in=T.OPEN_STATUSES, reply_due_at__gte=now, reply_due_at__lte=soon
        ).order_by("reply_due_at", "pk")
    elif due == "overdue":
        tickets = tickets.filter(
            status__in=T.OPEN_STATUSES, reply_due_at__lt=now
        ).order_by("reply_due_at", "pk")
    elif due == "pending":
        tickets = tickets.exclude(pending="").order_by("reply_due_at", "pk")
    elif due == "callback":
        tickets = tickets.filter(status=T.Status.REPLIED).order_by("replied_at", "pk")
    else:
        due = ""
    counted = listed = None
    order = tickets.query.order_by or T._meta.ordering
    if q:
        words = search.Query(q)  # the page and the count share its statistics
        filtered = status or channel or kind or department or category or received
        if (
            not (filtered or due)
            and sees_all_departments(request.user)
            and search.surely_more_than(words, CappedPaginator.CAP)
        ):
            counted = None  # "more than 1,000", known without counting
            tickets = search.filter_text(tickets, words)
        else:
            # Limited by a filter an index serves (see search.filter_text).
            scoped = bool(status or channel or department or category or due) or (
                not sees_all_departments(request.user)
            )
            # A walk newest first is tried only in a scope PostgreSQL's planner
            # estimates well: a department and a state, a month, not a category
            # (routed to one department, it may hold none of another's tickets).
            walk = not (kind or channel or category)
            listed = _matches(tickets, words, order, received, scoped, walk)
            if listed is None:
                counted = CappedPaginator.CAP + 1
                tickets = search.filter_text(tickets, words)
            else:
                counted = len(listed)  # CAP + 1: more than CAP, the first CAP listed
                listed = listed[: CappedPaginator.CAP]
    # Rows as plain dicts, with the labels and times worked out here once, turned into
    # HTML by tables.ticket_rows_html: fifty rows then cost less than the page's queries.
    fields = (
        "pk",
        "external_no",
        "title",
        "channel",
        "received_at",
        "reply_due_at",
        "status",
        "citizen_name",
        "urgency",
        "pending",
        "department__name",
        "category__name",
    )
    rows = tickets.values(*fields)
    if listed is not None:
        rows = _Listed(listed, rows)
    paginator = CappedPaginator(rows, 50, counted if q else rows)
    page = paginator.get_page(g.get("page"))
    personal = sees_personal_data(request.user)
    statuses, channels = _labels(T.Status), _labels(T.Channel)
    link = detail_link("hotline:ticket_detail")
    tz = timezone.get_current_timezone()
    for t in page:
        name = t["citizen_name"]
        t["citizen"] = (name if personal else mask_name(name)) or "—"
        t["url"] = link(t["pk"])
        title = t["title"]  # as |truncatechars:40, which costs a template far more
        t["title"] = title if len(title) <= 40 else f"{title[:39]}…"
        is_open = t["status"] in T.OPEN_STATUSES
        due_at = t["reply_due_at"]
        t["overdue"] = is_open and due_at is not None and due_at < now
        t["status_label"] = statuses[t["status"]]
        t["channel_label"] = channels[t["channel"]]
        t["received_text"] = _minute(t["received_at"], tz)
        t["due_text"] = _minute(due_at, tz) if is_open and due_at else "—"
        t["department"] = t["department__name"] or "—"
    query = urlencode(
        [
            (k, v)
            for k, v in (
                ("status", status),
                ("due", due),
                ("q", q),
                ("channel", channel),
                ("kind", kind),
                ("department", department or ""),
                ("category", category or ""),
                ("month", month),
            )
            if v
        ]
    )
    return render(
        request,
        "hotline/ticket_list.html",
        {
            "page": page,
            "rows": ticket_rows_html(page),
            "status": status,
            "due": due,
            "q": q,
            "channel": channel,
            "kind": kind,
            "department": department,
            "category": category,
            "month": month,
            "statuses": statuses.items(),
            "channels": channels.items(),
            "kinds": _labels(T.Kind).items(),
            "departments": Department.objects.order_by("order", "pk").values_list(
                "pk", "name"
            ),
            "categories": Category.objects.filter(active=True).values_list(
                "pk", "name"
            ),
            "query": query,
            "can_add": request.user.has_perm("hotline.add_ticket"),
            "can_import": request.user.has_perm("hotline.import_tickets"),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def ticket_create(request):
    if not request.user.has_perm("hotline.add_ticket"):
        raise Http404
    form = TicketForm(
        request.POST or None,
        initial={"received_at": timezone.localtime().replace(second=0, microsecond=0)},
    )
    return form_step(
        request,
        form,
        lambda d: services.do_register(actor=request.user, **d),
        done=_("Ticket registered."),
        then=lambda ticket: ticket.get_absolute_url(),
        template="hotline/ticket_form.html",
        context={},
    )


def _offer_sign(t, user):
    return t.status == T.Status.ASSIGNED and not t.pending


# The steps of a ticket: form, what it does, its button, when it is offered, and the
# permission it needs ("change", or "decide" for the leader's approval).
ACTIONS = {
    "assign": (
        AssignForm,
        lambda t, d, u: services.do_assign(
            actor=u, ticket=t, department=d["department"], reason=d["reason"]
        ),
        gettext_lazy("Assign"),
        lambda t, u: (
            t.status in (T.Status.NEW, T.Status.ASSIGNED, T.Status.RETURNED)
            and u.has_perm("hotline.add_ticket")
        ),
        "change",
    ),
    "sign": (
        SignForm,
        lambda t, d, u: services.do_sign(actor=u, ticket=t),
        gettext_lazy("Sign for it"),
        _offer_sign,
        "change",
    ),
    "reply": (
        ReplyForm,
        lambda t, d, u: services.do_reply(actor=u, ticket=t, text=d["text"]),
        gettext_lazy("Reply"),
        lambda t, u: t.status == T.Status.HANDLING and not t.pending,
        "change",
    ),
    "callback": (
        CallbackForm,
        lambda t, d, u: services.do_callback(
            actor=u,
            ticket=t,
            satisfaction=d["satisfaction"],
            solved=d["solved"],
            note=d["note"],
        ),
        gettext_lazy("Record the callback"),
        lambda t, u: t.status == T.Status.REPLIED and u.has_perm("hotline.add_ticket"),
        "change",
    ),
    "return": (
        ReturnForm,
        lambda t, d, u: services.do_request(
            actor=u, ticket=t, kind=T.Request.RETURN, reason=d["reason"]
        ),
        gettext_lazy("Ask to return it"),
        lambda t, u: (
            t.status in (T.Status.ASSIGNED, T.Status.HANDLING) and not t.pending
        ),
        "change",
    ),
    "extend": (
        ExtendForm,
        lambda t, d, u: services.do_request(
            actor=u, ticket=t, kind=T.Request.EXTEND, reason=d["reason"], days=d["days"]
        ),
        gettext_lazy("Ask for more time"),
        lambda t, u: t.status == T.Status.HANDLING and not t.pending,
        "change",
    ),
    "decide": (
        DecideForm,
        lambda t, d, u: services.do_decide(
            actor=u, ticket=t, approve=d["approve"], note=d["note"]
        ),
        gettext_lazy("Decide the request"),
        lambda t, u: bool(t.pending),
        "decide",
    ),
    "categorise": (
        CategoryForm,
        lambda t, d, u: services.do_set_category(
            actor=u, ticket=t, category=d["category"]
        ),
        gettext_lazy("Set the category"),
        lambda t, u: t.status != T.Status.CLOSED and u.has_perm("hotline.add_ticket"),
        "change",
    ),
    "link": (
        LinkForm,
        lambda t, d, u: services.do_link(actor=u, ticket=t, other=d["number"]),
        gettext_lazy("Link a related ticket"),
        lambda t, u: True,
        "change",
    ),
    "publish": (
        PublishForm,
        lambda t, d, u: services.do_publish(actor=u, ticket=t, on=d["on"]),
        gettext_lazy("Portal publication"),
        lambda t, u: bool(t.reply) and u.has_perm("hotline.add_ticket"),
        "change",
    ),
}


def _actions_for(ticket, user) -> list[tuple[str, str]]:
    allowed = {
        "change": user.has_perm("hotline.change_ticket"),
        "decide": user.has_perm("hotline.approve_request"),
    }
    return [
        (code, label)
        for code, (_f, _d, label, offered, perm) in ACTIONS.items()
        if allowed[perm] and offered(ticket, user)
    ]


def _suggestions(ticket):
    if ticket.category_id or ticket.status == T.Status.CLOSED:
        return []
    try:
        from .suggest import suggest_for
    except ImportError:  # pragma: no cover — scikit-learn missing
        return []
    return suggest_for(ticket.title, ticket.content)


def _detail(request, ticket, revealed=None, reveal_form=None, status=200):
    now = timezone.now()
    return render(
        request,
        "hotline/ticket_detail.html",
        {
            "t": ticket,
            "now": now,
            "citizen": citizen_of(ticket, request.user, revealed),
            "reveal_form": reveal_form or RevealForm(),
            "actions": _actions_for(ticket, request.user),
            "replies": ticket.replies.select_related("by"),
            "callbacks": ticket.callbacks.select_related("by"),
            "related": ticket.related.filter(
                pk__in=tickets_visible_to(request.user).values("pk")
            ).only("pk", "external_no", "title", "status"),
            "files": attachments_for(ticket),
            "suggestions": _suggestions(ticket),
            "history": history_for(ticket),
            "overdue": ticket.status in T.OPEN_STATUSES and ticket.reply_due_at < now,
        },
        status=status,
    )


@require_GET
@login_required
def ticket_detail(request, pk):
    return _detail(request, get_ticket_for_user(request.user, pk))


@require_POST
@login_required
def ticket_attach(request, pk):
    """Add a file to a ticket (a photo of the place, a scanned letter, a reply document);
    a refused upload says why and saves nothing."""
    ticket = get_ticket_for_user(request.user, pk, "change")
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
        return redirect(ticket)
    try:
        with transaction.atomic():
            do_attach(
                ticket,
                upload,
                actor=request.user,
                description=request.POST.get("description", "")[:200],
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("File attached."))
    return redirect(ticket)


@require_POST
@login_required
def ticket_reveal(request, pk):
    """Show the citizen's details once, for a reason, on the audit trail."""
    ticket = get_ticket_for_user(request.user, pk, "change")
    form = RevealForm(request.POST)
    if form.is_valid():
        try:
            revealed = services.do_reveal(
                actor=request.user, ticket=ticket, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _detail(request, ticket, revealed=revealed)
    return _detail(request, ticket, reveal_form=form, status=422)


@require_http_methods(["GET", "POST"])
@login_required
def ticket_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    form_class, do, label, offered, perm = ACTIONS[action]
    ticket = get_ticket_for_user(request.user, pk, perm)
    data = request.POST if request.method == "POST" else None
    initial = {}
    if action == "categorise":
        initial["category"] = ticket.category_id or _int(request.GET.get("category"))
    if action == "assign" and request.GET.get("department"):
        initial["department"] = _int(request.GET.get("department"))
    form = form_class(data, initial=initial, ticket=ticket, user=request.user)
    templates = {}
    if action == "reply":
        templates = {str(t.pk): t.text for t in form.fields["template"].queryset}
    return form_step(
        request,
        form,
        lambda d: do(ticket, d, request.user),
        done=_("Saved."),
        then=ticket,
        template="hotline/ticket_action.html",
        context={
            "t": ticket,
            "title": label,
            "offered": offered(ticket, request.user),
            "templates": templates,
        },
    )


def _year(request) -> int:
    year = _int(request.GET.get("year"), timezone.localdate().year)
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@require_GET
@login_required
def kpi_page(request):
    if not request.user.has_perm("hotline.view_ticket"):
        raise Http404
    year = _year(request)
    month = _int(request.GET.get("month"))
    month = month if month and 1 <= month <= 12 else None
    report, counted_at = kpi.kept(
        year, month, user=request.user, fresh=request.GET.get("fresh") == "1"
    )
    chart = {
        "months": [f.label for f in report.by_month],
        "series": [
            {"name": str(name), "data": [getattr(f, rate) for f in report.by_month]}
            for (name, _text), rate in zip(kpi.DEFINITIONS, kpi.RATES, strict=True)
        ],
        "received": [f.received for f in report.by_month],
        "received_name": str(_("Tickets received")),
    }
    return render(
        request,
        "hotline/kpi.html",
        {
            "report": report,
            "counted_at": counted_at,
            "year": year,
            "month": month,
            "years": range(
                timezone.localdate().year, timezone.localdate().year - 6, -1
            ),
            "months": range(1, 13),
            "definitions": kpi.DEFINITIONS,
            "chart": chart,
            "limits": {
                "sign": settings.FAZHI_HOTLINE_SIGN_DAYS,
                "reply": settings.FAZHI_HOTLINE_REPLY_DAYS,
                "urgent": settings.FAZHI_HOTLINE_URGENT_HOURS,
            },
        },
    )


@require_GET
@login_required
def kpi_xlsx(request):
    if not request.user.has_perm("hotline.view_ticket"):
        raise Http404
    from .xlsx import kpi_workbook

    year = _year(request)
    report = kpi.compute(year, qs=tickets_visible_to(request.user))
    return download(
        kpi_workbook(report), f"kpi-{year}.xlsx", f"诉求办理考核指标（{year}年）.xlsx"
    )


@require_GET
@login_required
def topic_list(request):
    if not request.user.has_perm("hotline.view_hottopic"):
        raise Http404
    topics = HotTopic.objects.all()[:50]
    return render(request, "hotline/topic_list.html", {"topics": topics})


@require_http_methods(["GET", "POST"])
@login_required
def topic_detail(request, pk):
    topic = get_topic_for_user(request.user, pk)
    tickets = (
        tickets_visible_to(request.user)
        .filter(topic=topic)
        .select_related("department")
        .order_by("-received_at")
    )
    can_reply = request.user.has_perm("hotline.change_ticket")
    form = TopicReplyForm(request.POST or None)
    if request.method == "POST":
        if not can_reply:
            raise Http404
        if form.is_valid():
            try:
                replied, skipped = services.do_reply_topic(
                    actor=request.user,
                    topic=topic,
                    tickets=tickets_visible_to(request.user),
                    text=form.cleaned_data["text"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Replied to %(n)d tickets; %(m)d were not awaiting a reply.")
                    % {"n": replied, "m": skipped},
                )
                return redirect(topic)
    personal = sees_personal_data(request.user)
    page = Paginator(tickets, 100).get_page(request.GET.get("page"))
    for t in page:
        t.citizen = t.citizen_name if personal else mask_name(t.citizen_name)
    return render(
        request,
        "hotline/topic_detail.html",
        {
            "topic": topic,
            "page": page,
            "form": form,
            "can_reply": can_reply,
            "templates": ReplyTemplate.objects.all(),
        },
        status=422 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def import_page(request):
    """Upload a platform export: all of it is imported, or none of it with every bad row
    listed. Big exports (a million rows) go through `fazhi hotline import`, which shows
    its progress as it streams."""
    if not request.user.has_perm("hotline.import_tickets"):
        raise Http404
    from . import imports
    from .models import ImportBatch

    form = ImportForm(request.POST or None, request.FILES or None)
    batch = None
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        limit = settings.FAZHI_HOTLINE_IMPORT_MAX_MB
        if upload.size > limit * 1024 * 1024:
            form.add_error(
                "file",
                _(
                    "The file is larger than %(mb)d MB: import it with fazhi hotline import."
                )
                % {"mb": limit},
            )
        else:
            batch = imports.run_import(
                upload,
                form.cleaned_data["channel"],
                actor=request.user,
                file_name=upload.name,
            )
            if batch.state == ImportBatch.State.DONE:
                messages.success(
                    request,
                    _("Imported %(created)d new tickets; %(same)d were already there.")
                    % {"created": batch.created, "same": batch.unchanged},
                )
                return redirect("hotline:import")
        status = 422
    elif request.method == "POST":
        status = 422
    return render(
        request,
        "hotline/import.html",
        {
            "form": form,
            "batch": batch,
            "batches": ImportBatch.objects.select_related("by")[:10],
        },
        status=status,
    )
