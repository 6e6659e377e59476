"""The first ten minutes: the front door for a visitor, and each sample role's start page."""

import subprocess
import sys

import pytest
from playwright.sync_api import expect

from . import signing_in
from .conftest import ROOT, axe_violations

pytestmark = pytest.mark.browser

# Each demo role, and what her start page offers first.
START_PAGES = [
    ("koordinator", "İnceleme"),
    ("raportor", "Raporlama görevleriniz"),
    ("izleyici", "Planlar"),
    ("yonetici", "Yönetim"),
    ("merkez-sorumlusu", "Vaka kayıtları"),
    ("merkez-calisani", "Vaka kayıtları"),
    ("siginmaevi", "Vaka kayıtları"),
    ("ag-koordinatoru", "Merkez ağı"),
]


def test_a_visitor_reaches_an_activity_behind_in_two_clicks(browser, demo_server):
    page = signing_in.new_page(browser)
    try:
        page.goto(demo_server["url"] + "/")
        assert page.url == demo_server["url"] + "/acik/"  # the portal, not a login
        staff = page.get_by_role("link", name="Giriş (personel)")
        expect(staff).to_be_visible()
        # Readable on the purple header, not brand-coloured text on a brand-coloured bar.
        assert staff.evaluate("a => getComputedStyle(a).color") == "rgb(255, 255, 255)"
        # The sample cycle makes the home show real progress, and says it is a sample.
        behind = page.locator("section, div").filter(
            has=page.get_by_role("heading", name="Geride olan faaliyetler")
        )
        expect(page.get_by_role("heading", name="Geride olan faaliyetler")).to_be_visible()
        assert axe_violations(page) == []
        # Some behind activities carry their unit's approved reason (others say none was written).
        expect(page.locator(".why").filter(has_text="Neden").first).to_contain_text(
            "Düzeltici eylem"
        )
        expect(page.get_by_text("ÖRNEK").first).to_be_visible()
        # One click: the activity's own page, with its status and the approved reason.
        link = behind.last.get_by_role("link").filter(has=page.locator(".code")).first
        title = link.inner_text()
        link.click()
        page.wait_for_url("**/faaliyet/**")
        expect(page.get_by_role("heading", level=1)).to_contain_text(title.split(" ", 1)[1][:30])
        assert page.csp_violations == []
    finally:
        page.context.close()


@pytest.mark.parametrize(("username", "section"), START_PAGES)
def test_each_sample_role_signs_in_and_lands_on_her_start_page(
    browser, demo_server, username, section
):
    page = signing_in.sign_in(browser, demo_server, username)
    try:
        if page.url != demo_server["url"] + "/":
            # After enrolling an authenticator allauth shows the recovery codes first.
            page.goto(demo_server["url"] + "/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Hoş geldiniz")
        expect(page.get_by_role("heading", name=section, level=2)).to_be_visible()
        expect(page.locator(".sample-banner, .badge.sample, .sample").first).to_be_visible()
        assert axe_violations(page) == []
        assert page.csp_violations == []
    finally:
        page.context.close()
        if username == "yonetici":
            _forget_authenticator(demo_server, username)


def _forget_authenticator(demo_server, username: str) -> None:
    """Leave the shared demo as found: another module follows the administrator's first
    enrolment from the start, which an authenticator enrolled here would skip."""
    code = (
        "from allauth.mfa.models import Authenticator; "
        f"Authenticator.objects.filter(user__username={username!r}).delete()"
    )
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        env=demo_server["env"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    signing_in.SECRETS.pop(username, None)
    signing_in.USED.pop(username, None)
