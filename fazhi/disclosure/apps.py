from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "fazhi.disclosure"
    label = "disclosure"
    verbose_name = _("Information disclosure")

    def ready(self) -> None:
        from fazhi.core import attachments, history

        from . import documents  # noqa: F401 — registers the reply letter's template
        from .access import get_application_for_user
        from .models import Application

        attachments.register(Application, get_application_for_user)
        history.register_verbs(
            {
                "disclosure.registered": _("Application registered"),
                "disclosure.receipt_confirmed": _("Receipt confirmed"),
                "disclosure.applicant_confirmed": _("Applicant confirmed the receipt"),
                "disclosure.correction_requested": _("Correction requested"),
                "disclosure.corrected": _("Corrected application received"),
                "disclosure.accepted": _("Review done; being handled"),
                "disclosure.consulted": _("Consultation sent"),
                "disclosure.consultation_answered": _("Consultation answered"),
                "disclosure.extended": _("Deadline extended"),
                "disclosure.fee_notified": _("Fee notice sent"),
                "disclosure.fee_paid": _("Fee paid"),
                "disclosure.replied": _("Replied"),
                "disclosure.archived": _("Archived"),
                "disclosure.report_saved": _("Annual report saved"),
                "disclosure.item_recorded": _("Item recorded in the catalogue"),
                "disclosure.item_reviewed": _("Confidentiality review"),
                "disclosure.item_published": _("Published"),
                "disclosure.item_withdrawn": _("Withdrawn"),
                "disclosure.report_published": _("Annual report published"),
            }
        )
        history.register_labels(
            {
                "late": _("replied after the deadline"),
                "days": _("extension (working days)"),
                "fee": _("fee (yuan)"),
                "units": _("items or pages"),
                "earlier": _("earlier this month"),
                "answer": _("answer"),
                "consulted": _("consulted"),
            }
        )
