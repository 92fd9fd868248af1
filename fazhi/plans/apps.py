from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "fazhi.plans"
    label = "plans"
    verbose_name = _("Plans and the principal leader's duties")

    def ready(self) -> None:
        from fazhi.core import attachments, history

        from . import access
        from .models import Plan, ProgressUpdate, Task

        history.register_verbs(
            {
                "plan.created": _("Plan created"),
                "plan.updated": _("Plan changed"),
                "plan.exported": _("Plan exported to Excel"),
                "plan.tasks_imported": _("Tasks imported from Excel"),
                "task.created": _("Task created"),
                "task.updated": _("Task changed"),
                "task.progress_recorded": _("Progress recorded"),
                "task.due_recomputed": _(
                    "Due date recomputed on the official calendar"
                ),
                "duty.logged": _("Duty recorded"),
            }
        )
        attachments.register(Plan, access.get_plan_for_user)
        attachments.register(Task, access.get_task_for_user)
        attachments.register(ProgressUpdate, access.get_progress_update_for_user)
