"""Issue 14, deliver 7: the contract tests again, driven with the tokens of the two people who
write through the API, a unit's reporter and the plan's coordinating office, and aimed at real
submissions: the reporter's token at another unit's, the office's at the reporter's unit's.
Whatever schemathesis sends, no server error, every answer as documented, and nothing is
written that the token's owner may not write. Then the two refusals by hand."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from esitkent.monitoring import entry_services
from esitkent.monitoring.models import Change, DataValue, Submission
from esitkent.orgs.models import Organisation

from . import test_contract as contract
from .conftest import SLUG

# The contract module's schema and request wiring, shared rather than copied.
api_schema = contract.api_schema
in_test_transaction = contract.in_test_transaction

CODE = "egitim-1.2.3-g1"  # an indicator the reporter's unit reports


@pytest.fixture
def units(open_period):
    """The reporter's unit's submission and another unit's, both open."""
    own = entry_services.submission_open(
        period=open_period, organisation=Organisation.objects.get(code="sosyal-projeler-db")
    )
    other = entry_services.submission_open(
        period=open_period, organisation=Organisation.objects.get(code="fen-isleri-db")
    )
    return own, other


@pytest.fixture
def coordinator(make_user):
    """The plan's coordinating office (kadın çalışmaları), which reviews and approves."""
    return make_user("ofis", "coordinator", "kadin-calismalari-sm")


def state(submission) -> tuple:
    submission = Submission.objects.get(pk=submission.pk)
    return (
        submission.status,
        DataValue.objects.filter(submission=submission).count(),
        Change.objects.filter(submission=submission).count(),
    )


def fuzz(schema, mode, headers, submission_id) -> list[str]:
    failures = []
    for operation in contract.operations(schema):
        fixed = {}
        if "{submission_id}" in operation.path:
            fixed["submission_id"] = submission_id

        @settings(
            max_examples=contract.EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(
            case=operation.as_strategy(
                generation_mode=mode, headers=headers, path_parameters=fixed or None
            )
        )
        def check(case):
            case.call_and_validate()

        try:
            check()
        except Unsatisfiable:
            # Nothing invalid left to vary once the token and the id are fixed.
            assert mode == GenerationMode.NEGATIVE, operation.label
        except Exception as exc:  # every operation's failure, reported together
            failures.append(f"{operation.label}: {exc}")
    return failures


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_a_reporters_token_keeps_the_contract_and_never_touches_another_unit(
    api_schema, units, reporter, token_for, mode
):
    own, other = units
    headers = {"Authorization": token_for(reporter, "write")["HTTP_AUTHORIZATION"]}
    before = state(other)
    failures = fuzz(api_schema, mode, headers, other.pk)
    assert not failures, "\n\n".join(failures)
    assert state(other) == before


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_offices_token_keeps_the_contract_and_enters_no_value(
    api_schema, units, coordinator, token_for, mode
):
    own, _ = units
    Submission.objects.filter(pk=own.pk).update(status="submitted")
    headers = {"Authorization": token_for(coordinator, "write")["HTTP_AUTHORIZATION"]}
    failures = fuzz(api_schema, mode, headers, own.pk)
    assert not failures, "\n\n".join(failures)
    # Reviewing may approve or return it; entering a value is the unit's alone.
    assert not DataValue.objects.filter(submission=own).exists()
    assert not Change.objects.filter(submission=own, action=Change.Action.ENTERED).exists()


def _put_entries(client, submission, headers):
    return client.put(
        f"/api/v1/submissions/{submission.pk}/entries",
        data=json.dumps({"values": [{"indicator": CODE, "value": "7"}]}),
        content_type="application/json",
        **headers,
    )


def test_a_reporters_token_cannot_write_another_units_submission(
    client, units, reporter, token_for
):
    own, other = units
    headers = token_for(reporter, "write")
    # The control: the same request on her own unit's submission is written.
    assert _put_entries(client, own, headers).status_code == 200
    assert DataValue.objects.filter(submission=own).count() == 1
    before = state(other)
    response = _put_entries(client, other, headers)
    assert response.status_code == 404
    assert state(other) == before


def test_a_reporters_token_cannot_approve(client, units, reporter, coordinator, token_for):
    own, other = units
    Submission.objects.filter(pk__in=[own.pk, other.pk]).update(status="submitted")
    headers = token_for(reporter, "write")
    assert client.post(f"/api/v1/submissions/{own.pk}/approve", **headers).status_code == 403
    assert client.post(f"/api/v1/submissions/{other.pk}/approve", **headers).status_code == 404
    assert {s.status for s in Submission.objects.filter(pk__in=[own.pk, other.pk])} == {"submitted"}
    # The control: the office's token does approve.
    office = token_for(coordinator, "write")
    response = client.post(f"/api/v1/submissions/{own.pk}/approve", **office)
    assert response.status_code == 200, response.content
    assert Submission.objects.get(pk=own.pk).status == "approved"
    assert SLUG  # the plan of both submissions is İzmir's
