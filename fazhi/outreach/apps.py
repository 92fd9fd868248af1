from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "fazhi.outreach"
    label = "outreach"
    verbose_name = _("Legal education")

    def ready(self) -> None:
        from fazhi.core import attachments, history

        from .access import get_activity_for_user
        from .models import Activity

        history.register_verbs(
            {
                "outreach.activity_recorded": _("Activity recorded"),
                "outreach.campaign_planned": _("Campaign planned"),
            }
        )
        attachments.register(Activity, get_activity_for_user)
