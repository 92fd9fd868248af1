"""Leaving a message for the office on the portal (the portal's 留言), following it with
its query code, and reading the answered messages the office chose to publish — never
with the name or phone of whoever wrote them."""

from __future__ import annotations

import hmac
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core.querycodes import hash_code
from fazhi.hotline import search, services
from fazhi.hotline.models import Ticket
from fazhi.hotline.public import redact

from .applications import _too_many

SESSION_KEY = "portal_messages"


class MessageForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=50)
    phone = forms.CharField(
        label=gettext_lazy("Phone"),
        max_length=30,
        help_text=gettext_lazy(
            "So that the office can call you back; never published."
        ),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Ticket.Kind.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=100)
    content = forms.CharField(
        label=gettext_lazy("Your message"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    place = forms.CharField(
        label=gettext_lazy("Where (road, estate, area)"), max_length=200, required=False
    )

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not (7 <= sum(c.isdigit() for c in phone) <= 20):
            raise forms.ValidationError(_("Give a phone number the office can call."))
        return phone


class FollowForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("Message number"), max_length=40)
    code = forms.CharField(label=gettext_lazy("Query code"), max_length=20)


@require_http_methods(["GET", "POST"])
def leave(request):
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _too_many(request, "portal.message", settings.FAZHI_PORTAL_MESSAGE_PER_HOUR):
            form.add_error(
                None,
                _("Too many messages from this address; please try again in an hour."),
            )
            return render(
                request, "portal/message_form.html", {"form": form}, status=429
            )
        data = form.cleaned_data
        try:
            ticket, code = services.do_register(
                actor=None,
                actor_name=_("citizen (portal)"),
                with_code=True,
                channel=Ticket.Channel.PORTAL,
                citizen_name=data["name"],
                citizen_phone=data["phone"],
                kind=data["kind"],
                title=data["title"],
                content=data["content"],
                place=data["place"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            request.session[SESSION_KEY] = request.session.get(SESSION_KEY, []) + [
                ticket.pk
            ]
            return render(
                request,
                "portal/message_left.html",
                {"t": ticket, "code": code},
                status=201,
            )
    status = 422 if request.method == "POST" else 200
    return render(request, "portal/message_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def follow(request):
    form = FollowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _too_many(request, "portal.track", settings.FAZHI_PORTAL_TRACK_PER_HOUR):
            form.add_error(
                None, _("Too many look-ups from this address; try again later.")
            )
            return render(
                request, "portal/message_follow.html", {"form": form}, status=429
            )
        number = form.cleaned_data["number"].strip()
        ticket = Ticket.objects.filter(
            channel=Ticket.Channel.PORTAL, external_no=number
        ).first()
        expected = hash_code(number, form.cleaned_data["code"])
        if ticket is None or not hmac.compare_digest(ticket.query_code_hash, expected):
            form.add_error(None, _("No message has this number and query code."))
        else:
            mine = request.session.get(SESSION_KEY, [])
            if ticket.pk not in mine:
                request.session[SESSION_KEY] = mine + [ticket.pk]
            return redirect("portal:message", pk=ticket.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "portal/message_follow.html", {"form": form}, status=status)


def _public(ticket, *, own: bool) -> dict:
    """The page's text with phone and ID numbers blanked: never the writer's details."""
    return {
        "t": ticket,
        "own": own,
        "content": redact(ticket.content),
        "replies": [(r.at, redact(r.text)) for r in ticket.replies.all()],
        "reply_days": settings.FAZHI_HOTLINE_REPLY_DAYS.get(ticket.kind, 5),
    }


@require_GET
def message(request, pk):
    if pk not in request.session.get(SESSION_KEY, []):
        raise Http404
    ticket = Ticket.objects.select_related("department").filter(pk=pk).first()
    if ticket is None:
        raise Http404
    return render(request, "portal/message.html", _public(ticket, own=True))


@require_GET
def published(request):
    q = request.GET.get("q", "").strip()[:50]
    tickets = Ticket.objects.filter(on_portal=True).select_related("department")
    if q:
        tickets = search.filter_text(tickets, q)
    tickets = tickets.only(
        "pk", "title", "received_at", "replied_at", "kind", "department__name"
    ).order_by("-replied_at", "-pk")
    page = Paginator(tickets, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/message_list.html",
        {"page": page, "q": q, "query": urlencode({"q": q}) if q else ""},
    )


@require_GET
def published_message(request, pk):
    ticket = (
        Ticket.objects.filter(on_portal=True, pk=pk)
        .select_related("department")
        .first()
    )
    if ticket is None:
        raise Http404
    return render(request, "portal/message.html", _public(ticket, own=False))
