"""The pure rules of the case records (domain.py): the GBVIMS classifier, the derived case
context, the time band, the risk level and the 6284 measure dates. No database."""

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from esitkent.cases import domain

KEYS = domain.CLASSIFIER_KEYS
KINDS = [kind for _, _, kind in domain.CLASSIFIER_QUESTIONS]
answers_strategy = st.fixed_dictionaries({key: st.booleans() for key in KEYS})
factors_strategy = st.sets(st.sampled_from(sorted(domain.RISK_QUESTIONS)))
LEVEL_ORDER = ["low", "medium", "high", "severe"]
BAND_ORDER = ["0-3d", "4-5d", "6-14d", "15d-1m", "1m+"]
FEW = settings(max_examples=60)


# --- The GBVIMS ordered classifier ----------------------------------------------------------


def test_the_questions_follow_the_gbvims_order():
    assert KINDS == [
        "rape",
        "sexual_assault",
        "physical_assault",
        "forced_marriage",
        "denial_of_resources",
    ]
    assert set(KINDS) | {"psychological_abuse"} == set(domain.CORE_TYPES)


@pytest.mark.parametrize("position", range(len(KEYS)))
def test_the_first_yes_wins_whatever_comes_after(position):
    """Every prefix of "no"s, then a "yes": every combination of the later answers."""
    later = KEYS[position + 1 :]
    for tail in itertools.product([False, True], repeat=len(later)):
        answers = {key: False for key in KEYS[:position]}
        answers[KEYS[position]] = True
        answers.update(zip(later, tail, strict=True))
        assert domain.core_type(answers) == KINDS[position]


def test_no_yes_is_psychological_abuse():
    assert domain.core_type({}) == "psychological_abuse"
    assert domain.core_type({key: False for key in KEYS}) == "psychological_abuse"
    assert domain.core_type({"unknown_question": True}) == "psychological_abuse"


@FEW
@given(answers_strategy)
def test_the_type_is_always_a_core_type_and_the_first_yes(answers):
    kind = domain.core_type(answers)
    assert kind in domain.CORE_TYPES
    first = next((i for i, key in enumerate(KEYS) if answers[key]), None)
    assert kind == ("psychological_abuse" if first is None else KINDS[first])


@FEW
@given(answers_strategy, st.data())
def test_a_later_yes_never_changes_the_type(answers, data):
    first = next((i for i, key in enumerate(KEYS) if answers[key]), None)
    if first is None or first == len(KEYS) - 1:
        answers[KEYS[0]] = True
        first = 0
    later = data.draw(st.sampled_from(KEYS[first + 1 :]))
    before = domain.core_type(answers)
    assert domain.core_type({**answers, later: True}) == before


# --- Case context -----------------------------------------------------------------------


@pytest.mark.parametrize("relationship", ["partner", "former_partner", "boyfriend"])
def test_intimate_partner_violence_comes_from_the_relationship(relationship):
    assert domain.case_context("psychological_abuse", relationship, "30-44") == ["ipv"]


@pytest.mark.parametrize(
    "relationship", ["family", "in_laws", "acquaintance", "work", "stranger", "unknown"]
)
def test_other_relationships_are_not_ipv(relationship):
    assert domain.case_context("physical_assault", relationship, "30-44") == []


@pytest.mark.parametrize("age_band", ["0-14", "15-17"])
@pytest.mark.parametrize("kind", ["rape", "sexual_assault"])
def test_child_sexual_abuse_for_minors_only(kind, age_band):
    assert domain.case_context(kind, "family", age_band) == ["child_sexual_abuse"]
    for adult in ("18-29", "30-44", "45-64", "65+", "unknown"):
        assert domain.case_context(kind, "family", adult) == []


@pytest.mark.parametrize("age_band", ["0-14", "15-17"])
def test_early_marriage_for_minors_only(age_band):
    assert domain.case_context("forced_marriage", "family", age_band) == ["early_marriage"]
    assert domain.case_context("forced_marriage", "family", "18-29") == []
    assert domain.case_context("forced_marriage", "unknown", "unknown") == []


def test_contexts_combine_and_are_never_a_type():
    assert domain.case_context("rape", "boyfriend", "15-17") == ["ipv", "child_sexual_abuse"]
    assert domain.case_context("forced_marriage", "partner", "0-14") == ["ipv", "early_marriage"]
    assert domain.case_context("physical_assault", "family", "0-14") == []
    assert not set(domain.CONTEXTS) & set(domain.CORE_TYPES)


# --- Time to application ---------------------------------------------------------------------

APPLIED = dt.date(2026, 3, 20)


@pytest.mark.parametrize(
    ("days", "band"),
    [
        (0, "0-3d"),
        (3, "0-3d"),
        (4, "4-5d"),
        (5, "4-5d"),
        (6, "6-14d"),
        (14, "6-14d"),
        (15, "15d-1m"),
        (31, "15d-1m"),
        (32, "1m+"),
        (4000, "1m+"),
    ],
)
def test_time_to_application_band_edges(days, band):
    assert domain.time_to_application(APPLIED - dt.timedelta(days=days), APPLIED) == band


def test_an_unknown_or_later_incident_date_is_unknown():
    assert domain.time_to_application(None, APPLIED) == "unknown"
    assert domain.time_to_application(APPLIED + dt.timedelta(days=1), APPLIED) == "unknown"


@FEW
@given(st.integers(0, 800), st.integers(0, 800))
def test_the_band_never_falls_as_the_days_grow(a, b):
    fewer, more = sorted((a, b))
    band = [
        BAND_ORDER.index(domain.time_to_application(APPLIED - dt.timedelta(days=d), APPLIED))
        for d in (fewer, more)
    ]
    assert band[0] <= band[1]


# --- Risk level ---------------------------------------------------------------------------------


@pytest.mark.parametrize("factor", sorted(domain.DECISIVE_FACTORS))
def test_a_decisive_factor_alone_makes_the_risk_at_least_high(factor):
    assert domain.risk_level([factor]) == "high"


@pytest.mark.parametrize("pair", list(itertools.combinations(sorted(domain.DECISIVE_FACTORS), 2)))
def test_two_decisive_factors_make_it_severe(pair):
    assert domain.risk_level(pair) == "severe"


@pytest.mark.parametrize(
    ("factors", "level"),
    [
        ([], "low"),
        (["pregnancy"], "low"),
        (["escalation"], "low"),
        (["escalation", "pregnancy"], "medium"),
        (["escalation", "separation", "fear"], "high"),
        # 10 points without a decisive factor
        (
            [
                "escalation",
                "separation",
                "fear",
                "pregnancy",
                "children_harmed",
                "stalking",
                "substance",
            ],
            "severe",
        ),
        (["escalation", "escalation", "no-such-factor"], "low"),  # duplicates and unknowns
    ],
)
def test_risk_level_by_score(factors, level):
    assert domain.risk_level(factors) == level


@FEW
@given(factors_strategy, factors_strategy)
def test_adding_a_factor_never_lowers_the_level(base, more):
    before = LEVEL_ORDER.index(domain.risk_level(base))
    after = LEVEL_ORDER.index(domain.risk_level(base | more))
    assert after >= before
    if base & domain.DECISIVE_FACTORS:
        assert after >= LEVEL_ORDER.index("high")


@pytest.mark.parametrize(
    ("level", "days"), [("low", 90), ("medium", 30), ("high", 7), ("severe", 2)]
)
def test_next_review_by_level(level, days):
    assert domain.next_review(level, dt.date(2026, 12, 30)) == dt.date(2026, 12, 30) + dt.timedelta(
        days=days
    )


def test_the_higher_the_risk_the_sooner_the_review():
    days = [domain.REVIEW_AFTER_DAYS[level] for level in LEVEL_ORDER]
    assert days == sorted(days, reverse=True)
    assert list(domain.RISK_LEVELS) == LEVEL_ORDER


# --- 6284 measures and retention ----------------------------------------------------------------

TODAY = dt.date(2026, 6, 10)


def test_measure_ends_on():
    assert domain.measure_ends_on(dt.date(2026, 1, 1), 183) == dt.date(2026, 7, 2)
    assert domain.measure_ends_on(dt.date(2026, 2, 27), 2) == dt.date(2026, 2, 28)
    assert domain.measure_ends_on(dt.date(2026, 2, 27), 1) == dt.date(2026, 2, 27)


@pytest.mark.parametrize(
    ("days_left", "alert"),
    [
        (-30, "expired"),
        (-1, "expired"),
        (0, "expiring"),
        (1, "expiring"),
        (15, "expiring"),
        (16, ""),
        (180, ""),
    ],
)
def test_measure_alert_edges(days_left, alert):
    assert domain.measure_alert(TODAY + dt.timedelta(days=days_left), TODAY) == alert


@pytest.mark.parametrize(
    ("closed_on", "due"),
    [
        (dt.date(2026, 3, 15), dt.date(2036, 3, 15)),
        (dt.date(2024, 2, 29), dt.date(2034, 2, 28)),  # no 29 February in 2034
        (dt.date(2026, 12, 31), dt.date(2036, 12, 31)),
    ],
)
def test_retention_due_ten_years_after_closure(closed_on, due):
    assert domain.retention_due(closed_on) == due


def test_retention_keeps_29_february_in_a_leap_year():
    assert domain.retention_due(dt.date(2024, 2, 29), years=4) == dt.date(2028, 2, 29)
    assert domain.RETENTION_YEARS == 10


# --- T.C. identity number -------------------------------------------------------------------------


@given(
    st.integers(min_value=100_000_000, max_value=999_999_999), st.integers(0, 10), st.integers(1, 9)
)
@settings(max_examples=60, deadline=None)
def test_a_number_with_its_check_digits_is_valid_and_one_changed_digit_is_not(first, place, shift):
    number = str(first) + domain.national_id_check_digits(str(first))
    assert domain.national_id_valid(number)
    digits = list(number)
    digits[place] = str((int(digits[place]) + shift) % 10)
    changed = "".join(digits)
    assert not domain.national_id_valid(changed)


def test_a_known_number_and_malformed_ones():
    assert domain.national_id_valid("10000000146")
    for bad in ("", "1000000014", "100000001460", "00000000146", "1000000014a"):
        assert not domain.national_id_valid(bad)
