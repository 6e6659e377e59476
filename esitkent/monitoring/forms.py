from django import forms
from django.utils.translation import gettext_lazy as _

from esitkent.core import value_breakdowns
from esitkent.orgs.models import Organisation

from . import domain
from .models import ActivityReport, IndicatorDefinition


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Gerekçe"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class PeriodForm(forms.Form):
    code = forms.CharField(label=_("Dönem kodu (ör. 2024, 2024S1, 2024Q1)"), max_length=12)
    deadline = forms.DateField(
        label=_("Son gün (GG.AA.YYYY)"), input_formats=["%d.%m.%Y", "%Y-%m-%d"]
    )
    grace_days = forms.IntegerField(label=_("Ek süre (gün)"), min_value=0, max_value=90, initial=15)


class ReopenForm(ReasonForm):
    until = forms.DateField(
        label=_("Yeni son gün (GG.AA.YYYY)"), input_formats=["%d.%m.%Y", "%Y-%m-%d"]
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Kanıt dosyası (PDF, JPEG, PNG; en çok 10 MB)"))


STATUS_CHOICES = ActivityReport.Status.choices


class DefinitionForm(forms.Form):
    measure_type = forms.ChoiceField(label=_("Ölçü türü"))
    unit = forms.CharField(label=_("Birim"), max_length=40, required=False)
    aggregation = forms.ChoiceField(label=_("Birleştirme"))
    direction = forms.ChoiceField(label=_("Yön"))
    dimensions = forms.MultipleChoiceField(
        label=_("Kırılımlar"), required=False, widget=forms.CheckboxSelectMultiple
    )
    periodicity = forms.ChoiceField(label=_("Sıklık"))
    data_source = forms.CharField(label=_("Veri kaynağı"), max_length=300, required=False)
    baseline_value = forms.DecimalField(
        label=_("Başlangıç değeri"), required=False, max_digits=18, decimal_places=4
    )
    baseline_year = forms.IntegerField(
        label=_("Başlangıç yılı"), required=False, min_value=1900, max_value=2100
    )
    targets = forms.CharField(
        label=_("Yıllık hedefler (ör. 2023=40; 2024=60)"), required=False, max_length=500
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Raporlayan birimler"),
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = IndicatorDefinition._meta.get_field
        for name in ("measure_type", "aggregation", "direction", "periodicity"):
            self.fields[name].choices = field(name).choices
        self.fields["dimensions"].choices = [
            (d, _(value_breakdowns.DIMENSION_LABELS[d])) for d in value_breakdowns.DIMENSION_ORDER
        ]
        self.fields["organisations"].queryset = Organisation.objects.all()

    def clean_targets(self):
        out = {}
        for part in filter(None, (p.strip() for p in self.cleaned_data["targets"].split(";"))):
            year, sep, value = part.partition("=")
            try:
                year_number = int(year.strip())
                out[year_number] = domain.parse_number(value)
            except ValueError:
                raise forms.ValidationError(
                    f"“{part}” anlaşılamadı; yıl=değer biçiminde yazın"
                ) from None
            if not sep or not 1900 <= year_number <= 2100:
                raise forms.ValidationError(f"“{part}” anlaşılamadı; yıl=değer biçiminde yazın")
        return out


class ValuesImportForm(forms.Form):
    file = forms.FileField(label=_("Değer dosyası (.csv, .json, .xml, .xlsx)"))
    dry_run = forms.BooleanField(
        label=_("Yalnız dene (hiçbir şey yazılmaz)"), required=False, initial=True
    )
    id_scheme = forms.ChoiceField(
        label=_("Tanımlayıcılar"),
        choices=[
            ("code", _("Kod (EşitKent kodları ya da eşlemedeki kodlar)")),
            ("uid", _("DHIS2 UID (eşlemedeki UID'ler)")),
            ("name", _("Ad")),
        ],
        initial="code",
        required=False,
    )
    decimal = forms.ChoiceField(
        label=_("Ondalık ayırıcı"),
        choices=[
            (
                "auto",
                _("Dosyadan: virgülle ayrılmış CSV, JSON, XML nokta; noktalı virgüllü CSV virgül"),
            ),
            ("point", _("Nokta (12.5)")),
            ("comma", _("Virgül (12,5)")),
        ],
        initial="auto",
        required=False,
    )
    encoding = forms.ChoiceField(
        label=_("Karakter kodlaması"),
        choices=[
            ("auto", _("UTF-8 (önerilen)")),
            ("windows-1254", _("Windows-1254 (Türkçe Windows)")),
        ],
        initial="auto",
        required=False,
    )


class ExternalIdsForm(forms.Form):
    file = forms.FileField(label=_("Eşleme dosyası (.csv)"))
    replace = forms.BooleanField(
        label=_("Bu planın bütün eşlemesini dosyadakiyle değiştir"), required=False
    )
