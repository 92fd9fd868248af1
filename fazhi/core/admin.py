"""Administration: users, departments, the calendar, and the audit trail (read only).

Every change made here is audited like any other (AuditedAdmin)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from . import audit
from .history import VERBS
from .models import AuditEntry, CalendarOverride, Department, HolidayNotice, User


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        fields = [
            f for f in form.changed_data if f in {x.name for x in obj._meta.fields}
        ]
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


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read only: the trail is append-only."""

    list_display = [
        "seq",
        "created_at",
        "actor_name",
        "ip",
        "verb",
        "target_repr",
        "reason",
    ]
    list_filter = ["verb", "target_type", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["actor_name", "target_repr", "verb", "reason", "ip"]
    date_hierarchy = "created_at"
    list_per_page = 100
    show_full_result_count = False

    @admin.display(description=_("action"), ordering="verb")
    def action(self, entry):
        return VERBS.get(entry.verb, entry.verb)

    @admin.display(description=_("changes"))
    def changed(self, entry):
        return "；".join(
            f"{name}: {pair[0] if isinstance(pair, list) else ''} → "
            f"{pair[1] if isinstance(pair, list) and len(pair) > 1 else pair}"
            for name, pair in (entry.changes or {}).items()
        )[:200]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
