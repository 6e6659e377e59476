"""A coordinator reads the dashboard, the map and builds a table by keyboard, in Chromium."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SLUG = "izmir-yeep-2022-2024"


def test_dashboard_and_map_draw_their_charts(login, demo_server):
    page = login("koordinator")
    page.goto(f"{demo_server['url']}/panolar/{SLUG}/")
    page.wait_for_function("document.querySelectorAll('.vega svg').length >= 5")
    assert page.get_by_text("Halkın Bakkalı sayısı").count() >= 1
    page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)
    page.goto(f"{demo_server['url']}/panolar/{SLUG}/harita/?kaynak=s:kdm-bulunan-ilce-sayisi")
    page.wait_for_function("document.querySelectorAll('.vega svg path').length >= 30")
    page.screenshot(path=str(SHOTS / "map.png"), full_page=True)
    assert page.csp_violations == []


def test_a_table_is_built_and_downloaded_by_keyboard(login, demo_server):
    page = login("koordinator")
    page.goto(f"{demo_server['url']}/panolar/{SLUG}/tablo/")
    rows = page.get_by_role("group", name="Satırlar")
    columns = page.get_by_role("group", name="Sütunlar")
    # Periods as rows, nothing as columns: one column of reported totals.
    rows.get_by_label("Dönem").focus()
    page.keyboard.press("Space")
    columns.get_by_label("Dönem").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Tabloyu göster").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**satir=period**")
    table = page.locator("table.pivot")
    assert table.locator("thead th").first.inner_text() == "Gösterge"
    assert table.locator("tbody tr").last.locator("th").first.inner_text() == "Toplam"
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX indir").click()
    wb = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert wb.sheetnames == ["Tablo", "Açıklama"]
    assert wb["Tablo"].cell(1, 1).value == "Gösterge"
    assert page.csp_violations == []
