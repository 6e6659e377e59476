from django.contrib import admin

from .models import Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "is_sample"]
    list_filter = ["role", "is_sample"]
    search_fields = ["user__username", "organisation__name"]
    autocomplete_fields = ["organisation"]
