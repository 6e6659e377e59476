from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from esitkent.plans.models import Plan

SLUG = "izmir-yeep-2022-2024"


def test_plan_lint_prints_findings_and_exits_non_zero_on_errors(izmir_plan):
    out = StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("plan_lint", SLUG, stdout=out)
    assert exited.value.code == 1
    text = out.getvalue()
    assert "HATA   duplicate-row" in text and "UYARI  code-gap" in text
    assert "Özet: 2 hata" in text


def test_plan_lint_exits_zero_for_a_plan_without_errors(db):
    from esitkent.plans.services import plan_import
    from esitkent.plans.tests.test_services import small_plan

    plan_import(document=small_plan())
    out = StringIO()
    call_command("plan_lint", "ornek-plan", stdout=out)
    assert "0 hata" in out.getvalue()


def test_unknown_plan(db):
    with pytest.raises(CommandError, match="Plan bulunamadı"):
        call_command("plan_lint", "yok")


def test_export_then_import_with_dry_run(izmir_plan, tmp_path):
    target = tmp_path / "plan.xlsx"
    call_command(
        "export_plan", SLUG, "--format", "xlsx", "--output", str(target), stderr=StringIO()
    )
    out = StringIO()
    call_command("import_plan", str(target), "--dry-run", "--replace", stdout=out)
    assert "kuru çalıştırma" in out.getvalue() and "62 farklı" in out.getvalue()
    with pytest.raises(CommandError, match="zaten var"):
        call_command("import_plan", str(target))


def test_import_of_a_broken_file_says_what_and_where(db, tmp_path):
    bad = tmp_path / "plan.yaml"
    bad.write_text(
        "slug: ornek\ntitle: Örnek\nowner: izbb\nperiod: {start: 2025, end: 2027}\nareas: []\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="en az bir tematik alan olmalı"):
        call_command("import_plan", str(bad))
    assert not Plan.objects.filter(slug="ornek").exists()


def test_load_izmir_again_keeps_the_monitoring_work(izmir_plan):
    import datetime as dt

    from esitkent.monitoring import period_services
    from esitkent.monitoring.models import ReportingPeriod, Submission
    from esitkent.orgs.models import Organisation

    period = period_services.reporting_period_create(
        plan=izmir_plan, code="2024", deadline=dt.date(2025, 1, 31)
    )
    Submission.objects.create(
        period=period, organisation=Organisation.objects.get(code="sosyal-projeler-db")
    )
    out = StringIO()
    call_command("load_izmir", stdout=out)
    assert "zaten yüklü; dokunulmadı" in out.getvalue()
    assert ReportingPeriod.objects.filter(plan__slug=SLUG, code="2024").exists()
    assert Submission.objects.filter(period__code="2024").count() == 1
