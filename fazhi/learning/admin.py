"""The catalogue of laws is kept here; sessions are recorded on the learning pages."""

from django.contrib import admin

from fazhi.core.admin import AuditedAdmin

from .models import Law


@admin.register(Law)
class LawAdmin(AuditedAdmin):
    list_display = ["name", "kind", "order"]
    list_filter = ["kind"]
    search_fields = ["name"]
