"""Case records of the counselling centres: the most sensitive data the city holds.

Nothing outside this app imports this module (ARCHITECTURE.md): other apps get numbers from
`cases.statistics_selectors.anonymised_counts`, and every case query starts from
`cases.selectors.visible_cases(user)`. Identity, contact and narrative fields are Fernet
ciphertext in the database (core.crypto); the national ID is found through a keyed blind index.
"""

from django.conf import settings
from django.db import models

from esitkent.centres.models import Centre
from esitkent.core.crypto import EncryptedTextField
from esitkent.core.models import EvidenceFile
from esitkent.orgs.models import District

from . import domain


def _choices(catalogue: dict[str, str]) -> list[tuple[str, str]]:
    return list(catalogue.items())


class Case(models.Model):
    """One woman's record at one centre (the record owner). No name is needed: staff and
    lists use the survivor code."""

    class Status(models.TextChoices):
        OPEN = "open", "Açık"
        CLOSED = "closed", "Kapalı"

    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="cases")
    survivor_code = models.CharField("başvuru kodu", max_length=16, unique=True)
    applied_on = models.DateField("başvuru tarihi")
    channel = models.CharField("başvuru yolu", max_length=20, choices=_choices(domain.CHANNELS))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    # Identity and contact: optional, encrypted, hidden everywhere when the address is
    # confidential (Law 6284 art. 8).
    name = EncryptedTextField("ad soyad", blank=True)
    national_id = EncryptedTextField("T.C. kimlik no", blank=True)
    national_id_index = models.CharField(max_length=40, blank=True, db_index=True)
    phone = EncryptedTextField("telefon", blank=True)
    address = EncryptedTextField("adres", blank=True)
    safe_contact = EncryptedTextField("güvenli arama zamanı ve yolu", blank=True)
    confidential_address = models.BooleanField("adres gizli", default=False)

    # Demographics as bands only.
    age_band = models.CharField(max_length=10, choices=_choices(domain.AGE_BANDS))
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    education = models.CharField(max_length=12, choices=_choices(domain.EDUCATION))
    employment = models.CharField(max_length=20, choices=_choices(domain.EMPLOYMENT))
    marital_status = models.CharField(max_length=16, choices=_choices(domain.MARITAL_STATUS))
    children = models.CharField(max_length=8, choices=_choices(domain.CHILDREN))
    disability = models.CharField(max_length=8, choices=_choices(domain.DISABILITY))
    nationality = models.CharField(max_length=26, choices=_choices(domain.NATIONALITY))

    # The current consent, kept in step with the Consent history by the services.
    referral_consent = models.BooleanField(default=False)
    statistics_consent = models.BooleanField(default=False)

    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(
        max_length=16, blank=True, choices=_choices(domain.CLOSURE_REASONS)
    )
    closure_note = EncryptedTextField(blank=True)
    retention_until = models.DateField(null=True, blank=True)

    is_sample = models.BooleanField("örnek veri", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-applied_on", "-id"]
        indexes = [
            models.Index(fields=["centre", "status", "-applied_on"], name="case_centre_list"),
            models.Index(fields=["centre", "-applied_on", "-id"], name="case_centre_newest"),
            models.Index(fields=["applied_on", "statistics_consent"], name="case_month"),
        ]

    def __str__(self):
        return self.survivor_code


class Consent(models.Model):
    """One consent decision, never edited: a withdrawal is a new row. GBVIMS asks two
    questions apart: sharing with named services (referral) and anonymous statistics."""

    class Kind(models.TextChoices):
        REFERRAL = "referral", "Yönlendirme için bilgi paylaşımı"
        STATISTICS = "statistics", "Anonim istatistiklere katılma"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    granted = models.BooleanField()
    services = models.JSONField("paylaşılabilecek hizmetler", default=list, blank=True)
    version = models.CharField("onam metni sürümü", max_length=12)
    given_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "kind", "-recorded_at", "-id"]

    def __str__(self):
        return f"{self.case_id} {self.kind} {self.granted}"


class Incident(models.Model):
    """One act of violence against her; a case holds several. One survivor per incident."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="incidents")
    occurred_on = models.DateField("olay tarihi", null=True, blank=True)
    time_to_application = models.CharField(
        max_length=8, choices=_choices(domain.TIME_TO_APPLICATION)
    )
    forms = models.JSONField("şiddet biçimleri", default=list)
    classifier_answers = models.JSONField(default=dict)
    core_type = models.CharField(max_length=20, choices=_choices(domain.CORE_TYPES))
    perpetrator_relationship = models.CharField(
        max_length=16, choices=_choices(domain.PERPETRATOR_RELATIONSHIPS)
    )
    perpetrator_count = models.PositiveSmallIntegerField(default=1)
    narrative = EncryptedTextField("anlatım", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "created_at", "id"]

    def __str__(self):
        return f"{self.case_id}: {self.core_type}"


class RiskAssessment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="risk_assessments")
    assessed_on = models.DateField()
    factors = models.JSONField(default=list)
    level = models.CharField(max_length=8, choices=_choices(domain.RISK_LEVELS))
    safety_plan = EncryptedTextField("güvenlik planı", blank=True)
    next_review_on = models.DateField()
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "-assessed_on", "-id"]

    def __str__(self):
        return f"{self.case_id}: {self.level}"


class CaseService(models.Model):
    """A line of her service plan: one per service, with its latest status."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="services")
    service = models.CharField(max_length=16, choices=_choices(domain.SERVICES))
    status = models.CharField(max_length=14, choices=_choices(domain.SERVICE_STATUSES))
    reason_not_provided = models.CharField(
        max_length=20, blank=True, choices=_choices(domain.NOT_PROVIDED_REASONS)
    )
    provided_on = models.DateField(null=True, blank=True)
    note = EncryptedTextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["case", "service"]
        constraints = [
            models.UniqueConstraint(fields=["case", "service"], name="case_service_once")
        ]

    def __str__(self):
        return f"{self.case_id}: {self.service} {self.status}"


class ProtectiveMeasure(models.Model):
    """A Law 6284 protective or preventive measure, tracked to its end date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="measures")
    measure = models.CharField(max_length=24, choices=_choices(domain.MEASURES))
    authority = models.CharField(max_length=10, choices=_choices(domain.MEASURE_AUTHORITIES))
    starts_on = models.DateField()
    duration_days = models.PositiveSmallIntegerField()
    ends_on = models.DateField()
    extends = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="extensions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "ends_on"]
        indexes = [models.Index(fields=["ends_on"], name="measure_ends_on")]

    def __str__(self):
        return f"{self.case_id}: {self.measure} → {self.ends_on}"


class Referral(models.Model):
    """A referral (the receiving centre serves her and sees the granted sections) or a
    transfer (accepted, it moves the record to the receiving centre)."""

    class Kind(models.TextChoices):
        REFERRAL = "referral", "Yönlendirme"
        TRANSFER = "transfer", "Devir"

    class Status(models.TextChoices):
        PENDING = "pending", "Yanıt bekliyor"
        ACCEPTED = "accepted", "Kabul edildi"
        REJECTED = "rejected", "Reddedildi"
        DONE = "done", "Tamamlandı"
        REVOKED = "revoked", "Geri alındı"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.REFERRAL)
    from_centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="+")
    to_centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="+")
    service = models.CharField(max_length=16, blank=True, choices=_choices(domain.SERVICES))
    sections = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    note = models.CharField("not", max_length=500, blank=True)
    response_note = models.CharField("yanıt notu", max_length=500, blank=True)
    consent_override = models.BooleanField(default=False)
    override_reason = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["to_centre", "status"], name="referral_inbox")]

    def __str__(self):
        return f"{self.case_id}: {self.kind} → {self.to_centre_id} ({self.status})"


class FollowUp(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    happened_on = models.DateField()
    kind = models.CharField(max_length=14, choices=_choices(domain.FOLLOW_UP_KINDS))
    note = EncryptedTextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "-happened_on", "-id"]

    def __str__(self):
        return f"{self.case_id}: {self.kind} {self.happened_on}"


class CaseAttachment(EvidenceFile):
    """A document on the record. The file itself is encrypted in the database (base64 inside
    the Fernet token), so it is covered by backups' encryption and by key rotation alike."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    content = EncryptedTextField()

    class Meta:
        ordering = ["case", "-uploaded_at"]


class SupportLineCall(models.Model):
    """A support-line call with no identity at all; it can become a case."""

    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField()
    caller_type = models.CharField(max_length=14, choices=_choices(domain.CALLER_TYPES))
    forms = models.JSONField(default=list, blank=True)
    age_band = models.CharField(max_length=10, choices=_choices(domain.AGE_BANDS))
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=14, choices=_choices(domain.CALL_OUTCOMES))
    case = models.OneToOneField(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="call"
    )
    is_sample = models.BooleanField(default=False)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self):
        return f"{self.centre_id}: {self.received_at:%Y-%m-%d %H:%M}"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Erişim kaydı değiştirilemez.")

    def delete(self):
        raise PermissionError("Erişim kaydı silinemez.")


class AccessLogEntry(models.Model):
    """Who did what to which record, when and why. Append-only: the model refuses updates
    and deletes, and the database refuses them too (triggers, migration 0002). It holds no
    sensitive value: the record by its code, never a name, a number searched for or a note."""

    class Action(models.TextChoices):
        LIST = "list", "Liste"
        SEARCH = "search", "Arama"
        VIEW = "view", "Görüntüleme"
        CREATE = "create", "Kayıt"
        UPDATE = "update", "Güncelleme"
        REVEAL = "reveal", "Gizli iletişim bilgisini görüntüleme"
        REFER = "refer", "Yönlendirme"
        RESPOND = "respond", "Yönlendirmeye yanıt"
        OVERRIDE = "override", "Onam olmadan yönlendirme (yönetici)"
        ATTACHMENT = "attachment", "Ek dosya"
        EXPORT = "export", "Dışa aktarma"
        DENIED = "denied", "Erişim reddedildi"
        PURGE = "purge", "Saklama süresi dolan kayıtların silinmesi"
        STATISTICS = "statistics", "İstatistik"

    # Plain values, no foreign keys: deleting a user or a (sample) centre must not have to
    # rewrite the log, which the database would refuse.
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user_ref = models.PositiveIntegerField(null=True, db_index=True)
    username = models.CharField(max_length=150, blank=True)
    centre_code = models.CharField(max_length=60, blank=True, db_index=True)
    action = models.CharField(max_length=12, choices=Action.choices)
    case_code = models.CharField(max_length=16, blank=True, db_index=True)
    detail = models.CharField(max_length=200, blank=True)
    reason = models.CharField(max_length=200, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.case_code}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Erişim kaydı değiştirilemez.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Erişim kaydı silinemez.")
