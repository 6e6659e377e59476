"""Issue 13's findings, each written as a test that failed on the code before the fix.

They go through the ways a person reaches the behaviour (the pages, the services a page
calls), so they keep meaning the same thing while the code under them changes.
"""

import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from esitkent.analytics.models import IndicatorSummary
from esitkent.monitoring import (
    definition_services,
    entry_services,
    period_services,
    review_services,
    value_services,
)
from esitkent.monitoring.models import Change, DataValue, IndicatorDefinition, Submission
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Indicator
from tests.concurrency.scenarios import form_fields

SLUG = "izmir-yeep-2022-2024"
FUTURE = dt.date.today() + dt.timedelta(days=20)
DEFINITIONS = Path(settings.DATA_DIR) / "izmir" / "indicator_definitions.yaml"


def csv_upload(text: str, name: str = "degerler.csv"):
    return SimpleUploadedFile(name, text.encode())


def post_values(client, plan_slug: str, text: str, name: str = "degerler.csv"):
    return client.post(
        f"/izleme/plan/{plan_slug}/degerler/", {"file": csv_upload(text, name), "dry_run": ""}
    )


@pytest.fixture
def period(izmir_plan):
    return period_services.reporting_period_create(plan=izmir_plan, code="2024", deadline=FUTURE)


# 1. A value import can land in another plan.


def test_a_value_import_lands_in_the_plan_whose_page_it_was_sent_from(
    coordinator_client, izmir_plan, twin_plan
):
    for plan in (izmir_plan, twin_plan):
        period_services.reporting_period_create(plan=plan, code="2024", deadline=FUTURE)
    for plan, value in ((izmir_plan, "3"), (twin_plan, "4")):
        text = (
            f"dataelement,period,orgunit,value\negitim-1.2.3-g1,2024,sosyal-projeler-db,{value}\n"
        )
        response = post_values(coordinator_client, plan.slug, text)
        assert response.status_code == 200, response.content.decode()
    stored = {
        plan.slug: DataValue.objects.get(
            indicator__code="egitim-1.2.3-g1",
            indicator__activity__subgoal__goal__area__plan=plan,
            period="2024",
        ).value
        for plan in (izmir_plan, twin_plan)
    }
    assert stored == {SLUG: 3, "ikiz-plan": 4}


def test_an_indicator_code_is_unique_inside_its_plan(izmir_plan):
    indicator = Indicator.objects.get(code="egitim-1.2.3-g1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.create(
            plan=indicator.plan,
            activity=indicator.activity,
            position=99,
            code=indicator.code,
            name="aynı kod, aynı plan",
        )


# 3. File numbers are read the Turkish way.


def test_a_file_number_with_a_decimal_point_is_read_as_dhis2_writes_it(coordinator_client, period):
    IndicatorDefinition.objects.filter(indicator__code="egitim-1.2.3-g1").update(
        measure_type="ratio"
    )
    text = "dataelement,period,orgunit,value\negitim-1.2.3-g1,2024,sosyal-projeler-db,0.125\n"
    response = post_values(coordinator_client, SLUG, text)
    assert response.status_code == 200, response.content.decode()
    assert DataValue.objects.get(indicator__code="egitim-1.2.3-g1", period="2024").value == Decimal(
        "0.125"
    )


def test_a_decimal_in_a_count_is_refused_not_multiplied(coordinator_client, period):
    text = "dataelement,period,orgunit,value\negitim-1.2.3-g1,2024,sosyal-projeler-db,2.500\n"
    response = post_values(coordinator_client, SLUG, text)
    assert response.status_code == 400
    assert "tam sayı olmalı" in response.content.decode()
    assert not DataValue.objects.filter(indicator__code="egitim-1.2.3-g1", period="2024").exists()


# 4. The import takes periods that have no reporting period.


def test_a_period_the_plan_does_not_report_is_refused_by_name(coordinator_client, period):
    text = "dataelement,period,orgunit,value\negitim-1.2.3-g1,2024Q1,sosyal-projeler-db,3\n"
    response = post_values(coordinator_client, SLUG, text)
    assert response.status_code == 400
    assert "2024Q1" in response.content.decode()
    assert not DataValue.objects.filter(period="2024Q1").exists()


def test_a_period_of_another_length_than_the_indicator_reports_is_refused(
    coordinator_client, izmir_plan, period
):
    period_services.reporting_period_create(
        plan=izmir_plan, code="2024Q1", deadline=FUTURE
    )  # open, but egitim-1.2.3-g1 is reported once a year
    text = "dataelement,period,orgunit,value\negitim-1.2.3-g1,2024Q1,sosyal-projeler-db,3\n"
    response = post_values(coordinator_client, SLUG, text)
    assert response.status_code == 400
    assert not DataValue.objects.filter(period="2024Q1").exists()


# 6. Import history is unreadable.


def test_import_history_names_codes_and_the_submission_and_outlives_the_value(
    coordinator_client, period, make_user
):
    sosyal = Organisation.objects.get(code="sosyal-projeler-db")
    submission = entry_services.submission_open(period=period, organisation=sosyal)
    head = "dataelement,period,orgunit,value,deleted\n"
    for row in ("3,", "4,", "4,true"):
        text = head + f"egitim-1.2.3-g1,2024,sosyal-projeler-db,{row}\n"
        assert post_values(coordinator_client, SLUG, text).status_code == 200
    changes = list(Change.objects.filter(submission=submission, action__in=["imported", "deleted"]))
    assert [c.action for c in changes] == ["imported", "deleted"]
    for change in changes:
        assert change.subject == "egitim-1.2.3-g1 · Toplam · 2024 · sosyal-projeler-db"
    reporter = make_user("rap6", "reporter", "sosyal-projeler-db")
    coordinator_client.force_login(reporter)
    page = coordinator_client.get(f"/izleme/donem/{period.id}/birim/sosyal-projeler-db/")
    assert "Silindi" in page.content.decode()  # the deleted value's trail is on the form


# 7. A definition change does not refresh the summaries built from it.


def test_changing_sum_to_average_refreshes_the_summaries(izmir_plan, period, make_user):
    indicator = Indicator.objects.get(code="egitim-1.6.1-g2")
    coordinator = make_user("koord7", "coordinator")
    units = ["sosyal-projeler-db", "fen-isleri-db"]
    definition = indicator.definition
    definition_services.definition_update(
        definition=definition,
        fields={},
        targets={},
        organisations=list(Organisation.objects.filter(code__in=units)),
    )
    for n, code in enumerate(units):
        unit = Organisation.objects.get(code=code)
        reporter = make_user(f"r7{n}", "reporter", code)
        submission = entry_services.submission_open(period=period, organisation=unit)
        entry_services.submission_save(
            submission=submission,
            values=[value_services.ValueEntry(indicator, {}, str(10 * (n + 1)), "")],
            reports=[],
            by=reporter,
        )
        Submission.objects.filter(pk=submission.pk).update(
            status="submitted", submitted_by=reporter
        )
        review_services.submission_approve(submission=submission, by=coordinator)
    across = IndicatorSummary.objects.get(
        indicator=indicator, period="2024", breakdown_key="", organisation=None
    )
    assert across.value == 30
    definition.refresh_from_db()
    definition_services.definition_update(
        definition=definition,
        fields={"aggregation": "average"},
        targets={},
        organisations=list(Organisation.objects.filter(code__in=units)),
    )
    across = IndicatorSummary.objects.get(
        indicator=indicator, period="2024", breakdown_key="", organisation=None
    )
    assert across.value == 15


# 8. Silent lost updates.


def test_two_reporters_saving_different_fields_keep_both(client, make_user, period):
    """Both load the form; each changes one field; the second save must not clear the first."""
    from django.test import Client

    indicator = Indicator.objects.get(code="egitim-1.6.1-g2")
    url = f"/izleme/donem/{period.id}/birim/sosyal-projeler-db/"
    ayse, fatma = Client(), Client()
    ayse.force_login(make_user("ayse8", "reporter", "sosyal-projeler-db"))
    fatma.force_login(make_user("fatma8", "reporter", "sosyal-projeler-db"))
    forms = [form_fields(c.get(url).content.decode()) for c in (ayse, fatma)]
    total, women = f"v|{indicator.id}|", f"v|{indicator.id}|sex=F"
    first = {**forms[0], total: "10", "save": "1"}
    second = {**forms[1], women: "6", "save": "1"}
    assert ayse.post(url, first).status_code == 302
    assert fatma.post(url, second).status_code == 302
    stored = dict(
        DataValue.objects.filter(indicator=indicator, period="2024").values_list(
            "breakdown_key", "value"
        )
    )
    assert stored == {"": 10, "sex=F": 6}


def test_saving_the_same_field_over_a_newer_value_is_a_named_conflict(make_user, period):
    from django.test import Client

    indicator = Indicator.objects.get(code="egitim-1.6.1-g2")
    url = f"/izleme/donem/{period.id}/birim/sosyal-projeler-db/"
    ayse, fatma = Client(), Client()
    ayse.force_login(make_user("ayse9", "reporter", "sosyal-projeler-db"))
    fatma.force_login(make_user("fatma9", "reporter", "sosyal-projeler-db"))
    forms = [form_fields(c.get(url).content.decode()) for c in (ayse, fatma)]
    total = f"v|{indicator.id}|"
    assert ayse.post(url, {**forms[0], total: "10", "save": "1"}).status_code == 302
    response = fatma.post(url, {**forms[1], total: "12", "save": "1"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "ayse9" in html and "10" in html and "12" in html
    assert DataValue.objects.get(indicator=indicator, period="2024", breakdown_key="").value == 10


# 10. The values XLSX has no unpack limit.


def test_a_values_workbook_that_unpacks_too_large_is_refused_before_reading(
    coordinator_client, period, settings
):
    settings.VALUES_XLSX_MAX_UNPACKED_BYTES = 1024 * 1024
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<x/>" * 600_000)  # 2.4 MB unpacked
    response = coordinator_client.post(
        f"/izleme/plan/{SLUG}/degerler/",
        {"file": SimpleUploadedFile("bomba.xlsx", raw.getvalue()), "dry_run": ""},
    )
    assert response.status_code == 400
    assert "açıldığında" in response.content.decode()
