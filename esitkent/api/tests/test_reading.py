"""Reading through the API: anonymous callers see exactly the portal's data."""

import datetime as dt

import pytest

from esitkent.monitoring import period_services, review_services
from esitkent.monitoring.models import DataValue, Submission
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Indicator, Plan
from esitkent.portal.selectors import open_data_rows

from .conftest import SLUG


@pytest.fixture
def approved_and_not(izmir_plan, make_user):
    """One approved figure (with a district breakdown) and one still submitted."""
    period = period_services.reporting_period_create(
        plan=izmir_plan, code="2024", deadline=dt.date(2025, 1, 31)
    )
    indicator = Indicator.objects.get(code="egitim-1.2.3-g1")

    def submission(org_code, status, value, breakdown=None):
        org = Organisation.objects.get(code=org_code)
        sub = Submission.objects.create(period=period, organisation=org, status=status)
        key = ";".join(f"{k}={v}" for k, v in sorted((breakdown or {}).items()))
        DataValue.objects.create(
            indicator=indicator,
            period="2024",
            organisation=org,
            value=value,
            submission=sub,
            breakdown=breakdown or {},
            breakdown_key=key,
        )
        return sub

    approved = submission("sosyal-projeler-db", "submitted", 4321, {"district": "konak"})
    review_services.submission_approve(submission=approved, by=None)
    submission("kadin-calismalari-sm", "submitted", 98765)
    return indicator


def all_items(client, url, **headers):
    items, offset = [], 0
    while True:
        page = client.get(f"{url}{'&' if '?' in url else '?'}limit=1000&offset={offset}", **headers)
        assert page.status_code == 200, page.content
        body = page.json()
        items += body["items"]
        offset += 1000
        if offset >= body["count"]:
            return items


def test_anonymous_values_are_the_open_data(client, approved_and_not):
    from_api = {
        (v["indicator"], v["period"], v["breakdown_key"], v["value"])
        for v in all_items(client, "/api/v1/values")
    }
    from_portal = {(r[3], r[5], r[6], float(r[7])) for r in open_data_rows()}
    assert from_api == from_portal
    assert ("egitim-1.2.3-g1", "2024", "district=konak", 4321.0) in from_api
    assert not any(v == 98765.0 for *_, v in from_api)


def test_filters_narrow_the_values(client, approved_and_not):
    rows = client.get("/api/v1/values?indicator=egitim-1.2.3-g1&period=2024&district=konak").json()
    assert rows["count"] == 1
    assert rows["items"][0]["breakdown"] == {"district": "konak"}
    assert client.get("/api/v1/values?district=bornova&period=2024").json()["count"] == 0
    totals = client.get("/api/v1/values?indicator=egitim-1.2.3-g1&breakdown=").json()
    assert all(v["breakdown_key"] == "" for v in totals["items"])


def test_per_unit_figures_need_a_token(client, approved_and_not, make_user, token_for):
    url = "/api/v1/values?organisation=sosyal-projeler-db&indicator=egitim-1.2.3-g1"
    refused = client.get(url)
    assert refused.status_code == 401
    assert refused.json()["field"] == "organisation"
    viewer = make_user("izleyici", "viewer", "tce-komisyonu")
    rows = client.get(url, **token_for(viewer)).json()["items"]
    assert [(r["organisation"], r["value"]) for r in rows] == [("sosyal-projeler-db", 4321.0)]


def test_pages_are_bounded_and_counted(client, approved_and_not):
    page = client.get("/api/v1/values?limit=2&offset=1").json()
    assert len(page["items"]) == min(2, page["count"] - 1)
    too_big = client.get("/api/v1/values?limit=5000")
    assert too_big.status_code == 422
    assert too_big.json()["errors"][0]["field"] == "limit"


def test_the_plan_is_readable_by_anyone(client, izmir_plan):
    assert [p["slug"] for p in client.get("/api/v1/plans").json()["items"]] == [SLUG]
    assert len(client.get(f"/api/v1/plans/{SLUG}/areas").json()) == 6
    assert len(client.get(f"/api/v1/plans/{SLUG}/goals").json()) == 8
    assert len(client.get(f"/api/v1/plans/{SLUG}/subgoals").json()) == 36
    activities = client.get(f"/api/v1/plans/{SLUG}/activities").json()
    assert len(activities) == 63
    first = client.get(f"/api/v1/plans/{SLUG}/activities/1").json()
    assert first["parties"] and first["indicators"]
    indicators = client.get(f"/api/v1/plans/{SLUG}/indicators?limit=1000").json()
    assert indicators["count"] == 118
    one = client.get(f"/api/v1/plans/{SLUG}/indicators/{first['indicators'][0]}").json()
    assert one["activity_row"] == 1


def test_a_plan_not_yet_approved_is_hidden_from_anonymous_callers(
    client, izmir_plan, make_user, token_for
):
    Plan.objects.filter(pk=izmir_plan.pk).update(status=Plan.Status.DRAFT)
    assert client.get("/api/v1/plans").json()["count"] == 0
    assert client.get(f"/api/v1/plans/{SLUG}").status_code == 404
    member = make_user("izleyici", "viewer", "tce-komisyonu")
    assert client.get(f"/api/v1/plans/{SLUG}", **token_for(member)).status_code == 200


def test_reference_codes(client, izmir_plan):
    districts = client.get("/api/v1/districts").json()
    assert len(districts) == 30
    konak = next(d for d in districts if d["code"] == "konak")
    assert [p["year"] for p in konak["population"]] == [2021, 2023, 2025]
    assert konak["population"][0]["women"] > 0
    orgs = client.get("/api/v1/organisations?limit=1000").json()
    assert "sosyal-projeler-db" in {o["code"] for o in orgs["items"]}
    period_services.reporting_period_create(
        plan=izmir_plan, code="2024", deadline=dt.date(2025, 1, 31)
    )
    periods = client.get(f"/api/v1/periods?plan={SLUG}").json()
    assert "2024" in [p["code"] for p in periods]
    assert {p["plan"] for p in periods} == {SLUG}
    assert client.get("/api/v1/periods?plan=yok").json() == []


def test_the_openapi_document_declares_the_error_shape(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    error = schema["components"]["schemas"]["ErrorOut"]
    assert {"code", "message", "message_en", "field", "errors"} <= set(error["properties"])
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            fours = [code for code in operation["responses"] if code.startswith("4")]
            assert fours, f"{method} {path} declares no 4xx"
            for code in fours:
                ref = operation["responses"][code]["content"]["application/json"]["schema"]
                assert ref["$ref"].endswith("/ErrorOut"), (method, path, code)


def test_anonymous_reads_are_cached_until_something_is_published(client, approved_and_not):
    url = "/api/v1/values?indicator=egitim-1.2.3-g1&period=2024&breakdown="
    first = client.get(url)
    assert "public" in first["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    submission = Submission.objects.get(status="approved")
    review_services.submission_unapprove(submission=submission, by=None, reason="düzeltme")
    after = client.get(url)
    assert after["ETag"] != first["ETag"]
    assert after.json()["count"] == 0


def test_token_reads_are_not_shared(client, izmir_plan, make_user, token_for):
    Plan.objects.filter(pk=izmir_plan.pk).update(status=Plan.Status.DRAFT)
    anonymous = client.get("/api/v1/plans")
    assert "Authorization" in anonymous["Vary"]
    viewer = make_user("izleyici", "viewer", "tce-komisyonu")
    member = client.get("/api/v1/plans", **token_for(viewer))
    # The member sees the draft plan the anonymous answer hid, and no cache may keep it.
    assert (anonymous.json()["count"], member.json()["count"]) == (0, 1)
    assert "no-store" in member["Cache-Control"] and "public" not in member["Cache-Control"]


def test_a_misspelt_filter_is_refused_not_ignored(client, db):
    response = client.get("/api/v1/values?indicatr=egitim-1.2.3-g1")
    assert response.status_code == 422
    body = response.json()
    assert (body["code"], body["field"]) == ("unknown_parameter", "indicatr")


def test_a_nul_character_is_refused_before_any_query(client, db):
    response = client.get("/api/v1/values?breakdown=a%00b")
    assert response.status_code == 422
    assert response.json()["code"] == "nul_character"
    assert client.get("/api/v1/plans/a%00b").status_code == 422


def test_the_api_answers_in_its_own_shape_everywhere(client, db):
    root = client.get("/api/v1/")
    assert root.status_code == 404 and root.json()["code"] == "not_found"
    head = client.head("/api/v1/plans")
    assert head.status_code == 405
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"/static/ninja/swagger-ui-bundle.js" in docs.content  # bundled, not a CDN
