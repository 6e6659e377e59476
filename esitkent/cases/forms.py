"""Forms parse what a caseworker typed; the services decide whether it may be written."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from esitkent.orgs.models import District

from . import domain


def _choices(catalogue: dict[str, str], blank: bool = False):
    options = [(code, _(label)) for code, label in catalogue.items()]
    return [("", "—")] + options if blank else options


def _many(catalogue, label, required=False):
    return forms.MultipleChoiceField(
        label=label,
        choices=_choices(catalogue),
        widget=forms.CheckboxSelectMultiple,
        required=required,
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _district_field():
    return forms.ModelChoiceField(
        label=_("İkamet ettiği ilçe"),
        queryset=District.objects.order_by("sort_key"),
        required=False,
        empty_label=_("Bilinmiyor / il dışı"),
        to_field_name="code",
    )


class ApplicationForm(forms.Form):
    """The intake: consent first, then what she chooses to tell. Every demographic question
    has 'unknown', so she may decline any of them."""

    applied_on = forms.DateField(label=_("Başvuru tarihi"), widget=DateInput())
    channel = forms.ChoiceField(label=_("Başvuru yolu"), choices=_choices(domain.CHANNELS))
    referral_consent = forms.BooleanField(
        label=_(
            "Yönlendirme onamı: bilgilerinin, yönlendirildiği hizmetlerle paylaşılmasına onay verdi"
        ),
        required=False,
    )
    referral_services = _many(
        domain.SERVICES, _("Onam yalnız şu hizmetler için (boş bırakılırsa tüm hizmetler)")
    )
    statistics_consent = forms.BooleanField(
        label=_("İstatistik onamı: kimliği belirlenemeyen toplam sayılara katılmasına onay verdi"),
        required=False,
    )
    age_band = forms.ChoiceField(label=_("Yaş grubu"), choices=_choices(domain.AGE_BANDS))
    district = _district_field()
    education = forms.ChoiceField(label=_("Eğitim durumu"), choices=_choices(domain.EDUCATION))
    employment = forms.ChoiceField(label=_("Çalışma durumu"), choices=_choices(domain.EMPLOYMENT))
    marital_status = forms.ChoiceField(
        label=_("Medeni durum"), choices=_choices(domain.MARITAL_STATUS)
    )
    children = forms.ChoiceField(label=_("Çocuk sayısı"), choices=_choices(domain.CHILDREN))
    disability = forms.ChoiceField(label=_("Engellilik"), choices=_choices(domain.DISABILITY))
    nationality = forms.ChoiceField(label=_("Uyruk / statü"), choices=_choices(domain.NATIONALITY))
    confidential_address = forms.BooleanField(
        label=_("Adresi gizli (6284 m. 8): iletişim bilgileri her yerde gizlenir"), required=False
    )
    name = forms.CharField(label=_("Ad soyad (isteğe bağlı)"), required=False, max_length=200)
    national_id = forms.CharField(
        label=_("T.C. kimlik no (isteğe bağlı)"), required=False, max_length=20
    )
    phone = forms.CharField(label=_("Telefon (isteğe bağlı)"), required=False, max_length=40)
    address = forms.CharField(
        label=_("Adres (isteğe bağlı)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    safe_contact = forms.CharField(
        label=_("Güvenle aranabileceği zaman ve yol; sesli mesaj / SMS güvenli mi?"),
        required=False,
        max_length=300,
    )

    DEMOGRAPHIC_FIELDS = (
        "age_band",
        "education",
        "employment",
        "marital_status",
        "children",
        "disability",
        "nationality",
    )
    IDENTITY_FIELDS = domain.IDENTITY_FIELDS

    def __init__(self, *args, centres=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applied_on"].initial = timezone.localdate()
        for field in self.DEMOGRAPHIC_FIELDS:
            self.fields[field].initial = "unknown"
        for field in self.IDENTITY_FIELDS:
            self.fields[field].widget.attrs["autocomplete"] = "off"
        # She chooses the centre only when she works at more than one.
        self.centres = list(centres)
        if len(self.centres) > 1:
            self.fields["centre"] = forms.ChoiceField(
                label=_("Merkez"), choices=[(c.code, c.name) for c in self.centres]
            )

    def centre(self):
        if len(self.centres) <= 1:
            return self.centres[0]
        return next(c for c in self.centres if c.code == self.cleaned_data["centre"])

    def application(self) -> dict:
        data = self.cleaned_data
        return {
            "applied_on": data["applied_on"],
            "demographics": {f: data[f] for f in self.DEMOGRAPHIC_FIELDS},
            "district": data["district"],
            "identity": {f: data[f] for f in self.IDENTITY_FIELDS},
            "confidential_address": data["confidential_address"],
            "referral_consent": data["referral_consent"],
            "referral_services": data["referral_services"],
            "statistics_consent": data["statistics_consent"],
        }


class IdentityForm(forms.Form):
    confidential_address = ApplicationForm.base_fields["confidential_address"]
    name = ApplicationForm.base_fields["name"]
    national_id = ApplicationForm.base_fields["national_id"]
    phone = ApplicationForm.base_fields["phone"]
    address = ApplicationForm.base_fields["address"]
    safe_contact = ApplicationForm.base_fields["safe_contact"]


class IncidentForm(forms.Form):
    occurred_on = forms.DateField(
        label=_("Olay tarihi (biliniyorsa)"), required=False, widget=DateInput()
    )
    forms_ = _many(domain.VIOLENCE_FORMS, _("Şiddet biçimleri"), required=True)
    relationship = forms.ChoiceField(
        label=_("Şiddet uygulayanın yakınlığı"), choices=_choices(domain.PERPETRATOR_RELATIONSHIPS)
    )
    perpetrator_count = forms.IntegerField(
        label=_("Şiddet uygulayan kişi sayısı"), min_value=1, max_value=20, initial=1
    )
    narrative = forms.CharField(
        label=_("Kısa anlatım (şifreli saklanır)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forms"] = self.fields.pop("forms_")
        # The GBVIMS classifier's questions, asked in order; each a yes/no about the act.
        for key, question, _kind in domain.CLASSIFIER_QUESTIONS:
            self.fields[f"q_{key}"] = forms.BooleanField(label=_(question), required=False)
        self.order_fields(["occurred_on", "forms", "relationship", "perpetrator_count"])

    def answers(self) -> dict[str, bool]:
        return {key: self.cleaned_data[f"q_{key}"] for key in domain.CLASSIFIER_KEYS}


class RiskForm(forms.Form):
    assessed_on = forms.DateField(label=_("Değerlendirme tarihi"), widget=DateInput())
    factors = forms.MultipleChoiceField(
        label=_("Risk etkenleri (evet olanları işaretleyin)"),
        choices=[(k, _(q)) for k, (q, _w) in domain.RISK_QUESTIONS.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    safety_plan = forms.CharField(
        label=_("Güvenlik planı (şifreli saklanır)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )
    next_review_on = forms.DateField(
        label=_("Sonraki gözden geçirme (boşsa risk düzeyine göre)"),
        required=False,
        widget=DateInput(),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessed_on"].initial = timezone.localdate()


class ServiceForm(forms.Form):
    service = forms.ChoiceField(label=_("Hizmet"), choices=_choices(domain.SERVICES))
    status = forms.ChoiceField(label=_("Durum"), choices=_choices(domain.SERVICE_STATUSES))
    reason_not_provided = forms.ChoiceField(
        label=_("Sağlanamadıysa nedeni"),
        choices=_choices(domain.NOT_PROVIDED_REASONS, blank=True),
        required=False,
    )
    provided_on = forms.DateField(label=_("Sağlandığı tarih"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Not (şifreli)"), required=False, max_length=1000)


class MeasureForm(forms.Form):
    measure = forms.ChoiceField(label=_("Tedbir"), choices=_choices(domain.MEASURES))
    authority = forms.ChoiceField(
        label=_("Kararı veren"), choices=_choices(domain.MEASURE_AUTHORITIES)
    )
    starts_on = forms.DateField(label=_("Başlangıç"), widget=DateInput())
    duration_days = forms.IntegerField(
        label=_("Süre (gün, en çok 183)"),
        min_value=1,
        max_value=domain.MAX_FIRST_DURATION_DAYS,
        initial=180,
    )


class ConsentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Onam"),
        choices=[
            ("referral", _("Yönlendirme için bilgi paylaşımı")),
            ("statistics", _("Anonim istatistiklere katılma")),
        ],
    )
    granted = forms.TypedChoiceField(
        label=_("Karar"),
        choices=[("1", _("Onay verdi")), ("0", _("Onayını geri çekti / vermedi"))],
        coerce=lambda v: v == "1",
    )
    services = _many(domain.SERVICES, _("Yönlendirme onamı yalnız şu hizmetler için"))


class ReferralForm(forms.Form):
    to_centre = forms.ChoiceField(label=_("Alıcı merkez"))
    kind = forms.ChoiceField(
        label=_("Tür"),
        choices=[
            ("referral", _("Yönlendirme (kayıt bizde kalır)")),
            ("transfer", _("Devir (kabul edilince kayıt alıcıya geçer)")),
        ],
    )
    service = forms.ChoiceField(
        label=_("Hizmet"), choices=_choices(domain.SERVICES, blank=True), required=False
    )
    sections = forms.MultipleChoiceField(
        label=_("Alıcının görebileceği bölümler (özet her zaman paylaşılır)"),
        choices=[(k, _(v)) for k, v in domain.SECTIONS.items() if k not in domain.ALWAYS_SHARED],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = forms.CharField(
        label=_("Not (alıcı görür; kimlik yazmayın)"), required=False, max_length=500
    )
    override_reason = forms.CharField(
        label=_("Onam yoksa: merkez sorumlusunun gerekçesi (kayda geçer)"),
        required=False,
        max_length=500,
    )

    def __init__(self, *args, centres=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_centre"].choices = [(c.code, c.name) for c in centres]


class FollowUpForm(forms.Form):
    happened_on = forms.DateField(label=_("Tarih"), widget=DateInput())
    kind = forms.ChoiceField(label=_("İzlem türü"), choices=_choices(domain.FOLLOW_UP_KINDS))
    note = forms.CharField(
        label=_("Not (şifreli)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["happened_on"].initial = timezone.localdate()


class CloseForm(forms.Form):
    closed_on = forms.DateField(label=_("Kapanış tarihi"), widget=DateInput())
    reason = forms.ChoiceField(label=_("Kapanış nedeni"), choices=_choices(domain.CLOSURE_REASONS))
    note = forms.CharField(label=_("Not (şifreli)"), required=False, max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].initial = timezone.localdate()


class CallForm(forms.Form):
    received_at = forms.DateTimeField(
        label=_("Arama zamanı"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    caller_type = forms.ChoiceField(label=_("Arayan"), choices=_choices(domain.CALLER_TYPES))
    forms_ = _many(domain.VIOLENCE_FORMS, _("Sözü edilen şiddet biçimleri"))
    age_band = forms.ChoiceField(label=_("Yaş grubu"), choices=_choices(domain.AGE_BANDS))
    district = _district_field()
    outcome = forms.ChoiceField(
        label=_("Sonuç"),
        choices=[(k, _(v)) for k, v in domain.CALL_OUTCOMES.items() if k != "case_opened"],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forms"] = self.fields.pop("forms_")
        self.order_fields(["received_at", "caller_type", "forms"])
        self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["age_band"].initial = "unknown"


class ExportForm(forms.Form):
    password = forms.CharField(
        label=_("Dosya parolası (en az 12 karakter; dosyayla aynı yoldan göndermeyin)"),
        min_length=12,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    reason = forms.CharField(label=_("Neden dışa aktarıyorsunuz? (kayda geçer)"), max_length=200)


class RevealForm(forms.Form):
    reason = forms.CharField(label=_("Gizli iletişim bilgisini neden açıyorsunuz?"), max_length=200)


class NationalIdSearchForm(forms.Form):
    national_id = forms.CharField(label=_("T.C. kimlik no"), max_length=20)
