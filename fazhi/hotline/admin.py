"""Administration of the Open311 clients: the administrator issues each client its own
api_key (shown once, only its hash kept) and revokes it; both are audited."""

from django.contrib import admin, messages
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from fazhi.core import history

from .models import ApiClient
from .open311 import issue_key, revoke

history.register_verbs(
    {
        "hotline.api_key_issued": _("Open311 api_key issued"),
        "hotline.api_key_revoked": _("Open311 api_key revoked"),
    }
)


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    """Adding a client issues its key; a client is never edited or deleted (its
    requests and the audit trail refer to it), only revoked."""

    list_display = ["name", "key_prefix", "active", "created_at", "created_by"]
    list_filter = ["active"]
    search_fields = ["name", "key_prefix"]
    list_select_related = ["created_by"]
    actions = ["revoke_keys"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name"]
        return ["name", "key_prefix", "active", "created_at", "created_by"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:  # nothing is editable
            return
        client, key = issue_key(obj.name, actor=request.user)
        obj.pk = client.pk
        obj.refresh_from_db()
        # The key exists nowhere else: the administrator copies it now or issues
        # another client a new one.
        messages.warning(
            request,
            gettext(
                "The api_key of “%(name)s” is %(key)s — copy it now and give it to the "
                "client: it is shown only this once and cannot be recovered."
            )
            % {"name": client.name, "key": key},
        )

    @admin.action(
        description=_("Revoke the api_key of the selected clients"),
        permissions=["change"],
    )
    def revoke_keys(self, request, queryset):
        count = 0
        for client in queryset.filter(active=True):
            revoke(client, actor=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d api_key revoked.", "%(count)d api_keys revoked.", count)
            % {"count": count},
        )


# The category tree (派单目录), its routing rules and reply templates are the office's
# configuration, kept by the administrator; every change is on the audit trail.
from fazhi.core.admin import AuditedAdmin  # noqa: E402

from .models import Category, ReplyTemplate, RoutingRule  # noqa: E402


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    list_display = [
        "name",
        "code",
        "parent",
        "department",
        "reply_days",
        "active",
        "order",
    ]
    list_filter = ["active", "parent"]
    search_fields = ["name", "code", "keywords"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(AuditedAdmin):
    list_display = ["order", "category", "place_contains", "department", "active"]
    list_editable = ["active"]


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(AuditedAdmin):
    list_display = ["title", "category"]
    search_fields = ["title", "text"]
