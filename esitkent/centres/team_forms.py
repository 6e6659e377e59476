"""Forms of the team and proposals pages: who, which role, why, until when."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from esitkent.accounts.policies import PROPOSABLE_ROLES, TEAM_ROLES
from esitkent.orgs.models import Organisation


class _GrantForm(forms.Form):
    username = forms.CharField(label=_("Kullanıcı adı"), max_length=150)
    reason = forms.CharField(label=_("Gerekçe"), max_length=200)
    ends_on = forms.DateField(
        label=_("Bitiş tarihi (isteğe bağlı)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Bu günün sonunda yetki kendiliğinden biter."),
    )

    def clean_username(self):
        name = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=name).first()
        if user is None:
            raise forms.ValidationError(_("Bu kullanıcı adıyla bir hesap yok."))
        return user


class TeamGrantForm(_GrantForm):
    role = forms.ChoiceField(
        label=_("Rol"),
        choices=[(r.value, r.label) for r in TEAM_ROLES],
    )
    field_order = ["username", "role", "reason", "ends_on"]


class ProposalForm(_GrantForm):
    organisation = forms.ModelChoiceField(
        label=_("Kurum"), queryset=Organisation.objects.order_by("name")
    )
    role = forms.ChoiceField(
        label=_("Rol"),
        choices=[(r.value, r.label) for r in PROPOSABLE_ROLES],
    )
    field_order = ["username", "organisation", "role", "reason", "ends_on"]
