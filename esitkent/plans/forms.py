from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from esitkent.core.terms import TERM_LABELS
from esitkent.orgs.models import Organisation

# The labels in the reader's language; the term words' msgids come from the plan overview.
TERM_CHOICES = [
    ("", _("Tüm vadeler")),
    *((code, _(label)) for code, label in TERM_LABELS.items()),  # noqa: INT001
    ("none", _("Vadesiz")),
]


class ActivitySearchForm(forms.Form):
    q = forms.CharField(label=_("Ara"), required=False, max_length=200)
    term = forms.ChoiceField(label=_("Vade"), choices=TERM_CHOICES, required=False)
    org = forms.ModelChoiceField(
        label=_("Kurum"),
        queryset=Organisation.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("Tüm kurumlar"),
    )


class PlanImportForm(forms.Form):
    file = forms.FileField(label=_("Plan dosyası (.yaml, .json, .xlsx)"))
    dry_run = forms.BooleanField(
        label=_("Yalnız dene (dosya denetlenir, hiçbir şey yazılmaz)"), required=False, initial=True
    )
    replace = forms.BooleanField(
        label=_("Aynı kısa adlı plan varsa yerinde güncelle (değerler ve geçmişi korunur)"),
        required=False,
    )
    archive_removed = forms.BooleanField(
        label=_("Belgede olmayan ama verisi olan faaliyet ve göstergeleri arşivle"),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.PLAN_UPLOAD_MAX_BYTES:
            raise forms.ValidationError("Dosya 5 MB'tan büyük olamaz.")
        return upload
