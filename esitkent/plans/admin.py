from django.contrib import admin

from .models import Plan


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    """Plans change through import and the plan pages; the admin shows their metadata only."""

    list_display = ["title", "slug", "start_year", "end_year", "status", "provenance"]
    fields = ["title", "status", "version", "vision", "source"]

    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
