from django import forms
from django.conf import settings

from esitkent.core.terms import TERM_LABELS
from esitkent.orgs.models import Organisation

TERM_CHOICES = [("", "Tüm vadeler"), *TERM_LABELS.items(), ("none", "Vadesiz")]


class ActivitySearchForm(forms.Form):
    q = forms.CharField(label="Ara", required=False, max_length=200)
    term = forms.ChoiceField(label="Vade", choices=TERM_CHOICES, required=False)
    org = forms.ModelChoiceField(
        label="Kurum",
        queryset=Organisation.objects.all(),
        required=False,
        to_field_name="code",
        empty_label="Tüm kurumlar",
    )


class PlanImportForm(forms.Form):
    file = forms.FileField(label="Plan dosyası (.yaml, .json, .xlsx)")
    dry_run = forms.BooleanField(
        label="Yalnız dene (dosya denetlenir, hiçbir şey yazılmaz)", required=False, initial=True
    )
    replace = forms.BooleanField(
        label="Aynı kısa adlı plan varsa yerinde güncelle (değerler ve geçmişi korunur)",
        required=False,
    )
    archive_removed = forms.BooleanField(
        label="Belgede olmayan ama verisi olan faaliyet ve göstergeleri arşivle",
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.PLAN_UPLOAD_MAX_BYTES:
            raise forms.ValidationError("Dosya 5 MB'tan büyük olamaz.")
        return upload
