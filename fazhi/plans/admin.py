"""Data repair only: day-to-day work happens on the plans pages, through the services.

The services own the rules (task numbers, deadlines counted on the official calendar,
status and progress, the duty log's facts), so the admin cannot create these records
and shows the fields those rules govern read-only. What it may still change (titles,
content, departments, people) is audited like any other change (AuditedAdmin)."""

from django.contrib import admin

from fazhi.core.admin import AuditedAdmin

from .models import DutyLog, Plan, Task


class RepairOnlyAdmin(AuditedAdmin):
    def has_add_permission(self, request):
        # Created through the services (plans pages), which number, date and audit them.
        return False


@admin.register(Plan)
class PlanAdmin(RepairOnlyAdmin):
    list_display = ["year", "title", "meeting_date"]
    readonly_fields = ["year"]


@admin.register(Task)
class TaskAdmin(RepairOnlyAdmin):
    list_display = ["plan", "number", "title", "department", "due_date", "status"]
    list_filter = ["plan", "status", "department"]
    search_fields = ["title"]
    readonly_fields = [
        "plan",
        "number",
        "start_date",
        "due_date",
        "due_base_date",
        "due_working_days",
        "status",
        "progress",
        "completed_on",
    ]


@admin.register(DutyLog)
class DutyLogAdmin(RepairOnlyAdmin):
    list_display = ["date", "leader", "kind", "matter"]
    readonly_fields = ["date", "leader", "kind", "recorded_by"]
