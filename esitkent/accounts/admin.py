from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy

from . import role_services
from .models import Membership, MembershipEvent, Role
from .policies import CENTRE_ROLES

# --- Memberships (issue 14, finding 2a) -------------------------------------------------------
# An administrator added himself as a KDM's manager here and opened case records. Centre roles
# are granted on the centre's team page or, for the first manager, by two administrators
# (/merkezler/yetki-onerileri/); here they are read-only. Plan roles stay here, but through
# `accounts.role_services`, so that each is logged with its reason.


class MembershipAdminForm(forms.ModelForm):
    reason = forms.CharField(label="Gerekçe", max_length=200)

    class Meta:
        model = Membership
        fields = ["user", "organisation", "role", "ends_on", "reason"]

    def __init__(self, *args, by=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.by = by
        if "role" in self.fields:
            self.fields["role"].choices = [("", "---------")] + [
                (value, label) for value, label in Role.choices if value not in CENTRE_ROLES
            ]
        if self.instance.pk:
            self.initial["reason"] = ""  # a change gives its own reason

    def clean(self):
        data = super().clean()
        stored = self.instance if self.instance.pk else None
        problems = role_services.plan_role_problems(
            by=self.by,
            user=stored.user if stored else data.get("user"),
            organisation=stored.organisation if stored else data.get("organisation"),
            role=data.get("role") or "",
            reason=data.get("reason") or "",
            ends_on=data.get("ends_on"),
            membership=Membership.objects.get(pk=stored.pk) if stored else None,
        )
        for problem in problems:
            self.add_error(None, str(problem))
        return data


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = MembershipAdminForm
    list_display = ["user", "organisation", "role", "ends_on", "granted_by", "is_sample"]
    list_filter = ["role", "is_sample"]
    search_fields = ["user__username", "organisation__name"]
    autocomplete_fields = ["organisation"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # Who and where stay as granted; a different person or unit is a new grant.
        if obj.role in CENTRE_ROLES:
            return ["user", "organisation", "role", "ends_on", "granted_by", "reason"]
        return ["user", "organisation", "granted_by"]

    def get_fields(self, request, obj=None):
        if obj is not None and obj.role in CENTRE_ROLES:
            return ["user", "organisation", "role", "ends_on", "granted_by", "reason"]
        if obj is not None:
            return ["user", "organisation", "granted_by", "role", "ends_on", "reason"]
        return ["user", "organisation", "role", "ends_on", "reason"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)

        class WithGranter(form):
            def __init__(self, *args, **kw):
                super().__init__(*args, by=request.user, **kw)

        return WithGranter

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.role in CENTRE_ROLES:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.role in CENTRE_ROLES:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            role_services.plan_role_change(
                by=request.user,
                membership=obj,
                role=data["role"],
                reason=data["reason"],
                ends_on=data.get("ends_on"),
            )
        else:
            saved = role_services.plan_role_grant(
                by=request.user,
                user=data["user"],
                organisation=data["organisation"],
                role=data["role"],
                reason=data["reason"],
                ends_on=data.get("ends_on"),
            )
            obj.pk, obj.granted_by = saved.pk, saved.granted_by

    def delete_model(self, request, obj):
        role_services.plan_role_revoke(
            by=request.user, membership=obj, reason="yönetim panelinden silindi"
        )

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user", "organisation"):
            self.delete_model(request, membership)


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


@admin.register(MembershipEvent)
class MembershipEventAdmin(_read_only(admin.ModelAdmin)):
    """The grant log, to read: nobody adds, changes or deletes a row."""

    list_display = ["at", "kind", "by_username", "username", "organisation_code", "role", "reason"]
    list_filter = ["kind", "role"]
    search_fields = ["username", "by_username", "organisation_code"]


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
    # allauth has no Turkish name for the model, and the admin index reads the name from the
    # model itself; Meta's original attributes stay as they are, so no migration follows.
    Authenticator._meta.verbose_name = gettext_lazy("doğrulayıcı")
    Authenticator._meta.verbose_name_plural = gettext_lazy("doğrulayıcılar")

    @admin.register(Authenticator)
    class AuthenticatorAdmin(_read_only(admin.ModelAdmin)):
        list_display = ["user", "type", "created_at", "last_used_at"]
        fields = ["user", "type", "created_at", "last_used_at"]  # never `data`: the secret
        readonly_fields = fields
        list_filter = ["type"]
        search_fields = ["user__username"]


_seal_background_jobs()
_seal_authenticators()

from . import user_admin  # noqa: E402, F401  (the user admin without its impersonation route)
