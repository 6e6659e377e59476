"""Case records of the counselling centres in Chromium (the issue's "done when"): a caseworker
takes an application, records an incident and refers her to the shelter; the shelter sees
only what was shared and accepts; the centre's manager finds all of it in the access log.
Then axe, the content security policy and a phone's width on every case page, and the
application form by keyboard."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp")
OWN_CENTRE = "Karşıyaka Belediyesi Kadın Danışma Merkezi"
SHELTER = "İzmir Büyükşehir Belediyesi Kadın Sığınmaevi"
NAME = "Tarayıcı Deneme"
PHONE = "0555 000 11 22"
CODE = re.compile(r"V-[A-Z0-9]{4}-[A-Z0-9]{4}")
STORY: dict[str, str] = {}  # what the demo story made, for the later tests


def sign_out(page) -> None:
    page.get_by_role("banner").get_by_role("button", name="Çıkış").click()
    # Signed out, she is back at the front door: the public portal with its way in.
    expect(page.get_by_role("link", name="Giriş (personel)")).to_be_visible()
    page.context.close()


def go(page, demo_server, path: str, heading: str | re.Pattern):
    page.csp_violations.clear()
    page.goto(demo_server["url"] + path)
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    return page


def field(page, label: str):
    """A form field by its whole label (Django adds ':' after most)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}:?\s*$"))


def no_problems(page, where: str) -> None:
    assert axe_violations(page) == [], where
    assert page.csp_violations == [], where


def fits(page, width: int = 375) -> None:
    """Nothing sticks out of a phone's width: the page does not scroll sideways (a wide table
    scrolls inside itself)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


# --- 1. The demo story ------------------------------------------------------------------------------


def test_application_incident_referral_acceptance_and_access_log(person, demo_server):
    base = demo_server["url"]
    worker = person("merkez-calisani")
    go(worker, demo_server, "/vakalar/", "Vakalar")
    worker.get_by_role("link", name="Yeni başvuru").click()
    expect(worker.get_by_role("heading", level=1, name="Yeni başvuru")).to_be_visible()

    # Consent first, by keyboard; then what she chooses to tell.
    for consent in ("Yönlendirme onamı", "İstatistik onamı"):
        box = worker.get_by_label(re.compile(f"^{consent}"))
        box.focus()
        worker.keyboard.press("Space")
        expect(box).to_be_checked()
    field(worker, "Yaş grubu").select_option(label="30–44")
    field(worker, "İkamet ettiği ilçe").select_option(label="Karşıyaka")
    field(worker, "Ad soyad (isteğe bağlı)").fill(NAME)
    phone = field(worker, "Telefon (isteğe bağlı)")
    phone.fill(PHONE)
    phone.press("Enter")  # submits the form

    heading = worker.get_by_role("heading", level=1, name=re.compile(r"^Vaka V-"))
    expect(heading).to_be_visible()
    code = CODE.search(heading.inner_text()).group()
    STORY["code"] = code
    assert worker.url == f"{base}/vakalar/{code}/"
    expect(worker.get_by_role("status")).to_contain_text(f"Başvuru kaydedildi: {code}")
    expect(worker.get_by_text(NAME)).to_be_visible()  # her own centre sees the contact

    # An incident: physical and psychological, by her partner; the classifier says physical.
    worker.get_by_role("link", name="Olay ekle").click()
    expect(worker.get_by_role("heading", level=1, name="Olay kaydı")).to_be_visible()
    field(worker, "Fiziksel").check()
    field(worker, "Psikolojik").check()
    field(worker, "Şiddet uygulayanın yakınlığı").select_option(
        label="Eşi / birlikte yaşadığı partneri"
    )
    worker.get_by_label("Fiziksel saldırı var mı?").check()
    worker.get_by_role("button", name="Kaydet").click()
    expect(worker.get_by_role("heading", level=1, name=f"Vaka {code}")).to_be_visible()
    incidents = worker.get_by_role("table", name="Olaylar")
    expect(incidents.get_by_role("cell", name="Fiziksel saldırı", exact=True)).to_be_visible()
    expect(incidents.get_by_role("cell", name="Fiziksel, Psikolojik")).to_be_visible()

    # Refer her to the shelter, sharing the risk section.
    worker.get_by_role("link", name="Yönlendir ya da devret").click()
    expect(worker.get_by_role("heading", level=1, name="Yönlendirme ya da devir")).to_be_visible()
    field(worker, "Alıcı merkez").select_option(label=SHELTER)
    field(worker, "Tür").select_option(value="referral")
    field(worker, "Hizmet").select_option(label="Sığınmaevine yerleştirme")
    field(worker, "Risk değerlendirmesi ve güvenlik planı").check()
    worker.get_by_role("button", name="Kaydet").click()
    expect(worker.get_by_role("heading", level=1, name=f"Vaka {code}")).to_be_visible()
    referrals = worker.get_by_role("table", name="Yönlendirmeler ve devirler")
    expect(referrals.get_by_role("row").filter(has_text=SHELTER)).to_contain_text("Yanıt bekliyor")
    worker.screenshot(path=str(SHOTS / "cases-record.png"), full_page=True)
    no_problems(worker, "record page (owner)")
    sign_out(worker)
    person.drop("merkez-calisani")

    # The shelter: the referral is in her inbox; she sees only what was shared; she accepts.
    shelter = person("siginmaevi")
    go(shelter, demo_server, "/vakalar/", "Vakalar")
    inbox = shelter.get_by_role("table", name="Merkezinize gelen yönlendirmeler")
    expect(
        shelter.get_by_role("heading", level=2, name="Merkezinize gelen yönlendirmeler")
    ).to_be_visible()
    row = inbox.get_by_role("row").filter(has_text=code)
    expect(row).to_contain_text(OWN_CENTRE)
    expect(row).to_contain_text("Sığınmaevine yerleştirme")
    row.get_by_role("link", name=code).click()
    expect(shelter.get_by_role("heading", level=1, name=f"Vaka {code}")).to_be_visible()
    expect(shelter.get_by_text("Bu kayıt merkezinize yönlendirildi")).to_be_visible()
    expect(shelter.get_by_role("heading", name="Risk ve güvenlik planı")).to_be_visible()
    expect(shelter.get_by_role("heading", name="Olaylar")).to_have_count(0)  # not shared
    expect(shelter.get_by_text(NAME)).to_have_count(0)
    expect(shelter.get_by_text(PHONE)).to_have_count(0)
    expect(shelter.locator("main")).not_to_contain_text(NAME)
    shelter.screenshot(path=str(SHOTS / "cases-record-shelter.png"), full_page=True)
    no_problems(shelter, "record page (receiver)")
    shelter.get_by_role("button", name="Kabul et").click()
    expect(shelter.get_by_role("status")).to_contain_text("Yönlendirme güncellendi.")
    expect(shelter.get_by_text(re.compile(r"→ .* · Kabul edildi"))).to_be_visible()
    expect(shelter.get_by_role("button", name="Kabul et")).to_have_count(0)
    expect(shelter.get_by_role("button", name="Tamamlandı")).to_be_visible()
    sign_out(shelter)
    person.drop("siginmaevi")

    # The manager reads who did what with the record.
    manager = person("merkez-sorumlusu")
    go(manager, demo_server, "/vakalar/", "Vakalar")
    manager.get_by_role("link", name="Erişim kaydı").click()
    expect(manager.get_by_role("heading", level=1, name="Erişim kaydı")).to_be_visible()
    manager.get_by_label("Başvuru kodu").fill(code)
    manager.get_by_role("button", name="Süz").click()
    manager.wait_for_url(f"**/vakalar/erisim-kaydi/?kod={code}")
    log = manager.get_by_role("table", name="Erişim kaydı")
    expect(log.locator("tbody tr").first).to_contain_text(code)
    manager.screenshot(path=str(SHOTS / "cases-access-log.png"), full_page=True)
    for action in ("Kayıt", "Yönlendirme", "Görüntüleme"):
        expect(log_row(manager, "merkez-calisani", action), action).to_be_visible()
    expect(log).not_to_contain_text(NAME)
    expect(log).not_to_contain_text(PHONE)
    no_problems(manager, "access log")


def log_row(page, username: str, action: str):
    rows = page.get_by_role("table", name="Erişim kaydı").locator("tbody tr")
    return (
        rows.filter(has=page.get_by_role("cell", name=username, exact=True))
        .filter(has=page.get_by_role("cell", name=action, exact=True))
        .first
    )


def test_the_manager_sees_the_shelters_response_in_the_access_log(person, demo_server):
    code = STORY["code"]  # made by the demo story above
    manager = person("merkez-sorumlusu")
    go(manager, demo_server, f"/vakalar/erisim-kaydi/?kod={code}", "Erişim kaydı")
    expect(
        manager.get_by_role("table", name="Erişim kaydı").locator("tbody tr").first
    ).to_contain_text(code)
    expect(log_row(manager, "siginmaevi", "Yönlendirmeye yanıt")).to_be_visible()
    expect(log_row(manager, "siginmaevi", "Görüntüleme")).to_be_visible()


# --- 2. axe, CSP and a phone's width on every case page ---------------------------------------------


def _a_record(page, demo_server) -> str:
    if "code" in STORY:
        return STORY["code"]
    go(page, demo_server, "/vakalar/", "Vakalar")
    link = page.get_by_role("table", name="Kayıtlar").get_by_role("link", name=CODE).first
    expect(link).to_be_visible()
    return link.inner_text()


def test_case_pages_pass_axe_csp_and_fit_a_phone(person, demo_server):
    worker = person("merkez-calisani")
    code = _a_record(worker, demo_server)
    pages = (
        ("/vakalar/", "Vakalar"),
        ("/vakalar/yeni/", "Yeni başvuru"),
        (f"/vakalar/{code}/", f"Vaka {code}"),
        (f"/vakalar/{code}/olay/", "Olay kaydı"),
        (f"/vakalar/{code}/yonlendir/", "Yönlendirme ya da devir"),
        ("/vakalar/hat/", "Destek hattı çağrıları"),
    )
    for path, heading in pages:
        go(worker, demo_server, path, heading)
        no_problems(worker, path)

    # A phone: nothing wider than the screen; tables scroll inside themselves.
    worker.set_viewport_size({"width": 375, "height": 800})
    for path, heading in (("/vakalar/", "Vakalar"), (f"/vakalar/{code}/", f"Vaka {code}")):
        go(worker, demo_server, path, heading)
        fits(worker)
        worker.screenshot(
            path=str(SHOTS / f"cases-375-{'list' if path == '/vakalar/' else 'record'}.png"),
            full_page=True,
        )
        no_problems(worker, f"{path} at 375 px")
    worker.set_viewport_size({"width": 1280, "height": 900})

    coordinator = person("ag-koordinatoru")
    go(coordinator, demo_server, "/vakalar/istatistik/", "Vaka istatistikleri (anonim)")
    expect(coordinator.get_by_role("table")).to_be_visible()
    coordinator.screenshot(path=str(SHOTS / "cases-statistics.png"), full_page=True)
    no_problems(coordinator, "statistics (network)")
    expect(coordinator.get_by_role("link", name="Vakalar", exact=True)).to_have_count(0)

    manager = person("merkez-sorumlusu")
    go(manager, demo_server, f"/vakalar/erisim-kaydi/?kod={code}", "Erişim kaydı")
    no_problems(manager, "access log")
    go(manager, demo_server, "/vakalar/istatistik/", "Vaka istatistikleri (anonim)")
    no_problems(manager, "statistics (centre)")
    go(manager, demo_server, "/vakalar/disa-aktar/", "Şifreli dışa aktarma")
    no_problems(manager, "export")
    manager.set_viewport_size({"width": 375, "height": 800})
    go(manager, demo_server, f"/vakalar/erisim-kaydi/?kod={code}", "Erişim kaydı")
    fits(manager)
    no_problems(manager, "access log at 375 px")


# --- 3. The application form by keyboard ------------------------------------------------------------


def _tab_to(page, predicate: str, limit: int) -> int:
    """Press Tab until `predicate` (a JS expression on document.activeElement `el`) holds."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate}; }})()"):
            return presses
    raise AssertionError(f"Tab never reached {predicate!r} in {limit} presses")


UNLABELLED = """() => [...document.querySelectorAll('main input, main select, main textarea')]
  .filter(el => el.type !== 'hidden')
  .filter(el => !el.labels.length && !el.getAttribute('aria-label')
                && !el.getAttribute('aria-labelledby'))
  .map(el => el.name || el.id)"""


def test_the_application_form_works_by_keyboard(person, demo_server):
    page = person("merkez-calisani")
    go(page, demo_server, "/vakalar/yeni/", "Yeni başvuru")
    page.locator("body").focus()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="İçeriğe geç")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # From the top of the content: the link back to the list, then the first field.
    presses = _tab_to(page, "el.id === 'id_applied_on'", 5)
    assert presses <= 2
    expect(field(page, "Başvuru tarihi")).to_be_focused()
    _tab_to(page, "el.type === 'submit' && el.closest('main') !== null", 120)
    expect(page.get_by_role("button", name="Başvuruyu kaydet")).to_be_focused()
    assert page.evaluate(UNLABELLED) == []

    # The small forms of a record, too.
    code = _a_record(page, demo_server)
    for path, heading in (
        (f"/vakalar/{code}/", f"Vaka {code}"),
        (f"/vakalar/{code}/olay/", "Olay kaydı"),
        (f"/vakalar/{code}/yonlendir/", "Yönlendirme ya da devir"),
    ):
        go(page, demo_server, path, heading)
        assert page.evaluate(UNLABELLED) == [], path
