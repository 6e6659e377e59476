from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from esitkent.analytics.domain import Gap, check_percentage, per_10000


def test_the_two_printed_percentages_that_do_not_match_their_counts():
    students = check_percentage(printed=D("47.6"), numerator=D(71198), denominator=D(153930))
    assert students.recomputed == D("46.3") and not students.agrees
    council = check_percentage(printed=D("16.5"), numerator=D(30), denominator=D(176))
    assert council.recomputed == D("17.0") and not council.agrees


def test_a_correctly_printed_percentage_agrees():
    assert check_percentage(printed=D("50.21"), numerator=D(2206592), denominator=D(4394694)).agrees


@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_recomputing_what_was_computed_always_agrees(numerator, denominator):
    exact = D(100) * numerator / denominator
    printed = exact.quantize(D("0.1"))
    assert check_percentage(
        printed=printed, numerator=D(numerator), denominator=D(denominator)
    ).agrees


def test_gaps_and_rates():
    gap = Gap(women=D("34.2"), men=D("71.5"))
    assert gap.difference == D("-37.3") and gap.ratio == D("0.48")
    assert per_10000(D(20), 200000) == D("1.00")
    assert per_10000(D(5), None) is None
