from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "fazhi.learning"
    label = "learning"
    verbose_name = _("Law study")

    def ready(self) -> None:
        from fazhi.core import history

        history.register_verbs(
            {
                "study.recorded": _("Study session recorded"),
                "study.changed": _("Study session changed"),
                "study.record_exported": _("Study record exported to Excel"),
            }
        )
