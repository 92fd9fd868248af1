from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "fazhi.decisions"
    label = "decisions"
    verbose_name = _("Major decisions")

    def ready(self) -> None:
        from fazhi.core import history

        from . import documents  # noqa: F401 — registers the minutes template

        history.register_verbs(
            {
                "decisions.matter_registered": _("Matter registered"),
                "decisions.stage_completed": _("Stage completed"),
                "decisions.meeting_planned": _("Meeting planned"),
                "decisions.put_on_agenda": _("Put on a meeting agenda"),
                "decisions.meeting_held": _("Meeting attendance recorded"),
                "decisions.voted": _("Vote recorded"),
                "decisions.archive_exported": _("Archive exported"),
                "decisions.published": _("Decision published"),
                "decisions.progress_recorded": _("Implementation report recorded"),
                "decisions.catalogue_item_added": _("Decision added to the catalogue"),
                "decisions.catalogue_approved": _("Catalogue agreed"),
                "decisions.catalogue_published": _("Catalogue published"),
                "decisions.fair_competition_reviewed": _(
                    "Fair competition review recorded"
                ),
            }
        )
        history.register_labels(
            {
                "stage": _("stage"),
                "completed_on": _("completed"),
                "meeting": _("meeting"),
                "votes": _("for / against / abstaining"),
                "against": _("against"),
                "present": _("members present"),
                "members_due": _("members due to attend"),
                "date": _("date"),
                "kind": _("kind"),
                "text": _("what happened"),
            }
        )
