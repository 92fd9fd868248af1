from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "fazhi.learning"
    label = "learning"
    verbose_name = _("Law study")

    def ready(self) -> None:
        from fazhi.core import attachments, history

        from .access import get_session_for_user
        from .models import StudySession

        attachments.register(StudySession, get_session_for_user)

        history.register_verbs(
            {
                "study.recorded": _("Study session recorded"),
                "study.changed": _("Study session changed"),
                "study.record_exported": _("Study record exported to Excel"),
                "exam.question_added": _("Question added"),
                "exam.question_changed": _("Question changed"),
                "exam.questions_imported": _("Questions imported"),
                "exam.created": _("Exam created"),
                "exam.changed": _("Exam changed"),
                "exam.published": _("Exam published"),
                "exam.submitted": _("Paper handed in"),
                "exam.external_imported": _("External exam results imported"),
            }
        )
