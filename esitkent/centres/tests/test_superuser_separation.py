"""Separation of duties binds a superuser too (issue 14, finding 3): Django's `has_perm` says
yes to an active superuser whatever the rule, so the checks run the rule itself."""

import json

import pytest

from esitkent.api.tests import conftest as api
from esitkent.centres.models import Centre
from esitkent.monitoring.models import ActivityReport, DataValue, Submission

# The API's fixtures: a reporter of one unit, an open period, a token for anyone.
open_period, reporter, sosyal, token_for = api.open_period, api.reporter, api.sosyal, api.token_for
CODE = "egitim-1.2.3-g1"


def _put(client, url, headers, body):
    return client.put(url, data=json.dumps(body), content_type="application/json", **headers)


@pytest.mark.parametrize("what", ["values", "reports"])
def test_a_superusers_token_cannot_enter_another_units_values(
    client, open_period, reporter, admin_user, token_for, what
):
    opened = client.post(
        "/api/v1/submissions",
        data=json.dumps(
            {"plan": "izmir-yeep-2022-2024", "period": "2024", "organisation": "sosyal-projeler-db"}
        ),
        content_type="application/json",
        **token_for(reporter, "write"),
    )
    assert opened.status_code == 201, opened.content
    submission = Submission.objects.get(pk=opened.json()["id"])

    response = _put(
        client,
        f"/api/v1/submissions/{submission.pk}/entries",
        token_for(admin_user, "write"),
        {
            what: [{"indicator": CODE, "value": "99"}]
            if what == "values"
            else api.every_report(submission)
        },
    )

    assert response.status_code in (403, 404), response.content
    assert not DataValue.objects.filter(submission=submission).exists()
    assert not ActivityReport.objects.filter(submission=submission).exists()


def test_a_superuser_cannot_save_a_centres_profile(client, admin_user):
    before = Centre.objects.get(code="kdm-karsiyaka")
    client.force_login(admin_user)

    response = client.post("/merkezler/kdm-karsiyaka/duzenle/", {"phone": "0 232 999 99 99"})

    assert response.status_code == 403
    after = Centre.objects.get(code="kdm-karsiyaka")
    assert (after.phone, after.opening_hours) == (before.phone, before.opening_hours)
    assert client.get("/merkezler/kdm-karsiyaka/duzenle/").status_code == 403
