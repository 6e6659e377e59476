"""The registry, the standards catalogue and a centre's profile, through their services."""

import pytest
from django.db import connection

from esitkent.centres import selectors, services, standards_services
from esitkent.centres.assessment_services import assessment_start
from esitkent.centres.models import (
    Centre,
    PrintedFigure,
    ShelterAddress,
    StaffPosition,
    StandardItem,
    StandardSection,
    StandardsVersion,
)
from esitkent.core.errors import InputRejected
from esitkent.orgs.models import Organisation

pytestmark = pytest.mark.django_db

KDM = Centre.Kind.COUNSELLING


def problems_of(exc_info) -> dict[str, str]:
    return {p.where: str(p.message) for p in exc_info.value.problems}


def registry() -> list[tuple]:
    return list(
        Centre.objects.order_by("code").values_list(
            "code", "kind", "operator_type", "operator__code", "district__code", "organisation_id"
        )
    )


def profile(**overrides) -> dict:
    fields = {
        "address": "Örnek Mah. 1. Sok. No: 1",
        "phone": "0 232 000 00 00",
        "email": "kdm@example.org",
        "opening_hours": "Hafta içi 08.30–17.30",
        "services": ["psychological", "legal"],
        "conditions": {"private_interview_room": "yes", "child_area": "partial"},
        "staff": {"social_worker": (2, "SHÇEK eğitimi"), "psychologist": (1, "")},
        "shelter_places": None,
    }
    return fields | overrides


# --- Loading the registry -------------------------------------------------------------------------


def test_the_seed_registry_loads_22_centres_split_as_the_seed_says(centres_doc):
    Centre.objects.all().delete()

    assert services.centres_load(document=centres_doc) == 22

    assert Centre.objects.count() == 22
    assert set(Centre.objects.values_list("provenance", flat=True)) == {"seed"}
    kdms = Centre.objects.filter(kind=KDM)
    assert kdms.count() == 20
    assert kdms.filter(operator_type=Centre.Operator.METROPOLITAN).count() == 3
    assert kdms.filter(operator_type=Centre.Operator.DISTRICT).count() == 17
    assert Centre.objects.get(code="anahtar").kind == Centre.Kind.INTEGRATED
    shelter = Centre.objects.get(code="izbb-siginmaevi")
    assert shelter.is_shelter and shelter.address == "" and shelter.district is None
    # A row with only a name gets an organisation of its own under its operator.
    buca = Centre.objects.get(code="kdm-buca")
    assert buca.organisation.name == "Buca Belediyesi Kadın Danışma Merkezi"
    assert buca.organisation.parent == buca.operator
    assert buca.district.code == "buca"
    # The printed figures come with it, for a centre or for the whole network.
    assert PrintedFigure.objects.get(label="KDM sayısı (toplam)", centre=None).value == 22
    assert PrintedFigure.objects.filter(centre=shelter).count() == 2


def test_reloading_the_registry_changes_nothing_and_keeps_entered_profiles(
    centres_doc, kdm, manager
):
    services.centre_profile_update(centre=kdm, by=manager, **profile())
    before = registry()
    counts = (Organisation.objects.count(), PrintedFigure.objects.count())

    assert services.centres_load(document=centres_doc) == 22
    assert services.centres_load(document=centres_doc) == 22

    assert registry() == before
    assert (Organisation.objects.count(), PrintedFigure.objects.count()) == counts
    kdm.refresh_from_db()
    assert kdm.phone == "0 232 000 00 00"
    assert kdm.services == ["psychological", "legal"]


def test_a_bad_registry_is_refused_whole_naming_row_and_field(centres_doc):
    rows = centres_doc["centres"]
    assert rows[1]["code"] == "kdm-karsiyaka" and rows[21]["code"] == "izbb-siginmaevi"
    rows[1]["district"] = "atlantis"
    rows[2]["kind"] = "hostel"
    rows[21]["address"] = "Gizli Sok. No: 7"
    rows.append(
        {
            "code": "kdm-yeni",
            "name": "Yeni Kadın Danışma Merkezi",
            "kind": "kdm",
            "operator_type": "metropolitan",
            "operator": "izbb",
            "district": "bornova",
        }
    )
    centres_doc["organisations"] = [{"code": "yeni-dernek", "name": "Yeni Dernek", "kind": "ngo"}]
    before = (Centre.objects.count(), Organisation.objects.count(), registry())

    with pytest.raises(InputRejected) as exc:
        services.centres_load(document=centres_doc)

    found = problems_of(exc)
    assert set(found) == {
        "centres[2] (kdm-karsiyaka) district",
        "centres[3] (kdm-gaziemir) kind",
        "centres[22] (izbb-siginmaevi) address",
    }
    assert "atlantis" in found["centres[2] (kdm-karsiyaka) district"]
    assert "hostel" in found["centres[3] (kdm-gaziemir) kind"]
    # The message about the shelter must not echo the address it refuses.
    assert "Gizli Sok" not in str(exc.value)
    # Nothing of the document was written: not the good new row, not its organisation.
    assert (Centre.objects.count(), Organisation.objects.count(), registry()) == before
    assert not Organisation.objects.filter(code__in=["yeni-dernek", "kdm-yeni"]).exists()


def test_a_duplicate_code_and_an_unknown_operator_are_named(centres_doc):
    rows = centres_doc["centres"]
    rows[3]["code"] = rows[4]["code"]
    rows[5]["operator"] = "olmayan-kurum"

    with pytest.raises(InputRejected) as exc:
        services.centres_load(document=centres_doc)

    found = problems_of(exc)
    assert "kod birden fazla kez kullanılmış" in found["centres[4] (kdm-bayrakli)"]
    assert "olmayan-kurum" in found["centres[6] (kdm-buca) operator"]


# --- Loading the standards catalogue ----------------------------------------------------------


def test_version_1_of_the_catalogue_loads_every_section_and_item(standards_doc):
    StandardsVersion.objects.all().delete()
    items_in_file = sum(len(s["items"]) for s in standards_doc["sections"])

    version = standards_services.standards_load(document=standards_doc)

    assert version.number == 1
    assert version.status == StandardsVersion.Status.PUBLISHED
    assert str(version.valid_from) == "2025-10-03"
    assert [s.code for s in version.sections.all()] == [
        "mekan",
        "personel",
        "basvuru",
        "hizmetler",
        "yonlendirme",
        "veri",
        "izleme",
    ]
    items = StandardItem.objects.filter(section__version=version)
    assert items.count() == items_in_file
    first = items.first()
    assert first.code == "MG-1"
    assert first.evidence and first.source and first.text == first.text.strip()
    assert selectors.version_in_force() == version


def test_a_loaded_version_is_never_loaded_again(standards_doc, version1):
    items = list(StandardItem.objects.values_list("pk", "code", "text"))
    standards_doc["sections"][0]["items"][0]["text"] = "Başka bir metin"

    assert standards_services.standards_load(document=standards_doc) is None

    assert StandardsVersion.objects.count() == 1
    assert list(StandardItem.objects.values_list("pk", "code", "text")) == items


def test_a_catalogue_item_without_evidence_is_refused_naming_it(standards_doc, version1):
    standards_doc["version"] = 2
    standards_doc["sections"][1]["items"][2]["evidence"] = "   "
    code = standards_doc["sections"][1]["items"][2]["code"]

    with pytest.raises(InputRejected) as exc:
        standards_services.standards_load(document=standards_doc)

    assert list(problems_of(exc)) == [f"sections[2].items[3] ({code}) evidence"]
    assert StandardsVersion.objects.count() == 1
    version1.refresh_from_db()
    assert version1.status == StandardsVersion.Status.PUBLISHED


def test_a_newer_printed_version_retires_the_one_in_force(standards_doc, version1):
    standards_doc["version"] = 2

    version = standards_services.standards_load(document=standards_doc)

    version1.refresh_from_db()
    assert version1.status == StandardsVersion.Status.RETIRED
    assert selectors.version_in_force() == version


# --- Editing the catalogue: a new version never rewrites old assessments ----------------------


def test_draft_edit_publish_leaves_earlier_assessments_on_their_own_items(
    version1, kdm, manager, coordinator
):
    assessment = assessment_start(centre=kdm, year=2025, by=manager)
    old_items = {
        i.code: (i.pk, i.text) for i in StandardItem.objects.filter(section__version=version1)
    }

    draft = standards_services.standards_draft_create(by=coordinator)

    assert (draft.number, draft.status) == (2, StandardsVersion.Status.DRAFT)
    assert standards_services.standards_draft_create(by=coordinator) == draft  # one draft at a time
    copied = {i.code: i for i in StandardItem.objects.filter(section__version=draft)}
    assert set(copied) == set(old_items)
    assert all(copied[c].pk != pk and copied[c].text == t for c, (pk, t) in old_items.items())
    assert draft.sections.count() == version1.sections.count()

    # Edit one item of the draft, add another, delete a third.
    section = StandardSection.objects.get(version=draft, code="mekan")
    standards_services.standards_item_save(
        version=draft,
        section=section,
        item=copied["MG-1"],
        code="MG-1",
        text="Görüşmeler ses geçirmeyen bir odada yapılır.",
        description="",
        evidence="Fotoğraf",
        source="EşitKent",
    )
    added = standards_services.standards_item_save(
        version=draft,
        section=section,
        item=None,
        code="MG-99",
        text="Yeni madde",
        description="",
        evidence="Belge",
        source="EşitKent",
    )
    standards_services.standards_item_delete(item=copied["MG-2"])

    # The version in force cannot be edited.
    mg1_v1 = StandardItem.objects.get(pk=old_items["MG-1"][0])
    with pytest.raises(InputRejected) as exc:
        standards_services.standards_item_save(
            version=version1,
            section=mg1_v1.section,
            item=mg1_v1,
            code="MG-1",
            text="Sessizce değiştirilmiş metin",
            description="",
            evidence="x",
            source="x",
        )
    assert exc.value.problems[0].code == "version_not_draft"
    with pytest.raises(InputRejected):
        standards_services.standards_item_delete(item=mg1_v1)

    standards_services.standards_publish(version=draft, by=coordinator)

    version1.refresh_from_db()
    draft.refresh_from_db()
    assert version1.status == StandardsVersion.Status.RETIRED
    assert draft.status == StandardsVersion.Status.PUBLISHED
    assert draft.published_by == coordinator and draft.valid_from is not None
    assert selectors.version_in_force() == draft
    # The published draft is now closed to edits too.
    with pytest.raises(InputRejected):
        standards_services.standards_item_delete(item=added)

    # The assessment started on version 1 still reads version 1, word for word.
    assessment.refresh_from_db()
    assert assessment.version == version1
    answers = {a.item.code: (a.item.pk, a.item.text) for a in assessment.answers.all()}
    assert answers == old_items
    # A new assessment is made against the new version, with its edits.
    other = Centre.objects.get(code="kdm-buca")
    fresh = assessment_start(centre=other, year=2025, by=None)
    new_items = {a.item.code: a.item.text for a in fresh.answers.all()}
    assert fresh.version == draft
    assert new_items["MG-1"] == "Görüşmeler ses geçirmeyen bir odada yapılır."
    assert "MG-99" in new_items and "MG-2" not in new_items


def test_a_draft_item_needs_evidence_and_a_code_unique_in_the_version(version1, coordinator):
    draft = standards_services.standards_draft_create(by=coordinator)
    section = draft.sections.get(code="mekan")

    with pytest.raises(InputRejected) as exc:
        standards_services.standards_item_save(
            version=draft,
            section=section,
            item=None,
            code="MG-3",
            text="Bir madde",
            description="",
            evidence=" ",
            source="EşitKent",
        )

    assert set(problems_of(exc)) == {"kanıt", "kod"}
    assert "MG-3" in problems_of(exc)["kod"]


def test_an_empty_draft_cannot_be_published(version1, coordinator):
    draft = standards_services.standards_draft_create(by=coordinator)
    StandardItem.objects.filter(section__version=draft).delete()

    with pytest.raises(InputRejected):
        standards_services.standards_publish(version=draft, by=coordinator)

    version1.refresh_from_db()
    assert version1.status == StandardsVersion.Status.PUBLISHED


# --- A centre's profile --------------------------------------------------------------------------


def test_editing_a_profile_makes_it_the_centres_own(kdm, manager):
    kdm.profile_is_sample = True
    kdm.save()
    StaffPosition.objects.create(centre=kdm, role="lawyer", count=1, is_sample=True)

    services.centre_profile_update(
        centre=kdm,
        by=manager,
        **profile(services=["legal", "psychological", "psychological"]),
    )

    kdm.refresh_from_db()
    assert kdm.profile_is_sample is False
    assert kdm.profile_updated_at is not None
    assert kdm.services == ["psychological", "legal"]  # catalogue order, once each
    assert kdm.conditions == {"private_interview_room": "yes", "child_area": "partial"}
    staff = {p.role: (p.count, p.qualifications, p.is_sample) for p in kdm.staff.all()}
    # The lawyer not in the new profile is gone; nobody left marked as sample.
    assert staff == {"social_worker": (2, "SHÇEK eğitimi", False), "psychologist": (1, "", False)}


def test_a_profile_with_unknown_codes_or_bad_counts_is_refused_whole(kdm, manager):
    with pytest.raises(InputRejected) as exc:
        services.centre_profile_update(
            centre=kdm,
            by=manager,
            **profile(
                phone="0 232 111 11 11",
                services=["psychological", "astrology"],
                conditions={"private_interview_room": "maybe"},
                staff={"psychologist": (501, ""), "social_worker": (-1, ""), "pilot": (1, "")},
                shelter_places=10,
            ),
        )

    found = problems_of(exc)
    assert "astrology" in found["hizmetler"]
    assert "maybe" in found["fiziki koşul private_interview_room"]
    assert found["personel: Psikolog"] == "kişi sayısı 0–500 olmalı"
    assert found["personel: Sosyal çalışmacı"] == "kişi sayısı 0–500 olmalı"
    assert "pilot" in found["personel"]
    assert "kapasite" in found
    kdm.refresh_from_db()
    assert kdm.phone == "" and kdm.profile_updated_at is None
    assert not kdm.staff.exists()


def test_a_shelter_profile_never_takes_a_public_address(shelter, coordinator):
    with pytest.raises(InputRejected) as exc:
        services.centre_profile_update(
            centre=shelter, by=coordinator, **profile(address="Gizli Sok. No: 7")
        )

    assert exc.value.problems[0].code == "shelter_public_address"
    shelter.refresh_from_db()
    assert shelter.address == ""

    services.centre_profile_update(
        centre=shelter, by=coordinator, **profile(address="  ", shelter_places=24)
    )
    shelter.refresh_from_db()
    assert shelter.shelter_places == 24 and shelter.address == ""


# --- A shelter's confidential address ---------------------------------------------------------


def test_only_a_shelter_has_a_confidential_address(kdm, coordinator):
    with pytest.raises(InputRejected):
        services.shelter_address_set(centre=kdm, address="Bir adres", by=coordinator)

    assert not ShelterAddress.objects.filter(centre=kdm).exists()


def test_a_shelter_address_is_stored_encrypted_and_reads_back(shelter, coordinator):
    address = "Gizli Mahalle, Saklı Sokak No: 12, Bornova"

    services.shelter_address_set(centre=shelter, address=f"  {address} ", by=coordinator)

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT address FROM {ShelterAddress._meta.db_table} WHERE centre_id = %s",
            [shelter.pk],
        )
        (raw,) = cursor.fetchone()
    assert raw and address not in raw and "Saklı" not in raw
    assert raw.startswith("gAAAA")  # a Fernet token
    row = ShelterAddress.objects.get(centre=shelter)
    assert row.address == address
    assert row.updated_by == coordinator
    assert address not in repr(row) and address not in str(row)

    services.shelter_address_set(centre=shelter, address=" ", by=coordinator)
    assert not ShelterAddress.objects.filter(centre=shelter).exists()
