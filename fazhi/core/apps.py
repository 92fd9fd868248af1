from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .roles import ensure_roles

        # Setting up the role groups is installation, not a business rule.
        post_migrate.connect(ensure_roles, dispatch_uid="fazhi.core.ensure_roles")
