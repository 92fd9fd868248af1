from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    name = "fazhi.hotline"
    label = "hotline"
    verbose_name = _("Citizen demands")

    def ready(self) -> None:
        from fazhi.core import attachments, history

        from .access import get_ticket_for_user
        from .models import Ticket

        attachments.register(Ticket, get_ticket_for_user)
        # The KPI page keeps a year's figures; a ticket saved or deleted drops them.
        post_save.connect(_forget_kpis, sender=Ticket, dispatch_uid="hotline-kpi")
        post_delete.connect(_forget_kpis, sender=Ticket, dispatch_uid="hotline-kpi")
        history.register_verbs(
            {
                "hotline.registered": _("Ticket registered"),
                "hotline.assigned": _("Assigned"),
                "hotline.signed": _("Signed for"),
                "hotline.replied": _("Replied"),
                "hotline.reopened": _("Callback: not satisfied, reopened"),
                "hotline.closed": _("Callback: closed"),
                "hotline.return_requested": _("Return requested"),
                "hotline.extend_requested": _("Extension requested"),
                "hotline.return_approved": _("Return approved"),
                "hotline.return_refused": _("Return refused"),
                "hotline.extend_approved": _("Extension approved"),
                "hotline.extend_refused": _("Extension refused"),
                "hotline.categorised": _("Category set"),
                "hotline.linked": _("Related ticket linked"),
                "hotline.published": _("Published on the portal"),
                "hotline.unpublished": _("Withdrawn from the portal"),
                "hotline.personal_data_revealed": _("Citizen's details shown"),
            }
        )
        history.register_labels(
            {
                "channel": _("channel"),
                "rule": _("routing rule"),
                "satisfaction": _("satisfaction"),
                "solved": _("solved"),
                "approved": _("approved"),
                "ticket": _("ticket"),
                "signed_late": _("signed for after the limit"),
                "replied_late": _("replied after the limit"),
            }
        )


def _forget_kpis(sender, instance, **kwargs) -> None:
    from . import kpi

    kpi.forget(instance.month // 100 if instance.month else None)
