"""Writes of the centre registry and a centre's profile (the standards catalogue's are in
`standards_services`), each in one transaction; bad input is refused whole
with each problem named (row and field) in Turkish."""

from __future__ import annotations

from django.db import transaction
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
)

# --- Loading the registry -------------------------------------------------------------------


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
    problems = _profile_problems(
        centre,
        address=address,
        services=services,
        conditions=conditions,
        staff=staff,
        shelter_places=shelter_places,
    )
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
    _staff_save(centre, staff)


def _profile_problems(
    centre: Centre,
    *,
    address: str,
    services: list[str],
    conditions: dict[str, str],
    staff: dict[str, tuple[int, str]],
    shelter_places: int | None,
) -> list[Problem]:
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
    return problems


def _staff_save(centre: Centre, staff: dict[str, tuple[int, str]]) -> None:
    """The staff as given: a profession with no one left is removed."""
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
