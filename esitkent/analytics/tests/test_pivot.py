"""The pivot explorer: cells are stored figures, totals only where a sum means something."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from esitkent.analytics import domain
from esitkent.analytics.pivot_selectors import PIVOT_DIMENSIONS
from esitkent.monitoring import period_services, review_services
from esitkent.monitoring.models import DataValue, Submission
from esitkent.orgs.models import Organisation

SLUG = "izmir-yeep-2022-2024"


def record(row, column, value, measure="a"):
    return domain.PivotRecord(
        row=((row, row),), column=((column, column),), value=Decimal(value), measure=measure
    )


cells = st.dictionaries(
    st.tuples(st.sampled_from("ABCD"), st.sampled_from("wxyz")),
    st.integers(0, 10**6),
    min_size=1,
)


@given(cells)
def test_totals_add_up_the_shown_cells_both_ways(values):
    table = domain.pivot_table(
        [record(r, c, v) for (r, c), v in values.items()], summable=frozenset("a")
    )
    assert table.grand_total == sum(values.values())
    assert sum(table.row_totals.values()) == table.grand_total
    assert sum(table.column_totals.values()) == table.grand_total
    # A missing combination stays empty rather than becoming zero.
    for r in table.rows:
        for c in table.columns:
            assert (table.cell(r, c) is None) == ((r[0][1], c[0][1]) not in values)


@given(cells)
def test_figures_of_different_indicators_are_never_added(values):
    records = [record(r, c, v, measure=r) for (r, c), v in values.items()]
    table = domain.pivot_table(records, summable=frozenset("ABCD"))
    assert all(total is not None for total in table.row_totals.values())
    several = len({r for r, _ in values}) > 1
    assert (table.grand_total is None) == several
    assert all(
        (t is None) == (len({r for r, c in values if c == col[0][1]}) > 1)
        for col, t in table.column_totals.items()
    )


def test_percentages_get_no_total():
    table = domain.pivot_table([record("A", "x", 40), record("A", "y", 50)], summable=frozenset())
    assert table.row_totals[(("A", "A"),)] is None and table.grand_total is None


def test_two_figures_in_one_cell_are_refused():
    with pytest.raises(ValueError):
        domain.pivot_table([record("A", "x", 1), record("A", "x", 2)], summable=frozenset("a"))


def test_axes_are_made_valid_with_a_note_for_each_change():
    rows, columns, notes = domain.pivot_axes(
        ["sex", "bogus"], ["sex", "period"], known=PIVOT_DIMENSIONS, several_indicators=True
    )
    assert rows == ["indicator", "sex"] and columns == ["period"]
    assert len(notes) == 2 and "Cinsiyet" in notes[0]


def test_grid_flattens_with_a_totals_row():
    table = domain.pivot_table([record("A", "x", 1), record("B", "x", 2)], summable=frozenset("a"))
    header, body = domain.pivot_grid(table, row_titles=["Birim"])
    assert header == ["Birim", "x", "Toplam"]
    assert body == [["A", 1, 1], ["B", 2, 2], ["Toplam", 3, 3]]


@pytest.fixture
def approved_by_sex(izmir_plan):
    """Two units report one indicator for 2024 by sex; the coordinator approves both."""
    period = period_services.reporting_period_create(
        plan=izmir_plan, code="2024", deadline=dt.date(2025, 1, 31)
    )
    indicator = (
        izmir_plan.areas.get(code="egitim")
        .goals.first()
        .subgoals.first()
        .activities.first()
        .indicators.first()
    )
    for code, (women, men) in {
        "sosyal-projeler-db": (6, 4),
        "kadin-calismalari-sm": (3, 2),
    }.items():
        org = Organisation.objects.get(code=code)
        submission = Submission.objects.create(period=period, organisation=org, status="submitted")
        for key, breakdown, value in [
            ("", {}, women + men),
            ("sex=F", {"sex": "F"}, women),
            ("sex=M", {"sex": "M"}, men),
        ]:
            DataValue.objects.create(
                indicator=indicator,
                period="2024",
                organisation=org,
                breakdown_key=key,
                breakdown=breakdown,
                value=value,
                submission=submission,
            )
        review_services.submission_approve(submission=submission, by=None)
    return indicator


def test_explorer_crosses_units_and_sex_with_totals(viewer_client, approved_by_sex):
    code = approved_by_sex.code
    query = {"g": code, "satir": "organisation", "sutun": "sex", "donem": "2024"}
    html = viewer_client.get(f"/panolar/{SLUG}/tablo/", query).content.decode()
    assert '<th scope="row">Sosyal Projeler Dairesi Başkanlığı</th>' in html
    response = viewer_client.get(f"/panolar/{SLUG}/tablo/", {**query, "bicim": "csv"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Birim,Kadın,Erkek,Toplam"
    assert lines[-1] == "Toplam,9.0000,6.0000,15.0000"
    assert len(lines) == 4


def test_explorer_without_breakdowns_uses_the_reported_totals(viewer_client, approved_by_sex):
    query = {"g": approved_by_sex.code, "satir": "indicator", "sutun": "period", "bicim": "csv"}
    lines = viewer_client.get(f"/panolar/{SLUG}/tablo/", query).content.decode("utf-8-sig")
    header, first, total = csv.reader(io.StringIO(lines))
    assert header == ["Gösterge", "2024", "Toplam"]
    assert first == [f"{approved_by_sex.code} {approved_by_sex.name}", "15.0000", "15.0000"]
    assert total == ["Toplam", "15.0000", "15.0000"]


def test_explorer_exports_xlsx_with_an_explanation_sheet(viewer_client, approved_by_sex):
    query = {"g": approved_by_sex.code, "satir": "sex", "sutun": "period", "bicim": "xlsx"}
    response = viewer_client.get(f"/panolar/{SLUG}/tablo/", query)
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Tablo", "Açıklama"]
    rows = list(wb["Tablo"].iter_rows(values_only=True))
    assert rows[0] == ("Cinsiyet", "2024", "Toplam")
    assert rows[1][0] == "Kadın" and float(rows[1][1]) == 9
    assert rows[-1][0] == "Toplam" and float(rows[-1][1]) == 15


@pytest.mark.parametrize(
    "path",
    [
        f"/panolar/{SLUG}/{p}"
        for p in ("", "harita/", "tablo/", "birimler/", "birimler/sosyal-projeler-db/")
    ]
    + ["/panolar/", "/panolar/baglam/", f"/raporlar/{SLUG}/2023/?bicim=html"],
)
def test_dashboards_are_refused_to_a_user_without_a_role(client, make_user, path):
    client.force_login(make_user("rolsuz", None))
    assert client.get(path).status_code == 403


def test_the_explorer_files_read_in_english_for_a_reader_in_english(viewer_client, approved_by_sex):
    from django.conf import settings

    viewer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    query = {"g": approved_by_sex.code, "satir": "sex", "sutun": "period", "bicim": "csv"}
    lines = viewer_client.get(f"/panolar/{SLUG}/tablo/", query).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(lines)))
    assert rows[0] == ["Sex", "2024", "Total"] and rows[-1][0] == "Total"
    query["bicim"] = "xlsx"
    wb = load_workbook(io.BytesIO(viewer_client.get(f"/panolar/{SLUG}/tablo/", query).content))
    assert wb.sheetnames == ["Table", "Description"]
    about = [row[0] for row in wb["Description"].iter_rows(values_only=True)]
    assert about[:4] == ["Plan", "Period", "Source", "Totals"], about
