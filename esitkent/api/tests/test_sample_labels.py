"""Issue 15: whatever the API sends from a sample reporting period says so: values (`sample`),
activity statuses and progress (`sample`), submissions (`sample`); a real period's do not.
The cycle runs through the real monitoring services (the reports' test builds it)."""

import pytest

from esitkent.reports.tests.test_sample_labels import UNIT, cycle

from .conftest import SLUG

CODE = "egitim-1.2.3-g1"


@pytest.fixture
def people(make_user):
    return make_user("ornek-raportor", "reporter", UNIT), make_user("ornek-koord", "coordinator")


@pytest.fixture
def real_year(izmir_plan, people):
    reporter, coordinator = people
    cycle(izmir_plan, 2022, reporter=reporter, coordinator=coordinator, sample=False, figure="7")
    return izmir_plan


@pytest.fixture
def sample_year(real_year, people):
    reporter, coordinator = people
    cycle(real_year, 2023, reporter=reporter, coordinator=coordinator, sample=True, figure="9")
    return real_year


def reported(client) -> list[dict]:
    body = client.get(f"/api/v1/plans/{SLUG}/activities").json()
    return [a for a in body if a["status"] is not None]


def test_statuses_from_a_sample_period_say_so(client, sample_year):
    statuses = reported(client)
    assert statuses and all(a["sample"] is True for a in statuses)
    one = client.get(f"/api/v1/plans/{SLUG}/activities/{statuses[0]['row']}").json()
    assert one["sample"] is True


def test_statuses_from_a_real_period_do_not(client, real_year):
    """The positive control: the same cycle in a real period."""
    body = client.get(f"/api/v1/plans/{SLUG}/activities").json()
    assert [a for a in body if a["status"] is not None]
    assert all(a["sample"] is False for a in body)


def test_values_of_the_sample_year_say_so(client, sample_year):
    body = client.get(f"/api/v1/values?plan={SLUG}&indicator={CODE}&limit=1000").json()
    marks = {(v["period"], v["breakdown_key"]): v["sample"] for v in body["items"]}
    assert marks[("2023", "")] is True and marks[("2022", "")] is False


def test_submissions_of_a_sample_period_say_so(client, sample_year, people, token_for):
    _, coordinator = people
    body = client.get("/api/v1/submissions?limit=1000", **token_for(coordinator)).json()
    marks = {s["period"]: s["sample"] for s in body["items"]}
    assert marks == {"2022": False, "2023": True}
    one = client.get(
        f"/api/v1/submissions/{body['items'][-1]['id']}", **token_for(coordinator)
    ).json()
    assert one["sample"] is (one["period"] == "2023")


def test_the_schema_documents_the_marks(client, db):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    for name in ("ActivityOut", "SubmissionOut"):
        field = schemas[name]["properties"]["sample"]
        assert field["type"] == "boolean" and "ÖRNEK" in field["description"], name
        assert "sample" in schemas[name]["required"], name
