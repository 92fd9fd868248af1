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
    issue_hint: str = ""


APPS = [
    App("plans", pgettext_lazy("nav", "Plans"), "plans:task_list"),
    App("decisions", pgettext_lazy("nav", "Decisions"), "decisions:matter_list"),
    App("legal", pgettext_lazy("nav", "Legal review"), "legal:review_list"),
    App("learning", pgettext_lazy("nav", "Study"), "learning:session_list"),
    App("outreach", pgettext_lazy("nav", "Outreach"), "outreach:activity_list"),
    App("disclosure", pgettext_lazy("nav", "Disclosure"), None),
    App("hotline", pgettext_lazy("nav", "Demands"), None),
    App("reports", pgettext_lazy("nav", "Report"), None),
    App("portal", pgettext_lazy("nav", "Portal"), None),
]

APPS_BY_CODE = {a.code: a for a in APPS}


@functools.cache
def nav_links() -> list[tuple[str, object, bool]]:
    """(url, label, built) for the header. URLs never change while a process runs, so
    they are reversed once, not on every page."""
    return [
        (reverse(a.url_name), a.label, True)
        if a.url_name
        else (reverse("core:not_yet_available", args=[a.code]), a.label, False)
        for a in APPS
    ]
