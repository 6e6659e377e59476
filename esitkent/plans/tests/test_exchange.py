"""Export → import as a new plan → export gives identical files."""

import io

import pytest
import yaml
from openpyxl import load_workbook

from esitkent.core.errors import InputRejected
from esitkent.plans import exchange
from esitkent.plans.models import Plan
from esitkent.plans.selectors import plan_document
from esitkent.plans.services import plan_import


@pytest.mark.parametrize("fmt", ["yaml", "json", "xlsx"])
def test_round_trip_is_exact(izmir_plan, fmt):
    first = exchange.dumps(plan_document(izmir_plan), fmt)
    document = exchange.loads(first, fmt)
    document["slug"] = "kopya"  # a plan holding monitoring data is never deleted to make room
    plan_import(document=document)
    again = plan_document(Plan.objects.get(slug="kopya"))
    again["slug"] = izmir_plan.slug
    assert exchange.dumps(again, fmt) == first


def test_xlsx_export_is_deterministic_and_complete(izmir_plan):
    data = exchange.dumps(plan_document(izmir_plan), "xlsx")
    assert data == exchange.dumps(plan_document(izmir_plan), "xlsx")
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == [
        "Plan",
        "İlkeler",
        "Süreç",
        "Alanlar",
        "Genel Hedefler",
        "Alt Hedefler",
        "Faaliyetler",
        "Göstergeler",
    ]
    assert wb["Faaliyetler"].max_row == 1 + 63
    assert wb["Göstergeler"].max_row == 1 + 118


def test_json_has_the_documented_shape(izmir_plan):
    import json

    doc = json.loads(exchange.dumps(plan_document(izmir_plan), "json"))
    activity = doc["areas"][0]["goals"][0]["subgoals"][0]["activities"][0]
    assert {
        "code_printed",
        "code",
        "title",
        "term",
        "responsible",
        "cooperating",
        "indicators",
    } <= activity.keys()
    assert activity["indicators"][0]["name"]


def test_text_that_looks_like_a_formula_is_kept_as_text(izmir_plan):
    doc = plan_document(izmir_plan)
    doc["areas"][0]["goals"][0]["subgoals"][0]["activities"][0]["title"] = (
        '=HYPERLINK("http://kotu.example","tıkla")'
    )
    data = exchange.dumps(doc, "xlsx")
    ws = load_workbook(io.BytesIO(data))["Faaliyetler"]
    cell = ws["G2"]
    assert cell.data_type == "s" and cell.quotePrefix
    assert exchange.loads(data, "xlsx")["areas"][0]["goals"][0]["subgoals"][0]["activities"][0][
        "title"
    ].startswith("=HYPERLINK")


def _xlsx_with(izmir_plan, edit):
    wb = load_workbook(io.BytesIO(exchange.dumps(plan_document(izmir_plan), "xlsx")))
    edit(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_bad_xlsx_names_sheet_row_and_column_and_writes_nothing(izmir_plan):
    def edit(wb):
        ws = wb["Faaliyetler"]
        ws["J5"] = "Var Olmayan Daire Başkanlığı"  # Sorumlu
        ws["D9"] = "iki"  # Alt hedef sırası
        ws["I12"] = "Yakın Vade"

    data = _xlsx_with(izmir_plan, edit)
    with pytest.raises(InputRejected) as rejected:
        plan_import(document=exchange.loads(data, "xlsx"), replace=True)
    messages = [str(p) for p in rejected.value.problems]
    assert messages == [
        "'Faaliyetler' sayfası, satır 9, sütun D (Alt hedef sırası): tam sayı olmalı"
    ]

    def fix_row_only(wb):
        edit(wb)
        wb["Faaliyetler"]["D9"] = 1

    with pytest.raises(InputRejected) as rejected:
        plan_import(
            document=exchange.loads(_xlsx_with(izmir_plan, fix_row_only), "xlsx"), replace=True
        )
    assert [str(p) for p in rejected.value.problems] == [
        "'Faaliyetler' sayfası, satır 12, sütun I (Vade): vade 'Kısa Vade', 'Orta Vade', 'Uzun Vade' ya da boş olmalı"
    ]

    def unknown_org_only(wb):
        wb["Faaliyetler"]["J5"] = "Var Olmayan Daire Başkanlığı"

    before = plan_document(izmir_plan)
    with pytest.raises(InputRejected) as rejected:
        plan_import(
            document=exchange.loads(_xlsx_with(izmir_plan, unknown_org_only), "xlsx"), replace=True
        )
    assert [str(p) for p in rejected.value.problems] == [
        "'Faaliyetler' sayfası, satır 5, sütun J (Sorumlu): “Var Olmayan Daire Başkanlığı” kurum kaydında bulunamadı"
    ]
    assert plan_document(Plan.objects.get(slug=izmir_plan.slug)) == before


def test_missing_sheet_and_column_are_named(izmir_plan):
    def drop(wb):
        del wb["Göstergeler"]

    with pytest.raises(InputRejected, match="eksik sayfa: Göstergeler"):
        exchange.loads(_xlsx_with(izmir_plan, drop), "xlsx")

    def rename(wb):
        wb["Alanlar"]["A1"] = "Kod"

    with pytest.raises(InputRejected, match="'Alanlar' sayfası, satır 1: 'Alan kodu' sütunu eksik"):
        exchange.loads(_xlsx_with(izmir_plan, rename), "xlsx")


def test_not_a_spreadsheet():
    with pytest.raises(InputRejected, match="XLSX dosyası okunamadı"):
        exchange.loads(b"PK\x03\x04 bozuk", "xlsx")


def test_bad_yaml_names_line_and_column():
    with pytest.raises(InputRejected) as rejected:
        exchange.loads(b"slug: a\nareas: [\n  - x: : y\n", "yaml")
    assert str(rejected.value.problems[0]).startswith("satır ")


def test_bad_json_names_line_and_column():
    with pytest.raises(InputRejected, match=r"satır 2, sütun \d+: JSON okunamadı"):
        exchange.loads(b'{"slug": "a",\n "areas": [}', "json")


def test_yaml_document_problems_are_located_by_path(izmir_plan):
    doc = yaml.safe_load(exchange.dumps(plan_document(izmir_plan), "yaml"))
    doc["areas"][1]["goals"][0]["subgoals"][0]["activities"][2]["title"] = ""
    doc["areas"][1]["goals"][0]["subgoals"][0]["activities"][2]["term"] = "yakın"
    doc["period"]["end"] = 2020
    with pytest.raises(InputRejected) as rejected:
        plan_import(document=doc, replace=True)
    assert [str(p) for p in rejected.value.problems] == [
        "plan › dönem: bitiş yılı başlangıçtan önce",
        "2. alan (saglik) › 1. genel hedef (1.) › 1. alt hedef (1.1) › 3. faaliyet (1.1.3) › başlık: boş olamaz",
        "2. alan (saglik) › 1. genel hedef (1.) › 1. alt hedef (1.1) › 3. faaliyet (1.1.3) › vade: vade 'short', 'medium', 'long' ya da boş olmalı",
    ]


def test_unknown_file_extension():
    with pytest.raises(InputRejected, match="uzantı"):
        exchange.format_of("plan.csv")
