"""Data repair only: day-to-day work happens on the plans pages, through the services."""

from django.contrib import admin

from fazhi.core.admin import AuditedAdmin

from .models import DutyLog, Plan, Task


@admin.register(Plan)
class PlanAdmin(AuditedAdmin):
    list_display = ["year", "title", "meeting_date"]


@admin.register(Task)
class TaskAdmin(AuditedAdmin):
    list_display = ["plan", "number", "title", "department", "due_date", "status"]
    list_filter = ["plan", "status", "department"]
    search_fields = ["title"]


@admin.register(DutyLog)
class DutyLogAdmin(AuditedAdmin):
    list_display = ["date", "leader", "kind", "matter"]
