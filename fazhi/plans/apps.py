from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "fazhi.plans"
    label = "plans"
    verbose_name = _("Plans and the principal leader's duties")

    def ready(self) -> None:
        from fazhi.core import attachments

        from . import access
        from .models import Plan, ProgressUpdate, Task

        attachments.register(Plan, access.get_plan_for_user)
        attachments.register(Task, access.get_task_for_user)
        attachments.register(ProgressUpdate, access.get_progress_update_for_user)
