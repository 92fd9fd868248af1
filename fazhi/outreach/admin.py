"""Key dates are kept here by the administrator or the officer; activities and campaigns
on the legal-education pages."""

from django.contrib import admin

from fazhi.core.admin import AuditedAdmin

from .models import KeyDate


@admin.register(KeyDate)
class KeyDateAdmin(AuditedAdmin):
    list_display = ["name", "month", "day", "end_month", "end_day", "remind_days"]
