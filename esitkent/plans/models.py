"""The plan tree: plan → thematic area → general goal → sub-goal → activity → indicator."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from esitkent.core.models import Provenance
from esitkent.core.terms import TERM_LABELS
from esitkent.orgs.models import Organisation, OrganisationGroup


class LiveManager(models.Manager):
    """Every ordinary read: what the plan holds now. Archived rows (removed from the plan in a
    revision while they held monitoring data) stay in the table with their values and history,
    and are read only through `all_objects`."""

    def get_queryset(self):
        return super().get_queryset().filter(archived_at__isnull=True)


class Archivable(models.Model):
    archived_at = models.DateTimeField("arşivlenme", null=True, blank=True, editable=False)

    objects = LiveManager()
    all_objects = models.Manager()  # noqa: DJ012 - two managers, not a field

    class Meta:
        abstract = True
        # Related objects reached through a foreign key are found whether archived or not:
        # an archived indicator's values still name it.
        base_manager_name = "all_objects"


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Taslak")
        APPROVED = "approved", _("Onaylı")
        ARCHIVED = "archived", _("Arşiv")

    slug = models.SlugField("kısa ad", max_length=80, unique=True)
    title = models.CharField("başlık", max_length=300)
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="plans", verbose_name="sahibi"
    )
    start_year = models.PositiveSmallIntegerField("başlangıç yılı")
    end_year = models.PositiveSmallIntegerField("bitiş yılı")
    version = models.PositiveSmallIntegerField("sürüm", default=1)
    status = models.CharField("durum", max_length=10, choices=Status.choices, default=Status.DRAFT)
    vision = models.TextField("vizyon", blank=True)
    source = models.TextField("kaynak", blank=True)
    provenance = models.CharField(
        max_length=12, choices=Provenance.choices, default=Provenance.MANUAL
    )
    # The office that coordinates the plan's monitoring (reviews, approves, manages periods);
    # distinct from the owner, whose many units report.
    coordinating_unit = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_plans",
        verbose_name="koordinatör birim",
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="içe aktaran",
    )
    imported_at = models.DateTimeField("içe aktarılma zamanı", auto_now_add=True)

    class Meta:
        ordering = ["-start_year", "slug"]
        verbose_name = "plan"
        verbose_name_plural = "planlar"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="plan_period_order"
            )
        ]

    def __str__(self):
        return self.title


class PlanPrinciple(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="principles")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    text = models.TextField()

    class Meta:
        ordering = ["plan", "position"]

    def __str__(self):
        return self.title


class PlanEvent(models.Model):
    """A dated step in the plan's life: council decisions, workshops, approval."""

    class Kind(models.TextChoices):
        COUNCIL_DECISION = "council_decision", _("Meclis kararı")
        WORKSHOP = "workshop", _("Çalıştay")
        APPROVAL = "approval", _("Onay")
        OTHER = "other", _("Diğer")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    date = models.DateField("tarih")
    number = models.CharField("karar no", max_length=40, blank=True)
    title = models.TextField("açıklama")
    source = models.TextField("kaynak", blank=True)

    class Meta:
        ordering = ["plan", "position"]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()} {self.number}".strip()


class Area(Archivable):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="areas")
    position = models.PositiveSmallIntegerField()
    code = models.SlugField(max_length=40)
    title_printed = models.CharField("başlık (basılı)", max_length=200)
    title = models.CharField("başlık", max_length=200)

    class Meta(Archivable.Meta):
        ordering = ["plan", "position"]
        verbose_name = "tematik alan"
        verbose_name_plural = "tematik alanlar"
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="area_code_unique")]

    def __str__(self):
        return self.title


class Goal(Archivable):
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField()
    code_printed = models.CharField(max_length=20)
    code = models.CharField(max_length=20)
    title = models.TextField()

    class Meta(Archivable.Meta):
        ordering = ["area", "position"]
        verbose_name = "genel hedef"
        verbose_name_plural = "genel hedefler"

    def __str__(self):
        return f"{self.code} {self.title}"


class SubGoal(Archivable):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="subgoals")
    position = models.PositiveSmallIntegerField()
    code_printed = models.CharField(max_length=20)
    code = models.CharField(max_length=20)
    title = models.TextField()
    title_variants = models.JSONField(default=list, blank=True)

    class Meta(Archivable.Meta):
        ordering = ["goal", "position"]
        verbose_name = "alt hedef"
        verbose_name_plural = "alt hedefler"

    def __str__(self):
        return f"{self.code} {self.title}"


class Activity(Archivable):
    class Term(models.TextChoices):
        SHORT = "short", _(TERM_LABELS["short"])  # msgids: the plan overview template
        MEDIUM = "medium", _(TERM_LABELS["medium"])
        LONG = "long", _(TERM_LABELS["long"])

    subgoal = models.ForeignKey(SubGoal, on_delete=models.CASCADE, related_name="activities")
    # Plan-wide printed order; stable identity of a row inside its plan.
    row = models.PositiveSmallIntegerField("basılı satır sırası")
    code_printed = models.CharField("kod (basılı)", max_length=20)
    code = models.CharField("kod", max_length=20)
    title = models.TextField("faaliyet")
    term_printed = models.CharField("vade (basılı)", max_length=40, blank=True)
    term = models.CharField("vade", max_length=10, choices=Term.choices, blank=True)
    due_date = models.DateField("bitiş tarihi", null=True, blank=True)
    indicators_printed = models.TextField("göstergeler (basılı hücre)", blank=True)
    shared_cells = models.JSONField("paylaşılan hücreler", default=list, blank=True)
    cells_printed_at = models.CharField("hücrenin basıldığı satır", max_length=20, blank=True)
    note = models.TextField("not", blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="duplicates",
        help_text="Kaynakta iki kez basılmış satırın ikinci kopyası",
    )
    search_text = models.TextField(editable=False, default="")

    class Meta(Archivable.Meta):
        ordering = ["row"]
        verbose_name = "faaliyet"
        verbose_name_plural = "faaliyetler"
        indexes = [models.Index(fields=["term"])]

    def __str__(self):
        return f"{self.code} {self.title[:60]}"

    @property
    def plan(self):
        return self.subgoal.goal.area.plan


class ActivityParty(models.Model):
    """An organisation or group named as responsible or cooperating for an activity."""

    class Role(models.TextChoices):
        RESPONSIBLE = "responsible", _("Sorumlu")
        COOPERATING = "cooperating", _("İş birliği")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(max_length=12, choices=Role.choices)
    position = models.PositiveSmallIntegerField()
    printed_name = models.CharField("basılı ad", max_length=300)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activity_parties",
    )
    group = models.ForeignKey(
        OrganisationGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activity_parties",
    )

    class Meta:
        ordering = ["activity", "role", "position"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(organisation__isnull=False, group__isnull=True)
                    | Q(organisation__isnull=True, group__isnull=False)
                ),
                name="party_is_organisation_xor_group",
            )
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.printed_name}"

    @property
    def target(self):
        return self.organisation or self.group


class Indicator(Archivable):
    # The plan is the activity's too; kept on the row so that a code is unique per plan in the
    # database itself, and every lookup by code starts from one plan.
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveSmallIntegerField()
    # Stable identity inside a plan, used by exchange files (DHIS2 dataElement) and the data files.
    code = models.CharField("kod", max_length=60)
    name = models.TextField("gösterge")
    target_printed = models.CharField("hedef (basılı)", max_length=200, blank=True)
    baseline_printed = models.CharField("başlangıç değeri (basılı)", max_length=200, blank=True)
    search_text = models.TextField(editable=False, default="")

    class Meta(Archivable.Meta):
        ordering = ["activity", "position"]
        verbose_name = "gösterge"
        verbose_name_plural = "göstergeler"
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="indicator_code_once_per_plan")
        ]

    def __str__(self):
        return self.name
