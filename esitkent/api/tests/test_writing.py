"""Reporters write through the API under the entry form's rules; the office reviews."""

import json

import pytest

from esitkent.monitoring import period_services
from esitkent.monitoring.models import Change, DataValue, Submission

from .conftest import SLUG, every_report

CODE = "egitim-1.2.3-g1"


def send(client, method, url, headers, body=None):
    return getattr(client, method)(
        url, data=json.dumps(body or {}), content_type="application/json", **headers
    )


@pytest.fixture
def opened(client, open_period, reporter, token_for):
    headers = token_for(reporter, "write")
    response = send(
        client,
        "post",
        "/api/v1/submissions",
        headers,
        {"plan": SLUG, "period": "2024", "organisation": "sosyal-projeler-db"},
    )
    assert response.status_code == 201, response.content
    return response.json()["id"], headers


def test_a_reporter_enters_submits_and_the_office_approves(
    client, opened, reporter, make_user, token_for
):
    submission_id, headers = opened
    url = f"/api/v1/submissions/{submission_id}"
    submission = Submission.objects.get(pk=submission_id)
    saved = send(
        client,
        "put",
        f"{url}/entries",
        headers,
        {
            # JSON's decimal point: "1234" is a count; "1.234" would be refused, never 1234.
            "values": [{"indicator": CODE, "value": "1234", "comment": "API ile"}],
            "reports": every_report(submission),
        },
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["values"] == [
        {
            "indicator": CODE,
            "breakdown": {},
            "value": 1234.0,
            "text": "",
            "comment": "API ile",
            "approved": False,
            "version": 1,
        }
    ]
    # Written by the token's owner, like any entry.
    assert Change.objects.filter(data_value__indicator__code=CODE, by=reporter).exists()

    submitted = client.post(f"{url}/submit", **headers)
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted"

    # Nobody reviews their own unit; the reporter's token cannot approve.
    assert client.post(f"{url}/approve", **headers).status_code == 403
    office = make_user("ofis", "coordinator", "kadin-calismalari-sm")
    office_headers = token_for(office, "write")
    approved = client.post(f"{url}/approve", **office_headers)
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "approved"
    assert Change.objects.filter(submission_id=submission_id, action="approved", by=office).exists()

    public = client.get(f"/api/v1/values?indicator={CODE}&period=2024").json()["items"]
    assert [v["value"] for v in public if v["breakdown_key"] == ""] == [1234.0]


def test_one_bad_entry_refuses_the_whole_request_naming_each_field(client, opened):
    submission_id, headers = opened
    response = send(
        client,
        "put",
        f"/api/v1/submissions/{submission_id}/entries",
        headers,
        {
            "values": [
                {"indicator": CODE, "value": "12"},
                {"indicator": CODE, "breakdown": {"sex": "F"}, "value": "-3"},
                {"indicator": "yok-boyle-bir-gosterge", "value": "1"},
            ]
        },
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "rejected"
    fields = {e["field"]: e for e in body["errors"]}
    assert set(fields) == {"values[2].indicator"}
    # Unknown codes are caught first; once they are fixed the service names the bad value.
    response = send(
        client,
        "put",
        f"/api/v1/submissions/{submission_id}/entries",
        headers,
        {
            "values": [
                {"indicator": CODE, "value": "-3"},
                {"indicator": CODE, "breakdown": {"sex": "F"}, "value": "3"},
            ]
        },
    )
    errors = response.json()["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [
        ("values[0]", "negative"),
        ("values[1]", "breakdown"),
    ]
    assert errors[0]["message"] == "negatif olamaz (-3)"
    assert errors[0]["message_en"] == "cannot be negative (-3)"
    assert not DataValue.objects.filter(submission_id=submission_id).exists()


def test_submitting_needs_the_same_reports_as_the_form(client, opened):
    submission_id, headers = opened
    response = client.post(f"/api/v1/submissions/{submission_id}/submit", **headers)
    assert response.status_code == 422
    assert response.json()["errors"]
    assert Submission.objects.get(pk=submission_id).status == "draft"


def test_a_locked_period_refuses_writes(client, opened, open_period):
    submission_id, headers = opened
    period_services.period_lock(period=open_period)
    response = send(
        client,
        "put",
        f"/api/v1/submissions/{submission_id}/entries",
        headers,
        {"values": [{"indicator": CODE, "value": "5"}]},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "period_closed"
    assert not DataValue.objects.filter(submission_id=submission_id).exists()


def test_another_unit_cannot_see_or_write_the_submission(client, opened, make_user, token_for):
    submission_id, _ = opened
    stranger = make_user("baska-birim", "reporter", "kadin-calismalari-sm")
    headers = token_for(stranger, "write")
    assert client.get(f"/api/v1/submissions/{submission_id}", **headers).status_code == 404
    response = send(
        client,
        "put",
        f"/api/v1/submissions/{submission_id}/entries",
        headers,
        {"values": [{"indicator": CODE, "value": "5"}]},
    )
    assert response.status_code == 404
    opened_for_other = send(
        client,
        "post",
        "/api/v1/submissions",
        headers,
        {"plan": SLUG, "period": "2024", "organisation": "sosyal-projeler-db"},
    )
    assert opened_for_other.status_code == 403
    assert submission_id not in [
        s["id"] for s in client.get("/api/v1/submissions", **headers).json()["items"]
    ]


def test_a_viewer_token_with_write_scope_still_cannot_enter_values(
    client, opened, make_user, token_for
):
    submission_id, _ = opened
    coordinator = make_user("koord", "coordinator", "kadin-calismalari-sm")
    response = send(
        client,
        "put",
        f"/api/v1/submissions/{submission_id}/entries",
        token_for(coordinator, "write"),
        {"values": [{"indicator": CODE, "value": "5"}]},
    )
    assert response.status_code == 403


def test_the_office_returns_with_a_reason_and_not_without(client, opened, make_user, token_for):
    submission_id, headers = opened
    submission = Submission.objects.get(pk=submission_id)
    send(
        client,
        "put",
        f"/api/v1/submissions/{submission_id}/entries",
        headers,
        {"values": [{"indicator": CODE, "value": "3"}], "reports": every_report(submission)},
    )
    assert client.post(f"/api/v1/submissions/{submission_id}/submit", **headers).status_code == 200
    office = token_for(make_user("ofis", "coordinator", "kadin-calismalari-sm"), "write")
    url = f"/api/v1/submissions/{submission_id}/return"
    empty = send(client, "post", url, office, {"reason": " "})
    assert empty.status_code == 422
    assert empty.json()["errors"][0]["code"] == "reason_required"
    returned = send(client, "post", url, office, {"reason": "Liste eksik."})
    assert (returned.json()["status"], returned.json()["review_note"]) == (
        "returned",
        "Liste eksik.",
    )


def test_a_nul_character_in_a_body_is_refused_but_its_escape_as_text_is_not(client, opened):
    submission_id, headers = opened
    url = f"/api/v1/submissions/{submission_id}/entries"
    nul = send(client, "put", url, headers, {"values": [{"indicator": CODE, "value": "1\x00"}]})
    assert nul.status_code == 422 and nul.json()["code"] == "nul_character"
    text = send(
        client,
        "put",
        url,
        headers,
        {"values": [{"indicator": CODE, "value": "2", "comment": "C:\\u0000x"}]},
    )
    assert text.status_code == 200, text.content
