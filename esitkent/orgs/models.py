from django.db import models
from django.utils.translation import gettext_lazy as _

from esitkent.core.models import DerivedFieldsModel, Provenance
from esitkent.core.turkish import fold, name_key, tr_sort_string


class District(DerivedFieldsModel):
    """One of İzmir's 30 districts (ilçe)."""

    code = models.SlugField("kod", max_length=40, unique=True)
    name = models.CharField("ad", max_length=80)
    pcode = models.CharField("HDX pcode", max_length=12, unique=True)
    tuik_id = models.PositiveIntegerField("TÜİK/UAVT ilçe kimliği", unique=True)
    boundary = models.JSONField("sınır (GeoJSON geometrisi, sadeleştirilmiş)", null=True)
    sort_key = models.CharField(max_length=200, editable=False, default="")

    class Meta:
        ordering = ["sort_key"]
        # Capitalised here: Django's capfirst makes "ilçe" into "Ilçe", not "İlçe".
        verbose_name = "İlçe"
        verbose_name_plural = "İlçeler"

    def __str__(self):
        return self.name

    DERIVED = ("sort_key",)

    def derive(self):
        self.sort_key = tr_sort_string(self.name)


class DistrictPopulation(models.Model):
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="populations")
    year = models.PositiveSmallIntegerField("yıl")
    total = models.PositiveIntegerField("toplam")
    male = models.PositiveIntegerField("erkek", null=True, blank=True)
    female = models.PositiveIntegerField("kadın", null=True, blank=True)
    source = models.TextField("kaynak")

    class Meta:
        ordering = ["district", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["district", "year"], name="population_once_per_year")
        ]

    def __str__(self):
        return f"{self.district} {self.year}: {self.total}"


class Organisation(DerivedFieldsModel):
    class Kind(models.TextChoices):
        METROPOLITAN = "metropolitan_municipality", _("Büyükşehir belediyesi")
        DEPARTMENT = "department", _("Daire başkanlığı")
        BRANCH = "branch", _("Şube müdürlüğü / birim")
        COMPANY = "company", _("Belediye şirketi")
        DISTRICT_MUNICIPALITY = "district_municipality", _("İlçe belediyesi")
        MINISTRY_PROVINCIAL = "ministry_provincial", _("Bakanlık / il kurumu")
        UNIVERSITY = "university", _("Üniversite")
        CHAMBER = "chamber", _("Meslek odası / baro")
        NGO = "ngo", _("Sivil toplum kuruluşu")
        COMMISSION = "commission", _("Komisyon / meclis")
        INTERNATIONAL = "international", _("Uluslararası kuruluş")
        CENTRE = "centre", _("Hizmet merkezi")
        OTHER = "other", _("Diğer")

    code = models.SlugField("kod", max_length=80, unique=True)
    name = models.CharField("ad", max_length=250)
    short_name = models.CharField("kısa ad", max_length=60, blank=True)
    kind = models.CharField("tür", max_length=40, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="organisations"
    )
    source = models.TextField("kaynak", blank=True)
    note = models.TextField("not", blank=True)
    provenance = models.CharField(
        max_length=12, choices=Provenance.choices, default=Provenance.SEED
    )
    sort_key = models.CharField(max_length=400, editable=False, default="")
    search_text = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["sort_key"]
        verbose_name = "kurum"
        verbose_name_plural = "kurumlar"

    def __str__(self):
        return self.name

    # Derived keys are kept with the row so that admin edits sort and search like imports.
    DERIVED = ("sort_key", "search_text")

    def derive(self):
        self.sort_key = tr_sort_string(self.name)
        self.search_text = fold(f"{self.name} {self.short_name}")


class OrganisationName(DerivedFieldsModel):
    """Another name an organisation is printed under: a spelling variant or a former name."""

    class Kind(models.TextChoices):
        ALIAS = "alias", "Yazım biçimi"
        FORMER = "former", "Eski ad"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="names")
    name = models.CharField("ad", max_length=250)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ALIAS)
    until_year = models.PositiveSmallIntegerField("şu yıla kadar", null=True, blank=True)
    note = models.TextField(blank=True)
    match_key = models.CharField(max_length=250, editable=False, db_index=True)

    class Meta:
        ordering = ["organisation", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="organisation_name_once")
        ]

    def __str__(self):
        return self.name

    DERIVED = ("match_key",)

    def derive(self):
        self.match_key = name_key(self.name)


class OrganisationGroup(DerivedFieldsModel):
    """A collective the plan names instead of a single body ("İlçe Belediyeler")."""

    code = models.SlugField("kod", max_length=80, unique=True)
    name = models.CharField("ad", max_length=200)
    aliases = models.JSONField("diğer yazımlar", default=list)
    members = models.ManyToManyField(Organisation, related_name="groups", blank=True)
    members_kind = models.CharField(
        "üyeler: bu türdeki tüm kurumlar",
        max_length=40,
        choices=Organisation.Kind.choices,
        blank=True,
    )
    open_membership = models.BooleanField("üyelik kaynakta sayılmamış", default=False)
    source = models.TextField("kaynak", blank=True)
    note = models.TextField("not", blank=True)
    sort_key = models.CharField(max_length=400, editable=False, default="")

    class Meta:
        ordering = ["sort_key"]
        verbose_name = "kurum grubu"
        verbose_name_plural = "kurum grupları"

    def __str__(self):
        return self.name

    DERIVED = ("sort_key",)

    def derive(self):
        self.sort_key = tr_sort_string(self.name)
