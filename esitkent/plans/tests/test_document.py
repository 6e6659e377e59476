"""Hostile and odd plan documents: refused with located messages, never a crash."""

import io
import json
import re
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from esitkent.core.errors import InputRejected
from esitkent.core.terms import parse_term
from esitkent.plans import exchange
from esitkent.plans.document import check
from esitkent.plans.domain import lint
from esitkent.plans.tests.test_services import small_plan


def messages(doc):
    return [str(p) for p in check(doc)]


def first_activity(doc):
    return doc["areas"][0]["goals"][0]["subgoals"][0]["activities"][0]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["areas"][0].update(goals=None), []),
        (lambda d: d.update(principles="abc"), ["plan › ilkeler: liste olmalı"]),
        (lambda d: d.update(events=["x"]), ["1. süreç adımı: bir nesne (anahtar: değer) olmalı"]),
        (
            lambda d: d.update(status=["x"]),
            ["plan › durum: şunlardan biri olmalı: approved, archived, draft"],
        ),
        (lambda d: d.update(version="abc"), ["plan › sürüm: 1 ile 999 arasında tam sayı olmalı"]),
        (
            lambda d: d.update(period={"start": True, "end": 2024}),
            ["plan › dönem: yıllar 1900 ile 2100 arasında tam sayı olmalı"],
        ),
        (
            lambda d: d.update(period={"start": 0, "end": 0}),
            ["plan › dönem: yıllar 1900 ile 2100 arasında tam sayı olmalı"],
        ),
        (lambda d: d.update(vision=["x", "y"]), ["plan › vizyon: metin olmalı"]),
        (
            lambda d: d["areas"][0].update(code="kentsel hizmetler"),
            [
                "1. alan (kentsel hizmetler) › kod: alan kodu yalnız küçük harf, rakam ve tire içermeli (ör. kentsel-hizmetler)"
            ],
        ),
        (
            lambda d: first_activity(d).update(cells_printed_at=1.1),
            [
                "1. alan (kentsel) › 1. genel hedef (1.) › 1. alt hedef (1.1) › 1. faaliyet (1.1.1) › hücrenin basıldığı satır: metin olmalı"
            ],
        ),
        (
            lambda d: first_activity(d).update(shared_cells=[["x"]]),
            [
                "1. alan (kentsel) › 1. genel hedef (1.) › 1. alt hedef (1.1) › 1. faaliyet (1.1.1) › paylaşılan hücreler: yalnız responsible, cooperating, indicators olabilir"
            ],
        ),
        (
            lambda d: first_activity(d).update(code="1." * 30),
            [
                "1. alan (kentsel) › 1. genel hedef (1.) › 1. alt hedef (1.1) › 1. faaliyet (1.1.1) › kod: en çok 20 karakter olabilir (60 karakter)"
            ],
        ),
        (
            lambda d: first_activity(d).update(title="Örnek\x0cPlan"),
            [
                "1. alan (kentsel) › 1. genel hedef (1.) › 1. alt hedef (1.1) › 1. faaliyet (1.1.1) › başlık: denetim karakteri içeriyor (PDF'ten kopyalanmış görünmez bir karakter olabilir)"
            ],
        ),
        (lambda d: first_activity(d).update(responsible=None), []),
    ],
)
def test_odd_documents_get_located_problems(mutate, expected):
    doc = small_plan()
    mutate(doc)
    assert messages(doc) == expected


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 3000)
    | st.floats(allow_nan=False)
    | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "code",
                    "code_printed",
                    "title",
                    "goals",
                    "subgoals",
                    "activities",
                    "indicators",
                    "name",
                    "term",
                    "responsible",
                    "shared_cells",
                    "cells_printed_at",
                    "period",
                    "start",
                    "end",
                ]
            ),
            children,
            max_size=4,
        )
    ),
    max_leaves=12,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_check_never_crashes_and_what_it_accepts_lints(data):
    doc = small_plan()
    activity = first_activity(doc)
    field = data.draw(st.sampled_from(sorted(activity)))
    activity[field] = data.draw(json_values)
    goal_field = data.draw(st.sampled_from(["title", "code", "subgoals", "code_printed"]))
    doc["areas"][0]["goals"][0][goal_field] = data.draw(
        st.one_of(st.just(doc["areas"][0]["goals"][0][goal_field]), json_values)
    )
    problems = check(doc)
    assert isinstance(problems, list)
    if not problems:
        lint(doc)


def test_lint_summarises_an_absurd_gap_instead_of_listing_it():
    doc = small_plan()
    first_activity(doc)["code_printed"] = "1.1.999999"
    gaps = [f for f in lint(doc) if f.code == "code-gap"]
    assert len(gaps) == 1
    assert gaps[0].message == "1.1.1–1.1.999999 arasındaki 999998 numaralı faaliyet basılmamış"


def test_terms_printed_in_capitals_with_a_dotted_capital_i():
    assert parse_term("(KİSA VADE)") == parse_term("(KISA VADE)") == "short"


def test_yaml_anchors_and_aliases_are_refused():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    with pytest.raises(InputRejected, match="çapa ve takma adları"):
        exchange.loads(bomb.encode(), "yaml")


def test_deep_nesting_is_refused():
    with pytest.raises(InputRejected, match="iç içe geçme çok derin"):
        exchange.loads(b"[" * 100_000 + b"]" * 100_000, "json")


def test_a_file_cannot_forge_its_own_locations():
    doc = small_plan() | {"_origin": "x"}
    first_activity(doc)["_origin"] = {"sheet": "x"}
    loaded = exchange.loads(json.dumps(doc).encode(), "json")
    assert "_origin" not in loaded and "_origin" not in first_activity(loaded)


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    assert len(out.getvalue()) < 200_000
    with pytest.raises(InputRejected, match="50 MB"):
        exchange.loads(out.getvalue(), "xlsx")


def _rewrite_sheet_xml(data: bytes, sheet_title: str, edit) -> bytes:
    from openpyxl import load_workbook

    index = load_workbook(io.BytesIO(data), read_only=True).sheetnames.index(sheet_title) + 1
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == f"xl/worksheets/sheet{index}.xml":
                content = edit(content)
            dst.writestr(item, content)
    return out.getvalue()


def test_a_sheet_that_understates_its_size_still_loses_no_rows(izmir_plan):
    from esitkent.plans.selectors import plan_document

    data = exchange.dumps(plan_document(izmir_plan), "xlsx")
    lying = _rewrite_sheet_xml(
        data,
        "Göstergeler",
        lambda x: re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:D50"', x),
    )
    doc = exchange.loads(lying, "xlsx")
    assert (
        sum(len(a["indicators"]) for a in doc["areas"][0]["goals"][0]["subgoals"][0]["activities"])
        > 0
    )
    total = sum(
        len(act["indicators"])
        for area in doc["areas"]
        for g in area["goals"]
        for s in g["subgoals"]
        for act in s["activities"]
    )
    assert total == 118


def test_a_sheet_that_claims_a_million_rows_is_read_quickly(izmir_plan):
    from esitkent.plans.selectors import plan_document

    data = exchange.dumps(plan_document(izmir_plan), "xlsx")
    huge = _rewrite_sheet_xml(
        data,
        "Alanlar",
        lambda x: re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:XFD1048576"', x),
    )
    assert len(exchange.loads(huge, "xlsx")["areas"]) == 6


def test_plan_sheet_problems_point_at_their_own_row(izmir_plan):
    from openpyxl import load_workbook

    from esitkent.plans.selectors import plan_document

    wb = load_workbook(io.BytesIO(exchange.dumps(plan_document(izmir_plan), "xlsx")))
    wb["Plan"]["B7"] = 2020  # Bitiş yılı
    out = io.BytesIO()
    wb.save(out)
    problems = check(exchange.loads(out.getvalue(), "xlsx"))
    assert [str(p) for p in problems] == [
        "'Plan' sayfası, satır 7, sütun B (Değer): bitiş yılı başlangıçtan önce"
    ]


def test_a_baseline_of_zero_is_kept(db):
    from esitkent.plans.models import Indicator
    from esitkent.plans.services import plan_import

    doc = small_plan()
    first_activity(doc)["indicators"] = [
        {"name": "Sayı", "baseline_printed": 0, "target_printed": 10}
    ]
    plan_import(document=doc)
    indicator = Indicator.objects.get(activity__subgoal__goal__area__plan__slug="ornek-plan")
    assert (indicator.baseline_printed, indicator.target_printed) == ("0", "10")
