"""Forms of the centre pages. Choices come from the domain catalogues, so a page and the
service validate against the same lists."""

from django import forms
from django.utils.translation import gettext_lazy

from . import domain
from .models import Centre, ImprovementAction, NetworkEvent


class ProfileForm(forms.Form):
    address = forms.CharField(
        label="Adres (herkese açık)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    phone = forms.CharField(label="Telefon", required=False, max_length=40)
    email = forms.EmailField(label="E-posta", required=False)
    opening_hours = forms.CharField(label="Çalışma saatleri", required=False, max_length=200)
    services = forms.MultipleChoiceField(
        label="Sunulan hizmetler",
        choices=[(code, gettext_lazy(label)) for code, label in domain.SERVICES.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    shelter_places = forms.IntegerField(
        label="Sığınma kapasitesi (kişi)", required=False, min_value=0, max_value=1000
    )

    def __init__(self, *args, centre: Centre, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in domain.CONDITIONS.items():
            self.fields[f"condition_{code}"] = forms.ChoiceField(
                label=gettext_lazy(label),
                choices=[("", "—")]
                + [(state, gettext_lazy(text)) for state, text in domain.CONDITION_STATES.items()],
                required=False,
            )
        for role, label in domain.STAFF_ROLES.items():
            self.fields[f"staff_{role}"] = forms.IntegerField(
                label=f"{label}: kişi sayısı", required=False, min_value=0, max_value=500
            )
            self.fields[f"qual_{role}"] = forms.CharField(
                label=f"{label}: nitelikler", required=False, max_length=500
            )
        if centre.is_shelter:
            del self.fields["address"]
        else:
            del self.fields["shelter_places"]


class ShelterAddressForm(forms.Form):
    confidential_address = forms.CharField(
        label="Gizli adres (şifreli saklanır)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(label="Kanıt dosyası (PDF, JPEG, PNG; en çok 10 MB)")
    item = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ActionForm(forms.Form):
    action = forms.CharField(label="Yapılacak", widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label="Sorumlu", required=False, max_length=200)
    deadline = forms.DateField(
        label="Son tarih", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    status = forms.ChoiceField(label="Durum", choices=ImprovementAction.Status.choices)


class EventForm(forms.Form):
    kind = forms.ChoiceField(label="Tür", choices=NetworkEvent.Kind.choices)
    title = forms.CharField(label="Başlık", max_length=250)
    held_on = forms.DateField(label="Tarih", widget=forms.DateInput(attrs={"type": "date"}))
