from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "fazhi.reports"
    label = "reports"
    verbose_name = _("Annual report and dashboard")

    def ready(self) -> None:
        from fazhi.core import history

        from . import documents  # noqa: F401 — registers the report's Word template

        history.register_verbs(
            {
                "reports.version_saved": _("Report draft saved"),
                "reports.approved": _("Report approved"),
                "reports.approval_withdrawn": _("Report approval withdrawn"),
                "reports.published": _("Report published"),
                "reports.workbook_exported": _("Ledger workbook exported to Excel"),
            }
        )
