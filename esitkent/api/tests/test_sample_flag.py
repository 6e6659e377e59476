"""Issue 20, finding 7: a value approved in a sample reporting period is marked `sample` in
the API, as in the open data; a real period's value is not."""

import datetime as dt

import pytest

from esitkent.monitoring import period_services, review_services
from esitkent.monitoring.models import DataValue, ReportingPeriod, Submission
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Indicator

from .conftest import SLUG

CODE = "egitim-1.2.3-g1"


def _approve(period, indicator, value, breakdown=""):
    org = Organisation.objects.get(code="sosyal-projeler-db")
    submission = Submission.objects.create(period=period, organisation=org, status="submitted")
    DataValue.objects.create(
        indicator=indicator,
        period=period.code,
        organisation=org,
        value=value,
        submission=submission,
        breakdown=dict([breakdown.split("=")]) if breakdown else {},
        breakdown_key=breakdown,
    )
    review_services.submission_approve(submission=submission, by=None)


@pytest.fixture
def real_and_sample(izmir_plan):
    indicator = Indicator.objects.get(activity__subgoal__goal__area__plan=izmir_plan, code=CODE)
    real = period_services.reporting_period_create(
        plan=izmir_plan, code="2023", deadline=dt.date(2024, 1, 31)
    )
    sample = period_services.reporting_period_create(
        plan=izmir_plan, code="2024", deadline=dt.date(2025, 1, 31)
    )
    ReportingPeriod.objects.filter(pk=sample.pk).update(is_sample=True)
    _approve(real, indicator, 1111)
    _approve(sample, indicator, 2222, "district=konak")
    return indicator


def test_each_value_says_whether_it_is_sample(client, real_and_sample):
    body = client.get(f"/api/v1/values?plan={SLUG}&indicator={CODE}&limit=1000").json()
    marks = {(v["period"], v["breakdown_key"]): v["sample"] for v in body["items"]}
    assert marks[("2023", "")] is False
    assert marks[("2024", "district=konak")] is True


def test_the_schema_documents_the_flag(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    value = schema["components"]["schemas"]["ValueOut"]
    assert "sample" in value["required"]
    assert value["properties"]["sample"]["type"] == "boolean"
    assert "ÖRNEK" in value["properties"]["sample"]["description"]


def test_a_sample_period_can_be_left_out(client, real_and_sample):
    """A program that wants real figures only asks for them."""
    body = client.get(f"/api/v1/values?plan={SLUG}&indicator={CODE}&sample=false").json()
    assert {v["period"] for v in body["items"]} == {"2023"}
