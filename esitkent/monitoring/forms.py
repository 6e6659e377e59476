from django import forms

from esitkent.orgs.models import Organisation

from . import domain
from .models import ActivityReport, IndicatorDefinition


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Gerekçe", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class PeriodForm(forms.Form):
    code = forms.CharField(label="Dönem kodu (ör. 2024, 2024S1, 2024Q1)", max_length=12)
    deadline = forms.DateField(label="Son gün (GG.AA.YYYY)", input_formats=["%d.%m.%Y", "%Y-%m-%d"])
    grace_days = forms.IntegerField(label="Ek süre (gün)", min_value=0, max_value=90, initial=15)


class ReopenForm(ReasonForm):
    until = forms.DateField(
        label="Yeni son gün (GG.AA.YYYY)", input_formats=["%d.%m.%Y", "%Y-%m-%d"]
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(label="Kanıt dosyası (PDF, JPEG, PNG; en çok 10 MB)")


STATUS_CHOICES = ActivityReport.Status.choices


class DefinitionForm(forms.Form):
    measure_type = forms.ChoiceField(label="Ölçü türü")
    unit = forms.CharField(label="Birim", max_length=40, required=False)
    aggregation = forms.ChoiceField(label="Birleştirme")
    direction = forms.ChoiceField(label="Yön")
    dimensions = forms.MultipleChoiceField(
        label="Kırılımlar", required=False, widget=forms.CheckboxSelectMultiple
    )
    periodicity = forms.ChoiceField(label="Sıklık")
    data_source = forms.CharField(label="Veri kaynağı", max_length=300, required=False)
    baseline_value = forms.DecimalField(
        label="Başlangıç değeri", required=False, max_digits=18, decimal_places=4
    )
    baseline_year = forms.IntegerField(
        label="Başlangıç yılı", required=False, min_value=1900, max_value=2100
    )
    targets = forms.CharField(
        label="Yıllık hedefler (ör. 2023=40; 2024=60)", required=False, max_length=500
    )
    organisations = forms.ModelMultipleChoiceField(
        label="Raporlayan birimler", queryset=None, widget=forms.SelectMultiple(attrs={"size": 8})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = IndicatorDefinition._meta.get_field
        for name in ("measure_type", "aggregation", "direction", "periodicity"):
            self.fields[name].choices = field(name).choices
        self.fields["dimensions"].choices = [
            (d, domain.DIMENSION_LABELS[d]) for d in domain.DIMENSION_ORDER
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
    file = forms.FileField(label="Değer dosyası (.csv, .json, .xml, .xlsx)")
    dry_run = forms.BooleanField(
        label="Yalnız dene (hiçbir şey yazılmaz)", required=False, initial=True
    )
    id_scheme = forms.ChoiceField(
        label="Tanımlayıcılar",
        choices=[
            ("code", "Kod (EşitKent kodları ya da eşlemedeki kodlar)"),
            ("uid", "DHIS2 UID (eşlemedeki UID'ler)"),
            ("name", "Ad"),
        ],
        initial="code",
        required=False,
    )
    decimal = forms.ChoiceField(
        label="Ondalık ayırıcı",
        choices=[
            (
                "auto",
                "Dosyadan: virgülle ayrılmış CSV, JSON, XML nokta; noktalı virgüllü CSV virgül",
            ),
            ("point", "Nokta (12.5)"),
            ("comma", "Virgül (12,5)"),
        ],
        initial="auto",
        required=False,
    )
    encoding = forms.ChoiceField(
        label="Karakter kodlaması",
        choices=[("auto", "UTF-8 (önerilen)"), ("windows-1254", "Windows-1254 (Türkçe Windows)")],
        initial="auto",
        required=False,
    )


class ExternalIdsForm(forms.Form):
    file = forms.FileField(label="Eşleme dosyası (.csv)")
    replace = forms.BooleanField(
        label="Bu planın bütün eşlemesini dosyadakiyle değiştir", required=False
    )
