"""The counselling-centre network in Chromium: a centre manager enrols her authenticator app,
rates her centre against the standards and sends it for verification; the network coordinator
changes one rating with a reason and verifies, which opens the improvement plan; the needs
analysis PDF carries the verified assessment. axe checks each page on the way."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import ROOT, axe_violations

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SHOTS.mkdir(exist_ok=True)
YEAR = timezone.localdate().year
CENTRE = "Karşıyaka Belediyesi Kadın Danışma Merkezi"
CODE = "kdm-karsiyaka"


def open_centres(page, demo_server):
    page.csp_violations.clear()  # what an earlier page of this person's did is not this one's
    page.goto(demo_server["url"] + "/")
    page.get_by_role("navigation").get_by_role("link", name="Merkezler").first.click()
    expect(page.get_by_role("heading", name="Kadın danışma merkezleri ağı")).to_be_visible()


def no_problems(page) -> None:
    assert axe_violations(page) == []
    assert page.csp_violations == []


def pdf_text(path: Path) -> str:
    document = pdfium.PdfDocument(path)
    try:
        text = "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()
    return " ".join(text.split())


# --- The directory --------------------------------------------------------------------------------


def test_the_directory_lists_the_network_marks_samples_and_draws_the_map(person, demo_server):
    page = person("merkez-sorumlusu")
    open_centres(page, demo_server)

    directory = page.get_by_role("table", name=re.compile(r"^\d+ merkez$"))
    expect(directory).to_be_visible()
    sample = yaml.safe_load(
        (ROOT / "data" / "sample" / "centre_network.yaml").read_text(encoding="utf-8")
    )
    rows = directory.locator("tbody tr")
    expect(rows).to_have_count(22 + len(sample["centres"]))
    kdms = rows.filter(has=page.locator("td", has_text=re.compile("^Kadın danışma merkezi$")))
    expect(kdms).to_have_count(22)  # seed 002: 17 district, 4 metropolitan, 1 NGO
    expect(directory.locator(".badge", has_text=re.compile("^ÖRNEK$"))).to_have_count(
        len(sample["centres"])
    )
    expect(directory.locator(".badge", has_text=re.compile("^kaynaktan$"))).to_have_count(22)
    expect(page.get_by_role("note").filter(has_text="ÖRNEK veridir")).to_be_visible()
    # Her own centre opens; a shelter shows neither district nor phone, and does not open.
    expect(directory.get_by_role("link", name=CENTRE)).to_be_visible()
    shelter = rows.filter(has_text="Kadın Sığınmaevi").first
    expect(shelter.get_by_role("link")).to_have_count(0)
    expect(shelter.locator("td").nth(2)).to_have_text("—")
    # The map: one path per district of İzmir.
    page.wait_for_function("document.querySelectorAll('figure.chart .vega svg path').length >= 30")
    expect(
        page.locator("figure.chart").get_by_role("link", name=re.compile("CSV indir"))
    ).to_be_visible()
    page.screenshot(path=str(SHOTS / "centres-directory.png"), full_page=True)
    no_problems(page)


# --- The standards cycle -------------------------------------------------------------------------


def test_a_manager_assesses_her_centre_and_the_coordinator_verifies_it(
    person, demo_server, tmp_path
):
    manager = person("merkez-sorumlusu")
    open_centres(manager, demo_server)
    manager.get_by_role("link", name=CENTRE).click()
    expect(manager.get_by_role("heading", level=1, name=CENTRE)).to_be_visible()
    expect(manager.get_by_text("görme yetkiniz yok")).to_have_count(0)  # not a shelter
    manager.screenshot(path=str(SHOTS / "centres-detail.png"), full_page=True)
    no_problems(manager)

    manager.get_by_role("link", name=f"{YEAR} öz değerlendirmesi").click()
    manager.get_by_role("button", name="Öz değerlendirmeyi başlat").click()
    expect(manager.get_by_text("Öz değerlendirme başlatıldı.")).to_be_visible()
    expect(manager.locator("#assessment-status")).to_have_text("Öz değerlendirme sürüyor")
    ratings = manager.locator("select[name^='r-']")
    expect(ratings.first).to_be_visible()
    items = ratings.count()
    assert items >= 10
    for i in range(items):
        ratings.nth(i).select_option("met")
    gap = ratings.first.get_attribute("name").removeprefix("r-")
    manager.locator(f"#r-{gap}").select_option("not_met")
    manager.locator(f"#n-{gap}").fill("Çocuk oyun alanı yok; bina kiralık.")
    manager.screenshot(path=str(SHOTS / "centres-assessment-edit.png"), full_page=False)
    no_problems(manager)
    manager.get_by_role("button", name="Doğrulamaya gönder").click()
    expect(manager.get_by_text("Öz değerlendirme doğrulama için gönderildi.")).to_be_visible()
    expect(manager.locator("#assessment-status")).to_have_text("Doğrulama bekliyor")
    expect(manager.locator("select[name^='r-']")).to_have_count(0)
    # She cannot verify her own: no such button.
    expect(manager.get_by_role("button", name=re.compile("^Doğrula"))).to_have_count(0)

    coordinator = person("ag-koordinatoru")
    open_centres(coordinator, demo_server)
    coordinator.get_by_role("link", name="Doğrulama bekleyenler").click()
    coordinator.get_by_role("link", name=f"{CENTRE} — {YEAR}").click()
    expect(coordinator.locator("#assessment-status")).to_have_text("Doğrulama bekliyor")
    verdicts = coordinator.locator("select[name^='v-']")
    expect(verdicts).to_have_count(items)
    changed = verdicts.nth(1).get_attribute("name").removeprefix("v-")
    coordinator.locator(f"#v-{changed}").select_option("partly")
    coordinator.locator(f"#g-{changed}").fill("Süpervizyon kaydı yalnız bir çeyrek için var.")
    coordinator.get_by_role("button", name=re.compile("^Doğrula")).click()
    expect(
        coordinator.get_by_text("Doğrulandı; iyileştirme planına 2 eylem eklendi.")
    ).to_be_visible()
    expect(coordinator.locator("#assessment-status")).to_have_text("Doğrulandı")
    expect(coordinator.get_by_role("heading", name="İyileştirme planı")).to_be_visible()
    plan = coordinator.locator("table").filter(has=coordinator.locator("textarea[name='action']"))
    expect(plan.locator("tbody tr")).to_have_count(2)  # the item not met, the one changed
    expect(coordinator.get_by_text("Süpervizyon kaydı yalnız bir çeyrek için var.")).to_be_visible()
    coordinator.screenshot(path=str(SHOTS / "centres-assessment-verified.png"), full_page=True)
    no_problems(coordinator)

    manager.reload()
    expect(manager.locator("#assessment-status")).to_have_text("Doğrulandı")
    expect(manager.get_by_text("Süpervizyon kaydı yalnız bir çeyrek için var.")).to_be_visible()
    expect(manager.get_by_role("heading", name="İyileştirme planı")).to_be_visible()
    expect(manager.locator("textarea[name='action']")).to_have_count(2)  # hers to plan

    # The needs analysis PDF carries this year's verified assessment of her centre.
    coordinator.goto(demo_server["url"] + "/merkezler/ihtiyac-analizi/")
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(
        "Kadın Danışma Merkezleri Mevcut Durum ve İhtiyaç Analizi"
    )
    with coordinator.expect_download() as download:
        coordinator.evaluate(
            """url => { const a = document.createElement('a'); a.href = url;
                        document.body.appendChild(a); a.click(); }""",
            "/merkezler/ihtiyac-analizi.pdf",
        )
    assert re.fullmatch(
        r"kdm-ihtiyac-analizi-\d{4}-\d{2}-\d{2}\.pdf", download.value.suggested_filename
    )
    saved = tmp_path / "ihtiyac-analizi.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    text = pdf_text(saved)
    assert CENTRE in text
    section = text[text.rindex(CENTRE) :]
    assert f"Standart uyumu ({YEAR}, sürüm 1)" in section[:1500]


# --- The catalogue and the network's events -------------------------------------------------------


def test_the_standards_and_events_pages_pass_axe(person, demo_server):
    coordinator = person("ag-koordinatoru")
    open_centres(coordinator, demo_server)
    coordinator.get_by_role("link", name="Asgari ortak standartlar").click()
    expect(coordinator.get_by_role("heading", level=1)).to_be_visible()
    expect(
        coordinator.get_by_role("button", name=re.compile("^Yeni sürüm taslağı"))
    ).to_be_visible()
    coordinator.screenshot(path=str(SHOTS / "centres-standards.png"), full_page=False)
    no_problems(coordinator)

    open_centres(coordinator, demo_server)
    coordinator.get_by_role("link", name="Ağ eğitimleri ve toplantıları").click()
    expect(coordinator.get_by_text("ÖRNEK: Yeni personel oryantasyonu")).to_be_visible()
    expect(coordinator.get_by_label("Başlık")).to_be_visible()  # she records events
    coordinator.screenshot(path=str(SHOTS / "centres-events.png"), full_page=False)
    no_problems(coordinator)


def test_the_needs_analysis_page_is_drawn_within_the_content_security_policy(person, demo_server):
    coordinator = person("ag-koordinatoru")
    coordinator.csp_violations.clear()
    coordinator.goto(demo_server["url"] + "/merkezler/ihtiyac-analizi/")
    expect(coordinator.get_by_role("heading", level=1)).to_be_visible()
    coordinator.screenshot(path=str(SHOTS / "centres-needs-analysis.png"), full_page=False)

    # Its <style> block gives h1 the report's purple; blocked by the CSP it stays black.
    colour = coordinator.evaluate("getComputedStyle(document.querySelector('h1')).color")
    assert coordinator.csp_violations == []
    assert colour == "rgb(75, 35, 117)"


# --- The shelter -----------------------------------------------------------------------------------


def test_a_shelters_staff_see_its_confidential_address(person, demo_server):
    staff = person("siginmaevi")
    open_centres(staff, demo_server)
    staff.get_by_role("link", name="İzmir Büyükşehir Belediyesi Kadın Sığınmaevi").click()

    address = staff.locator("dt", has_text="Gizli adres").locator("xpath=following-sibling::dd[1]")
    expect(address).to_have_text(re.compile(r"^ÖRNEK GİZLİ ADRES \d{3} — gerçek değildir$"))
    no_problems(staff)
