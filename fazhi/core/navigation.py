"""The apps of DESIGN §2 as the header shows them; those not built yet say so honestly."""

from dataclasses import dataclass

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
