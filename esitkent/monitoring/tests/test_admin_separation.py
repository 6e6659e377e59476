"""Issue 14, finding 3: separation of duties binds administrators too. An administrator may
stand in for the coordinating office in review, but never for a unit she reports for."""

import datetime as dt

import pytest

from esitkent.core.policies import may
from esitkent.monitoring import period_services
from esitkent.monitoring.models import Submission
from esitkent.orgs.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(izmir_plan):
    period = period_services.reporting_period_create(
        plan=izmir_plan, code="2024", deadline=dt.date.today() + dt.timedelta(days=20)
    )
    unit = Organisation.objects.get(code="sosyal-projeler-db")
    return Submission.objects.get_or_create(period=period, organisation=unit)[0]


def test_an_administrator_who_reports_for_the_unit_cannot_review_it(submission, make_user):
    from esitkent.accounts.services import membership_grant

    admin = make_user("yon", "admin", "izbb")
    assert may(admin, "monitoring.review_submission", submission)  # control: she may stand in
    membership_grant(user=admin, organisation=submission.organisation, role="reporter")
    assert not may(admin, "monitoring.review_submission", submission)


def test_a_superuser_who_reports_for_the_unit_cannot_review_it(
    submission, django_user_model, make_user
):
    from esitkent.accounts.services import membership_grant

    boss = django_user_model.objects.create_superuser("kok", "kok@example.org", "parola-uzun-123")
    assert may(boss, "monitoring.review_submission", submission)
    membership_grant(user=boss, organisation=submission.organisation, role="reporter")
    assert not may(boss, "monitoring.review_submission", submission)
