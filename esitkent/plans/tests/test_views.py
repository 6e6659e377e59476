import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from esitkent.plans import exchange
from esitkent.plans.document import strip_origins
from esitkent.plans.models import Plan
from esitkent.plans.selectors import plan_document

SLUG = "izmir-yeep-2022-2024"


def test_pages_need_a_login(client, db):
    response = client.get(f"/planlar/{SLUG}/")
    assert response.status_code == 302 and response["Location"].startswith("/hesap/login/")


def test_a_logged_in_person_without_a_role_sees_nothing(client, make_user):
    client.force_login(make_user("rolsuz", None))
    assert client.get(f"/planlar/{SLUG}/").status_code == 403


def test_the_start_page_links_the_plan(viewer_client):
    # "/" is the start page now (esitkent/start); the plan is one click away from it.
    page = viewer_client.get("/").content.decode()
    assert f'href="/planlar/{SLUG}/"' in page


def test_overview_shows_areas_with_counts_and_terms(viewer_client):
    html = viewer_client.get(f"/planlar/{SLUG}/").content.decode()
    for title in [
        "Eğitim",
        "Sağlık",
        "İstihdam",
        "Kadına Yönelik Şiddetle Mücadele",
        "Kentsel Hizmetler",
        "Katılım",
    ]:
        assert title in html
    assert "62" in html and "05.135" in html and "15.02.2022" in html


def test_drill_down_from_area_to_activity(viewer_client, izmir_plan):
    area = viewer_client.get(f"/planlar/{SLUG}/alan/siddet/").content.decode()
    assert "1.3.1" in area and "tekrar basılmış satır" in area
    activity = (
        izmir_plan.areas.get(code="istihdam")
        .goals.first()
        .subgoals.get(code="1.2")
        .activities.get()
    )
    html = viewer_client.get(f"/planlar/{SLUG}/faaliyet/{activity.row}/").content.decode()
    assert "1.1.2" in html and "1.2.1" in html
    assert "Sorumlu kurum ve birimler" in html and "İş birliği yapılacak kurum ve birimler" in html


def test_unknown_area_and_activity_are_404(viewer_client):
    assert viewer_client.get(f"/planlar/{SLUG}/alan/yok/").status_code == 404
    assert viewer_client.get(f"/planlar/{SLUG}/faaliyet/999/").status_code == 404


def test_search_page_and_htmx_fragment(viewer_client, izmir_plan):
    page = viewer_client.get(f"/planlar/{SLUG}/ara/", {"q": "egitim", "term": "long"})
    assert page.status_code == 200 and "faaliyet bulundu" in page.content.decode()
    fragment = viewer_client.get(
        f"/planlar/{SLUG}/ara/", {"q": "egitim"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in fragment and "faaliyet bulundu" in fragment


def test_lint_page_lists_findings_with_codes(viewer_client):
    html = viewer_client.get(f"/planlar/{SLUG}/denetim/").content.decode()
    assert "duplicate-row" in html and "code-gap" in html and "missing-term" in html


@pytest.mark.parametrize("fmt", ["yaml", "json", "xlsx"])
def test_export_downloads(viewer_client, izmir_plan, fmt):
    response = viewer_client.get(f"/planlar/{SLUG}/disa-aktar/{fmt}/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{SLUG}.{fmt}"'
    assert response.content == exchange.dumps(plan_document(izmir_plan), fmt)
    assert strip_origins(exchange.loads(response.content, fmt)) == plan_document(izmir_plan)


def test_viewer_cannot_import(viewer_client):
    assert viewer_client.get("/planlar/ice-aktar/").status_code == 403
    upload = SimpleUploadedFile("p.yaml", b"slug: x")
    assert viewer_client.post("/planlar/ice-aktar/", {"file": upload}).status_code == 403


def _upload(doc_or_bytes, name="plan.json"):
    data = doc_or_bytes if isinstance(doc_or_bytes, bytes) else json.dumps(doc_or_bytes).encode()
    return SimpleUploadedFile(name, data)


def test_coordinator_tries_then_imports_a_new_plan_for_her_municipality(client, make_user):
    from esitkent.plans.tests.test_services import small_plan

    coordinator = make_user("koord", "coordinator")
    client.force_login(coordinator)
    response = client.post("/planlar/ice-aktar/", {"file": _upload(small_plan()), "dry_run": "on"})
    assert (
        response.status_code == 200
        and "bu bir denemeydi, hiçbir şey yazılmadı" in response.content.decode()
    )
    assert not Plan.objects.filter(slug="ornek-plan").exists()
    response = client.post("/planlar/ice-aktar/", {"file": _upload(small_plan())})
    assert response.status_code == 200 and "Plan içe aktarıldı" in response.content.decode()
    assert Plan.objects.get(slug="ornek-plan").imported_by == coordinator


def test_a_district_coordinator_cannot_import_for_the_metropolitan_municipality(client, make_user):
    from esitkent.plans.tests.test_services import small_plan

    client.force_login(make_user("cigli", "coordinator", "ilce-cigli"))
    response = client.post("/planlar/ice-aktar/", {"file": _upload(small_plan())})
    assert response.status_code == 400
    assert (
        "İzmir Büyükşehir Belediyesi adına plan içe aktarma yetkiniz yok"
        in response.content.decode()
    )
    assert not Plan.objects.filter(slug="ornek-plan").exists()
    response = client.post("/planlar/ice-aktar/", {"file": _upload(small_plan(owner="ilce-cigli"))})
    assert (
        response.status_code == 200
        and Plan.objects.get(slug="ornek-plan").owner.code == "ilce-cigli"
    )


def test_a_coordinator_cannot_overwrite_the_approved_plan(coordinator_client, izmir_plan):
    doc = plan_document(izmir_plan)
    doc["title"] = "Sessizce değiştirilmiş plan"
    response = coordinator_client.post(
        "/planlar/ice-aktar/", {"file": _upload(doc), "replace": "on"}
    )
    assert response.status_code == 400
    assert "onaylı bir planı yalnız sistem yöneticisi değiştirebilir" in response.content.decode()
    assert Plan.objects.get(slug=SLUG).title == izmir_plan.title


def test_an_administrator_replaces_the_approved_plan_from_xlsx(admin_client, izmir_plan):
    before = plan_document(izmir_plan)
    data = exchange.dumps(before, "xlsx")
    response = admin_client.post(
        "/planlar/ice-aktar/",
        {"file": _upload(data, "plan.xlsx"), "dry_run": "on", "replace": "on"},
    )
    assert response.status_code == 200 and "denemeydi" in response.content.decode()
    assert Plan.objects.get(slug=SLUG).pk == izmir_plan.pk
    response = admin_client.post(
        "/planlar/ice-aktar/", {"file": _upload(data, "plan.xlsx"), "replace": "on"}
    )
    assert response.status_code == 200 and "Plan içe aktarıldı" in response.content.decode()
    replaced = Plan.objects.get(slug=SLUG)
    # Revised in place: the same plan row, so its periods, values and history stay with it.
    assert replaced.pk == izmir_plan.pk and replaced.imported_by.username == "admin"
    assert plan_document(replaced) == before


def test_an_oversized_upload_is_refused_before_it_is_read(admin_client, settings):
    settings.PLAN_UPLOAD_MAX_BYTES = 1000
    response = admin_client.post(
        "/planlar/ice-aktar/", {"file": _upload(b"x" * 200_000, "plan.yaml")}
    )
    assert response.status_code == 413 and "5 MB" in response.content.decode()


def test_import_errors_are_shown_in_turkish_and_nothing_is_written(admin_client, izmir_plan):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(exchange.dumps(plan_document(izmir_plan), "xlsx")))
    wb["Faaliyetler"]["K3"] = "Olmayan Kurum"
    out = io.BytesIO()
    wb.save(out)
    response = admin_client.post(
        "/planlar/ice-aktar/", {"file": _upload(out.getvalue(), "plan.xlsx"), "replace": "on"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert (
        "&#x27;Faaliyetler&#x27; sayfası, satır 3, sütun K (İş birliği): “Olmayan Kurum” kurum kaydında bulunamadı"
        in html
    )
    assert "hiçbir şey yazılmadı" in html
    assert Plan.objects.get(slug=SLUG).pk == izmir_plan.pk


def test_turkish_by_default_even_for_an_english_browser(viewer_client):
    response = viewer_client.get(f"/planlar/{SLUG}/", HTTP_ACCEPT_LANGUAGE="en-GB,en")
    assert response["Content-Language"] == "tr" and "Tematik alanlar" in response.content.decode()


def test_english_when_chosen(viewer_client):
    viewer_client.post("/dil/", {"language": "en", "next": "/"})
    html = viewer_client.get(f"/planlar/{SLUG}/").content.decode()
    assert 'lang="en"' in html and "Thematic areas" in html


def test_pages_send_a_strict_content_security_policy(viewer_client):
    csp = viewer_client.get(f"/planlar/{SLUG}/")["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe" not in csp


def test_an_unknown_filter_value_is_explained(viewer_client):
    html = viewer_client.get(f"/planlar/{SLUG}/ara/", {"org": "yok"}).content.decode()
    assert "Arama süzgeçleri anlaşılamadı" in html and "Kurum:" in html
