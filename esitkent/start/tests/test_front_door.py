"""The front door: a visitor reaches the public portal, each signed-in person her own start page."""

import datetime as dt

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse
from django.utils import timezone

from esitkent.monitoring.entry_services import submission_open
from esitkent.monitoring.models import Submission
from esitkent.monitoring.period_services import reporting_period_create
from esitkent.orgs.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_period(izmir_plan):
    return reporting_period_create(
        plan=izmir_plan,
        code="2024",
        deadline=timezone.localdate() + dt.timedelta(days=20),
        is_sample=True,
    )


def test_a_visitor_is_sent_to_the_public_portal_not_to_a_login(client):
    response = client.get("/", follow=True)
    assert response.redirect_chain == [(reverse("portal:home"), 302)]
    page = response.content.decode()
    assert "İzmir Büyükşehir Belediyesi Yerel Eşitlik Eylem Planı" in page
    # Staff find their way in from the portal.
    assert f'href="{reverse("account_login")}"' in page


def test_a_reporter_lands_on_her_tasks(client, make_user, open_period):
    client.force_login(make_user("rapor", "reporter", "sosyal-projeler-db"))
    page = client.get("/").content.decode()
    entry = reverse("monitoring:entry", args=[open_period.id, "sosyal-projeler-db"])
    assert "Raporlama görevleriniz" in page
    assert f'href="{entry}"' in page
    assert "Sosyal Projeler Dairesi Başkanlığı — 2024" in page
    assert "ÖRNEK" in page  # the demo's open period is a sample one, and says so
    assert "20 gün kaldı" in page
    assert "İnceleme" not in page  # a reporter reviews nothing


def test_a_coordinator_lands_on_what_waits_for_review(client, make_user, open_period):
    unit = Organisation.objects.get(code="sosyal-projeler-db")
    submission = submission_open(period=open_period, organisation=unit)
    Submission.objects.filter(pk=submission.pk).update(status="submitted")
    client.force_login(make_user("koord", "coordinator"))
    page = client.get("/").content.decode()
    assert "1 gönderim incelemenizi bekliyor" in page
    assert "2024 dönemi: 0 / 1 birim gönderdi" in page  # the open period, and who has sent
    assert f'href="{reverse("monitoring:queue", args=["izmir-yeep-2022-2024"])}"' in page
    assert "Raporlama görevleriniz" not in page


def test_a_viewer_gets_the_plan_dashboard_and_reports(client, make_user):
    client.force_login(make_user("izle", "viewer", "tce-komisyonu"))
    page = client.get("/").content.decode()
    assert f'href="{reverse("analytics:dashboard", args=["izmir-yeep-2022-2024"])}"' in page
    assert f'href="{reverse("reports:index", args=["izmir-yeep-2022-2024"])}"' in page


def test_a_caseworker_gets_counts_and_links_never_a_case_code(client, make_user):
    from esitkent.centres.selectors import centres

    centre = next(c for c in centres() if c.code == "kdm-karsiyaka")
    worker = make_user("ayse", "centre_staff", centre.organisation.code)
    TOTP.activate(worker, generate_totp_secret())
    client.force_login(worker)
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vaka kayıtları" in page and "gelen yönlendirme yanıt bekliyor" in page
    assert f'href="{reverse("cases:new")}"' in page
    assert "Planlar" not in page.split("<main", 1)[1]  # the plan side is not hers


def test_someone_with_no_role_is_told_so(client, make_user):
    client.force_login(make_user("bos", None))
    page = client.get("/").content.decode()
    assert "Hesabınıza henüz bir rol verilmedi" in page


def test_the_start_page_keeps_to_a_query_budget(
    client, make_user, open_period, django_assert_max_num_queries
):
    client.force_login(make_user("koord", "coordinator"))
    with django_assert_max_num_queries(25):
        assert client.get("/").status_code == 200
