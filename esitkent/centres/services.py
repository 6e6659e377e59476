"""Every write of the centre network, each in one transaction; bad input is refused whole
with each problem named (row and field) in Turkish."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from esitkent.core.crypto import Confidential
from esitkent.core.errors import InputRejected, Problem
from esitkent.core.models import Provenance
from esitkent.core.reasons import Reason, gettext_noop
from esitkent.orgs.models import District, Organisation

from . import domain
from .models import (
    Centre,
    PrintedFigure,
    ShelterAddress,
    StaffPosition,
    StandardItem,
    StandardSection,
    StandardsVersion,
)
from .selectors import version_in_force

# --- Loading the registry and the catalogue -----------------------------------------------------


def _centre_problems(entries: list[dict], label: str) -> list[Problem]:
    problems: list[Problem] = []
    orgs = set(Organisation.objects.values_list("code", flat=True))
    districts = set(District.objects.values_list("code", flat=True))
    codes = [e.get("code") for e in entries]
    for i, e in enumerate(entries, start=1):
        where = f"{label}[{i}] ({e.get('code', '?')})"
        if codes.count(e.get("code")) > 1:
            problems.append(Problem(where, "kod birden fazla kez kullanılmış"))
        if e.get("kind") not in Centre.Kind.values:
            problems.append(Problem(f"{where} kind", f"bilinmeyen merkez türü: {e.get('kind')!r}"))
        if e.get("operator_type") not in Centre.Operator.values:
            problems.append(
                Problem(
                    f"{where} operator_type", f"bilinmeyen işletici: {e.get('operator_type')!r}"
                )
            )
        if e.get("operator") not in orgs:
            problems.append(
                Problem(f"{where} operator", f"kurum bulunamadı: {e.get('operator')!r}")
            )
        if e.get("organisation") and e["organisation"] not in orgs:
            problems.append(
                Problem(f"{where} organisation", f"kurum bulunamadı: {e['organisation']!r}")
            )
        if not e.get("organisation") and not e.get("name"):
            problems.append(Problem(where, "ya organisation ya name verilmeli"))
        if e.get("district") and e["district"] not in districts:
            problems.append(Problem(f"{where} district", f"ilçe bulunamadı: {e['district']!r}"))
        if e.get("kind") == "shelter" and e.get("address"):
            problems.append(
                Problem(f"{where} address", "sığınmaevi adresi dosyada yer alamaz (gizli)")
            )
    return problems


def _save_centre(entry: dict, provenance: str) -> Centre:
    operator = Organisation.objects.get(code=entry["operator"])
    district = District.objects.filter(code=entry.get("district") or "").first()
    if entry.get("organisation"):
        organisation = Organisation.objects.get(code=entry["organisation"])
    else:
        organisation, _ = Organisation.objects.update_or_create(
            code=entry["code"],
            defaults={
                "name": entry["name"],
                "kind": Organisation.Kind.CENTRE,
                "parent": operator,
                # A shelter's district narrows down where she is: it stays on the centre row,
                # read only by those who may read the address, never on the public organisation.
                "district": None if entry["kind"] == Centre.Kind.SHELTER else district,
                "source": entry.get("source", ""),
                "note": entry.get("note", ""),
                "provenance": provenance,
            },
        )
    centre, _ = Centre.objects.update_or_create(
        code=entry["code"],
        defaults={
            "organisation": organisation,
            "kind": entry["kind"],
            "operator_type": entry["operator_type"],
            "operator": operator,
            "district": district,
            "opened_year": entry.get("opened_year"),
            "provenance": provenance,
            "source": entry.get("source", ""),
            "note": entry.get("note", ""),
        },
    )
    return centre


REGISTRY_FIELDS = {"kind", "operator_type"}


@transaction.atomic
def centres_load(*, document: dict, provenance: str = Provenance.SEED) -> int:
    """The registry as printed (or, for the demo, the sample rows). Profiles already entered
    in the application are left alone: a reload refreshes identity and source only."""
    entries = document.get("centres", [])
    for org in document.get("organisations", []):
        Organisation.objects.update_or_create(
            code=org["code"],
            defaults={
                "name": org["name"],
                "kind": org["kind"],
                "provenance": provenance,
                "source": org.get("source", ""),
            },
        )
    if problems := _centre_problems(entries, "centres"):
        raise InputRejected(problems)
    centres = {e["code"]: _save_centre(e, provenance) for e in entries}
    for i, figure in enumerate(document.get("figures", []), start=1):
        code = figure.get("centre")
        centre = None
        if code:
            centre = centres.get(code) or Centre.objects.filter(code=code).first()
        if code and centre is None:
            raise InputRejected([Problem(f"figures[{i}] centre", f"merkez bulunamadı: {code!r}")])
        if set(figure.get("registry") or {}) - REGISTRY_FIELDS:
            raise InputRejected(
                [Problem(f"figures[{i}] registry", f"yalnız {sorted(REGISTRY_FIELDS)} olabilir")]
            )
        PrintedFigure.objects.update_or_create(
            centre=centre,
            label=figure["label"],
            period=str(figure["period"]),
            defaults={
                "value": figure["value"],
                "unit": figure["unit"],
                "source": figure["source"],
                "registry": figure.get("registry") or {},
            },
        )
    return len(entries)


@transaction.atomic
def standards_load(*, document: dict) -> StandardsVersion | None:
    """A printed catalogue version. A version already loaded is never rewritten, because
    assessments point at its items; a newer number becomes the one in force."""
    number = int(document["version"])
    if StandardsVersion.objects.filter(number=number).exists():
        return None
    problems: list[Problem] = []
    seen: set[str] = set()
    for s, section in enumerate(document.get("sections", []), start=1):
        for i, item in enumerate(section.get("items", []), start=1):
            where = f"sections[{s}].items[{i}] ({item.get('code', '?')})"
            for key in ("code", "text", "evidence", "source"):
                if not str(item.get(key) or "").strip():
                    problems.append(Problem(f"{where} {key}", "boş olamaz"))
            if item.get("code") in seen:
                problems.append(Problem(f"{where} code", "kod birden fazla kez kullanılmış"))
            seen.add(item.get("code"))
    if problems:
        raise InputRejected(problems)
    StandardsVersion.objects.filter(status=StandardsVersion.Status.PUBLISHED).update(
        status=StandardsVersion.Status.RETIRED
    )
    version = StandardsVersion.objects.create(
        number=number,
        title=document["title"],
        valid_from=dt.date.fromisoformat(document["valid_from"])
        if document.get("valid_from")
        else None,
        status=StandardsVersion.Status.PUBLISHED,
        source=document.get("source", ""),
        note=document.get("note", ""),
        published_at=timezone.now(),
    )
    for s, section in enumerate(document["sections"]):
        row = StandardSection.objects.create(
            version=version,
            code=section["code"],
            title=section["title"],
            title_en=section.get("title_en", ""),
            position=s,
        )
        StandardItem.objects.bulk_create(
            StandardItem(
                section=row,
                code=item["code"],
                text=item["text"].strip(),
                description=item.get("description", "").strip(),
                evidence=item["evidence"].strip(),
                source=item["source"].strip(),
                position=i,
            )
            for i, item in enumerate(section["items"])
        )
    return version


# --- A centre's profile -------------------------------------------------------------------------


@transaction.atomic
def centre_profile_update(
    *,
    centre: Centre,
    address: str,
    phone: str,
    email: str,
    opening_hours: str,
    services: list[str],
    conditions: dict[str, str],
    staff: dict[str, tuple[int, str]],
    shelter_places: int | None,
    by,
) -> None:
    """A manager's (or the network coordinator's) edit of the profile. Once edited, the
    profile is the centre's own and no longer sample data."""
    problems: list[Problem] = []
    if centre.is_shelter and address.strip():
        problems.append(
            Problem(
                "adres",
                Reason(
                    "shelter_public_address",
                    gettext_noop("sığınmaevinin adresi yalnız gizli adres alanına yazılır"),
                ),
            )
        )
    for code in services:
        if code not in domain.SERVICES:
            problems.append(Problem("hizmetler", f"bilinmeyen hizmet: {code!r}"))
    for code, state in conditions.items():
        if code not in domain.CONDITIONS or state not in domain.CONDITION_STATES:
            problems.append(Problem(f"fiziki koşul {code}", f"geçersiz yanıt: {state!r}"))
    for role, (count, _) in staff.items():
        if role not in domain.STAFF_ROLES:
            problems.append(Problem("personel", f"bilinmeyen meslek: {role!r}"))
        elif count < 0 or count > 500:
            problems.append(
                Problem(f"personel: {domain.STAFF_ROLES[role]}", "kişi sayısı 0–500 olmalı")
            )
    if shelter_places is not None and not centre.is_shelter:
        problems.append(Problem("kapasite", "yalnız sığınmaevleri için girilir"))
    if problems:
        raise InputRejected(problems)
    centre = Centre.objects.select_for_update().get(pk=centre.pk)
    centre.address, centre.phone, centre.email = address.strip(), phone.strip(), email.strip()
    centre.opening_hours = opening_hours.strip()
    centre.services = [code for code in domain.SERVICES if code in services]
    centre.conditions = {code: conditions[code] for code in domain.CONDITIONS if code in conditions}
    centre.shelter_places = shelter_places
    centre.profile_is_sample = False
    centre.profile_updated_at = timezone.now()
    centre.save()
    StaffPosition.objects.filter(centre=centre).exclude(
        role__in=[r for r, (n, _) in staff.items() if n > 0]
    ).delete()
    for role, (count, qualifications) in staff.items():
        if count > 0:
            StaffPosition.objects.update_or_create(
                centre=centre,
                role=role,
                defaults={
                    "count": count,
                    "qualifications": qualifications.strip(),
                    "is_sample": False,
                },
            )


@sensitive_variables("address")
@transaction.atomic
def shelter_address_set(*, centre: Centre, address: str, by) -> None:
    """Write a shelter's address (encrypted at rest). Who may is the view's policy check;
    the service refuses any centre that is not a shelter."""
    if not centre.is_shelter:
        raise InputRejected([Problem("adres", "gizli adres yalnız sığınmaevleri içindir")])
    if not address.strip():
        ShelterAddress.objects.filter(centre=centre).delete()
        return
    ShelterAddress.objects.update_or_create(
        # Confidential: the ORM's frames below print it as stars if anything fails.
        centre=centre,
        defaults={"address": Confidential(address.strip()), "updated_by": by, "is_sample": False},
    )


# --- The standards catalogue, edited by the network coordinator ---------------------------------


@transaction.atomic
def standards_draft_create(*, by) -> StandardsVersion:
    """A new draft version, copied from the one in force, to edit without touching the
    items that earlier assessments point at."""
    if draft := StandardsVersion.objects.filter(status=StandardsVersion.Status.DRAFT).first():
        return draft
    source = version_in_force()
    if source is None:
        raise InputRejected([Problem("sürüm", "kopyalanacak yürürlükte bir sürüm yok")])
    number = (StandardsVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = StandardsVersion.objects.create(
        number=number,
        title=source.title,
        status=StandardsVersion.Status.DRAFT,
        source=source.source,
        note=f"Sürüm {source.number} kopyalanarak oluşturuldu.",
    )
    for section in source.sections.prefetch_related("items"):
        items = list(section.items.all())
        section.pk, section.version = None, draft
        section.save()
        for item in items:
            item.pk, item.section = None, section
        StandardItem.objects.bulk_create(items)
    return draft


def _editable(version: StandardsVersion) -> None:
    if version.status != StandardsVersion.Status.DRAFT:
        raise InputRejected(
            [
                Problem(
                    f"sürüm {version.number}",
                    Reason(
                        "version_not_draft",
                        gettext_noop(
                            "yalnız taslak sürüm düzenlenebilir; önce yeni bir taslak oluşturun"
                        ),
                    ),
                )
            ]
        )


@transaction.atomic
def standards_item_save(
    *,
    version: StandardsVersion,
    section: StandardSection,
    item: StandardItem | None,
    code: str,
    text: str,
    description: str,
    evidence: str,
    source: str,
) -> StandardItem:
    _editable(version)
    problems = [
        Problem(field, "boş olamaz")
        for field, value in (
            ("kod", code),
            ("standart", text),
            ("kanıt", evidence),
            ("kaynak", source),
        )
        if not value.strip()
    ]
    clash = StandardItem.objects.filter(section__version=version, code=code.strip())
    if item is not None:
        clash = clash.exclude(pk=item.pk)
    if clash.exists():
        problems.append(Problem("kod", f"bu sürümde {code!r} kodlu bir madde zaten var"))
    if section.version_id != version.pk:
        problems.append(Problem("bölüm", "bölüm bu sürümün değil"))
    if problems:
        raise InputRejected(problems)
    if item is None:
        position = (section.items.aggregate(n=Max("position"))["n"] or 0) + 1
        item = StandardItem(section=section, position=position)
    item.code, item.text, item.description = code.strip(), text.strip(), description.strip()
    item.evidence, item.source = evidence.strip(), source.strip()
    item.save()
    return item


@transaction.atomic
def standards_item_delete(*, item: StandardItem) -> None:
    _editable(item.section.version)
    item.delete()


@transaction.atomic
def standards_publish(*, version: StandardsVersion, by) -> None:
    """The draft comes into force; the previous version is retired, its assessments kept."""
    _editable(version)
    if not StandardItem.objects.filter(section__version=version).exists():
        raise InputRejected(
            [Problem(f"sürüm {version.number}", "maddesi olmayan sürüm yayımlanamaz")]
        )
    StandardsVersion.objects.filter(status=StandardsVersion.Status.PUBLISHED).update(
        status=StandardsVersion.Status.RETIRED
    )
    version.status = StandardsVersion.Status.PUBLISHED
    version.published_at, version.published_by = timezone.now(), by
    if version.valid_from is None:
        version.valid_from = timezone.localdate()
    version.save()
