from django.contrib import admin

from .models import Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "is_sample"]
    list_filter = ["role", "is_sample"]
    search_fields = ["user__username", "organisation__name"]
    autocomplete_fields = ["organisation"]


# --- The admin is not a back door (issue 14) --------------------------------------------------
# Background jobs run whatever function a schedule names, in the worker, as its user: a
# schedule added in the admin ran shell commands and read the field keys. Schedules come from
# `manage.py setup_schedules` (code); the admin lists them and the queue, and changes nothing.
# Authenticators hold TOTP secrets and recovery codes: the admin shows who enrolled what, never
# the secret, and cannot edit or add one.


def _read_only(admin_class):
    class ReadOnly(admin_class):
        def has_add_permission(self, request, obj=None):
            return False

        def has_change_permission(self, request, obj=None):
            return False

        def has_delete_permission(self, request, obj=None):
            return False

        def get_actions(self, request):
            return {}

    ReadOnly.__name__ = f"ReadOnly{admin_class.__name__}"
    return ReadOnly


def _seal_background_jobs() -> None:
    from django_q import models as q

    for model in (q.Schedule, q.Success, q.Failure, q.OrmQ):
        if admin.site.is_registered(model):
            current = type(admin.site._registry[model])
            admin.site.unregister(model)
            admin.site.register(model, _read_only(current))


def _seal_authenticators() -> None:
    from allauth.mfa.models import Authenticator

    if admin.site.is_registered(Authenticator):
        admin.site.unregister(Authenticator)

    @admin.register(Authenticator)
    class AuthenticatorAdmin(_read_only(admin.ModelAdmin)):
        list_display = ["user", "type", "created_at", "last_used_at"]
        fields = ["user", "type", "created_at", "last_used_at"]  # never `data`: the secret
        readonly_fields = fields
        list_filter = ["type"]
        search_fields = ["user__username"]


_seal_background_jobs()
_seal_authenticators()
