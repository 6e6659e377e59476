"""Value exchange: DHIS2 dataValueSets CSV/JSON and the XLSX template, all or nothing."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from esitkent.core.errors import InputRejected
from esitkent.monitoring import exchange, services
from esitkent.monitoring.imports import export_rows, template_rows, values_import
from esitkent.monitoring.models import Change, DataValue, ImportBatch
from esitkent.orgs.models import Organisation

TODAY = dt.date(2025, 1, 10)
HEAD = "dataelement,period,orgunit,categoryoptioncombo,value,comment\n"


def load(text, dry_run=False, today=TODAY):
    return values_import(
        rows=exchange.csv_rows(io.StringIO(text)),
        dry_run=dry_run,
        source_name="test.csv",
        today=today,
    )


def refused(text, today=TODAY):
    with pytest.raises(InputRejected) as rejected:
        load(text, today=today)
    return [str(p) for p in rejected.value.problems]


GOOD = (
    HEAD
    + "egitim-1.6.1-g2,2024,sosyal-projeler-db,,10,\negitim-1.6.1-g2,2024,sosyal-projeler-db,sex=F,6,\negitim-1.6.1-g2,2024,sosyal-projeler-db,sex=M,4,\negitim-1.2.3-g1,2024,sosyal-projeler-db,default,3,antrenör eğitimi\n"
)


def test_a_good_file_imports_and_reports_counts(izmir_plan):
    report = load(GOOD)
    assert (report.imported, report.updated, report.unchanged, report.ignored) == (4, 0, 0, 0)
    assert (
        DataValue.objects.get(
            indicator__code="egitim-1.2.3-g1", period="2024", breakdown_key=""
        ).comment
        == "antrenör eğitimi"
    )
    batch = ImportBatch.objects.get()
    assert (batch.imported, batch.source_name) == (4, "test.csv")


def test_header_names_in_any_order_and_case(izmir_plan):
    text = "Value,OrgUnit,DataElement,Period\n7,sosyal-projeler-db,egitim-1.2.3-g1,2024\n"
    assert load(text).imported == 1


def test_dry_run_writes_nothing(izmir_plan):
    report = load(GOOD, dry_run=True)
    assert report.imported == 4 and not DataValue.objects.filter(period="2024").exists()
    assert not ImportBatch.objects.exists()


def test_an_exported_file_imports_as_all_unchanged(izmir_plan):
    load(GOOD)
    out = io.StringIO()
    exchange.write_csv(export_rows(DataValue.objects.all()), out)
    report = load(out.getvalue())
    assert (
        report.imported == report.updated == 0 and report.unchanged == DataValue.objects.count() > 4
    )
    json_rows = exchange.json_rows(exchange.to_json(export_rows(DataValue.objects.all())))
    assert values_import(rows=json_rows, today=TODAY).unchanged == DataValue.objects.count()


def test_updates_keep_old_and_new_in_the_history(izmir_plan):
    load(GOOD)
    report = load(HEAD + "egitim-1.2.3-g1,2024,sosyal-projeler-db,,5,düzeltildi\n")
    assert report.updated == 1
    change = Change.objects.get(action="imported")
    assert (change.old, change.new, change.field) == ("3", "5", "Toplam")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "egitim-1.2.3-g1,2024Q5,sosyal-projeler-db,,3,",
            "satır 2, 'period': dönem anlaşılamadı: '2024Q5' (ör. 2024, 2024S1, 2024Q1, 2024-03)",
        ),
        (
            "yok-1.1.1-g1,2024,sosyal-projeler-db,,3,",
            "satır 2, 'dataelement': bilinmeyen gösterge kodu: 'yok-1.1.1-g1'",
        ),
        (
            "egitim-1.2.3-g1,2024,ay-belediyesi,,3,",
            "satır 2, 'orgunit': bilinmeyen kurum kodu: 'ay-belediyesi'",
        ),
        (
            "egitim-1.2.3-g1,2024,sosyal-projeler-db,sex=F,3,",
            "satır 2, 'categoryoptioncombo': bu gösterge 'Cinsiyet' kırılımı almıyor",
        ),
        ("egitim-1.2.3-g1,2024,sosyal-projeler-db,,üç,", "satır 2, 'value': sayı değil: 'üç'"),
        ("egitim-1.2.3-g1,2024,sosyal-projeler-db,,-3,", "satır 2, 'value': negatif olamaz (-3)"),
    ],
)
def test_bad_rows_are_named_by_line_and_field(izmir_plan, row, message):
    assert refused(HEAD + row + "\n") == [message]
    assert not DataValue.objects.filter(period="2024").exists()


def test_parts_above_the_total_refuse_the_whole_file(izmir_plan):
    text = GOOD.replace("sex=F,6", "sex=F,9")
    assert refused(text) == [
        "satır 2, 'value': cinsiyet kırılımlarının toplamı (13), toplam değerden (10) büyük"
    ]
    assert not DataValue.objects.filter(period="2024").exists()


def test_a_locked_period_refuses_its_rows(izmir_plan):
    period = services.reporting_period_create(
        plan=izmir_plan, code="2023", deadline=dt.date(2024, 1, 31), grace_days=0
    )
    services.period_lock(period=period)
    assert refused(HEAD + "egitim-1.2.3-g1,2023,sosyal-projeler-db,,3,\n") == [
        "satır 2, 'period': 2023 dönemi kapandı; koordinatör yeniden açabilir"
    ]


def test_approved_values_cannot_be_overwritten_but_match_as_unchanged(izmir_plan):
    seed = (
        DataValue.objects.filter(provenance="seed", approved=True)
        .select_related("indicator", "organisation")
        .first()
    )
    same = f'{HEAD}{seed.indicator.code},{seed.period},{seed.organisation.code},,{seed.value.normalize():f},"{seed.comment}"\n'
    assert load(same).unchanged == 1
    changed = (
        f"{HEAD}{seed.indicator.code},{seed.period},{seed.organisation.code},,{seed.value + 1},\n"
    )
    assert refused(changed)[0].endswith("koordinatör önce onayı kaldırmalı")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "dosya: boş dosya"),
        ("dataelement,period,value\n", "satır 1: eksik sütun: orgunit"),
        ("dataelement,period,orgunit,value,renk\n", "satır 1: bilinmeyen sütun: renk"),
        (
            HEAD + "egitim-1.2.3-g1,2024,sosyal-projeler-db\n",
            "satır 2: 6 sütun beklenirken 3 sütun var",
        ),
        (HEAD + 'egitim-1.2.3-g1,2024,sosyal-projeler-db,,"3,\n', None),
    ],
)
def test_malformed_csv_is_refused(izmir_plan, text, message):
    problems = refused(text)
    if message:
        assert problems == [message]
    else:
        assert problems and problems[0].startswith("satır")


def test_every_bad_row_is_listed_not_only_the_first(izmir_plan):
    text = HEAD + "".join(f"egitim-1.2.3-g1,20X{n},sosyal-projeler-db,,3,\n" for n in range(5))
    assert [p.split(",")[0] for p in refused(text)] == [
        "satır 2",
        "satır 3",
        "satır 4",
        "satır 5",
        "satır 6",
    ]


def test_the_xlsx_template_lists_every_cell_and_imports_back(izmir_plan):
    sosyal = Organisation.objects.get(code="sosyal-projeler-db")
    data = exchange.to_xlsx(
        template_rows(organisation=sosyal, period="2024", plan=izmir_plan), "sosyal 2024"
    )
    ws = load_workbook(io.BytesIO(data)).active
    header = [c.value for c in ws[1]]
    assert header == [
        "dataElement",
        "Gösterge",
        "period",
        "orgUnit",
        "categoryOptionCombo",
        "Kırılım",
        "value",
        "comment",
    ]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    first = next(r for r in rows if r[0] == "egitim-1.6.1-g2" and r[4] == "sex=F")
    assert first[5] == "Cinsiyet: Kadın"
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "egitim-1.6.1-g2" and row[4].value in (None, "sex=F", "sex=M"):
            row[6].value = {None: 10, "sex=F": 6, "sex=M": 4}[row[4].value]
    out = io.BytesIO()
    ws.parent.save(out)
    report = values_import(rows=exchange.xlsx_rows(out.getvalue()), today=TODAY)
    assert report.imported == 3 and report.ignored == len(rows) - 3


def test_csv_export_does_not_let_text_run_as_a_formula():
    out = io.StringIO()
    exchange.write_csv([{"dataelement": "x", "comment": "=HYPERLINK(1)", "value": "-3"}], out)
    line = out.getvalue().splitlines()[1]
    assert "'=HYPERLINK(1)" in line and ",-3," in line
