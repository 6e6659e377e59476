"""Signing the demo's centre roles in through the real login: password, then (first time)
enrolling an authenticator app, or (later) its code. One place, so every module shares the
enrolled secrets and never reuses a code a server has already accepted."""

from __future__ import annotations

import re
import time

from allauth.mfa.totp.internal.auth import hotp_value
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

TOTP_PERIOD = 30
SECRETS: dict[str, str] = {}  # username → the authenticator secret she enrolled
USED: dict[str, int] = {}  # username → the TOTP period whose code she last used


def current_period() -> int:
    return int(time.time()) // TOTP_PERIOD


def totp_code(username: str, secret: str) -> str:
    """The authenticator's current code. A code is accepted once per user, so a second login
    in the same period waits for the next; the last seconds of a period are waited out too."""
    while current_period() <= USED.get(username, -1) or TOTP_PERIOD - time.time() % TOTP_PERIOD < 3:
        time.sleep(0.5)
    USED[username] = current_period()
    return f"{hotp_value(secret, USED[username]):06d}"


def enrolment_link(mail_dir, address: str) -> str:
    """The newest enrolment link the demo server wrote to `address` (file e-mail backend)."""
    links = []
    for path in sorted(mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime):
        for message in path.read_text(encoding="utf-8").split("-" * 79):
            if f"To: {address}" in message:
                links += re.findall(r"https?://\S+/hesap/dogrulama-ekle/\S+/", message)
    assert links, f"no enrolment link for {address} in {mail_dir}"
    return links[-1]


def new_page(browser, *, width: int = 1280):
    """A fresh context's page that records Content-Security-Policy violations."""
    context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda msg: "Content Security Policy" in msg.text and page.csp_violations.append(msg.text),
    )
    return page


def sign_in(browser, demo_server, username: str, *, width: int = 1280):
    """Log in on a fresh browser; a centre role (or an administrator) re-enters her password
    and enrols an authenticator on first login, and gives its code on a later one."""
    page = new_page(browser, width=width)
    password = demo_server["credentials"][username]
    page.goto(demo_server["url"] + "/hesap/login/")
    page.get_by_label("Kullanıcı adı").fill(username)
    page.get_by_label("Şifre").fill(password)
    page.get_by_role("button", name="Giriş yap").click()
    start = demo_server["url"] + "/"
    page.wait_for_url(
        lambda url: url == start or re.search(r"/hesap/(reauthenticate|2fa|dogrulama-ekle)/", url)
    )
    if page.url == start:  # a plan role: no second step, straight to her start page
        return page
    if "/dogrulama-ekle/" in page.url:
        # The first authenticator needs the link e-mailed to her registered address.
        expect(page.get_by_text("iki adımlı doğrulama gerektiriyor")).to_be_visible()
        page.get_by_role("button", name="Bağlantıyı gönder").click()
        expect(page.get_by_text("adresine gönderildi")).to_be_visible()
        page.goto(enrolment_link(demo_server["mail"], f"{username}@example.org"))
        page.wait_for_url(re.compile(r"/hesap/(reauthenticate|2fa)/"))
    if "/reauthenticate/" in page.url:
        page.get_by_label("Parola").fill(password)
        page.get_by_role("button", name="Onayla").click()
        page.wait_for_url("**/hesap/2fa/totp/activate/**")
    if "/2fa/totp/activate/" in page.url:
        secret = page.locator("#authenticator_secret").input_value()
        assert re.fullmatch(r"[A-Z2-7]{32}", secret)
        SECRETS[username] = secret
        page.get_by_label("Doğrulayıcı kodu").fill(totp_code(username, secret))
        page.get_by_role("button", name="Etkinleştir").click()
        page.wait_for_url(lambda url: "/totp/activate/" not in url)
    else:
        # Another module may have used this period's code for her: then the next one.
        for attempt in range(2):
            page.locator("input[name='code']").fill(totp_code(username, SECRETS[username]))
            page.get_by_role("button", name=re.compile("^(Giriş|Sign In)", re.I)).click()
            try:
                page.wait_for_url(lambda url: "/2fa/authenticate/" not in url, timeout=5000)
                break
            except PlaywrightTimeout:
                if attempt:
                    raise
    return page
