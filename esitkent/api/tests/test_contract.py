"""Schemathesis drives every operation of the OpenAPI document in-process, with valid and
invalid data, as an anonymous caller and with a token: no server error, and every response
(4xx included) matches what the document declares."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

ACCEPTED = ["2xx", "401", "403", "404", "409", "422"]
EXAMPLES = 12  # per operation, mode and caller: bounded, so make test stays quick


@pytest.fixture
def in_test_transaction():
    """The WSGI handler closes the database connection around each request, which on
    PostgreSQL would end the test's transaction; Django's own test client disconnects the
    same two signals."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(db, open_period, in_test_transaction):
    # Business rules the schema cannot state (an unknown period or unit, a closed period, an
    # indicator not assigned to the unit) refuse well-formed requests with 422 and the error
    # shape, so 422 is an expected answer to schema-valid data; 5xx never is.
    config = SchemathesisConfig.from_dict(
        {"checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED}}}
    )
    return schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", get_wsgi_application(), config=config
    )


def operations(schema):
    return [result.ok() for result in schema.get_all_operations()]


@pytest.fixture
def write_headers(make_user, token_for):
    """A reporter who is also the office's coordinator: every operation is open to them."""
    from esitkent.accounts.services import membership_grant
    from esitkent.orgs.models import Organisation

    user = make_user("sozlesme", "reporter", "sosyal-projeler-db")
    membership_grant(
        user=user,
        organisation=Organisation.objects.get(code="kadin-calismalari-sm"),
        role="coordinator",
    )
    return token_for(user, "write")


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("caller", ["anonymous", "token"])
def test_every_operation_keeps_its_contract(api_schema, write_headers, caller, mode):
    headers = {}
    if caller == "token":
        headers = {"Authorization": write_headers["HTTP_AUTHORIZATION"]}
    failures = []
    for operation in operations(api_schema):

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        # The token is fixed in the strategy, so negative cases never replace it with junk
        # that the API would rightly refuse before looking at the rest.
        @given(case=operation.as_strategy(generation_mode=mode, headers=headers))
        def check(case):
            case.call_and_validate()

        try:
            check()
        except Unsatisfiable:
            # A string path parameter with no constraint has no invalid value to generate.
            assert mode == GenerationMode.NEGATIVE, operation.label
        except Exception as exc:  # collect all operations' failures, then report them together
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
