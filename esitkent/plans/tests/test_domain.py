import copy

from hypothesis import given
from hypothesis import strategies as st

from esitkent.plans.domain import (
    ERROR,
    clean_code,
    code_parts,
    duplicate_rows,
    has_errors,
    is_under,
    lint,
    normalise_activity_codes,
)


def test_printed_codes_are_cleaned():
    assert clean_code("1.1.1.") == "1.1.1"
    assert clean_code(" 1. ") == "1"
    assert code_parts("2.4") == (2, 4)
    assert code_parts("x.1") is None


def test_is_under_means_exactly_one_level_below():
    assert is_under("1.2.3", "1.2.")
    assert not is_under("1.1.2", "1.2")
    assert not is_under("1.2", "1.2")
    assert not is_under("1.2.3.4", "1.2")


def test_normalised_codes_for_the_izmir_oddities():
    assert normalise_activity_codes("1.2", ["1.1.2"]) == ["1.2.1"]
    assert normalise_activity_codes("1.1", ["1.1", "1.1.2", "1.1.3", "1.1.4"]) == [
        "1.1.1",
        "1.1.2",
        "1.1.3",
        "1.1.4",
    ]
    assert normalise_activity_codes("2.4", ["2.4"]) == ["2.4.1"]
    assert normalise_activity_codes("1.2.", ["1.2.1", "1.2.3", "1.2.4"]) == [
        "1.2.1",
        "1.2.3",
        "1.2.4",
    ]
    assert normalise_activity_codes("1.3", ["1.3.1", "1.3.1", "1.3.2"]) == [
        "1.3.1",
        "1.3.1",
        "1.3.2",
    ]


codes = st.lists(st.from_regex(r"\A[1-3](\.[1-4]){0,3}\.?\Z"), max_size=8)


@given(st.from_regex(r"\A[1-3]\.[1-4]\Z"), codes)
def test_normalised_codes_always_sit_under_their_subgoal(subgoal, printed):
    normalised = normalise_activity_codes(subgoal, printed)
    assert len(normalised) == len(printed)
    assert all(is_under(c, subgoal) for c in normalised)
    repeated = {clean_code(c) for c in printed if printed.count(c) > 1}
    distinct = [
        n for p, n in zip(printed, normalised, strict=True) if clean_code(p) not in repeated
    ]
    assert len(set(distinct)) == len(distinct)


def activity(code, **extra):
    base = {
        "code_printed": code,
        "code": clean_code(code),
        "title": f"Faaliyet {code}",
        "term_printed": "(Kısa Vade)",
        "term": "short",
        "responsible": ["Birim"],
        "cooperating": [],
        "indicators_printed": "Sayı",
        "indicators": [{"name": "Sayı", "target_printed": "10", "baseline_printed": "0"}],
    }
    base.update(extra)
    return base


def plan(*subgoals, goal="1.", more_goals=()):
    return {
        "areas": [
            {
                "code": "a",
                "title": "Alan",
                "title_printed": "ALAN",
                "goals": [
                    {
                        "code_printed": goal,
                        "code": clean_code(goal),
                        "title": "Hedef",
                        "subgoals": list(subgoals),
                    },
                    *more_goals,
                ],
            }
        ]
    }


def sub(code, *activities):
    return {
        "code_printed": code,
        "code": clean_code(code),
        "title": f"Alt {code}",
        "activities": list(activities),
    }


def codes_of(findings):
    return sorted(f.code for f in findings)


def test_a_clean_plan_has_no_findings():
    doc = plan(sub("1.1", activity("1.1.1"), activity("1.1.2")), sub("1.2", activity("1.2.1")))
    assert lint(doc) == []
    assert not has_errors(lint(doc))


def test_each_quirk_is_reported_with_its_stable_code():
    doc = plan(
        sub("1.1", activity("1.1"), activity("1.1.2")),
        sub("1.2", activity("1.1.3")),
        sub(
            "1.3", activity("1.3.1"), activity("1.3.1"), activity("1.3.3", term="", term_printed="")
        ),
        sub("1.5", activity("1.5.1", responsible=[], indicators=[])),
    )
    found = {(f.code, f.where.rsplit("›", 1)[-1].strip()) for f in lint(doc)}
    assert ("activity-code-equals-subgoal", "1.1") in found
    assert ("code-not-under-subgoal", "1.1.3") in found
    assert ("duplicate-row", "1.3.1") in found
    assert ("code-gap", "1.3") in found  # 1.3.2 missing
    assert ("code-gap", "1") in found  # sub-goal 1.4 missing
    assert ("missing-term", "1.3.3") in found
    assert ("missing-responsible", "1.5.1") in found
    assert ("missing-indicator", "1.5.1") in found
    assert has_errors(lint(doc))


def test_a_malformed_code_standing_in_for_a_missing_number_is_not_also_a_gap():
    doc = plan(sub("1.1", activity("1.1"), activity("1.1.2"), activity("1.1.3")))
    assert "code-gap" not in codes_of(lint(doc))


def test_out_of_sequence_and_duplicate_codes():
    doc = plan(
        sub("1.1", activity("1.1.2"), activity("1.1.1")),
        sub("1.2", activity("1.1.2", title="Başka")),
    )
    found = codes_of(lint(doc))
    assert "code-out-of-sequence" in found
    assert "duplicate-code" in found
    assert [f.severity for f in lint(doc) if f.code == "duplicate-code"] == [ERROR]


def test_indicator_without_baseline_or_target():
    doc = plan(sub("1.1", activity("1.1.1", indicators=[{"name": "Kurs sayısı"}])))
    assert codes_of(lint(doc)) == ["indicator-without-baseline", "indicator-without-target"]


def test_shared_cells_are_information_where_copied_and_splits_counted_once():
    shared = {
        "shared_cells": ["responsible", "indicators"],
        "cells_printed_at": "1.1.1",
        "indicators_printed": "A, B",
        "indicators": [
            {"name": "A", "target_printed": "1", "baseline_printed": "0"},
            {"name": "B", "target_printed": "1", "baseline_printed": "0"},
        ],
    }
    doc = plan(sub("1.1", activity("1.1.1", **shared), activity("1.1.2", **shared)))
    found = [(f.code, f.where[-5:]) for f in lint(doc)]
    assert found == [("multi-measure-cell", "1.1.1"), ("shared-cell", "1.1.2")]


def test_duplicate_rows_are_found_by_content_not_by_code():
    subgoal = sub("1.3", activity("1.3.1"), activity("1.3.1"), activity("1.3.1", title="Farklı"))
    assert duplicate_rows(subgoal) == {1: 0}


@given(st.integers(1, 6), st.integers(0, 5))
def test_lint_never_changes_the_document(n, dup):
    doc = plan(
        sub("1.1", *[activity(f"1.1.{i}") for i in range(1, n + 1)], *[activity("1.1.1")] * dup)
    )
    before = copy.deepcopy(doc)
    lint(doc)
    assert doc == before
    assert sum(f.code == "duplicate-row" for f in lint(doc)) == dup
