"""A coordinator logs in, opens the plan, drills down to an activity and searches, in Chromium."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations
from .signing_in import enrolment_link

pytestmark = pytest.mark.browser
# Screenshots for a person to look at after a run (ignored by git).
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SHOTS.mkdir(exist_ok=True)


def test_login_open_plan_drill_down_and_search(login, demo_server):
    page = login("koordinator")
    expect(page.get_by_text("ÖRNEK KULLANICI")).to_be_visible()
    # From her start page, the plan is one click away.
    page.get_by_role("region", name="Planlar").get_by_role(
        "link", name="İzmir Büyükşehir Belediyesi Yerel Eşitlik Eylem Planı 2022–2024"
    ).click()
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "İzmir Büyükşehir Belediyesi Yerel Eşitlik Eylem Planı 2022–2024"
    )

    page.get_by_role("link", name="Kadına Yönelik Şiddetle Mücadele").click()
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .startswith("Kadına Yönelik Şiddetle Mücadele")
    )
    page.get_by_role("link", name="1.2.1 Şiddetle mücadelede erkeklerin katılımını").click()
    # the heading of the page being left would also match inner_text(); expect() retries
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^1\.2\.1"))
    expect(page.get_by_role("link", name="Sosyal Projeler Dairesi Başkanlığı")).to_be_visible()
    assert "31.12.2022" in page.content()

    page.get_by_role(
        "link", name="İzmir Büyükşehir Belediyesi Yerel Eşitlik Eylem Planı 2022–2024"
    ).click()
    page.get_by_label("Faaliyet ara").fill("ISIK")
    page.get_by_label("Faaliyet ara").fill("egitim")
    results = page.locator("#search-results")
    results.get_by_text("faaliyet bulundu").wait_for()
    assert "/ara/?q=egitim" in page.url
    assert results.get_by_role("link").count() >= 10
    assert page.csp_violations == []


def test_search_form_works_without_javascript_by_keyboard(login, demo_server):
    page = login("izleyici")
    page.goto(demo_server["url"] + "/planlar/izmir-yeep-2022-2024/ara/")
    page.get_by_label("Faaliyet ara").fill("AYDINLAT")
    page.get_by_label("Faaliyet ara").press("Enter")
    page.get_by_text("faaliyet bulundu").wait_for()
    activities = page.locator("#search-results .activity")
    assert activities.count() > 0
    for i in range(activities.count()):
        page.goto(demo_server["url"] + activities.nth(i).locator("a").get_attribute("href"))
        assert "Aydınlat" in page.locator("main").inner_text()
        page.go_back()


def test_skip_link_is_the_first_stop_and_focus_is_visible(login):
    page = login("izleyici")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "İçeriğe geç"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_viewer_does_not_see_the_import_link(login):
    page = login("izleyici")
    assert page.get_by_role("link", name="Plan içe aktar").count() == 0


KEY_PAGES = [
    "/planlar/izmir-yeep-2022-2024/",
    "/planlar/izmir-yeep-2022-2024/alan/istihdam/",
    "/planlar/izmir-yeep-2022-2024/faaliyet/1/",
    "/planlar/izmir-yeep-2022-2024/ara/?q=egitim",
    "/planlar/izmir-yeep-2022-2024/denetim/",
    "/kurumlar/sosyal-projeler-db/",
    "/kurumlar/ilceler/",
    "/planlar/ice-aktar/",
    "/panolar/izmir-yeep-2022-2024/",
    "/panolar/izmir-yeep-2022-2024/harita/",
    "/panolar/izmir-yeep-2022-2024/tablo/?satir=indicator&sutun=period",
    "/panolar/izmir-yeep-2022-2024/birimler/",
    "/panolar/izmir-yeep-2022-2024/birimler/sosyal-projeler-db/",
    "/panolar/baglam/",
]


def test_key_pages_have_no_serious_accessibility_violations(login, demo_server):
    page = login("koordinator")
    found = {}
    for number, path in enumerate(KEY_PAGES):
        page.goto(demo_server["url"] + path)
        page.screenshot(path=str(SHOTS / f"page-{number}.png"), full_page=True)
        if violations := axe_violations(page):
            found[path] = violations
    assert found == {}
    assert page.csp_violations == []


def test_login_page_is_accessible(page, demo_server):
    page.goto(demo_server["url"] + "/hesap/login/")
    assert axe_violations(page) == []


def test_plan_is_readable_on_a_phone(login, demo_server):
    page = login("izleyici")
    page.set_viewport_size({"width": 375, "height": 800})
    for path in KEY_PAGES[:3]:
        page.goto(demo_server["url"] + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, path


def test_an_administrator_is_taken_to_two_factor_set_up(page, demo_server):
    page.goto(demo_server["url"] + "/hesap/login/")
    page.get_by_label("Kullanıcı adı").fill("yonetici")
    page.get_by_label("Şifre").fill(demo_server["credentials"]["yonetici"])
    page.get_by_role("button", name="Giriş yap").click()
    # The first authenticator opens only through a link mailed to her address (issue 14).
    page.wait_for_url("**/hesap/dogrulama-ekle/**")
    expect(page.get_by_text("iki adımlı doğrulama gerektiriyor")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Bağlantıyı gönder").click()
    expect(page.get_by_text("adresine gönderildi")).to_be_visible()
    page.goto(enrolment_link(demo_server["mail"], "yonetici@example.org"))
    # allauth asks for the password again before any change to two-factor settings.
    page.wait_for_url("**/hesap/reauthenticate/**")
    page.get_by_label("Parola").fill(demo_server["credentials"]["yonetici"])
    page.get_by_role("button", name="Onayla").click()
    page.wait_for_url("**/hesap/2fa/totp/activate/**")
    assert page.locator("img[src^='data:image/svg+xml']").count() == 1  # the QR code
    page.screenshot(path=str(SHOTS / "2fa-activate.png"))
    assert axe_violations(page) == []
    assert page.csp_violations == []
