"""The people and the records the URL matrix asks with: every identity of issue 14 and one
real object behind every kind of URL parameter, built through the services as the pages build
them (the İzmir plan and centres are already in the session database, root conftest)."""

from __future__ import annotations

import datetime as dt
import logging
from types import SimpleNamespace

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 100
CENTRE_A = "kdm-karsiyaka"
PLAN = "izmir-yeep-2022-2024"

# The columns of the policy, in its order.
IDENTITIES = (
    "anonymous",
    "no_role",
    "admin_role",
    "coordinator",
    "reporter",
    "viewer",
    "superuser",
    "staff_a",
    "manager_a",
    "staff_b",
    "manager_b",
    "network",
)


@pytest.fixture(autouse=True)
def _fast_and_tidy(settings, tmp_path):
    """A dozen people per test: the production hasher's rounds would cost most of the run;
    uploads go to a directory thrown away with the test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _quiet_refusals():
    """Thousands of refusals are the point here; Django's warning for each would bury the
    one server error (still logged) that matters."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


def _enrolled(user):
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def people(make_user, admin_user):
    from esitkent.centres.models import Centre

    centre_b = Centre.objects.filter(kind="kdm").exclude(code=CENTRE_A).order_by("code").first()

    def at(name, role, centre):
        organisation = Centre.objects.get(code=centre).organisation.code
        return _enrolled(make_user(name, role, organisation))

    return {
        "anonymous": None,
        "no_role": make_user("rolsuz", None),
        "admin_role": _enrolled(make_user("yonetici", "admin")),
        "coordinator": make_user("koord", "coordinator"),
        "reporter": make_user("raportor", "reporter", "sosyal-projeler-db"),
        "viewer": make_user("izleyen", "viewer", "tce-komisyonu"),
        "superuser": admin_user,
        "staff_a": at("vaka-a", "centre_staff", CENTRE_A),
        "manager_a": at("mudur-a", "centre_manager", CENTRE_A),
        "staff_b": at("vaka-b", "centre_staff", centre_b.code),
        "manager_b": at("mudur-b", "centre_manager", centre_b.code),
        "network": _enrolled(make_user("ag-koord", "network_coordinator")),
    }


@pytest.fixture
def world(people, izmir_plan):
    """One object of each kind a URL can name, owned where the interesting answer is: the case
    record, the attachment, the call and the assessment are centre A's; the submission is the
    reporter's unit's."""
    from esitkent.api import services as token_services
    from esitkent.cases import call_services, referral_services
    from esitkent.cases.tests.test_access_matrix import full_record
    from esitkent.centres import standards_services as centres
    from esitkent.centres.assessment_services import (
        assessment_evidence_attach,
        assessment_start,
    )
    from esitkent.centres.models import Centre, StandardsVersion
    from esitkent.monitoring import entry_services, period_services
    from esitkent.monitoring.models import ImportBatch
    from esitkent.orgs.models import Organisation
    from esitkent.reports.models import PublishedReport

    centre_a = Centre.objects.get(code=CENTRE_A)
    staff_a = people["staff_a"]
    record = full_record(centre_a, staff_a)
    referral = referral_services.referral_create(
        case=record,
        by=staff_a,
        to_centre=Centre.objects.get(code="kdm-balcova"),
        service="legal",
        sections=["incidents"],
    )
    call = call_services.call_record(
        centre=centre_a,
        by=staff_a,
        received_at=timezone.now(),
        caller_type="self",
        forms=["physical"],
        age_band="30-44",
        district=None,
        outcome="appointment",
    )

    period = period_services.reporting_period_create(
        plan=izmir_plan, code="2024", deadline=timezone.localdate() + dt.timedelta(days=30)
    )
    unit = Organisation.objects.get(code="sosyal-projeler-db")
    submission = entry_services.submission_open(period=period, organisation=unit)
    evidence = entry_services.evidence_attach(
        submission=submission, name="kanit.png", content=PNG, by=people["reporter"]
    )
    batch = ImportBatch.objects.create(plan=izmir_plan, by=people["coordinator"], source_name="x")

    draft = centres.standards_draft_create(by=people["network"])
    item = draft.sections.first().items.first()
    assessment = assessment_start(centre=centre_a, year=2025, by=people["manager_a"])
    assessment_evidence = assessment_evidence_attach(
        assessment=assessment, item=None, name="kanit.png", content=PNG, by=people["manager_a"]
    )
    # A published edition as report_publish stores it; rendering the PDF is the reports
    # app's test, and would cost seconds here.
    PublishedReport.objects.create(
        plan=izmir_plan,
        year=2024,
        language="tr",
        pdf=b"%PDF-1.7 deneme",
        size=15,
        published_at=timezone.now(),
    )
    token, _ = token_services.token_create(
        user=people["reporter"], name="matris", scope="read", days=1
    )
    return SimpleNamespace(
        people=people,
        plan=izmir_plan,
        case=record,
        attachment=record.attachments.get(),
        referral=referral,
        call=call,
        period=period,
        unit=unit,
        submission=submission,
        evidence=evidence,
        batch=batch,
        draft=draft,
        published=StandardsVersion.objects.get(number=1),
        item=item,
        centre=centre_a,
        assessment=assessment,
        assessment_evidence=assessment_evidence,
        token=token,
    )
