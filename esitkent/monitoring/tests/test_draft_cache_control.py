"""Issue 14, finding 8: pages that show drafts (values not yet approved, a plan not yet
approved) sent no Cache-Control, so a browser or a proxy could keep them and show them to the
next person at the same computer. Every page behind a permission check now says no-store."""

import datetime as dt

import pytest
from django.utils import timezone

from esitkent.monitoring import entry_services, period_services
from esitkent.orgs.models import Organisation

SLUG = "izmir-yeep-2022-2024"


@pytest.fixture
def submission(izmir_plan):
    period = period_services.reporting_period_create(
        plan=izmir_plan, code="2024", deadline=timezone.localdate() + dt.timedelta(days=30)
    )
    return entry_services.submission_open(
        period=period, organisation=Organisation.objects.get(code="sosyal-projeler-db")
    )


def test_every_draft_showing_page_is_not_stored(client, make_user, submission):
    reporter = make_user("raportor", "reporter", "sosyal-projeler-db")
    office = make_user("ofis", "coordinator", "kadin-calismalari-sm")
    pages = {
        reporter: [
            "/izleme/",
            f"/izleme/donem/{submission.period_id}/birim/sosyal-projeler-db/",
        ],
        office: [
            f"/izleme/gonderim/{submission.pk}/inceleme/",
            f"/izleme/plan/{SLUG}/inceleme/",
            f"/izleme/plan/{SLUG}/ilerleme/",
            f"/izleme/plan/{SLUG}/degerler/",
            f"/izleme/plan/{SLUG}/donemler/",
            f"/planlar/{SLUG}/",
            "/planlar/",
            f"/panolar/{SLUG}/",
        ],
    }
    answers = {}
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            answers[url] = response.get("Cache-Control", "")

    assert {url: cc for url, cc in answers.items() if "no-store" not in cc} == {}
