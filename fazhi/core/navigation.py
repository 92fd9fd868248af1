"""The apps of DESIGN §2 as the header shows them; those not built yet say so honestly."""

import functools
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class App:
    code: str
    label: str
    url_name: str | None  # None: not yet available
    issue_hint: str = ""


APPS = [
    App("plans", _("Plans"), "plans:task_list"),
    App("decisions", _("Major decisions"), None),
    App("legal", _("Legality review"), None),
    App("learning", _("Law study"), None),
    App("outreach", _("Legal education"), None),
    App("disclosure", _("Information disclosure"), None),
    App("hotline", _("Citizen demands"), None),
    App("reports", _("Annual report"), None),
    App("portal", _("Public portal"), None),
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
