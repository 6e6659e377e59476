"""Issue 14, finding 8 (the API's part): numbers are JSON numbers where the schema says number,
and an entries body that says nothing is refused rather than answered with a silent 200."""

import json

import pytest

from esitkent.monitoring.models import Change

from .conftest import SLUG


def test_an_indicators_targets_are_numbers(client, izmir_plan):
    listed = client.get(f"/api/v1/plans/{SLUG}/indicators?limit=1000").json()["items"]
    with_targets = [i for i in listed if i["targets"]]
    assert with_targets  # control: the shipped plan has targets
    one = client.get(f"/api/v1/plans/{SLUG}/indicators/{with_targets[0]['code']}").json()

    for target in one["targets"] + with_targets[0]["targets"]:
        assert isinstance(target["value"], int | float) and not isinstance(target["value"], bool)
    for indicator in listed:
        baseline = indicator["baseline_value"]
        assert baseline is None or isinstance(baseline, int | float)


@pytest.fixture
def opened(client, open_period, reporter, token_for):
    headers = token_for(reporter, "write")
    response = client.post(
        "/api/v1/submissions",
        data=json.dumps({"plan": SLUG, "period": "2024", "organisation": "sosyal-projeler-db"}),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.content
    return response.json()["id"], headers


@pytest.mark.parametrize(
    "body",
    [[None, None], {"values": [None, None]}, {"values": None, "reports": None}, {}],
    ids=["bare-nulls", "null-values", "null-lists", "empty-object"],
)
def test_an_entries_body_with_nothing_in_it_is_refused(client, opened, body):
    submission_id, headers = opened
    response = client.put(
        f"/api/v1/submissions/{submission_id}/entries",
        data=json.dumps(body),
        content_type="application/json",
        **headers,
    )

    assert response.status_code == 422, response.content
    assert response.json()["code"] in {"rejected", "invalid"}
    assert not Change.objects.filter(submission_id=submission_id).exclude(action="opened").exists()
