"""Concurrency from the outside: real processes, real connections, the database's own locks
(SQLite's single writer with WAL, PostgreSQL's row locks). Issue 13, findings 5, 8 and 9."""

import pytest

pytestmark = pytest.mark.concurrency


def test_two_reporters_lose_nothing(scenario):
    result = scenario("two_reporters", "10")
    # Different fields: both saves land, both values are kept.
    assert result["different_fields"] == {
        "statuses": [302, 302],
        "stored": {"": "10", "sex=F": "6"},
    }
    # The same field at the same moment: one save wins, the other is told, naming the winner's
    # value; never two "saved" with one value silently gone.
    for round_ in result["same_field"]:
        assert sorted(round_["statuses"]) == [302, 409], round_
        assert round_["stored"] == round_["winner"], round_
        assert round_["conflict_names_winner"], round_


def test_an_import_reads_the_submission_under_its_lock(scenario):
    result = scenario("import_waits_for_submit")
    assert result["submit"] == "submitted"
    assert result["import"].startswith("refused:") and "Gönderildi" in result["import"], result
    assert result["value_written"] is False


def test_a_large_import_never_stops_the_city(scenario):
    result = scenario("import_under_load", "300000", timeout=1200)
    assert result["import"] == {"imported": 300000, "seconds": result["import"]["seconds"]}, result
    assert result["probe_error"] is None
    # People kept working while it ran, and none of them met an error.
    assert result["probes"] >= 9, result
    assert result["failures"] == [], result
