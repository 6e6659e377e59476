"""The counselling-centre network: centres and their profiles, the standards catalogue,
assessments against it and the network's own trainings and meetings. Nothing about a woman
who applies to a centre lives here (that is the cases app)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from esitkent.core.crypto import EncryptedTextField
from esitkent.core.models import DerivedFieldsModel, EvidenceFile, Provenance
from esitkent.core.reasons import gettext_noop
from esitkent.core.turkish import tr_sort_string
from esitkent.orgs.models import District, Organisation
from esitkent.plans.models import Activity

from . import domain


class Centre(DerivedFieldsModel):
    class Kind(models.TextChoices):
        COUNSELLING = "kdm", _("Kadın danışma merkezi")
        SHELTER = "shelter", _("Kadın sığınmaevi / konukevi")
        INTEGRATED = "integrated", _("Bütüncül kadın hizmet merkezi")
        PARTNER = "partner", _("Dış paydaş (ŞÖNİM vb.)")

    class Operator(models.TextChoices):
        METROPOLITAN = "metropolitan", _("Büyükşehir belediyesi")
        DISTRICT = "district_municipality", _("İlçe belediyesi")
        NGO = "ngo", _("Sivil toplum kuruluşu")
        MINISTRY = "ministry", _("Bakanlık")

    # The centre is an organisation, so its staff are ordinary memberships of it.
    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="centre", verbose_name="kurum"
    )
    code = models.SlugField("kod", max_length=80, unique=True)
    kind = models.CharField("tür", max_length=20, choices=Kind.choices)
    operator_type = models.CharField("işletici türü", max_length=30, choices=Operator.choices)
    operator = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="operated_centres",
        verbose_name="işletici kurum",
    )
    # Empty where no seed prints it. A shelter's district is confidential like its address.
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="centres",
        verbose_name="ilçe",
    )
    # Public contact. A shelter's address is never here: see ShelterAddress.
    address = models.TextField("adres", blank=True)
    phone = models.CharField("telefon", max_length=40, blank=True)
    email = models.EmailField("e-posta", blank=True)
    opening_hours = models.CharField("çalışma saatleri", max_length=200, blank=True)
    services = models.JSONField("sunulan hizmetler", default=list, blank=True)
    conditions = models.JSONField("fiziki koşullar", default=dict, blank=True)
    shelter_places = models.PositiveSmallIntegerField("sığınma kapasitesi (kişi)", null=True)
    opened_year = models.PositiveSmallIntegerField("açılış yılı", null=True, blank=True)
    provenance = models.CharField(
        "kaynak türü", max_length=12, choices=Provenance.choices, default=Provenance.SAMPLE
    )
    source = models.TextField("kaynak", blank=True)
    note = models.TextField("not", blank=True)
    # The seeds name centres but describe none: services, staff, conditions, hours and
    # contact are sample data on every shipped centre until a manager replaces them.
    profile_is_sample = models.BooleanField("profil örnek veri", default=False)
    profile_updated_at = models.DateTimeField(null=True, blank=True)
    sort_key = models.CharField(max_length=400, editable=False, default="")

    class Meta:
        ordering = ["sort_key"]
        verbose_name = "merkez"
        verbose_name_plural = "merkezler"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="shelter") | models.Q(address=""),
                name="shelter_address_never_public",
            )
        ]

    def __str__(self):
        return self.organisation.name

    DERIVED = ("sort_key",)

    def derive(self):
        self.sort_key = tr_sort_string(self.organisation.name)

    @property
    def name(self) -> str:
        return self.organisation.name

    @property
    def is_sample(self) -> bool:
        return self.provenance == Provenance.SAMPLE

    @property
    def is_shelter(self) -> bool:
        return self.kind == self.Kind.SHELTER


class PrintedFigure(models.Model):
    """A number a seed prints about the network or one centre, kept as printed with its source
    so the needs analysis can set the registry beside it."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, null=True, blank=True, related_name="figures"
    )
    label = models.CharField("ne", max_length=200)
    period = models.CharField("dönem", max_length=20)
    value = models.PositiveIntegerField("değer")
    unit = models.CharField("birim", max_length=40)
    source = models.TextField("kaynak")
    # Centre fields whose rows count the same thing ({"kind": "kdm"}); empty if none do.
    registry = models.JSONField("kayıtta karşılığı", default=dict, blank=True)

    class Meta:
        ordering = ["centre", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "label", "period"], name="printed_figure_once"
            )
        ]

    def __str__(self):
        return f"{self.label} ({self.period}): {self.value}"


class ShelterAddress(models.Model):
    """A shelter's address, encrypted at rest and kept out of the centre row so that no
    listing, export or serializer of centres can carry it by accident."""

    centre = models.OneToOneField(Centre, on_delete=models.CASCADE, related_name="+")
    address = EncryptedTextField("adres (gizli)")
    is_sample = models.BooleanField("örnek veri", default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    def __str__(self):
        return "gizli adres"

    def __repr__(self):
        return f"<ShelterAddress centre={self.centre_id}>"


class StaffPosition(models.Model):
    """How many people of one profession a centre has, and their qualifications; no names."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="staff")
    role = models.CharField("meslek", max_length=30, choices=list(domain.STAFF_ROLES.items()))
    count = models.PositiveSmallIntegerField("kişi sayısı")
    qualifications = models.TextField("nitelikler ve eğitimler", blank=True)
    is_sample = models.BooleanField("örnek veri", default=False)

    class Meta:
        ordering = ["centre", "role"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "role"], name="staff_role_once_per_centre")
        ]

    def __str__(self):
        return f"{self.centre} · {self.get_role_display()}: {self.count}"


# --- Standards -----------------------------------------------------------------------------------


class StandardsVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Taslak"
        PUBLISHED = "published", "Yürürlükte"
        RETIRED = "retired", "Yürürlükten kalktı"

    number = models.PositiveSmallIntegerField("sürüm", unique=True)
    title = models.CharField("başlık", max_length=200)
    valid_from = models.DateField("geçerlilik başlangıcı", null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    source = models.TextField("kaynak", blank=True)
    note = models.TextField("not", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status="published"),
                name="one_published_standards_version",
            )
        ]

    def __str__(self):
        return f"{self.title} (sürüm {self.number})"


class StandardSection(models.Model):
    version = models.ForeignKey(StandardsVersion, on_delete=models.CASCADE, related_name="sections")
    code = models.SlugField("kod", max_length=40)
    title = models.CharField("başlık", max_length=200)
    title_en = models.CharField("başlık (İngilizce)", max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="section_code_once")
        ]

    def __str__(self):
        return self.title


class StandardItem(models.Model):
    section = models.ForeignKey(StandardSection, on_delete=models.CASCADE, related_name="items")
    code = models.CharField("kod", max_length=20)
    text = models.TextField("standart")
    description = models.TextField("açıklama", blank=True)
    evidence = models.TextField("beklenen kanıt", blank=True)
    source = models.TextField("kaynak", blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["section__position", "position"]
        constraints = [models.UniqueConstraint(fields=["section", "code"], name="item_code_once")]

    def __str__(self):
        return f"{self.code} {self.text[:60]}"


# --- Assessments ---------------------------------------------------------------------------------


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Öz değerlendirme sürüyor"
        SUBMITTED = "submitted", "Doğrulama bekliyor"
        VERIFIED = "verified", "Doğrulandı"

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="assessments")
    # PROTECT: a version with assessments can be retired but never deleted or rewritten.
    version = models.ForeignKey(StandardsVersion, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("yıl")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    # No stored score: percentages are derived from the answers (selectors.with_scores).
    is_sample = models.BooleanField("örnek veri", default=False)

    class Meta:
        ordering = ["centre", "-year", "-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "year"], name="one_assessment_a_year")
        ]

    def __str__(self):
        return f"{self.centre} · {self.year}"


class AssessmentAnswer(models.Model):
    RATINGS = list(domain.RATINGS.items())

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(StandardItem, on_delete=models.PROTECT, related_name="+")
    self_rating = models.CharField("öz değerlendirme", max_length=10, choices=RATINGS, blank=True)
    self_note = models.TextField("merkezin açıklaması", blank=True)
    verified_rating = models.CharField(
        "koordinatörün değerlendirmesi", max_length=10, choices=RATINGS, blank=True
    )
    verify_reason = models.TextField("değişiklik gerekçesi", blank=True)

    class Meta:
        ordering = ["item__section__position", "item__position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="answer_once_per_item")
        ]

    def __str__(self):
        return f"{self.assessment} · {self.item.code}"

    @property
    def rating(self) -> str:
        return domain.final_rating(self.self_rating, self.verified_rating)


class AssessmentEvidence(EvidenceFile):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    item = models.ForeignKey(StandardItem, on_delete=models.PROTECT, null=True, related_name="+")
    file = models.FileField(upload_to="centre-evidence/%Y/%m/")


class AssessmentEvent(models.Model):
    """The assessment's history: who started, changed, submitted, verified, and why."""

    class Action(models.TextChoices):
        STARTED = "started", gettext_noop("Başlatıldı")
        SAVED = "saved", gettext_noop("Kaydedildi")
        SUBMITTED = "submitted", gettext_noop("Doğrulamaya gönderildi")
        RETURNED = "returned", gettext_noop("Geri gönderildi")
        VERIFIED = "verified", gettext_noop("Doğrulandı")
        EVIDENCE = "evidence", gettext_noop("Kanıt eklendi")
        ACTION = "action", gettext_noop("İyileştirme eylemi güncellendi")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30, choices=Action.choices)
    detail = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.assessment} · {self.action}"


class ImprovementAction(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Açık"
        IN_PROGRESS = "in_progress", "Sürüyor"
        DONE = "done", "Tamamlandı"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="actions")
    item = models.ForeignKey(StandardItem, on_delete=models.PROTECT, related_name="+")
    action = models.TextField("yapılacak")
    owner = models.CharField("sorumlu", max_length=200, blank=True)
    deadline = models.DateField("son tarih", null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["assessment", "item__section__position", "item__position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="action_once_per_item")
        ]

    def __str__(self):
        return f"{self.assessment} · {self.item.code}: {self.get_status_display()}"


# --- Network activity ----------------------------------------------------------------------------


class NetworkEvent(models.Model):
    """A training for centre staff or an experience-sharing meeting of the network."""

    class Kind(models.TextChoices):
        TRAINING = "training", "Personel eğitimi"
        SHARING = "sharing", "Deneyim paylaşım toplantısı"

    kind = models.CharField("tür", max_length=12, choices=Kind.choices)
    title = models.CharField("başlık", max_length=250)
    year = models.PositiveSmallIntegerField("yıl")
    # A seed may print the year only (seed 002's trainings): then there is no date.
    held_on = models.DateField("tarih", null=True, blank=True)
    # Which plan activity it serves (1.1.2 trainings, 1.1.4 meetings in İzmir's plan).
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="+", verbose_name="plan faaliyeti"
    )
    provenance = models.CharField(max_length=12, choices=Provenance.choices)
    source = models.TextField("kaynak", blank=True)
    note = models.TextField("not", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-year", "-held_on", "title"]

    def __str__(self):
        return self.title

    @property
    def participant_total(self) -> int:
        return sum(p.total for p in self.participants.all())


class EventParticipation(models.Model):
    event = models.ForeignKey(NetworkEvent, on_delete=models.CASCADE, related_name="participants")
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="+")
    women = models.PositiveSmallIntegerField("kadın", default=0)
    men = models.PositiveSmallIntegerField("erkek", default=0)
    is_sample = models.BooleanField("örnek veri", default=False)

    class Meta:
        ordering = ["event", "centre__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["event", "centre"], name="participation_once")
        ]

    def __str__(self):
        return f"{self.event} · {self.centre}"

    @property
    def total(self) -> int:
        return self.women + self.men
