"""Pure rules of the centre network: compliance scores and coverage against the benchmarks."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from esitkent.centres import domain
from esitkent.centres.domain import (
    INHABITANTS_PER_SHELTER_PLACE,
    WOMEN_PER_COUNSELLING_CENTRE,
    condition_gaps,
    coverage,
    score,
    section_scores,
    staffing_gaps,
)

D = Decimal

# What an answer can hold: a rating, or nothing yet (None or the empty string).
answers = st.lists(st.sampled_from(["met", "partly", "not_met", "na", None, ""]), max_size=60)
sections = st.sampled_from(["mekan", "personel", "basvuru", "veri"])


# --- Scores ---------------------------------------------------------------------------------


def test_score_examples():
    assert score(["met", "met", "partly", "not_met"]) == D("62.5")
    assert score(["met", "not_met", "not_met"]) == D("33.3")
    assert score(["met", "met", "partly"]) == D("83.3")
    assert score(["partly", "met", "met", "met", "met", "met", "met", "met"]) == D("93.8")
    # Half a point up, not to the even neighbour: 0.5 of 8 points is 6.25 %.
    assert score(["partly"] + ["not_met"] * 7) == D("6.3")
    assert score(["not_met"]) == D("0.0")
    assert score(["met"]) == D("100.0")


@given(st.lists(st.sampled_from(["na", None, ""]), max_size=20))
def test_nothing_applicable_has_no_score_not_zero(ratings):
    assert score(ratings) is None


@given(answers)
def test_a_score_is_a_percentage_with_one_decimal(ratings):
    value = score(ratings)
    if value is not None:
        assert D(0) <= value <= D(100)
        assert value == value.quantize(D("0.1"))


@given(answers, st.integers(min_value=0, max_value=10), st.integers(min_value=0, max_value=60))
def test_not_applicable_never_changes_the_score(ratings, extra, at):
    with_na = list(ratings)
    for _ in range(extra):
        with_na.insert(min(at, len(with_na)), "na")
    assert score(with_na) == score(ratings)


@given(answers, st.integers(min_value=0, max_value=60))
def test_one_more_met_item_never_lowers_the_score(ratings, at):
    more = list(ratings)
    more.insert(min(at, len(more)), "met")
    before, after = score(ratings), score(more)
    assert after is not None
    assert before is None or after >= before


@given(answers)
def test_score_does_not_depend_on_the_order_of_items(ratings):
    assert score(list(reversed(ratings))) == score(ratings)


@given(st.lists(st.tuples(sections, st.sampled_from(["met", "partly", "not_met", "na", None]))))
def test_overall_is_over_items_not_an_average_of_sections(rows):
    per_section, overall = section_scores(rows)
    assert overall == score(r for _, r in rows)
    assert list(per_section) == list(dict.fromkeys(s for s, _ in rows))
    for code, value in per_section.items():
        assert value == score(r for s, r in rows if s == code)


def test_a_small_section_weighs_less_than_a_large_one():
    rows = [("kucuk", "not_met")] + [("buyuk", "met")] * 9
    per_section, overall = section_scores(rows)
    assert per_section == {"kucuk": D("0.0"), "buyuk": D("100.0")}
    assert overall == D("90.0")  # an average of the two sections would say 50


def test_the_coordinators_rating_wins_where_she_changed_it():
    assert domain.final_rating("met", "partly") == "partly"
    assert domain.final_rating("met", "") == "met"
    assert domain.final_rating("", "") == ""


# --- Coverage ---------------------------------------------------------------------------------


def test_one_centre_per_fifty_thousand_women_rounded_up():
    assert coverage(50_000, 1, WOMEN_PER_COUNSELLING_CENTRE).needed == 1
    assert coverage(50_001, 1, WOMEN_PER_COUNSELLING_CENTRE).needed == 2
    assert coverage(100_000, 1, WOMEN_PER_COUNSELLING_CENTRE).needed == 2
    assert coverage(1, 0, WOMEN_PER_COUNSELLING_CENTRE).needed == 1
    assert coverage(0, 0, WOMEN_PER_COUNSELLING_CENTRE).needed == 0


def test_shelter_places_per_ten_thousand_inhabitants():
    row = coverage(4_479_525, 16, INHABITANTS_PER_SHELTER_PLACE)
    assert row.needed == 448
    assert row.gap == 432
    assert row.meets is False
    assert row.per_unit == round(4_479_525 / 16)


def test_people_and_no_service_have_no_ratio_rather_than_infinity():
    row = coverage(120_000, 0, WOMEN_PER_COUNSELLING_CENTRE)
    assert row.per_unit is None
    assert row.needed == 3
    assert row.gap == 3
    assert row.meets is False


def test_unknown_population_asks_for_nothing():
    row = coverage(None, 2, WOMEN_PER_COUNSELLING_CENTRE)
    assert (row.needed, row.per_unit, row.gap, row.meets) == (None, None, None, None)
    assert row.have == 2


@given(
    st.integers(min_value=0, max_value=50_000_000),
    st.integers(min_value=0, max_value=500),
    st.sampled_from([WOMEN_PER_COUNSELLING_CENTRE, INHABITANTS_PER_SHELTER_PLACE, 1, 7]),
)
def test_coverage_rules_hold_for_any_population(population, have, benchmark):
    row = coverage(population, have, benchmark)
    assert row.needed == -(-population // benchmark)  # ceiling, in integers
    assert row.gap >= 0
    assert row.gap == max(row.needed - have, 0)
    assert row.meets is (have >= row.needed)
    assert row.meets is (row.gap == 0)
    if have == 0:
        assert row.per_unit is None
    else:
        assert row.per_unit == round(population / have)


# --- Profile gaps --------------------------------------------------------------------------------


def test_condition_gaps_are_what_is_missing_or_partial_in_catalogue_order():
    assert condition_gaps({code: "yes" for code in domain.CONDITIONS}) == []
    assert condition_gaps({}) == list(domain.CONDITIONS)
    conditions = {code: "yes" for code in domain.CONDITIONS}
    conditions |= {"step_free_access": "no", "private_interview_room": "partial"}
    assert condition_gaps(conditions) == ["private_interview_room", "step_free_access"]
    # A condition nobody answered counts as missing, not as present.
    del conditions["child_area"]
    assert condition_gaps(conditions) == [
        "private_interview_room",
        "child_area",
        "step_free_access",
    ]


def test_staffing_gaps_name_the_core_professions_with_nobody_in_post():
    assert staffing_gaps({}, []) == ["social_worker", "psychologist", "lawyer"]
    assert staffing_gaps({"social_worker": 2, "psychologist": 1, "lawyer": 1}, []) == []
    assert staffing_gaps({"social_worker": 1, "psychologist": 0}, ["legal"]) == ["psychologist"]


def test_no_lawyer_is_a_gap_only_where_legal_counselling_is_not_offered():
    staff = {"social_worker": 1, "psychologist": 1}
    assert staffing_gaps(staff, ["psychological"]) == ["lawyer"]
    assert staffing_gaps(staff, ["psychological", "legal"]) == []
