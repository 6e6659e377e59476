import datetime as dt

import pytest
from django.utils import timezone

from esitkent.api import services as token_services
from esitkent.monitoring import period_services
from esitkent.monitoring.entry_selectors import entry_form
from esitkent.orgs.models import Organisation

SLUG = "izmir-yeep-2022-2024"


@pytest.fixture
def token_for(db):
    """The text of a fresh token for this user and scope, as a client would send it."""

    def make(user, scope="read", days=30):
        _, plaintext = token_services.token_create(user=user, name="test", scope=scope, days=days)
        return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}

    return make


@pytest.fixture
def open_period(izmir_plan):
    """A period still open today, whatever today is."""
    return period_services.reporting_period_create(
        plan=izmir_plan, code="2024", deadline=timezone.localdate() + dt.timedelta(days=30)
    )


@pytest.fixture
def sosyal(db):
    return Organisation.objects.get(code="sosyal-projeler-db")


@pytest.fixture
def reporter(make_user):
    return make_user("api-raportor", "reporter", "sosyal-projeler-db")


def every_report(submission) -> list[dict]:
    """A completed report for every activity the unit reports on, as API payload."""
    return [
        {"activity": block.activity.row, "status": "completed", "progress": 100}
        for block in entry_form(submission, today=timezone.localdate())
    ]
