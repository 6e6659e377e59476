"""DHIS2's vocabulary: every ISO period type it writes is mapped or refused by name."""

import ast
import inspect

import pytest

from esitkent.core.reasons import Reason
from esitkent.monitoring import dhis2
from esitkent.monitoring.dhis2 import (
    COLUMN_ALIASES,
    DEFAULT_COLUMNS,
    DEFAULT_COMBO,
    PERIOD_TABLE,
    period_from_dhis2,
    period_to_dhis2,
)

# Every type dhis2-core's Period.Input.of parses (PeriodTypeEnum names; TwoYearly and
# FinancialYearly have no ISO code).
DHIS2_ISO_TYPES = {
    "Daily",
    "Weekly",
    "WeeklyWednesday",
    "WeeklyThursday",
    "WeeklyFriday",
    "WeeklySaturday",
    "WeeklySunday",
    "BiWeekly",
    "Monthly",
    "BiMonthly",
    "Quarterly",
    "QuarterlyNov",
    "SixMonthly",
    "SixMonthlyApril",
    "SixMonthlyNov",
    "Yearly",
    "FinancialApril",
    "FinancialJuly",
    "FinancialAug",
    "FinancialSep",
    "FinancialOct",
    "FinancialNov",
    "FinancialFeb",
}


def test_the_table_covers_every_dhis2_iso_period_type():
    assert {row[0] for row in PERIOD_TABLE} == DHIS2_ISO_TYPES


@pytest.mark.parametrize(
    ("kind", "example", "ours", "note"), [r for r in PERIOD_TABLE if r[2]], ids=lambda v: str(v)
)
def test_mapped_period_types_round_trip(kind, example, ours, note):
    assert period_from_dhis2(example) == ours
    assert period_from_dhis2(period_to_dhis2(ours)) == ours
    assert note


@pytest.mark.parametrize(
    ("kind", "example", "ours", "note"),
    [r for r in PERIOD_TABLE if r[2] is None],
    ids=lambda v: str(v),
)
def test_other_period_types_are_refused_by_name(kind, example, ours, note):
    with pytest.raises(Reason) as refused:
        period_from_dhis2(example)
    assert refused.value.code == "period_type"
    message = str(refused.value)
    assert f"‘{example}’" in message
    assert f"({kind})" in message
    assert "EşitKent" in message


def test_refusal_messages_say_why():
    with pytest.raises(Reason) as weekly:
        period_from_dhis2("2023W5")
    assert str(weekly.value) == (
        "‘2023W5’ haftalık bir DHIS2 dönemi (Weekly); EşitKent'te haftalık raporlama dönemi yok"
    )
    with pytest.raises(Reason) as financial:
        period_from_dhis2("2023April")
    assert str(financial.value) == (
        "‘2023April’ Nisan'da başlayan bir mali yıl (FinancialApril); "
        "EşitKent takvim yılıyla raporlar"
    )
    with pytest.raises(Reason, match=r"\(WeeklySunday\)"):
        period_from_dhis2("2023SunW05")


@pytest.mark.parametrize(
    ("dhis2_code", "ours"),
    [
        ("2023", "2023"),
        ("2023S2", "2023S2"),
        ("2023Q4", "2023Q4"),
        ("202312", "2023-12"),
        ("2023-12", "2023-12"),
        (" 202301 ", "2023-01"),
        ("2019/2021", "2019/2021"),
    ],
)
def test_mapped_periods(dhis2_code, ours):
    assert period_from_dhis2(dhis2_code) == ours


@pytest.mark.parametrize(
    ("code", "hint"),
    [
        ("202313", "ay 01–12"),
        ("2023-00", "ay 01–12"),
        ("2023Q5", "çeyrek 1–4"),
        ("2023Q0", "çeyrek 1–4"),
        ("2023S3", "yarıyıl"),
        ("2023NovQ5", "çeyrek 1–4"),
        ("2023AprilS3", "yarıyıl"),
        ("2023W54", "hafta 1–53"),
        ("202307B", "iki aylık"),
        ("20230230", "böyle bir gün yok"),
        ("2021/2019", "aralığın sonu"),
    ],
)
def test_periods_out_of_range_are_not_periods(code, hint):
    with pytest.raises(Reason) as refused:
        period_from_dhis2(code)
    assert refused.value.code == "period"
    assert f"'{code}'" in str(refused.value)
    assert hint in str(refused.value)


@pytest.mark.parametrize("code", ["", "abc", "23", "20231", "2023q1", "2023-1", "2023Jan", "2023S"])
def test_anything_else_is_not_a_period(code):
    with pytest.raises(Reason) as refused:
        period_from_dhis2(code)
    assert refused.value.code == "period"
    assert str(refused.value) == (
        f"dönem anlaşılamadı: '{code}' (ör. 2024, 2024S1, 2024Q1, 202401)"
    )


def test_a_reason_is_a_value_error():
    with pytest.raises(ValueError):
        period_from_dhis2("2023W5")


@pytest.mark.parametrize(
    ("ours", "dhis2_code"),
    [("2023", "2023"), ("2023S1", "2023S1"), ("2023Q3", "2023Q3"), ("2023-01", "202301")],
)
def test_periods_to_dhis2(ours, dhis2_code):
    assert period_to_dhis2(ours) == dhis2_code


def test_a_span_of_years_has_no_dhis2_period():
    with pytest.raises(Reason) as refused:
        period_to_dhis2("2019/2021")
    assert refused.value.code == "period_type"
    assert "DHIS2'de karşılığı yok" in str(refused.value)
    with pytest.raises(Reason) as bad:
        period_to_dhis2("2023-13")
    assert bad.value.code == "period"


def test_column_aliases_cover_dhis2s_historical_headers():
    expected = {
        "dataelement": "dataelement",
        "period": "period",
        "orgunit": "orgunit",
        "catoptcombo": "categoryoptioncombo",
        "categoryoptioncombo": "categoryoptioncombo",
        "attroptcombo": "attributeoptioncombo",
        "attributeoptioncombo": "attributeoptioncombo",
        "value": "value",
        "storedby": "storedby",
        "strby": "storedby",
        "lastupdated": "lastupdated",
        "lstupd": "lastupdated",
        "timestamp": "lastupdated",
        "created": "created",
        "comment": "comment",
        "cmt": "comment",
        "followup": "followup",
        "flwup": "followup",
        "deleted": "deleted",
    }
    for alias, canonical in expected.items():
        assert COLUMN_ALIASES[alias] == canonical
    assert COLUMN_ALIASES["gösterge"] in dhis2.DROPPED
    assert COLUMN_ALIASES["kırılım"] in dhis2.DROPPED
    assert set(DEFAULT_COLUMNS) <= set(COLUMN_ALIASES.values())
    assert DEFAULT_COLUMNS[:6] == [
        "dataelement",
        "period",
        "orgunit",
        "categoryoptioncombo",
        "attributeoptioncombo",
        "value",
    ]


def test_default_combo():
    assert {"", "default", "HllvX50cXC0"} == set(DEFAULT_COMBO)


def test_the_module_imports_no_django():
    tree = ast.parse(inspect.getsource(dhis2))
    imported = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ] + [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert imported and not [m for m in imported if m and m.startswith("django")]


def test_periods_in_other_scripts_digits_are_not_periods():
    from esitkent.core.period_codes import parse_period

    assert period_from_dhis2("2023") == "2023"  # positive control
    for code in ("２０２３", "٢٠٢٣Q1", "۲۰۲۳01"):
        with pytest.raises(ValueError):
            period_from_dhis2(code)
        with pytest.raises(ValueError):
            parse_period(code)
