from esitkent.orgs.models import Organisation
from esitkent.plans.models import Plan
from esitkent.plans.selectors import area_summaries, responsibility_matrix, search_activities
from esitkent.plans.services import plan_import
from esitkent.plans.tests.test_services import small_plan


def codes(qs):
    return [(a.subgoal.goal.area.code, a.code_printed) for a in qs]


def test_search_is_turkish_aware(izmir_plan):
    assert (
        search_activities(izmir_plan, query="egitim").count()
        == search_activities(izmir_plan, query="EĞİTİM").count()
        > 10
    )
    lit = search_activities(izmir_plan, query="AYDINLAT")
    assert lit.exists() and all("aydinlat" in a.search_text for a in lit)


def test_dotless_i_query_finds_the_dotted_word(db):
    plan_import(document=small_plan())
    plan = Plan.objects.get(slug="ornek-plan")
    assert codes(search_activities(plan, query="ISIK")) == [("kentsel", "1.1.1")]
    assert codes(search_activities(plan, query="ışıklandırma")) == [("kentsel", "1.1.1")]
    assert codes(search_activities(plan, query="ısıtma")) == []


def test_search_never_returns_the_duplicate_row(izmir_plan):
    found = codes(search_activities(izmir_plan, query="Erkeklik söylemlerini"))
    assert found == [("siddet", "1.3.1")]


def test_filter_by_term_and_missing_term(izmir_plan):
    missing = codes(search_activities(izmir_plan, term="none"))
    assert missing == [
        ("istihdam", "2.4.1"),
        ("siddet", "1.1"),
        ("kentsel", "1.2.1"),
        ("kentsel", "1.2.2"),
        ("kentsel", "1.2.3"),
        ("kentsel", "1.7.1"),
    ]
    assert all(a.term == "short" for a in search_activities(izmir_plan, term="short"))


def test_filter_by_organisation_includes_its_groups(izmir_plan):
    cigli = Organisation.objects.get(code="ilce-cigli")
    via_group = search_activities(izmir_plan, organisation=cigli)
    assert via_group.count() == 35
    fen = Organisation.objects.get(code="fen-isleri-db")
    assert search_activities(izmir_plan, organisation=fen, query="park").exists()


def test_responsibility_matrix_separates_roles(izmir_plan):
    sosyal = responsibility_matrix(Organisation.objects.get(code="sosyal-projeler-db"))
    responsible = [r for r in sosyal if r.role == "responsible"]
    assert len(responsible) > 40
    assert all(r.via == "" for r in responsible)
    cigli = responsibility_matrix(Organisation.objects.get(code="ilce-cigli"))
    assert {r.role for r in cigli} == {"cooperating"}
    assert {r.via for r in cigli} == {"İlçe Belediyeler"}


def test_area_summaries_count_distinct_activities_by_term(izmir_plan):
    summary = {s.area.code: s for s in area_summaries(izmir_plan)}
    assert [s.activities for s in summary.values()] == [12, 8, 16, 8, 12, 6]
    assert summary["kentsel"].by_term.get("none") == 4
