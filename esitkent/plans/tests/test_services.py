import pytest

from esitkent.core.errors import InputRejected
from esitkent.plans.domain import walk_activities
from esitkent.plans.models import Activity, Indicator, Plan
from esitkent.plans.selectors import plan_document
from esitkent.plans.services import plan_import


def small_plan(**overrides):
    doc = {
        "slug": "ornek-plan",
        "title": "Örnek Plan",
        "owner": "izbb",
        "period": {"start": 2025, "end": 2027},
        "areas": [
            {
                "code": "kentsel",
                "title": "Kentsel Hizmetler",
                "title_printed": "KENTSEL HİZMETLER",
                "goals": [
                    {
                        "code_printed": "1.",
                        "code": "1",
                        "title": "Güvenli kent",
                        "subgoals": [
                            {
                                "code_printed": "1.1",
                                "code": "1.1",
                                "title": "Aydınlatma",
                                "activities": [
                                    {
                                        "code_printed": "1.1.1",
                                        "code": "1.1.1",
                                        "title": "Sokak ışıklandırmasının artırılması",
                                        "term_printed": "(Orta Vade)",
                                        "term": "medium",
                                        "responsible": ["İZBB Fen İşleri Dairesi Başkanlığı"],
                                        "cooperating": [
                                            "İlçe Belediyeler",
                                            "STK ve Meslek Odaları",
                                        ],
                                        "indicators_printed": "Aydınlatılan sokak sayısı",
                                        "indicators": [{"name": "Aydınlatılan sokak sayısı"}],
                                    }
                                ],
                            }
                        ],
                    }
                ],
            }
        ],
    }
    doc.update(overrides)
    return doc


def test_import_writes_the_tree_with_due_dates_and_resolved_parties(db):
    result = plan_import(document=small_plan())
    assert (result.areas, result.goals, result.subgoals, result.activities, result.indicators) == (
        1,
        1,
        1,
        1,
        1,
    )
    activity = Activity.objects.get(subgoal__goal__area__plan__slug="ornek-plan")
    assert str(activity.due_date) == "2026-12-31"
    parties = {p.printed_name: (p.organisation or p.group).code for p in activity.parties.all()}
    assert parties == {
        "İZBB Fen İşleri Dairesi Başkanlığı": "fen-isleri-db",
        "İlçe Belediyeler": "ilce-belediyeler",
        "STK ve Meslek Odaları": "stk-ve-meslek-odalari",
    }


def test_dry_run_writes_nothing_but_reports_counts_and_findings(db):
    result = plan_import(document=small_plan(), dry_run=True)
    assert result.dry_run and result.activities == 1
    assert [f.code for f in result.findings] == [
        "indicator-without-baseline",
        "indicator-without-target",
    ]
    assert not Plan.objects.filter(slug="ornek-plan").exists()


def test_an_unknown_organisation_refuses_the_whole_plan(db):
    doc = small_plan()
    doc["areas"][0]["goals"][0]["subgoals"][0]["activities"][0]["cooperating"].append(
        "Ay Belediyesi"
    )
    with pytest.raises(InputRejected) as rejected:
        plan_import(document=doc)
    assert [str(p) for p in rejected.value.problems] == [
        "1. alan (kentsel) › 1. genel hedef (1.) › 1. alt hedef (1.1) › 1. faaliyet (1.1.1) › iş birliği: “Ay Belediyesi” kurum kaydında bulunamadı"
    ]
    assert not Plan.objects.filter(slug="ornek-plan").exists()
    assert not Indicator.objects.filter(name="Aydınlatılan sokak sayısı").exists()


def test_an_existing_slug_is_refused_unless_replacing(db):
    plan_import(document=small_plan())
    with pytest.raises(InputRejected, match="zaten var"):
        plan_import(document=small_plan(title="Başka"))
    plan_import(document=small_plan(title="Yeni başlık"), replace=True)
    assert Plan.objects.get(slug="ornek-plan").title == "Yeni başlık"
    assert Activity.objects.filter(subgoal__goal__area__plan__slug="ornek-plan").count() == 1


def test_unknown_owner_and_bad_slug(db):
    with pytest.raises(InputRejected, match="kurum kodu bulunamadı: yok"):
        plan_import(document=small_plan(owner="yok"))
    with pytest.raises(InputRejected, match="küçük harf"):
        plan_import(document=small_plan(slug="Büyük Harf"))


def test_not_a_document(db):
    with pytest.raises(InputRejected, match="plan nesnesi"):
        plan_import(document=["liste"])


def test_a_failure_late_in_the_write_leaves_nothing_behind(db, monkeypatch):
    from esitkent.plans import tree_services

    real = tree_services.ActivityParty.objects.bulk_create

    def explode(objs, *args, **kwargs):
        real(objs, *args, **kwargs)
        raise RuntimeError("disk dolu")

    monkeypatch.setattr(tree_services.ActivityParty.objects, "bulk_create", explode)
    with pytest.raises(RuntimeError):
        plan_import(document=small_plan())
    assert not Plan.objects.filter(slug="ornek-plan").exists()


def test_document_of_an_imported_plan_is_what_was_imported(db):
    doc = small_plan()
    plan_import(document=doc)
    exported = plan_document(Plan.objects.get(slug="ornek-plan"))
    # The export names each indicator's code (made from its area, activity and position).
    for _, activity in walk_activities(exported):
        for indicator in activity["indicators"]:
            assert indicator.pop("code").startswith(exported["areas"][0]["code"])
    assert exported["areas"] == doc["areas"]
