"""The file layer of value exchange: DHIS2 CSV, JSON and XML, and the XLSX template, read into
rows that say where they are and how their numbers are written; refusals name line and field."""

import datetime as dt
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from esitkent.core import xlsx as core_xlsx
from esitkent.core.errors import InputRejected
from esitkent.core.xlsx import open_checked_workbook, workbook_bytes
from esitkent.monitoring import (
    csv_exchange,
    exchange_text,
    json_exchange,
    xlsx_exchange,
    xml_exchange,
)
from esitkent.monitoring.exchange import read_values
from esitkent.plans import exchange as plan_exchange
from esitkent.plans import xlsx_exchange as plan_xlsx_exchange

TRICKY = 'Kadın Danışma Merkezi, "Çiğli"\nikinci satır; =TOPLA(A1) ğüşöçİı'


def rows_of(data, name, **kw):
    return list(read_values(data, name=name, **kw).rows)


def refusal(data, name, **kw) -> str:
    """The refusal's text, whether found at open or while reading rows."""
    with pytest.raises(InputRejected) as rejected:
        rows_of(data, name, **kw)
    return str(rejected.value)


# --- Format ---------------------------------------------------------------------------------


def test_format_from_the_name_or_given():
    data = b"dataelement,period,orgunit,value\nG1,2024,IZM,3\n"
    assert read_values(data, name="DEGERLER.CSV").format == "csv"
    assert read_values(data, name="upload.bin", fmt="csv").format == "csv"
    assert "uzantı .csv, .json, .xml ya da .xlsx olmalı" in refusal(data, "degerler.txt")


def test_unknown_encoding_and_decimal_choices_are_refused():
    data = b"dataelement,period,orgunit,value\nG1,2024,IZM,3\n"
    assert "windows-1254" in refusal(data, "a.csv", encoding="latin-1")
    assert "“point”" in refusal(data, "a.csv", decimal="dot")
    assert rows_of(data, "a.csv", encoding="UTF-8")[0].fields["value"] == "3"


# --- CSV ------------------------------------------------------------------------------------


def test_csv_header_in_any_order_and_case_with_dhis2s_old_names():
    data = (
        b'"Period","DataElement","OrgUnit","CatOptCombo","attroptcombo","Value","STRBY","lstupd","cmt"\n'
        b'"2024","G1.1","IZM","sex=F","default","12.5","ayse","2024-05-01","not"\n'
    )
    vf = read_values(data, name="a.csv")
    [row] = vf.rows
    assert row.fields == {
        "dataelement": "G1.1",
        "period": "2024",
        "orgunit": "IZM",
        "categoryoptioncombo": "sex=F",
        "attributeoptioncombo": "default",
        "value": "12.5",
        "storedby": "ayse",
        "lastupdated": "2024-05-01",
        "comment": "not",
        "followup": "",
        "deleted": "",
    }
    assert (row.number, row.where, row.numbers) == (2, "satır 2", "point")
    assert vf.notes[0] == "Kodlama: UTF-8"
    assert any(n.startswith("Başlık satırı okundu: period, dataelement") for n in vf.notes)
    assert vf.id_schemes == {}
    assert vf.rows_total == 1


def test_created_and_template_columns_are_read_and_dropped():
    data = "dataelement,Gösterge,period,orgunit,created,value\nG1,Adı,2024,IZM,2024-01-01,3\n"
    [row] = rows_of(data.encode(), "a.csv")
    assert row.fields["value"] == "3"
    assert "created" not in row.fields and "name" not in row.fields


def test_csv_unknown_and_missing_columns_are_named():
    message = refusal(b"dataelement,period,orgunit,value,vaule\n", "a.csv")
    assert message == "satır 1: bilinmeyen sütun: vaule"
    message = refusal(b"dataelement,period,comment\nG1,2024,x\n", "a.csv")
    assert message == "satır 1: eksik sütun: orgunit, value"
    message = refusal(b"dataelement,period,orgunit,value,cmt,comment\n", "a.csv")
    assert message == "satır 1: aynı sütun iki kez: comment"


def test_csv_row_of_another_width_is_refused_by_line():
    data = b"dataelement,period,orgunit,value\n\nG1,2024,IZM,3\nG2,2024,IZM\n"
    with pytest.raises(InputRejected) as rejected:
        vf = read_values(data, name="a.csv")
        first = next(vf.rows)
        assert first.number == 3  # the blank line 2 is skipped but counted
        next(vf.rows)
    assert str(rejected.value) == "satır 4: 4 sütun beklenirken 3 sütun var"


def test_csv_without_header_reads_dhis2s_column_order():
    six = b"G1,2024,IZM,sex=F,default,12\n"
    eleven = b"G2,2024Q1,IZM,,,7,ayse,2024-04-01,bir not,true,false\n"
    vf = read_values(six + eleven, name="a.csv")
    first, second = vf.rows
    assert first.fields["dataelement"] == "G1"
    assert first.fields["categoryoptioncombo"] == "sex=F"
    assert first.fields["value"] == "12"
    assert first.fields["comment"] == ""
    assert first.number == 1
    assert second.fields["storedby"] == "ayse"
    assert second.fields["comment"] == "bir not"
    assert second.fields["followup"] == "true"
    assert second.fields["deleted"] == "false"
    assert second.number == 2
    assert any(n.startswith("Başlık satırı yok: sütunlar DHIS2'nin sırasıyla") for n in vf.notes)


def test_csv_without_header_needs_six_to_eleven_cells():
    message = refusal(b"G1,2024,IZM,sex=F,default,12\nG1,2024,IZM,3\n", "a.csv")
    assert message == "satır 2: DHIS2 sırasıyla 6–11 sütun beklenirken 4 sütun var"
    assert "12 sütun var" in refusal(b"G1,2024,IZM,,,1,,,,,,x\n", "a.csv")


def test_semicolon_csv_from_turkish_excel_reads_decimal_commas():
    data = "dataelement;period;orgunit;value;comment\nG1;2024;IZM;1.234,5;bir, iki\n"
    vf = read_values(data.encode(), name="a.csv")
    [row] = vf.rows
    assert row.fields["value"] == "1.234,5"
    assert row.fields["comment"] == "bir, iki"
    assert row.numbers == "comma"
    assert (
        "Noktalı virgülle ayrılmış CSV (Türkçe Excel): sayılar ondalık virgülle okundu" in vf.notes
    )
    # Control: commas are the delimiter when they outnumber the semicolons.
    [row] = rows_of(b"dataelement,period,orgunit,value,comment\nG1,2024,IZM,3,a;b\n", "a.csv")
    assert row.numbers == "point"
    assert row.fields["comment"] == "a;b"


def test_decimal_mark_can_be_forced():
    semicolon = b"dataelement;period;orgunit;value\nG1;2024;IZM;12.5\n"
    vf = read_values(semicolon, name="a.csv", decimal="point")
    assert next(vf.rows).numbers == "point"
    assert any("seçildiği gibi, ondalık noktayla" in n for n in vf.notes)
    comma = b'dataelement,period,orgunit,value\nG1,2024,IZM,"12,5"\n'
    vf = read_values(comma, name="a.csv", decimal="comma")
    row = next(vf.rows)
    assert (row.numbers, row.fields["value"]) == ("comma", "12,5")
    assert any("seçildiği gibi, ondalık virgülle" in n for n in vf.notes)


def test_utf8_with_bom():
    data = "\ufeffdataelement,period,orgunit,value,comment\nG1,2024,IZM,3,Çiğli\n".encode()
    vf = read_values(data, name="a.csv")
    [row] = vf.rows
    assert row.fields["dataelement"] == "G1"
    assert row.fields["comment"] == "Çiğli"
    assert vf.notes[0] == "Kodlama: UTF-8 (BOM ile)"


CP1254_TEXT = (
    "dataelement,period,orgunit,value,comment\n"
    "G1,2024,IZM,3,düz\n"
    "G2,2024,IZM,4,Kadın Danışma Merkezi – Çiğli\n"
)


def test_a_windows_1254_file_is_refused_by_line_with_a_way_out():
    data = CP1254_TEXT.encode("cp1254")
    message = refusal(data, "a.csv")
    assert message.startswith("satır 2: UTF-8 olarak okunamadı")
    assert "Windows-1254 (Türkçe Windows)" in message
    assert "“windows-1254”" in message
    assert "UTF-8 olarak kaydedin" in message


@pytest.mark.parametrize("encoding", ["windows-1254", "cp1254"])
def test_a_windows_1254_file_reads_when_chosen(encoding):
    vf = read_values(CP1254_TEXT.encode("cp1254"), name="a.csv", encoding=encoding)
    assert [r.fields["comment"] for r in vf.rows] == ["düz", "Kadın Danışma Merkezi – Çiğli"]
    assert vf.notes[0] == "Kodlama: Windows-1254 (Türkçe Windows), seçildiği gibi"
    # Control: the same text in UTF-8 reads without choosing.
    rows = rows_of(CP1254_TEXT.encode(), "a.csv")
    assert rows[1].fields["comment"] == "Kadın Danışma Merkezi – Çiğli"


def test_the_hint_looks_past_a_windows_dash():
    data = "dataelement,period,orgunit,value,comment\nG1,2024,IZM,3,Merkez – Çiğli\n"
    assert "“windows-1254”" in refusal(data.encode("cp1254"), "a.csv")


def test_other_bytes_that_are_not_utf8_get_no_windows_1254_hint():
    message = refusal(b"dataelement,period,orgunit,value\nG1,2024,IZM,\x81\x82\n", "a.csv")
    assert message == "satır 2: UTF-8 olarak okunamadı; dosyayı UTF-8 olarak kaydedin"


def test_utf16_is_refused():
    data = "dataelement,period,orgunit,value\nG1,2024,IZM,3\n".encode("utf-16")
    assert refusal(data, "a.csv") == "dosya: dosya UTF-16 kodlamalı; UTF-8 olarak kaydedin"
    assert "UTF-16" in refusal("{}".encode("utf-16"), "a.json")
    assert "UTF-16" in refusal("<dataValueSet/>".encode("utf-16"), "a.xml")


def test_empty_csv_is_refused():
    assert refusal(b"", "a.csv") == "dosya: boş dosya"
    assert refusal(b"\n \n", "a.csv") == "dosya: boş dosya"


def test_a_stored_csv_is_streamed_not_read_whole(tmp_path, monkeypatch):
    path = tmp_path / "degerler.csv"
    lines = ["dataelement,period,orgunit,value"] + [f"G{i},2024,IZM,{i}" for i in range(500)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def whole(*args, **kwargs):
        raise AssertionError("read whole")

    monkeypatch.setattr(Path, "read_bytes", whole)
    monkeypatch.setattr(Path, "read_text", whole)
    vf = read_values(path, name=path.name)
    assert vf.rows_total == 500
    rows = list(vf.rows)
    assert len(rows) == 500
    assert (rows[-1].number, rows[-1].fields["value"]) == (501, "499")


def test_csv_line_numbers_are_physical_lines():
    data = (
        b'dataelement,period,orgunit,value,comment\nG1,2024,IZM,1,"iki\nsatir"\n\nG2,2024,IZM,2,\n'
    )
    first, second = rows_of(data, "a.csv")
    assert (first.number, second.number) == (2, 5)


def test_formula_safe_cells_read_back_unchanged():
    rows = [
        {"dataelement": "G1", "period": "2024", "orgunit": "IZM", "value": "-5", "comment": c}
        for c in ["=1+1", "+90 555", "-x", "@a", "'=quoted", "'plain", "-5"]
    ]
    out = io.StringIO()
    csv_exchange.write_csv(rows, out)
    text = out.getvalue()
    assert "\n'=1+1\n" not in text and ",'=1+1," in text  # what a spreadsheet sees
    back = rows_of(text.encode(), "a.csv")
    assert [r.fields["comment"] for r in back] == [r["comment"] for r in rows]
    assert {r.fields["value"] for r in back} == {"-5"}


# --- JSON -----------------------------------------------------------------------------------


def test_json_with_set_defaults_and_id_schemes():
    doc = {
        "dataSet": "ds1",
        "completeDate": "2024-02-01",
        "period": "202401",
        "orgUnit": "IZM",
        "attributeOptionCombo": "default",
        "idScheme": "CODE",
        "dataElementIdScheme": "Code",
        "orgUnitIdScheme": "NAME",
        "categoryOptionComboIdScheme": "UID",
        "dataValues": [
            {"dataElement": "G1", "value": "3", "followUp": True},
            {
                "dataElement": "G2",
                "period": "202402",
                "orgUnit": "KNK",
                "categoryOptionCombo": "sex=F",
                "value": 4,
                "storedBy": "ayse",
                "created": "2024-01-01",
                "lastUpdated": "2024-02-01",
                "comment": None,
                "followup": False,
                "deleted": False,
            },
        ],
    }
    vf = read_values(json.dumps(doc).encode(), name="a.json")
    assert vf.id_schemes == {
        "idScheme": "code",
        "dataElementIdScheme": "code",
        "orgUnitIdScheme": "name",
        "categoryOptionComboIdScheme": "uid",
    }
    assert vf.rows_total == 2
    first, second = vf.rows
    assert (first.number, first.where, first.numbers) == (1, "dataValues[1]", "point")
    assert first.fields["period"] == "202401"
    assert first.fields["orgunit"] == "IZM"
    assert first.fields["attributeoptioncombo"] == "default"
    assert first.fields["followup"] == "true"
    assert second.fields["period"] == "202402"
    assert second.fields["orgunit"] == "KNK"
    assert second.fields["value"] == "4"
    assert second.fields["comment"] == ""
    assert second.fields["followup"] == "false"
    assert second.fields["storedby"] == "ayse"
    assert "created" not in second.fields


def test_json_numbers_keep_their_digits():
    data = (
        b'{"dataValues": [{"dataElement": "G1", "period": "2024", "orgUnit": "IZM", "value": 0.125},'
        b' {"dataElement": "G1", "period": "2024", "orgUnit": "IZM", "value": 2.500},'
        b' {"dataElement": "G1", "period": "2024", "orgUnit": "IZM", "value": 1E-7},'
        b' {"dataElement": "G1", "period": "2024", "orgUnit": "IZM", "value": 12345678901234567}]}'
    )
    assert [r.fields["value"] for r in rows_of(data, "a.json")] == [
        "0.125",
        "2.500",
        "0.0000001",
        "12345678901234567",
    ]


def test_json_unknown_key_is_refused_by_item():
    doc = {"dataValues": [{"dataElement": "G1", "value": "1"}] * 2 + [{"vaule": "3"}]}
    vf = read_values(json.dumps(doc).encode(), name="a.json")
    assert len([next(vf.rows), next(vf.rows)]) == 2  # control: the first two read
    with pytest.raises(InputRejected) as rejected:
        next(vf.rows)
    assert str(rejected.value) == "dataValues[3]: bilinmeyen alan: vaule"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"dataValues": [', "JSON okunamadı"),
        (b"[]", "dataValueSet nesnesi bekleniyordu"),
        (b'{"values": []}', "“dataValues” listesi bekleniyordu"),
        (b'{"dataValues": [], "deletion": {}}', "dosya: bilinmeyen alan: deletion"),
        (b'{"dataValues": [3]}', "dataValues[1]: nesne bekleniyordu"),
        (b'{"dataValues": [{"value": NaN}]}', "JSON okunamadı"),
        (
            b'{"dataValues": [{"categoryOptionCombo": {"sex": "F"}}]}',
            "dataValues[1]: ‘categoryOptionCombo’ alanı metin",
        ),
    ],
)
def test_json_that_is_not_a_data_value_set_is_refused(data, message):
    assert message in refusal(data, "a.json")


def test_json_malformed_names_the_line():
    assert refusal(b'{"dataValues": [\n  {"value": }\n]}', "a.json").startswith("satır 2, sütun")


# --- XML ------------------------------------------------------------------------------------

XML_BODY = (
    '<dataValueSet{ns} dataSet="ds1" completeDate="2024-02-01" period="2024Q1" orgUnit="IZM"'
    ' idScheme="CODE" orgUnitIdScheme="Code">\n'
    '  <dataValue dataElement="G1" value="3" comment="bir &amp; iki&#10;üç" followUp="true"/>\n'
    '  <dataValue dataElement="G2" period="2024Q2" categoryOptionCombo="sex=F" value="0.5"'
    ' created="2024-01-01" storedBy="ayse"></dataValue>\n'
    "</dataValueSet>\n"
)


@pytest.mark.parametrize("ns", ["", ' xmlns="http://dhis2.org/schema/dxf/2.0"'])
def test_xml_with_or_without_namespace(ns):
    data = ('<?xml version="1.0" encoding="UTF-8"?>\n' + XML_BODY.format(ns=ns)).encode()
    vf = read_values(data, name="a.xml")
    assert vf.id_schemes == {"idScheme": "code", "orgUnitIdScheme": "code"}
    assert vf.rows_total == 2
    first, second = vf.rows
    assert (first.number, first.where, first.numbers) == (1, "dataValue 1", "point")
    assert first.fields["period"] == "2024Q1"
    assert first.fields["orgunit"] == "IZM"
    assert first.fields["comment"] == "bir & iki\nüç"
    assert first.fields["followup"] == "true"
    assert second.where == "dataValue 2"
    assert second.fields["period"] == "2024Q2"
    assert second.fields["categoryoptioncombo"] == "sex=F"
    assert second.fields["value"] == "0.5"
    assert second.fields["storedby"] == "ayse"


def test_xml_from_a_stored_file(tmp_path):
    path = tmp_path / "a.xml"
    body = "".join(
        f'<dataValue dataElement="G{i}" period="2024" orgUnit="IZM" value="{i}"/>\n'
        for i in range(3000)
    )
    path.write_text(f"<dataValueSet>\n{body}</dataValueSet>\n", encoding="utf-8")
    vf = read_values(path, name=path.name)
    assert vf.rows_total == 3000
    rows = list(vf.rows)
    assert len(rows) == 3000
    assert rows[-1].fields["dataelement"] == "G2999"


def test_xml_unknown_attribute_and_element_are_refused_by_name():
    data = b'<dataValueSet><dataValue dataElement="G1" value="1"/><dataValue vaule="3"/></dataValueSet>'
    vf = read_values(data, name="a.xml")
    assert next(vf.rows).fields["dataelement"] == "G1"  # control
    with pytest.raises(InputRejected) as rejected:
        next(vf.rows)
    assert str(rejected.value) == "dataValue 2: bilinmeyen alan: vaule"
    assert "bilinmeyen alan: dryRun" in refusal(b'<dataValueSet dryRun="true"/>', "a.xml")
    assert "bilinmeyen öğe: group" in refusal(b"<dataValueSet><group/></dataValueSet>", "a.xml")
    assert "XML kökü dataValueSet olmalı" in refusal(
        b'<adx xmlns="urn:ihe:qrph:adx:2015"/>', "a.xml"
    )


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<dataValueSet><dataValue dataElement="G1" period="2024" orgUnit="IZM" value="1" comment="&lol3;"/></dataValueSet>
"""


def test_xml_with_a_dtd_or_entities_is_refused():
    assert refusal(BILLION_LAUGHS, "a.xml").startswith("dosya: XML okunamadı (DTD")
    external = b'<!DOCTYPE d SYSTEM "file:///etc/passwd"><dataValueSet/>'
    assert "XML okunamadı" in refusal(external, "a.xml")


def test_malformed_xml_names_the_line():
    message = refusal(b'<dataValueSet>\n<dataValue value="1">\n</dataValueSet>', "a.xml")
    assert message.startswith("satır 3: XML okunamadı (")


def test_xml_encoding():
    body = '<dataValueSet><dataValue dataElement="G1" comment="Çiğli"/></dataValueSet>'
    declared = f'<?xml version="1.0" encoding="windows-1254"?>\n{body}'.encode("cp1254")
    vf = read_values(declared, name="a.xml")
    assert next(vf.rows).fields["comment"] == "Çiğli"
    assert "Windows-1254" in vf.notes[0]
    undeclared = body.encode("cp1254")
    assert "“windows-1254”" in refusal(undeclared, "a.xml")
    assert rows_of(undeclared, "a.xml", encoding="windows-1254")[0].fields["comment"] == "Çiğli"


# --- XLSX -----------------------------------------------------------------------------------


def _workbook(rows) -> bytes:
    wb = Workbook()
    core_xlsx.put_rows(wb.active, rows, first_row=1)  # "=x" stays text, as in our template
    return workbook_bytes(wb)


def test_xlsx_template_cells_by_type():
    data = _workbook(
        [
            [
                "dataElement",
                "Gösterge",
                "period",
                "orgUnit",
                "categoryOptionCombo",
                "Kırılım",
                "value",
                "comment",
            ],
            ["G1", "Ad", "2024", "IZM", None, "Toplam", 0.1, None],
            ["G1", "Ad", 2024, "IZM", "sex=F", "Kadın", 3.0, "=x"],
            [None] * 8,
            ["G2", None, "2024", "IZM", None, None, "1.234", "  boşluklu  "],
            ["G3", None, dt.datetime(2024, 1, 1), " IZM ", None, None, Decimal("2.50"), True],
        ]
    )
    vf = read_values(data, name="a.xlsx", max_xlsx_bytes=10 * 1024 * 1024)
    rows = list(vf.rows)
    assert [r.number for r in rows] == [2, 3, 5, 6]
    assert [r.fields["value"] for r in rows] == ["0.1", "3", "1.234", "2.5"]
    assert [r.numbers for r in rows] == ["point", "point", "tr", "point"]
    assert rows[1].fields["period"] == "2024"
    assert rows[1].fields["comment"] == "=x"
    assert rows[2].fields["comment"] == "  boşluklu  "
    assert rows[3].fields["period"] == "2024-01-01"
    assert rows[3].fields["orgunit"] == "IZM"
    assert rows[3].fields["comment"] == "true"
    assert "name" not in rows[0].fields and "breakdown" not in rows[0].fields
    assert rows[0].where == "satır 2"
    assert any("giriş formundaki gibi" in n for n in vf.notes)


def test_xlsx_note_on_typed_numbers_only_when_there_are_any():
    data = _workbook([["dataelement", "period", "orgunit", "value"], ["G1", "2024", "IZM", 5]])
    vf = read_values(data, name="a.xlsx", max_xlsx_bytes=10 * 1024 * 1024)
    list(vf.rows)
    assert not any("giriş formundaki gibi" in n for n in vf.notes)


def test_xlsx_header_problems_are_named():
    unknown = _workbook([["dataElement", "period", "orgUnit", "value", "Not"]])
    assert refusal(unknown, "a.xlsx", max_xlsx_bytes=10**7) == "satır 1: bilinmeyen sütun: Not"
    missing = _workbook([["dataElement", "period", "value"]])
    assert refusal(missing, "a.xlsx", max_xlsx_bytes=10**7) == "satır 1: eksik sütun: orgunit"


def test_not_a_spreadsheet():
    assert refusal(b"PK\x03\x04 bozuk", "a.xlsx", max_xlsx_bytes=10**7) == (
        "dosya: XLSX dosyası okunamadı"
    )


def _bomb() -> bytes:
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<x/>" * 500_000)  # 2 MB unpacked
    return raw.getvalue()


@pytest.fixture
def no_openpyxl(monkeypatch):
    """Fails the test if the workbook is handed to openpyxl."""

    def refuse(*args, **kwargs):
        raise AssertionError("opened")

    monkeypatch.setattr(core_xlsx, "load_workbook", refuse)


def test_a_zip_bomb_is_refused_before_it_is_read(no_openpyxl):
    data = _bomb()
    assert len(data) < 50_000
    message = refusal(data, "a.xlsx", max_xlsx_bytes=1024 * 1024)
    assert message == (
        "dosya: XLSX dosyası açıldığında 1 MB'tan büyük; değerleri birkaç dosyaya bölün"
    )


def test_the_limit_comes_from_settings(settings):
    settings.VALUES_XLSX_MAX_UNPACKED_BYTES = 1024 * 1024
    assert "açıldığında 1 MB'tan büyük" in refusal(_bomb(), "a.xlsx")
    settings.VALUES_XLSX_MAX_UNPACKED_BYTES = 512 * 1024
    assert "açıldığında 0,5 MB'tan büyük" in refusal(_bomb(), "a.xlsx")


def test_a_lying_declared_size_is_caught_by_counting(monkeypatch, no_openpyxl):
    real = zipfile.ZipFile.infolist

    def lying(self):
        items = []
        for item in real(self):
            copy = zipfile.ZipInfo(item.filename, item.date_time)
            copy.file_size = 10
            items.append(copy)
        return items

    monkeypatch.setattr(zipfile.ZipFile, "infolist", lying)
    with pytest.raises(InputRejected, match="açıldığında"):
        open_checked_workbook(_bomb(), max_unpacked_bytes=1024 * 1024, too_large="açıldığında")


def test_an_edited_central_directory_is_refused(no_openpyxl):
    data = bytearray(_bomb())
    header = data.rindex(b"PK\x01\x02")  # the sheet's entry in the central directory
    assert data[header + 46 : header + 46 + 24] == b"xl/worksheets/sheet1.xml"
    data[header + 24 : header + 28] = (100).to_bytes(4, "little")  # uncompressed size
    # zipfile inflates no more than the declared size, and the CRC of that part is wrong.
    assert refusal(bytes(data), "a.xlsx", max_xlsx_bytes=1024 * 1024) == (
        "dosya: XLSX dosyası okunamadı"
    )


def test_a_normal_workbook_under_the_limit_opens():
    data = xlsx_exchange.to_xlsx(
        [{"dataelement": "G1", "period": "2024", "orgunit": "IZM", "value": "1"}], "t"
    )
    wb = open_checked_workbook(data, max_unpacked_bytes=1024 * 1024, too_large="büyük")
    assert wb.worksheets[0]["A2"].value == "G1"


def test_the_plan_importer_uses_the_checked_opener(monkeypatch, no_openpyxl):
    monkeypatch.setattr(plan_xlsx_exchange, "MAX_UNPACKED_BYTES", 1024 * 1024)
    with pytest.raises(InputRejected, match="açıldığında 50 MB'tan büyük; bir plan için fazla"):
        plan_exchange.loads(_bomb(), "xlsx")


# --- Round trips ------------------------------------------------------------------------------

FULL_ROWS = [
    {
        "dataelement": "G1.1",
        "period": "2024Q1",
        "orgunit": "IZM",
        "categoryoptioncombo": "age=18-29;sex=F",
        "attributeoptioncombo": "",
        "value": "0.125",
        "storedby": "ayşe",
        "lastupdated": "2024-04-01T10:00:00",
        "comment": TRICKY,
        "followup": "true",
        "deleted": "",
    },
    {
        "dataelement": "G1.2",
        "period": "2024-03",
        "orgunit": "KNK",
        "categoryoptioncombo": "",
        "attributeoptioncombo": "default",
        "value": "-12",
        "storedby": "",
        "lastupdated": "",
        "comment": "=1+2",
        "followup": "",
        "deleted": "true",
    },
    {
        "dataelement": "G1.3",
        "period": "2024",
        "orgunit": "IZM",
        "categoryoptioncombo": "",
        "attributeoptioncombo": "",
        "value": "12345678901234.5678",
        "storedby": "",
        "lastupdated": "",
        "comment": "'-5",
        "followup": "false",
        "deleted": "",
    },
]


def _written(fmt: str, rows) -> bytes:
    if fmt == "csv":
        out = io.StringIO()
        csv_exchange.write_csv(rows, out)
        return out.getvalue().encode()
    if fmt == "json":
        return json_exchange.to_json(rows)
    if fmt == "xml":
        return xml_exchange.to_xml(rows)
    return xlsx_exchange.to_xlsx(rows, "Değerler")


@pytest.mark.parametrize("fmt", ["csv", "json", "xml"])
def test_round_trip(fmt):
    back = read_values(_written(fmt, FULL_ROWS), name=f"degerler.{fmt}")
    rows = list(back.rows)
    assert [r.fields for r in rows] == FULL_ROWS
    assert {r.numbers for r in rows} == {"point"}


def test_round_trip_xlsx():
    columns = [key for key, _ in xlsx_exchange.XLSX_COLUMNS]
    rows = [{k: row[k] for k in columns if k in row} for row in FULL_ROWS]
    rows.append(dict(rows[0], value="3.0", comment=""))
    rows.append(dict(rows[0], value="1.234", comment="", categoryoptioncombo=""))
    back = list(
        read_values(
            xlsx_exchange.to_xlsx(rows, "Değerler"), name="d.xlsx", max_xlsx_bytes=10**7
        ).rows
    )
    expected = [{k: row.get(k, "") for k in exchange_text.FIELDS} for row in rows]
    assert [r.fields for r in back] == expected
    # Values the spreadsheet holds as numbers read with a point; the rest are text cells that
    # the entry form's reading gives the same number for ("3.0"; 18 digits do not fit a float).
    assert [r.numbers for r in back] == ["point", "point", "tr", "tr", "point"]


def test_writers_shape():
    data = json.loads(json_exchange.to_json(FULL_ROWS[1:2]))
    assert data == {
        "dataValues": [
            {
                "dataElement": "G1.2",
                "period": "2024-03",
                "orgUnit": "KNK",
                "attributeOptionCombo": "default",
                "value": "-12",
                "comment": "=1+2",
                "deleted": True,
            }
        ]
    }
    xml = xml_exchange.to_xml(FULL_ROWS[:1]).decode()
    assert xml.startswith(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0">'
    )
    assert 'followUp="true"' in xml and "&#10;" in xml
    out = io.StringIO()
    csv_exchange.write_csv(FULL_ROWS[:1], out)
    assert out.getvalue().split("\n")[0] == ",".join(csv_exchange.CSV_HEADER)
    assert "\r" not in out.getvalue()
