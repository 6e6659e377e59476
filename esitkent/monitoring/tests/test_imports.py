"""Value exchange through the import service: DHIS2 dataValueSets (CSV, JSON, XML) and the XLSX
template, all or nothing, inside one plan."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from esitkent.core.errors import InputRejected
from esitkent.monitoring import (
    csv_exchange,
    json_exchange,
    period_services,
    review_services,
    xlsx_exchange,
    xml_exchange,
)
from esitkent.monitoring.export_selectors import export_rows, template_rows
from esitkent.monitoring.import_services import values_import
from esitkent.monitoring.mapping_selectors import external_ids_csv
from esitkent.monitoring.mapping_services import external_ids_load
from esitkent.monitoring.models import Change, DataValue, ImportBatch, Submission
from esitkent.orgs.models import Organisation

TODAY = dt.date(2025, 1, 10)
HEAD = "dataelement,period,orgunit,categoryoptioncombo,value,comment\n"


@pytest.fixture
def period(izmir_plan):
    return period_services.reporting_period_create(
        plan=izmir_plan, code="2024", deadline=dt.date(2025, 1, 31)
    )


def load(text, plan, dry_run=False, today=TODAY, name="test.csv", **options):
    data = text if isinstance(text, bytes) else text.encode()
    return values_import(plan=plan, source=data, name=name, dry_run=dry_run, today=today, **options)


def refused(text, plan, today=TODAY, name="test.csv", **options):
    with pytest.raises(InputRejected) as rejected:
        load(text, plan, today=today, name=name, **options)
    return [str(p) for p in rejected.value.problems]


GOOD = (
    HEAD
    + "egitim-1.6.1-g2,2024,sosyal-projeler-db,,10,\negitim-1.6.1-g2,2024,sosyal-projeler-db,sex=F,6,\negitim-1.6.1-g2,2024,sosyal-projeler-db,sex=M,4,\negitim-1.2.3-g1,2024,sosyal-projeler-db,default,3,antrenör eğitimi\n"
)


def test_a_good_file_imports_and_reports_counts(izmir_plan, period):
    batch = load(GOOD, izmir_plan)
    assert (batch.imported, batch.updated, batch.unchanged, batch.ignored) == (4, 0, 0, 0)
    assert (
        DataValue.objects.get(
            indicator__code="egitim-1.2.3-g1", period="2024", breakdown_key=""
        ).comment
        == "antrenör eğitimi"
    )
    stored = ImportBatch.objects.get()
    assert (stored.imported, stored.source_name, stored.status) == (4, "test.csv", "done")
    # Imported values belong to the unit's submission of the period, opened for them.
    submission = Submission.objects.get(period=period, organisation__code="sosyal-projeler-db")
    assert set(DataValue.objects.filter(period="2024").values_list("submission", flat=True)) == {
        submission.pk
    }


def test_header_names_in_any_order_and_case(izmir_plan, period):
    text = "Value,OrgUnit,DataElement,Period\n7,sosyal-projeler-db,egitim-1.2.3-g1,2024\n"
    assert load(text, izmir_plan).imported == 1


def test_a_file_without_a_header_is_read_in_dhis2_column_order(izmir_plan, period):
    text = "egitim-1.2.3-g1,2024,sosyal-projeler-db,,,7\n"
    batch = load(text, izmir_plan)
    assert batch.imported == 1 and any("Başlık satırı yok" in n for n in batch.notes)


def test_dry_run_writes_nothing(izmir_plan, period):
    batch = load(GOOD, izmir_plan, dry_run=True)
    assert batch.imported == 4 and not DataValue.objects.filter(period="2024").exists()
    assert not Submission.objects.exists()


@pytest.mark.parametrize("fmt", ["csv", "json", "xml", "xlsx"])
def test_an_exported_file_imports_as_all_unchanged(izmir_plan, period, fmt):
    load(GOOD, izmir_plan)
    rows = list(export_rows(plan=izmir_plan))
    assert len(rows) == 4
    if fmt == "csv":
        out = io.StringIO()
        csv_exchange.write_csv(rows, out)
        data = out.getvalue().encode()
    else:
        data = {"json": json_exchange.to_json, "xml": xml_exchange.to_xml}.get(fmt, lambda r: None)(
            rows
        )
        if fmt == "xlsx":
            data = xlsx_exchange.to_xlsx(rows, "degerler")
    batch = load(data, izmir_plan, name=f"geri.{fmt}")
    assert (batch.imported, batch.updated, batch.unchanged) == (0, 0, 4)


def test_updates_keep_old_and_new_in_the_history(izmir_plan, period):
    load(GOOD, izmir_plan)
    batch = load(HEAD + "egitim-1.2.3-g1,2024,sosyal-projeler-db,,5,düzeltildi\n", izmir_plan)
    assert batch.updated == 1
    change = Change.objects.get(action="imported")
    assert (change.old, change.new, change.field) == (
        "3 (antrenör eğitimi)",
        "5 (düzeltildi)",
        "Toplam",
    )
    assert change.subject == "egitim-1.2.3-g1 · Toplam · 2024 · sosyal-projeler-db"
    assert change.import_batch_id == batch.pk and change.submission is not None
    value = DataValue.objects.get(indicator__code="egitim-1.2.3-g1", period="2024")
    assert (value.version, value.import_batch_id) == (2, batch.pk)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "egitim-1.2.3-g1,2024Q5,sosyal-projeler-db,,3,",
            "satır 2, 'period': dönem anlaşılamadı",
        ),
        (
            "yok-1.1.1-g1,2024,sosyal-projeler-db,,3,",
            "satır 2, 'dataelement': bilinmeyen gösterge (code): 'yok-1.1.1-g1'",
        ),
        (
            "egitim-1.2.3-g1,2024,ay-belediyesi,,3,",
            "satır 2, 'orgunit': bilinmeyen birim (code): 'ay-belediyesi'",
        ),
        (
            "egitim-1.2.3-g1,2024,sosyal-projeler-db,sex=F,3,",
            "satır 2, 'categoryoptioncombo': bu gösterge 'Cinsiyet' kırılımı almıyor",
        ),
        ("egitim-1.2.3-g1,2024,sosyal-projeler-db,,üç,", "satır 2, 'value': sayı değil: 'üç'"),
        ("egitim-1.2.3-g1,2024,sosyal-projeler-db,,-3,", "satır 2, 'value': negatif olamaz (-3)"),
        (
            "egitim-1.2.3-g1,2024,sosyal-projeler-db,,2.5,",
            "satır 2, 'value': tam sayı olmalı (2.5)",
        ),
        (
            "egitim-1.2.3-g1,2024,fen-isleri-db,,3,",
            "satır 2, 'orgunit': bu gösterge fen-isleri-db birimine atanmamış",
        ),
        (
            "egitim-1.2.3-g1,2024W5,sosyal-projeler-db,,3,",
            "satır 2, 'period': ‘2024W5’ haftalık",
        ),
        (
            "egitim-1.2.3-g1,2023,sosyal-projeler-db,,3,",
            "satır 2, 'period': planın “2023” diye bir raporlama dönemi yok",
        ),
    ],
)
def test_bad_rows_are_named_by_line_and_field(izmir_plan, period, row, message):
    problems = refused(HEAD + row + "\n", izmir_plan)
    assert len(problems) == 1 and problems[0].startswith(message), problems
    assert not DataValue.objects.filter(period="2024").exists()


def test_parts_above_the_total_refuse_the_whole_file(izmir_plan, period):
    text = GOOD.replace("sex=F,6", "sex=F,9")
    assert refused(text, izmir_plan) == [
        "satır 2, 'value': “Katılımcı sayısı” göstergesinde cinsiyet kırılımlarının toplamı "
        "(13), toplam değerden (10) büyük: Cinsiyet: Kadın = 9; Cinsiyet: Erkek = 4"
    ]
    assert not DataValue.objects.filter(period="2024").exists()


def test_a_locked_period_refuses_rows_that_would_change_it(izmir_plan, period):
    load(GOOD, izmir_plan)
    period_services.period_lock(period=period)
    assert refused(HEAD + "egitim-1.2.3-g1,2024,sosyal-projeler-db,,4,\n", izmir_plan) == [
        "satır 2, 'period': 2024 dönemi kapandı; koordinatör yeniden açabilir"
    ]
    # A row that changes nothing is unchanged, lock or not: an export reads back.
    same = HEAD + "egitim-1.2.3-g1,2024,sosyal-projeler-db,,3,antrenör eğitimi\n"
    assert load(same, izmir_plan).unchanged == 1


def test_a_submitted_unit_takes_no_import_and_approval_locks_its_values(
    izmir_plan, period, make_user
):
    text = "dataelement,period,orgunit,value\negitim-1.2.3-g1,2024,sosyal-projeler-db,3\n"
    load(text, izmir_plan)
    submission = Submission.objects.get()
    Submission.objects.filter(pk=submission.pk).update(status="submitted")
    problems = refused(text.replace(",3", ",4"), izmir_plan)
    assert problems == ["satır 2, 'period': gönderim şu an “Gönderildi” durumunda; değiştirilemez"]
    review_services.submission_approve(submission=submission, by=make_user("k", "coordinator"))
    assert DataValue.objects.get(indicator__code="egitim-1.2.3-g1", period="2024").approved
    Submission.objects.filter(pk=submission.pk).update(status="returned")
    assert refused(text.replace(",3", ",4"), izmir_plan)[0].endswith(
        "koordinatör önce onayı kaldırmalı"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("dataelement,period,value\n", "eksik sütun: orgunit"),
        ("dataelement,period,orgunit,value,renk\n", "bilinmeyen sütun: renk"),
        (HEAD + "egitim-1.2.3-g1,2024,sosyal-projeler-db\n", "satır 2"),
    ],
)
def test_malformed_csv_is_refused(izmir_plan, period, text, message):
    problems = refused(text, izmir_plan)
    assert problems and message in problems[0], problems


def test_every_bad_row_is_listed_not_only_the_first(izmir_plan, period):
    text = HEAD + "".join(f"egitim-1.2.3-g1,20X{n},sosyal-projeler-db,,3,\n" for n in range(5))
    assert [p.split(",")[0] for p in refused(text, izmir_plan)] == [
        "satır 2",
        "satır 3",
        "satır 4",
        "satır 5",
        "satır 6",
    ]


def test_a_repeated_cell_is_refused_at_its_own_line(izmir_plan, period):
    text = (
        HEAD
        + "egitim-1.2.3-g1,2024,sosyal-projeler-db,,3,\n"
        + "egitim-1.6.1-g2,2024,sosyal-projeler-db,,1,\n"
        + "egitim-1.2.3-g1,2024,sosyal-projeler-db,,5,\n"
    )
    assert refused(text, izmir_plan) == [
        "satır 4, 'categoryoptioncombo': aynı hücre dosyada ikinci kez var: 2024 Toplam"
    ]


def test_semicolon_csv_from_turkish_excel_reads_decimal_commas(izmir_plan, period):
    from esitkent.monitoring.models import IndicatorDefinition

    IndicatorDefinition.objects.filter(indicator__code="egitim-1.2.3-g1").update(
        measure_type="ratio"
    )
    text = "dataelement;period;orgunit;value\negitim-1.2.3-g1;2024;sosyal-projeler-db;0,125\n"
    batch = load(text, izmir_plan)
    assert DataValue.objects.get(indicator__code="egitim-1.2.3-g1").value == pytest.approx(0.125)
    assert any("virgül" in note for note in batch.notes)
    # The same file read with a decimal point is refused, never multiplied.
    assert "ondalık ayırıcı" in refused(text, izmir_plan, decimal="point")[0]


def test_json_with_dataset_level_period_and_unit(izmir_plan, period):
    data = (
        '{"period": "2024", "orgUnit": "sosyal-projeler-db", "dataValues": ['
        '{"dataElement": "egitim-1.6.1-g2", "value": 10},'
        '{"dataElement": "egitim-1.6.1-g2", "categoryOptionCombo": "sex=F", "value": "6"}]}'
    )
    assert load(data, izmir_plan, name="d.json").imported == 2


def test_xml_data_value_set_imports(izmir_plan, period):
    data = (
        '<?xml version="1.0"?><dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0" '
        'period="2024" orgUnit="sosyal-projeler-db">'
        '<dataValue dataElement="egitim-1.2.3-g1" value="3" comment="xml"/></dataValueSet>'
    )
    assert load(data, izmir_plan, name="d.xml").imported == 1
    assert DataValue.objects.get(indicator__code="egitim-1.2.3-g1").comment == "xml"


def test_dhis2_uids_through_the_mapping_both_ways(izmir_plan, period):
    mapping = (
        "kind,scheme,external_id,target\n"
        "dataelement,uid,fClA2Erf6IO,egitim-1.6.1-g2\n"
        "orgunit,uid,ImspTQPwCqd,sosyal-projeler-db\n"
        "categoryoptioncombo,uid,Prlt0C1RF0s,sex=F\n"
        "categoryoptioncombo,uid,V6L425pT3A0,sex=M\n"
    )
    assert external_ids_load(plan=izmir_plan, text=mapping, by=None) == 4
    text = (
        "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value\n"
        "fClA2Erf6IO,2024,ImspTQPwCqd,HllvX50cXC0,HllvX50cXC0,10\n"
        "fClA2Erf6IO,2024,ImspTQPwCqd,Prlt0C1RF0s,,6\n"
        "fClA2Erf6IO,2024,ImspTQPwCqd,V6L425pT3A0,,4\n"
    )
    assert load(text, izmir_plan, id_scheme="uid").imported == 3
    rows = list(export_rows(plan=izmir_plan, id_scheme="uid"))
    assert {(r["dataelement"], r["orgunit"], r["categoryoptioncombo"]) for r in rows} == {
        ("fClA2Erf6IO", "ImspTQPwCqd", "HllvX50cXC0"),
        ("fClA2Erf6IO", "ImspTQPwCqd", "Prlt0C1RF0s"),
        ("fClA2Erf6IO", "ImspTQPwCqd", "V6L425pT3A0"),
    }
    assert "fClA2Erf6IO" in external_ids_csv(izmir_plan).decode()
    # An identifier nobody mapped is refused by name; so is an export of an unmapped one.
    assert (
        "bilinmeyen gösterge UID'si: 'xxxxxxxxxxx'"
        in refused(
            text.replace(
                "fClA2Erf6IO,2024,ImspTQPwCqd,V6L425pT3A0",
                "xxxxxxxxxxx,2024,ImspTQPwCqd,V6L425pT3A0",
            ),
            izmir_plan,
            id_scheme="uid",
        )[0]
    )
    load(HEAD + "egitim-1.2.3-g1,2024,sosyal-projeler-db,,3,\n", izmir_plan)
    with pytest.raises(InputRejected, match="uid şemasında tanımlayıcısı yok"):
        list(export_rows(plan=izmir_plan, id_scheme="uid"))


def test_the_xlsx_template_lists_every_cell_and_imports_back(izmir_plan, period):
    sosyal = Organisation.objects.get(code="sosyal-projeler-db")
    data = xlsx_exchange.to_xlsx(
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
    batch = load(out.getvalue(), izmir_plan, name="sablon.xlsx")
    assert batch.imported == 3 and batch.ignored == len(rows) - 3


def test_csv_export_does_not_let_text_run_as_a_formula():
    out = io.StringIO()
    csv_exchange.write_csv([{"dataelement": "x", "comment": "=HYPERLINK(1)", "value": "-3"}], out)
    line = out.getvalue().splitlines()[1]
    assert "'=HYPERLINK(1)" in line and ",-3," in line


def test_a_windows_1254_file_is_refused_naming_the_encoding_or_read_when_chosen(izmir_plan, period):
    text = HEAD + "egitim-1.2.3-g1,2024,sosyal-projeler-db,,3,Kadın Danışma Merkezi – Çiğli\n"
    data = text.encode("cp1254")
    problems = refused(data, izmir_plan)
    assert problems[0].startswith("satır 2") and "windows-1254" in problems[0], problems
    assert not DataValue.objects.filter(period="2024").exists()
    load(data, izmir_plan, encoding="windows-1254")
    assert DataValue.objects.get(period="2024", indicator__code="egitim-1.2.3-g1").comment == (
        "Kadın Danışma Merkezi – Çiğli"
    )
