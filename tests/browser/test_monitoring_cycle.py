"""The monitoring cycle in Chromium: a reporter enters and submits, the coordinator returns
it with a reason, the reporter corrects, the coordinator approves; values lock; history shows it."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PLAN = "izmir-yeep-2022-2024"
PARTICIPANTS = "egitim-1.6.1-g2"  # "Katılımcı sayısı": total, sex and age breakdowns


def log_in(browser, demo_server, username):
    context = browser.new_context(locale="tr-TR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(demo_server["url"] + "/hesap/login/")
    page.get_by_label("Kullanıcı adı").fill(username)
    page.get_by_label("Şifre").fill(demo_server["credentials"][username])
    page.get_by_role("button", name="Giriş yap").click()
    page.wait_for_url(demo_server["url"] + "/")  # her start page
    return page


def participants(page):
    return page.locator("fieldset.indicator").filter(has_text=PARTICIPANTS)


def test_report_return_correct_approve(browser, demo_server, tmp_path):
    reporter = log_in(browser, demo_server, "raportor")
    reporter.get_by_role("link", name="İzleme").click()
    row = reporter.get_by_role("row").filter(has=reporter.get_by_role("link", name="Veri gir"))
    assert "Bekliyor" in row.inner_text()
    row.get_by_role("link", name="Veri gir").click()
    assert reporter.locator("#submission-status").inner_text() == "Taslak"

    for select in reporter.locator("select[name$='|status']").all():
        select.select_option("completed")
    for progress in reporter.locator("input[name$='|progress']").all():
        progress.fill("100")
    block = participants(reporter)
    block.get_by_label("Toplam", exact=True).fill("10")
    block.get_by_label("Cinsiyet: Kadın", exact=True).fill("6")
    block.get_by_label("Cinsiyet: Erkek", exact=True).fill("4")
    # Each value's comment sits behind its own "Açıklama ekle" disclosure.
    block.locator(".cell").first.get_by_text("Açıklama ekle").click()
    block.get_by_label("Açıklama: Toplam", exact=True).fill("Antrenör eğitimi katılımcıları")
    reporter.get_by_role("button", name="Taslağı kaydet").click()
    reporter.get_by_text("Taslak kaydedildi.").wait_for()
    assert participants(reporter).get_by_label("Toplam", exact=True).input_value() == "10"

    evidence = tmp_path / "katilimci-listesi.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% katilimci listesi\n")
    reporter.get_by_label("Kanıt dosyası (PDF, JPEG, PNG; en çok 10 MB)").set_input_files(
        str(evidence)
    )
    reporter.get_by_role("button", name="Ekle").click()
    reporter.get_by_text("Kanıt eklendi.").wait_for()
    expect(reporter.get_by_role("link", name="katilimci-listesi.pdf")).to_be_visible()
    reporter.get_by_role("button", name="Kaydet ve gönder").click()
    reporter.get_by_text("Gönderildi: koordinatörün incelemesini bekliyor.").wait_for()
    assert reporter.locator("#submission-status").inner_text() == "Gönderildi"

    coordinator = log_in(browser, demo_server, "koordinator")
    coordinator.goto(demo_server["url"] + f"/izleme/plan/{PLAN}/inceleme/")
    coordinator.get_by_role("link", name="İncele Sosyal Projeler Dairesi Başkanlığı 2024").click()
    # content() right after a click can read the page between two documents (empty); wait
    # for the review page's own text instead.
    coordinator.get_by_label("Geri gönderme gerekçesi").wait_for()
    assert "Antrenör eğitimi katılımcıları" in coordinator.content()
    coordinator.get_by_label("Geri gönderme gerekçesi").fill(
        "Katılımcı sayısı kayıt listesiyle uyuşmuyor: 11 kişi."
    )
    coordinator.get_by_role("button", name="Gerekçesiyle geri gönder").click()
    coordinator.get_by_text("Gerekçesiyle birime geri gönderildi.").wait_for()
    assert coordinator.locator("#submission-status").inner_text() == "Geri gönderildi"

    reporter.reload()
    assert "Katılımcı sayısı kayıt listesiyle uyuşmuyor: 11 kişi." in reporter.content()
    block = participants(reporter)
    block.get_by_label("Toplam", exact=True).fill("11")
    block.get_by_label("Cinsiyet: Kadın", exact=True).fill("7")
    reporter.get_by_role("button", name="Kaydet ve gönder").click()
    reporter.get_by_text("Gönderildi: koordinatörün incelemesini bekliyor.").wait_for()

    coordinator.reload()
    coordinator.get_by_role("button", name="Onayla ve kilitle").click()
    coordinator.get_by_text("Onaylandı; değerler kilitlendi.").wait_for()
    coordinator.screenshot(path=str(SHOTS / "review-approved.png"), full_page=True)
    history = coordinator.locator("details.history").last
    history.locator("summary").click()
    steps = history.inner_text()
    for step in [
        "Gönderildi",
        "Geri gönderildi",
        "Katılımcı sayısı kayıt listesiyle uyuşmuyor",
        "Onaylandı",
        "kanıt",
    ]:
        assert step in steps
    assert axe_violations(coordinator) == []

    reporter.reload()
    assert reporter.locator("#submission-status").inner_text() == "Onaylandı"
    block = participants(reporter)
    assert block.get_by_label("Toplam", exact=True).is_disabled()
    assert reporter.get_by_role("button", name="Kaydet ve gönder").count() == 0
    block.locator("details.history summary").click()
    value_history = block.locator("details.history").inner_text()
    assert (
        "“10 (Antrenör eğitimi katılımcıları)” → “11 (Antrenör eğitimi katılımcıları)”"
        in value_history
    )
    reporter.screenshot(path=str(SHOTS / "entry-approved.png"), full_page=False)
    assert axe_violations(reporter) == []
