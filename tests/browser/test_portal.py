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
