"""Administration: users, departments, the calendar, and the audit trail (read only).

Every change made here is audited like any other (AuditedAdmin)."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.hashers import is_password_usable
from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import audit, history
from .history import VERBS
from .models import AuditEntry, CalendarOverride, Department, HolidayNotice, User

_ADMIN_OPERATIONS = {
    "created": _("Created in the admin"),
    "updated": _("Changed in the admin"),
    "deleted": _("Deleted in the admin"),
}


class AuditedAdmin(admin.ModelAdmin):
    """Every save and delete made through this admin leaves an audit entry, written in
    the same transaction as the change; many-to-many fields included."""

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        name = model._meta.model_name
        history.register_verbs(
            {
                f"admin.{name}.{operation}": format_lazy(
                    "{}: {}", label, model._meta.verbose_name
                )
                for operation, label in _ADMIN_OPERATIONS.items()
            }
        )

    def related_verb(self, obj, change: bool) -> str:
        """The verb of the entry recording changes to many-to-many fields."""
        return f"admin.{obj._meta.model_name}.{'updated' if change else 'created'}"

    def save_model(self, request, obj, form, change):
        fields = [
            f for f in form.changed_data if f in {x.name for x in obj._meta.fields}
        ]
        with transaction.atomic():
            before = {}
            if change and obj.pk:
                old = type(obj).objects.get(pk=obj.pk)
                before = audit.snapshot(old, fields)
            super().save_model(request, obj, form, change)
            verb = f"{obj._meta.model_name}.{'updated' if change else 'created'}"
            audit.record(
                actor=request.user,
                verb=f"admin.{verb}",
                target=obj,
                changes=audit.diff(before, audit.snapshot(obj, fields)),
            )

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        many = {f.name for f in obj._meta.many_to_many}
        fields = [f for f in form.changed_data if f in many]
        with transaction.atomic():
            # save_model has run, but form.save_m2m() has not: the rows are the old ones.
            before = audit.snapshot(obj, fields) if change else {}
            super().save_related(request, form, formsets, change)
            changes = audit.diff(before, audit.snapshot(obj, fields))
            if changes:
                audit.record(
                    actor=request.user,
                    verb=self.related_verb(obj, change),
                    target=obj,
                    changes=changes,
                )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit.record(
                actor=request.user,
                verb=f"admin.{obj._meta.model_name}.deleted",
                target=obj,
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


history.register_verbs(
    {
        "admin.user.roles_changed": _("Roles changed in the admin"),
        "admin.user.password_changed": _("Password changed in the admin"),
    }
)

IS_ACTIVE_HELP = _(
    "Users are never deleted: the audit trail refers to them. To remove someone's "
    "access, untick this box to deactivate the account; they can no longer log in."
)


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    list_display = ["username", "name", "department", "title", "is_active"]
    list_filter = ["department", "groups", "is_active"]
    search_fields = ["username", "name"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["name", "department", "title", "phone", "email"]}),
        (_("Roles"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {"fields": ["username", "name", "department", "password1", "password2"]},
        ),
    ]
    # Only a superuser may make a superuser or hand out single permissions; everyone
    # else grants access through the roles (groups).
    superuser_only_fields = ["is_superuser", "user_permissions"]

    def related_verb(self, obj, change):
        return "admin.user.roles_changed"

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += [f for f in self.superuser_only_fields if f not in fields]
        return fields

    def has_change_permission(self, request, obj=None):
        # A superuser's account (and so its password) is changed by superusers only,
        # or an administrator could take it over.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # The audit trail refers to users: deactivate them instead (is_active).
        return False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "is_active" and field is not None:
            field.help_text = IS_ACTIVE_HELP
        return field

    def user_change_password(self, request, id, form_url=""):
        with transaction.atomic():
            user = self.get_object(request, unquote(id))
            before = user.password if user is not None else None
            response = super().user_change_password(request, id, form_url)
            if request.method != "POST" or response.status_code != 302:
                return response
            # Success is a redirect after POST, but so is the "conflicting form data"
            # one: only a changed hash says the password was changed.
            user.refresh_from_db()
            after = user.password
            if after != before:
                usable = [is_password_usable(before), is_password_usable(after)]
                audit.record(
                    actor=request.user,
                    verb="admin.user.password_changed",
                    target=user,
                    # Never the password nor its hash; only whether one is set.
                    changes={"usable_password": usable}
                    if usable[0] != usable[1]
                    else {},
                )
        return response


@admin.register(Department)
class DepartmentAdmin(AuditedAdmin):
    list_display = ["name", "code", "parent", "order"]
    search_fields = ["name", "code"]


class CalendarOverrideInline(admin.TabularInline):
    model = CalendarOverride
    extra = 3


@admin.register(HolidayNotice)
class HolidayNoticeAdmin(AuditedAdmin):
    list_display = ["year", "title", "published_on"]
    inlines = [CalendarOverrideInline]

    def save_related(self, request, form, formsets, change):
        with transaction.atomic():
            super().save_related(request, form, formsets, change)
            days = [
                f"{o.date}:{'workday' if o.is_working_day else 'holiday'}"
                for o in form.instance.days.all()
            ]
            audit.record(
                actor=request.user,
                verb="calendar.notice_days_saved",
                target=form.instance,
                changes={"days": [None, days]},
            )
            # Deadlines counted in working days in this year follow the new calendar.
            from fazhi.plans.services import do_recompute_due_dates

            do_recompute_due_dates(actor=request.user, year=form.instance.year)


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(AuditedAdmin):
    list_display = ["date", "is_working_day", "name", "notice"]
    list_filter = ["is_working_day", "notice"]
    date_hierarchy = "date"

    # Deadlines counted in working days follow the changed day.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _recompute(request, obj.date.year)

    def delete_model(self, request, obj):
        year = obj.date.year
        super().delete_model(request, obj)
        _recompute(request, year)


def _recompute(request, year: int) -> None:
    from fazhi.plans.services import do_recompute_due_dates

    with transaction.atomic():
        do_recompute_due_dates(actor=request.user, year=year)


def _shown(value) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read only: the trail is append-only."""

    list_display = [
        "seq",
        "created_at",
        "actor_name",
        "ip",
        "action",
        "target_repr",
        "changed",
        "reason",
    ]
    list_filter = ["verb", "target_type", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["actor_name", "target_repr", "verb", "reason", "ip"]
    date_hierarchy = "created_at"
    list_per_page = 100
    show_full_result_count = False

    @admin.display(description=_("action"), ordering="verb")
    def action(self, entry):
        return str(VERBS.get(entry.verb, entry.verb))

    @admin.display(description=_("changes"))
    def changed(self, entry):
        parts = []
        for name, pair in (entry.changes or {}).items():
            if isinstance(pair, list) and len(pair) == 2:
                parts.append(f"{name}: {_shown(pair[0])} → {_shown(pair[1])}")
            else:
                parts.append(f"{name}: {_shown(pair)}")
        text = "；".join(parts)
        return text if len(text) <= 200 else text[:199] + "…"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
