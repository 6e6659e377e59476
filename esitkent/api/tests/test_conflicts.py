"""Through the API: a write over a newer value is a 409 naming both values; codes resolve
inside one plan, and a code two plans share is never read across them."""

import datetime as dt
import json

from django.utils import timezone

from esitkent.monitoring import entry_services, period_services
from esitkent.monitoring.models import DataValue
from esitkent.plans.models import Indicator

CODE = "egitim-1.2.3-g1"


def put_entries(client, submission, headers, values):
    return client.put(
        f"/api/v1/submissions/{submission.pk}/entries",
        data=json.dumps({"values": values}),
        content_type="application/json",
        **headers,
    )


def test_a_write_over_a_newer_value_is_a_conflict(
    client, open_period, sosyal, make_user, token_for
):
    ayse, fatma = (
        make_user(n, "reporter", "sosyal-projeler-db") for n in ("ayse-api", "fatma-api")
    )
    submission = entry_services.submission_open(period=open_period, organisation=sosyal)
    first = put_entries(
        client,
        submission,
        token_for(ayse, "write"),
        [{"indicator": CODE, "value": "3", "version": 0}],
    )
    assert first.status_code == 200, first.content
    assert first.json()["values"][0]["version"] == 1
    # Fatma read the empty cell (version 0) and writes after Ayşe: refused, both values named.
    late = put_entries(
        client,
        submission,
        token_for(fatma, "write"),
        [{"indicator": CODE, "value": "5", "version": 0}],
    )
    assert late.status_code == 409, late.content
    body = late.json()
    assert body["code"] == "conflict"
    assert "ayse-api" in body["errors"][0]["message"] and "“3”" in body["errors"][0]["message"]
    # Reading again, with the version she saw, her write goes through.
    again = put_entries(
        client,
        submission,
        token_for(fatma, "write"),
        [{"indicator": CODE, "value": "5", "version": 1}],
    )
    assert again.status_code == 200 and again.json()["values"][0]["version"] == 2


def test_a_decimal_point_is_a_decimal_point(client, open_period, sosyal, reporter, token_for):
    submission = entry_services.submission_open(period=open_period, organisation=sosyal)
    response = put_entries(
        client, submission, token_for(reporter, "write"), [{"indicator": CODE, "value": "2.500"}]
    )
    # A count of 2.5 is refused; never read as two thousand five hundred.
    assert response.status_code == 422 and "tam sayı" in response.json()["errors"][0]["message"]
    assert not DataValue.objects.filter(period="2024", indicator__code=CODE).exists()


def test_two_plans_sharing_codes_never_cross(
    client, izmir_plan, twin_plan, sosyal, reporter, token_for
):
    deadline = timezone.localdate() + dt.timedelta(days=30)
    periods = {
        plan.slug: period_services.reporting_period_create(
            plan=plan, code="2024", deadline=deadline
        )
        for plan in (izmir_plan, twin_plan)
    }
    headers = token_for(reporter, "write")
    for slug, value in ((izmir_plan.slug, "3"), (twin_plan.slug, "4")):
        submission = entry_services.submission_open(period=periods[slug], organisation=sosyal)
        assert (
            put_entries(
                client, submission, headers, [{"indicator": CODE, "value": value}]
            ).status_code
            == 200
        )
    stored = {
        v.indicator.plan.slug: v.value
        for v in DataValue.objects.filter(indicator__code=CODE, period="2024").select_related(
            "indicator__plan"
        )
    }
    assert stored == {izmir_plan.slug: 3, twin_plan.slug: 4}
    assert Indicator.objects.filter(code=CODE).count() == 2


def test_a_code_in_two_plans_needs_the_plan_to_be_read(client, izmir_plan, twin_plan, make_user):
    from esitkent.analytics.services import summaries_rebuild

    for plan, value in ((izmir_plan, 3), (twin_plan, 4)):
        indicator = Indicator.objects.get(plan=plan, code=CODE)
        DataValue.objects.create(
            indicator=indicator,
            period="2024",
            organisation=indicator.assignments.first().organisation,
            value=value,
            approved=True,
        )
    summaries_rebuild()
    ambiguous = client.get(f"/api/v1/values?indicator={CODE}")
    assert ambiguous.status_code == 422 and ambiguous.json()["code"] == "plan_required"
    one = client.get(f"/api/v1/values?indicator={CODE}&plan={twin_plan.slug}&period=2024")
    assert one.status_code == 200
    assert [row["value"] for row in one.json()["items"]] == [4.0]
