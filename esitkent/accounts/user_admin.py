"""The user admin without its impersonation route (issue 14, finding 2b).

Setting another person's password goes through `services.password_reset_by_admin`, which ends
her sessions, tokens and second factor; a case-centre account's e-mail address is read-only,
because that is where her second-factor re-enrolment link is sent.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm

from . import services
from .policies import CENTRE_ROLES, forget_memberships, has_role

User = get_user_model()
# Who is using the password page in this request: the form's save has no request of its own.
_acting: ContextVar = ContextVar("esitkent_password_admin", default=None)


class PasswordResetForm(AdminPasswordChangeForm):
    def save(self, commit=True):
        by = _acting.get()
        if by is None or by.pk == self.user.pk:
            # One's own password: the ordinary change (the admin keeps her session).
            return super().save(commit=commit)
        usable = self.cleaned_data["set_usable_password"]
        services.password_reset_by_admin(
            by=by, user=self.user, password=self.cleaned_data["password1"] if usable else None
        )
        return self.user


def _base() -> type[admin.ModelAdmin]:
    if admin.site.is_registered(User):
        current = type(admin.site._registry[User])
        admin.site.unregister(User)
        return current
    return UserAdmin


class EsitkentUserAdmin(_base()):
    change_password_form = PasswordResetForm

    def user_change_password(self, request, id, form_url=""):
        token = _acting.set(request.user)
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            _acting.reset(token)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            forget_memberships(obj)
            if has_role(obj, *CENTRE_ROLES) and "email" not in fields:
                fields.append("email")
        return fields


admin.site.register(User, EsitkentUserAdmin)
