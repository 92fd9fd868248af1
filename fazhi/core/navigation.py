"""The apps of DESIGN §2 as the header shows them; those not built yet say so honestly."""

import functools
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class App:
    code: str
    label: str
    url_name: str | None  # None: not yet available
    perm: str = ""  # the permission to see the app; its link is hidden without it


APPS = [
    App("plans", pgettext_lazy("nav", "Plans"), "plans:task_list", "plans.view_task"),
    App(
        "decisions",
        pgettext_lazy("nav", "Decisions"),
        "decisions:matter_list",
        "decisions.view_matter",
    ),
    App(
        "legal",
        pgettext_lazy("nav", "Legal review"),
        "legal:review_list",
        "legal.view_review",
    ),
    App(
        "learning",
        pgettext_lazy("nav", "Study"),
        "learning:session_list",
        "learning.view_studysession",
    ),
    App(
        "outreach",
        pgettext_lazy("nav", "Outreach"),
        "outreach:activity_list",
        "outreach.view_activity",
    ),
    App(
        "disclosure",
        pgettext_lazy("nav", "Disclosure"),
        "disclosure:application_list",
        "disclosure.view_application",
    ),
    App(
        "hotline",
        pgettext_lazy("nav", "Demands"),
        "hotline:ticket_list",
        "hotline.view_ticket",
    ),
    App(
        "reports",
        pgettext_lazy("nav", "Report"),
        "reports:index",
        "reports.view_report",
    ),
    App("portal", pgettext_lazy("nav", "Portal"), "portal:home"),
]

APPS_BY_CODE = {a.code: a for a in APPS}


@functools.cache
def nav_links() -> list[tuple[str, object, bool, str]]:
    """(url, label, built, permission) for the header. URLs never change while a process
    runs, so they are reversed once, not on every page."""
    return [
        (reverse(a.url_name), a.label, True, a.perm)
        if a.url_name
        else (reverse("core:not_yet_available", args=[a.code]), a.label, False, "")
        for a in APPS
    ]


def nav_links_for(user) -> list[tuple[str, object, bool]]:
    """The header's links for `user`: no link to an app they cannot open."""
    return [
        (url, label, built)
        for url, label, built, perm in nav_links()
        if not perm or user.has_perm(perm)
    ]


@functools.cache
def detail_link(url_name: str):
    """`reverse(url_name, args=[pk])` for many rows at the cost of one: a list of fifty
    rows otherwise spends more on reversing their links (~85 µs each) than on its
    queries. The URL is reversed once with a marker number, which each pk replaces."""
    marker = "987654321"
    head, tail = reverse(url_name, args=[int(marker)]).split(marker)
    return lambda pk: f"{head}{int(pk)}{tail}"
