import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from esitkent.core import progress_rating
from esitkent.core.period_codes import parse_period, periods_in_year
from esitkent.core.progress_rating import (
    AMBER,
    GREEN,
    NONE,
    RED,
    Progress,
    activity_progress,
    activity_rag,
    roll_up,
    target_rag,
)
from esitkent.core.value_breakdowns import breakdown_key, check_breakdown, parse_breakdown_key
from esitkent.monitoring.validation_domain import evaluate_rule, is_outlier, validate_values

D = Decimal


@given(
    st.dictionaries(
        st.sampled_from(["sex", "age", "district", "disability"]),
        st.sampled_from(["F", "M", "18-29", "cigli", "yes"]),
        max_size=4,
    )
)
def test_breakdown_keys_round_trip_in_any_order(breakdown):
    key = breakdown_key(breakdown)
    assert parse_breakdown_key(key) == breakdown
    assert breakdown_key(dict(reversed(list(breakdown.items())))) == key


def test_breakdown_checks():
    assert check_breakdown({"sex": "F"}, ["sex", "age"]) is None
    assert str(check_breakdown({"sex": "X"}, ["sex"])) == "'Cinsiyet' için bilinmeyen seçenek: X"
    assert (
        str(check_breakdown({"age": "18-29"}, ["sex"]))
        == "bu gösterge 'Yaş grubu' kırılımı almıyor"
    )
    assert check_breakdown({"district": "cigli"}, ["district"], ["cigli", "buca"]) is None
    with pytest.raises(ValueError):
        parse_breakdown_key("sex")


@pytest.mark.parametrize(
    ("code", "kind", "start", "end"),
    [
        ("2024", "annual", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        ("2024S2", "six-monthly", dt.date(2024, 7, 1), dt.date(2024, 12, 31)),
        ("2024Q1", "quarterly", dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
        ("2024-02", "monthly", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2019/2021", "years", dt.date(2019, 1, 1), dt.date(2021, 12, 31)),
    ],
)
def test_periods(code, kind, start, end):
    period = parse_period(code)
    assert (period.kind, period.start, period.end) == (kind, start, end)


@pytest.mark.parametrize("code", ["24", "2024Q5", "2024-13", "2021/2019", "2024S3", ""])
def test_bad_periods_are_refused(code):
    with pytest.raises(ValueError, match="Dönem"):
        parse_period(code)


@given(st.integers(2000, 2100), st.sampled_from(["annual", "six-monthly", "quarterly", "monthly"]))
def test_periods_of_a_year_tile_it(year, periodicity):
    periods = [parse_period(c) for c in periods_in_year(year, periodicity)]
    assert periods[0].start == dt.date(year, 1, 1) and periods[-1].end == dt.date(year, 12, 31)
    for a, b in zip(periods, periods[1:], strict=False):
        assert b.start == a.end + dt.timedelta(days=1)


def count_rules(values, dims=("sex", "age")):
    return [
        (v.rule, v.key)
        for v in validate_values(
            {k: D(x) for k, x in values.items()},
            measure_type="count",
            aggregation="sum",
            dimensions=dims,
        )
    ]


def test_parts_may_not_exceed_the_total():
    assert count_rules({"": 10, "sex=F": 7, "sex=M": 5}) == [("parts-exceed-total", "")]


def test_complete_parts_must_sum_to_the_total_partial_need_not():
    assert count_rules({"": 10, "sex=F": 6, "sex=M": 3}) == [("parts-sum-differs", "")]
    assert count_rules({"": 10, "sex=F": 6}) == []
    assert count_rules({"": 10, "age=18-29": 4, "age=30-44": 5}) == []


def test_cross_breakdowns_are_checked_against_their_margins():
    assert count_rules({"sex=F": 5, "age=18-29;sex=F": 4, "age=30-44;sex=F": 3}) == [
        ("parts-exceed-total", "sex=F")
    ]


def test_percentages_stay_within_range_and_are_not_summed():
    found = validate_values(
        {"": D(120), "sex=F": D(90), "sex=M": D(90)},
        measure_type="percentage",
        aggregation="average",
        dimensions=["sex"],
    )
    assert [(v.rule, v.key) for v in found] == [("percentage-range", "")]


@given(st.lists(st.integers(0, 1000), min_size=2, max_size=2), st.integers(0, 50))
def test_a_consistent_breakdown_never_fails(parts, extra):
    values = {"": sum(parts) + extra, "sex=F": parts[0], "sex=M": parts[1]}
    found = count_rules(values, dims=("sex",))
    assert found == ([] if extra == 0 else [("parts-sum-differs", "")])


def test_custom_rules():
    assert evaluate_rule(D(5), "<=", D(10)) is True
    assert evaluate_rule(D(11), "<=", D(10)) is False
    assert evaluate_rule(None, "<=", D(10)) is None


def test_outliers_against_own_history():
    assert not is_outlier(D(100), [D(90), D(110), D(95)])
    assert is_outlier(D(1000), [D(90), D(110), D(95), D(105)])
    assert not is_outlier(D(1000), [D(90), D(110)])  # too little history
    assert is_outlier(D(20), [D(10), D(10), D(10)]) and not is_outlier(D(11), [D(10), D(10), D(10)])


@given(st.lists(st.integers(1, 10_000), min_size=3, max_size=12))
def test_the_median_of_the_history_is_never_an_outlier(history):
    import statistics

    median = D(statistics.median(history))
    assert not is_outlier(median, [D(h) for h in history])


progress_values = st.builds(
    Progress, st.one_of(st.none(), st.floats(0, 100)), st.floats(0, 5, allow_subnormal=False)
)


@given(st.lists(progress_values, max_size=10))
def test_roll_up_stays_within_its_children(children):
    result = roll_up(children)
    counted = [c.value for c in children if c.value is not None and c.weight > 0]
    if not counted:
        assert result.value is None
    else:
        assert min(counted) - 1e-9 <= result.value <= max(counted) + 1e-9
        assert result.weight == pytest.approx(
            sum(c.weight for c in children if c.value is not None and c.weight > 0)
        )


@given(
    st.lists(progress_values, min_size=1, max_size=10),
    st.lists(progress_values, min_size=1, max_size=10),
)
def test_rolling_up_in_two_steps_equals_one_step(left, right):
    """Sub-goal → goal → plan gives the same as the plan over all activities at once."""
    two_steps = roll_up([roll_up(left), roll_up(right)])
    one_step = roll_up(left + right)
    if one_step.value is None:
        assert two_steps.value is None
    else:
        assert two_steps.value == pytest.approx(one_step.value)


@given(st.lists(progress_values, min_size=1, max_size=10), st.integers(0, 9), st.floats(0, 100))
def test_more_progress_never_lowers_the_roll_up(children, index, bump):
    index %= len(children)
    child = children[index]
    assume(child.value is not None and child.weight > 0)
    raised = list(children)
    raised[index] = Progress(min(100.0, child.value + bump), child.weight)
    assert roll_up(raised).value >= roll_up(children).value - 1e-9


def test_cancelled_and_completed_activities():
    assert activity_progress("cancelled", 50) == Progress(None, 0.0)
    assert activity_progress("completed", 10) == Progress(100.0, 1.0)
    assert (
        roll_up([activity_progress("cancelled", 0), activity_progress("ongoing", 40)]).value == 40
    )


START, DUE = dt.date(2022, 1, 1), dt.date(2022, 12, 31)


@pytest.mark.parametrize(
    ("status", "progress", "as_of", "rag"),
    [
        ("completed", 100, dt.date(2023, 6, 1), GREEN),
        ("ongoing", 50, dt.date(2022, 7, 1), GREEN),
        ("ongoing", 30, dt.date(2022, 7, 1), AMBER),
        ("ongoing", 10, dt.date(2022, 7, 1), RED),
        ("ongoing", 90, dt.date(2023, 1, 2), RED),
        ("delayed", 50, dt.date(2022, 7, 1), AMBER),
        ("cancelled", 0, dt.date(2022, 7, 1), NONE),
    ],
)
def test_activity_rag(status, progress, as_of, rag):
    assert activity_rag(status=status, progress=progress, start=START, due=DUE, as_of=as_of) == rag


@given(st.floats(0, 100), st.floats(0, 100), st.dates(dt.date(2022, 1, 1), dt.date(2023, 6, 1)))
def test_more_progress_is_never_a_worse_colour(p1, p2, as_of):
    order = {GREEN: 0, AMBER: 1, RED: 2}
    low, high = sorted([p1, p2])
    assert (
        order[activity_rag(status="ongoing", progress=high, start=START, due=DUE, as_of=as_of)]
        <= order[activity_rag(status="ongoing", progress=low, start=START, due=DUE, as_of=as_of)]
    )


def test_target_rag_respects_direction():
    assert target_rag(D(10), D(10), "higher") == GREEN
    assert target_rag(D(8), D(10), "higher") == AMBER
    assert target_rag(D(5), D(10), "higher") == RED
    assert target_rag(D(12), D(10), "lower") == AMBER
    assert target_rag(D(5), None, "higher") == NONE


def test_not_started_counts_as_zero_and_unknown_progress_does_not():
    assert (
        roll_up([activity_progress("ongoing", 80), activity_progress("not_started", None)]).value
        == 40
    )
    assert (
        roll_up([activity_progress("ongoing", 80), activity_progress("ongoing", None)]).value == 80
    )


@given(
    st.lists(
        st.sampled_from(
            [
                progress_rating.RED,
                progress_rating.AMBER,
                progress_rating.GREEN,
                progress_rating.NONE,
            ]
        )
    )
)
def test_the_worst_colour_wins_and_unassessed_parts_do_not_count(rags):
    assessed = [r for r in rags if r != progress_rating.NONE]
    order = [progress_rating.RED, progress_rating.AMBER, progress_rating.GREEN]
    expected = min(assessed, key=order.index) if assessed else progress_rating.NONE
    assert progress_rating.worst_rag(rags) == expected


@pytest.mark.parametrize("numbers", ["tr", "point", "comma"])
def test_digits_of_other_scripts_are_not_numbers(numbers):
    from esitkent.monitoring.domain import parse_number

    assert parse_number("123", numbers) == 123  # positive control
    for raw in ("١٢٣", "۱۲۳", "１２３"):
        with pytest.raises(ValueError, match="sayı değil"):
            parse_number(raw, numbers)


@given(st.lists(st.sampled_from(progress_rating.ACTIVITY_STATUSES), min_size=1))
def test_the_least_advanced_status_speaks_for_an_activity_several_units_report(statuses):
    spoken = progress_rating.least_advanced(statuses)
    assert spoken in statuses
    if "not_started" in statuses:
        assert spoken == "not_started"
    elif "delayed" in statuses:  # one unit behind makes the activity behind
        assert spoken == "delayed"
    elif set(statuses) == {"completed"}:
        assert spoken == "completed"
