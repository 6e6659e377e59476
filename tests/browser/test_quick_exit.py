"""The help page's quick exit, in Chromium (research gbv.md §5 and §7 item 10): the button and
Shift×3 both work, the page blanks before it leaves, Back does not return to it, and nothing
is requested from another site. The neutral site is answered by the test, not the internet."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image
from playwright.sync_api import expect

from .conftest import axe_violations

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"
HELP = "/acik/bilgi/"
NEUTRAL = (
    "<!DOCTYPE html><html lang='tr'><head><meta charset='utf-8'><title>Hava durumu</title>"
    "</head><body><p>Bugün açık.</p></body></html>"
)


def _all_white(png: bytes) -> bool:
    return Image.open(BytesIO(png)).convert("RGB").getextrema() == ((255, 255),) * 3


class Network:
    """Every request the page makes, and the neutral site answered only when the test says."""

    def __init__(self, page, server: str):
        self.page = page
        self.server = urlsplit(server).netloc
        self.requests: list[str] = []
        self.exit_url = ""
        page.on("request", lambda request: self.requests.append(request.url))
        self._refuse_others()

    def open_help(self):
        button = self.page.get_by_role("link", name="Acil: Sayfadan hemen çık")
        expect(button).to_be_visible()
        self.exit_url = button.get_attribute("data-exit-url")
        assert self.exit_url and urlsplit(self.exit_url).netloc != self.server
        assert button.get_attribute("href") == self.exit_url
        return button

    def answer_exit(self, status: int = 200) -> None:
        """Route the neutral site. A 204 answer cancels the navigation, so the browser stays on
        the help page: that is how the test sees the page as it is while it leaves.

        (It cannot look while the neutral site is still loading: Chromium holds every DevTools
        command to a page with a navigation in flight, and Playwright waits for it too.)"""
        self.page.unroute_all()
        self._refuse_others()

        def handle(route):
            if status == 204:
                route.fulfill(status=204)
            else:
                route.fulfill(status=status, content_type="text/html", body=NEUTRAL)

        self.page.route(lambda url: url.startswith(self.exit_url), handle)

    def _refuse_others(self) -> None:
        # Anything else off the test server is refused (and shows in self.requests).
        self.page.route(
            lambda url: urlsplit(url).netloc != self.server, lambda route: route.abort()
        )

    def foreign(self, requests: list[str]) -> list[str]:
        return [url for url in requests if urlsplit(url).netloc != self.server]


def test_the_button_blanks_the_page_leaves_it_and_back_does_not_return(page, demo_server):
    base = demo_server["url"]
    network = Network(page, base)
    page.goto(f"{base}/acik/")
    page.get_by_role("contentinfo").get_by_role("link", name="Destek hatları").click()
    page.wait_for_url(f"**{HELP}")
    expect(page).to_have_title("Bilgi")
    button = network.open_help()
    overlay = page.locator(".quick-exit-overlay")
    expect(overlay).to_be_hidden()
    before_exit = list(network.requests)

    # The neutral site does not answer with a page: the help page stays, blanked.
    network.answer_exit(204)
    button.click()
    expect(overlay).to_be_visible()
    expect(page.locator("main")).to_be_hidden()
    expect(button).to_be_hidden()
    expect(page).to_have_url(f"{base}{HELP}")
    assert network.foreign(network.requests[len(before_exit) :]) == [network.exit_url]
    page.screenshot(path=str(SHOTS / "help-exiting.png"))
    white = page.screenshot(clip={"x": 0, "y": 0, "width": 1280, "height": 900})
    assert _all_white(white)

    # Now it answers: the help page is replaced by it.
    page.reload()
    button = network.open_help()
    network.answer_exit()
    button.click()
    page.wait_for_url(network.exit_url)
    expect(page).to_have_title("Hava durumu")

    # Back goes to the page before the help page, never to the help page.
    page.go_back()
    expect(page).to_have_url(f"{base}/acik/")
    assert not page.url.endswith(HELP)

    # Nothing but the test server before the exit; after it, only the neutral site besides.
    assert network.foreign(before_exit) == []
    assert set(network.foreign(network.requests)) == {network.exit_url}
    assert page.csp_violations == []


def test_shift_pressed_three_times_leaves_the_same_way(page, demo_server):
    base = demo_server["url"]
    network = Network(page, base)
    page.goto(f"{base}/acik/yontem/")
    page.goto(f"{base}{HELP}")
    network.open_help()
    network.answer_exit(204)
    overlay = page.locator(".quick-exit-overlay")

    # Shift to type a capital, or presses more than a second apart, do not count.
    page.keyboard.press("Shift")
    page.keyboard.press("Shift+A")
    page.keyboard.press("Shift")
    page.wait_for_timeout(1100)
    page.keyboard.press("Shift")
    page.wait_for_timeout(1100)
    expect(overlay).to_be_hidden()
    assert network.foreign(network.requests) == []

    for _ in range(3):
        page.keyboard.press("Shift")
    expect(overlay).to_be_visible()
    expect(page.locator("main")).to_be_hidden()
    assert network.foreign(network.requests) == [network.exit_url]

    network.answer_exit()
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(network.exit_url)
    expect(page).to_have_title("Hava durumu")

    page.go_back()
    expect(page).to_have_url(f"{base}/acik/yontem/")
    assert set(network.foreign(network.requests)) == {network.exit_url}
    assert page.csp_violations == []


def test_the_button_is_first_after_the_skip_link_and_the_page_is_accessible(page, demo_server):
    base = demo_server["url"]
    network = Network(page, base)
    page.goto(f"{base}{HELP}")
    network.open_help()
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator(".quick-exit")).to_be_focused()
    # Enter on the focused button leaves too.
    network.answer_exit()
    found = {"1280": axe_violations(page)}
    page.screenshot(path=str(SHOTS / "help-1280.png"), full_page=True)
    page.keyboard.press("Enter")
    page.wait_for_url(network.exit_url)
    assert page.context.cookies() == []
    assert found == {"1280": []}
    assert network.foreign(network.requests) == [network.exit_url]


def test_on_a_phone_the_button_stays_on_the_screen(page, demo_server):
    base = demo_server["url"]
    network = Network(page, base)
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(f"{base}{HELP}")
    button = network.open_help()
    expect(button).to_be_in_viewport(ratio=1)
    page.screenshot(path=str(SHOTS / "help-375.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    found = {"375": axe_violations(page)}

    # Scrolled down to the safety advice, the button is still fully on the screen.
    page.get_by_role("heading", name="Bu sayfayı güvenle kullanmak").scroll_into_view_if_needed()
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_function("window.scrollY > 0")
    expect(button).to_be_in_viewport(ratio=1)
    page.screenshot(path=str(SHOTS / "help-375-scrolled.png"))
    box = button.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375 and box["y"] >= 0

    network.answer_exit()
    button.click()
    page.wait_for_url(network.exit_url)
    assert found == {"375": []}
    assert network.foreign(network.requests) == [network.exit_url]
    assert page.csp_violations == []
