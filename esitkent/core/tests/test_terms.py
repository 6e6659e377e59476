import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from esitkent.core.terms import LONG, MEDIUM, SHORT, TERMS, parse_term, term_due_date


@pytest.mark.parametrize(
    ("printed", "term"),
    [
        ("(Kısa Vade)", SHORT),
        ("(Orta Vade)", MEDIUM),
        (" (Uzun Vade)  ", LONG),
        ("Uzun Vade", LONG),
        ("(KISA VADE)", SHORT),
        (None, None),
        ("", None),
    ],
)
def test_printed_terms_are_read(printed, term):
    assert parse_term(printed) == term


def test_unreadable_term_is_refused():
    with pytest.raises(ValueError, match="Vade anlaşılamadı"):
        parse_term("(Yakında)")


def test_three_year_plan_terms_fall_at_year_ends():
    assert term_due_date(SHORT, 2022, 2024) == dt.date(2022, 12, 31)
    assert term_due_date(MEDIUM, 2022, 2024) == dt.date(2023, 12, 31)
    assert term_due_date(LONG, 2022, 2024) == dt.date(2024, 12, 31)
    assert term_due_date(None, 2022, 2024) is None


@given(st.integers(2000, 2100), st.integers(0, 10))
def test_terms_are_ordered_and_inside_the_plan_period(start, length):
    end = start + length
    dates = [term_due_date(t, start, end) for t in TERMS]
    assert dates == sorted(dates)
    assert all(dt.date(start, 1, 1) <= d <= dt.date(end, 12, 31) for d in dates)
    assert dates[-1] == dt.date(end, 12, 31)
