"""An anonymous visitor walks the public portal and downloads the open data, in Chromium."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from .conftest import axe_violations

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SLUG = "izmir-yeep-2022-2024"


def test_anonymous_visitor_walks_the_portal_and_downloads_open_data(page, demo_server):
    base = demo_server["url"]
    found = {}
    page.goto(f"{base}/acik/")
    # The home at a glance (issue 15): bars, behind activities, figures, map, at full width.
    found["home-glance"] = axe_violations(page)
    page.get_by_role("link", name="İzmir Büyükşehir Belediyesi", exact=False).first.click()
    page.wait_for_url(f"**/acik/{SLUG}/")
    assert page.get_by_role("heading", level=2).count() == 6
    found["plan"] = axe_violations(page)
    page.locator(".activity-list a").first.click()
    page.wait_for_url("**/faaliyet/**")
    found["activity"] = axe_violations(page)
    page.get_by_role("link", name="Açık veri").click()
    found["open-data"] = axe_violations(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").click()
    wb = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert wb.sheetnames == ["Değerler", "Sözlük"] and wb["Değerler"].max_row > 1
    page.get_by_role("link", name="Yöntem").click()
    found["methodology"] = axe_violations(page)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{base}/acik/{SLUG}/")
    page.screenshot(path=str(SHOTS / "portal-phone.png"), full_page=False)
    # Nothing wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 380
    found["home"] = (page.goto(f"{base}/acik/"), axe_violations(page))[1]
    assert {k: v for k, v in found.items() if v} == {}
    assert page.csp_violations == []


def test_visitor_reads_an_indicator_and_the_district_map_by_keyboard(page, demo_server):
    base = demo_server["url"]
    found = {}
    # From an activity to its indicator page, through the link on the indicator's name.
    page.goto(f"{base}/acik/{SLUG}/faaliyet/1/")
    page.locator("main h3 a").first.click()
    page.wait_for_url("**/gosterge/**")
    found["indicator-without-data"] = axe_violations(page)
    # An indicator with the plan's printed history: a chart beside its table.
    page.goto(f"{base}/acik/{SLUG}/gosterge/kentsel-1.1.1-g1/")
    page.wait_for_selector(".vega svg")
    assert page.get_by_role("img", name="kentsel-1.1.1-g1", exact=False).count() >= 1
    assert page.locator("table").first.locator("tbody tr").count() >= 3
    found["indicator"] = axe_violations(page)
    page.screenshot(path=str(SHOTS / "portal-indicator.png"), full_page=True)

    # The map, reached through the plan's navigation, driven by keyboard only.
    page.get_by_role("navigation", name="Plan sayfaları").get_by_role(
        "link", name="İlçe haritası"
    ).click()
    page.wait_for_url("**/harita/")
    page.wait_for_function("document.querySelectorAll('.vega svg path').length >= 30")
    found["map"] = axe_violations(page)
    # The demo's sample cycle puts a plan indicator first; the centres series is chosen.
    page.get_by_label("Gösterge ya da seri").select_option(value="s:kdm-bulunan-ilce-sayisi")
    page.get_by_label("Ölçek").focus()
    page.keyboard.press("ArrowDown")  # raw → per 10,000 women
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Göster"
    page.keyboard.press("Enter")
    page.wait_for_url("**olcek=women**")
    page.wait_for_function("document.querySelectorAll('.vega svg path').length >= 30")
    assert page.locator("table caption").first.inner_text().startswith("Kadın Danışma Merkezi")
    assert page.locator("thead th").nth(2).inner_text() == "10.000 kadın başına"
    found["map-per-women"] = axe_violations(page)
    page.screenshot(path=str(SHOTS / "portal-map.png"), full_page=True)

    page.get_by_role("link", name="İzleme raporları").first.click()
    page.wait_for_url("**/raporlar/")
    found["reports"] = axe_violations(page)

    # On a phone: nothing wider than the screen, the map and charts shrink to fit.
    page.set_viewport_size({"width": 375, "height": 800})
    for name, path in (
        ("portal-indicator-phone", f"/acik/{SLUG}/gosterge/kentsel-1.1.1-g1/?dil=en"),
        ("portal-map-phone", f"/acik/{SLUG}/harita/?dil=en"),
    ):
        page.goto(base + path)
        page.wait_for_selector(".vega svg")
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 380, name
        assert (
            page.evaluate("document.querySelector('.vega svg').getBoundingClientRect().width")
            <= 360
        )
    assert {k: v for k, v in found.items() if v} == {}
    assert page.csp_violations == []
