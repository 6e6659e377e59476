from django.contrib import admin

from .models import ReminderPolicy, ValidationRule


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    list_display = ["plan", "enabled", "days_before", "overdue_every_days"]


@admin.register(ValidationRule)
class ValidationRuleAdmin(admin.ModelAdmin):
    """Rules between indicators, written as data: left operator right (another indicator or a constant)."""

    list_display = ["code", "name", "left", "operator", "right", "right_constant", "blocking"]
    raw_id_fields = ["left", "right"]
