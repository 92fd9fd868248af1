from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "fazhi.legal"
    label = "legal"
    verbose_name = _("Legal counsel and legality review")

    def ready(self) -> None:
        from fazhi.core import attachments, history

        from .access import get_review_for_user
        from .models import Review

        attachments.register(Review, get_review_for_user)
        history.register_verbs(
            {
                "legal.counsel_engaged": _("Counsel engaged"),
                "legal.counsel_changed": _("Counsel engagement changed"),
                "legal.review_requested": _("Review requested"),
                "legal.opinion_given": _("Opinion given"),
                "legal.response_recorded": _("Department's response recorded"),
                "legal.ledger_exported": _("Review ledger exported to Excel"),
            }
        )
