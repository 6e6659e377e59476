"""Publishing the annual report to the public portal: who may, what the portal then serves,
and that a withdrawal takes it off again."""

import datetime as dt

import pytest
from django.test import Client

from esitkent.core.errors import InputRejected
from esitkent.core.selectors import publication_stamp
from esitkent.monitoring import period_services
from esitkent.monitoring.summary_selectors import report_years
from esitkent.reports.models import PublishedReport
from esitkent.reports.selectors import report_index
from esitkent.reports.services import report_publish, report_withdraw

SLUG = "izmir-yeep-2022-2024"


def logged_in(make_user, username, role, org="kadin-calismalari-sm") -> Client:
    client = Client()  # its own client: the fixtures share one
    client.force_login(make_user(username, role, org))
    return client


def test_only_the_plans_coordinator_may_publish(make_user, izmir_plan):
    may = lambda user: user.has_perm("reports.publish_report", izmir_plan)  # noqa: E731
    assert may(make_user("koord", "coordinator"))
    assert may(make_user("yonetici", "admin"))  # standing in, as in review
    # A coordinator of another department, a reporter and a viewer may not.
    assert not may(make_user("baska-koord", "coordinator", "sosyal-projeler-db"))
    assert not may(make_user("raportor", "reporter", "sosyal-projeler-db"))
    assert not may(make_user("izleyen", "viewer", "tce-komisyonu"))


@pytest.mark.parametrize(
    "path", ["{slug}/", "{slug}/2023/yayimla/", "{slug}/2023/kaldir/"], ids=str
)
def test_others_are_refused_and_strangers_sent_to_log_in(make_user, izmir_plan, path):
    url = "/raporlar/" + path.format(slug=SLUG)
    reporter = logged_in(make_user, "raportor", "reporter", "sosyal-projeler-db")
    viewer = logged_in(make_user, "izleyen", "viewer", "tce-komisyonu")
    assert reporter.get(url).status_code == 403
    assert reporter.post(url).status_code == 403
    if path == "{slug}/":  # the Equality Commission reads the reports, publishes none
        assert viewer.get(url).status_code == 200
    else:
        assert viewer.get(url).status_code == 403
        assert viewer.post(url).status_code == 403
    anonymous = Client().post(url)
    assert anonymous.status_code == 302 and "/hesap/login/" in anonymous["Location"]
    assert not PublishedReport.objects.exists()


def test_a_coordinator_of_another_department_sees_no_publishing(make_user, izmir_plan):
    other = logged_in(make_user, "baska-koord", "coordinator", "sosyal-projeler-db")
    assert other.get(f"/raporlar/{SLUG}/").status_code == 403
    assert other.post(f"/raporlar/{SLUG}/2023/yayimla/").status_code == 403


def test_publish_then_withdraw_through_the_portal(make_user, izmir_plan):
    period_services.reporting_period_create(
        plan=izmir_plan, code="2023", deadline=dt.date(2024, 1, 31)
    )
    coordinator = logged_in(make_user, "koord", "coordinator")
    public = Client()
    listing = f"/acik/{SLUG}/raporlar/"
    before = public.get(listing)
    assert "Henüz yayımlanmış izleme raporu yok" in before.content.decode()

    # The annual report page offers it; GET only asks for confirmation.
    index = coordinator.get(f"/raporlar/{SLUG}/").content.decode()
    assert f'href="/raporlar/{SLUG}/2023/yayimla/"' in index
    confirm = coordinator.get(f"/raporlar/{SLUG}/2023/yayimla/")
    assert confirm.status_code == 200 and 'method="post"' in confirm.content.decode()
    assert not PublishedReport.objects.exists()
    done = coordinator.post(f"/raporlar/{SLUG}/2023/yayimla/", follow=True)
    assert done.redirect_chain[-1][0] == f"/raporlar/{SLUG}/"
    assert "2023 izleme raporu açık portalda yayımlandı." in done.content.decode()
    assert sorted(
        PublishedReport.objects.filter(withdrawn_at=None).values_list("language", flat=True)
    ) == ["en", "tr"]

    listed = public.get(listing, HTTP_IF_NONE_MATCH=before["ETag"])
    assert listed.status_code == 200 and listed["ETag"] != before["ETag"]
    pdf_url = f"/acik/{SLUG}/raporlar/izleme-raporu-2023-tr.pdf"
    assert pdf_url in listed.content.decode()
    pdf = public.get(pdf_url)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Type"] == "application/pdf" and "public" in pdf["Cache-Control"]
    assert pdf["Content-Disposition"] == f'attachment; filename="{SLUG}-izleme-raporu-2023-tr.pdf"'
    assert public.get(pdf_url, HTTP_IF_NONE_MATCH=pdf["ETag"]).status_code == 304
    assert public.get(pdf_url.replace("-tr.", "-en.")).content.startswith(b"%PDF")

    withdrawn = coordinator.post(f"/raporlar/{SLUG}/2023/kaldir/", follow=True)
    assert "2023 izleme raporu açık portaldan kaldırıldı." in withdrawn.content.decode()
    after = public.get(listing, HTTP_IF_NONE_MATCH=listed["ETag"])
    assert after.status_code == 200 and after["ETag"] != listed["ETag"]
    assert pdf_url not in after.content.decode()
    assert public.get(pdf_url, HTTP_IF_NONE_MATCH=pdf["ETag"]).status_code == 404
    # The snapshot stays on record, withdrawn by whom and when.
    assert PublishedReport.objects.filter(withdrawn_by__username="koord").count() == 2


def test_a_new_edition_replaces_the_old_one(make_user, izmir_plan):
    koord = make_user("koord", "coordinator")
    first = report_publish(plan=izmir_plan, year=2022, by=koord, languages=("tr",))
    version = publication_stamp().version
    second = report_publish(plan=izmir_plan, year=2022, by=koord, languages=("tr",))
    first[0].refresh_from_db()
    assert first[0].withdrawn_at is not None and second[0].withdrawn_at is None
    assert publication_stamp().version == version + 1
    assert PublishedReport.objects.filter(withdrawn_at=None).count() == 1


def test_refusals_name_the_reason(make_user, izmir_plan):
    koord = make_user("koord", "coordinator")
    with pytest.raises(InputRejected, match="yayımlanmış değil"):
        report_withdraw(plan=izmir_plan, year=2023, by=koord)
    with pytest.raises(InputRejected, match="raporlanan yıllarından değil"):
        report_publish(plan=izmir_plan, year=1990, by=koord)
    izmir_plan.status = "draft"
    izmir_plan.save()
    with pytest.raises(InputRejected, match="onaylanmadığı"):
        report_publish(plan=izmir_plan, year=2023, by=koord)
    assert not PublishedReport.objects.exists()


def test_a_withdrawal_with_nothing_published_says_so(make_user, izmir_plan):
    coordinator = logged_in(make_user, "koord", "coordinator")
    response = coordinator.post(f"/raporlar/{SLUG}/2023/kaldir/")
    assert response.status_code == 400 and "yayımlanmış değil" in response.content.decode()


def test_the_portal_lists_current_editions_only(client, make_user, izmir_plan):
    koord = make_user("ayse-yayinci", "coordinator")
    now = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    for year, withdrawn in ((2023, None), (2022, now)):
        PublishedReport.objects.create(
            plan=izmir_plan,
            year=year,
            language="tr",
            pdf=b"%PDF-1.7 ornek",
            size=14,
            published_at=now,
            published_by=koord,
            withdrawn_at=withdrawn,
        )
    html = client.get(f"/acik/{SLUG}/raporlar/?dil=en").content.decode()
    assert "izleme-raporu-2023-tr.pdf" in html and "izleme-raporu-2022-tr.pdf" not in html
    assert "ayse-yayinci" not in html  # no person on a public page
    assert client.get(f"/acik/{SLUG}/raporlar/izleme-raporu-2022-tr.pdf").status_code == 404
    assert client.get(f"/acik/{SLUG}/raporlar/izleme-raporu-2023-de.pdf").status_code == 404


def edition(plan, year, *, by=None, withdrawn_at=None, language="tr") -> PublishedReport:
    """A stored edition, without rendering a report."""
    return PublishedReport.objects.create(
        plan=plan,
        year=year,
        language=language,
        pdf=b"%PDF-1.7 ornek",
        size=14,
        published_at=dt.datetime(2025, 3, 1, 9, 30, tzinfo=dt.UTC),
        published_by=by,
        withdrawn_at=withdrawn_at,
    )


def test_the_withdrawal_confirmation_names_the_edition_or_says_there_is_none(make_user, izmir_plan):
    coordinator = logged_in(make_user, "koord", "coordinator")
    url = f"/raporlar/{SLUG}/2023/kaldir/"
    nothing = coordinator.get(url)
    html = nothing.content.decode()
    assert nothing.status_code == 200 and "Bu yılın raporu portalda yayımlanmış değil." in html
    assert "Evet, portaldan kaldır" not in html
    edition(izmir_plan, 2023)
    edition(izmir_plan, 2022)  # another year's edition does not count for 2023
    one = coordinator.get(url)
    html = one.content.decode()
    assert one.status_code == 200 and "Evet, portaldan kaldır" in html
    assert "01.03.2025" in html and "yayımlanmış değil" not in html
    other = coordinator.get(f"/raporlar/{SLUG}/2024/kaldir/").content.decode()
    assert "Evet, portaldan kaldır" not in other
    assert PublishedReport.objects.current().count() == 2  # a GET changes nothing


def test_a_draft_plan_offers_no_publishing_and_refuses_it(make_user, izmir_plan):
    coordinator = logged_in(make_user, "koord", "coordinator")
    izmir_plan.status = "draft"
    izmir_plan.save()
    url = f"/raporlar/{SLUG}/2023/yayimla/"
    confirm = coordinator.get(url).content.decode()
    assert "Evet, portalda yayımla" not in confirm and "onaylanmadığı" in confirm
    refused = coordinator.post(url)
    assert refused.status_code == 400
    assert "plan onaylanmadığı için portalda görünmüyor" in refused.content.decode()
    assert not PublishedReport.objects.exists()


def test_a_year_outside_the_plans_reports_is_not_found(make_user, izmir_plan):
    coordinator = logged_in(make_user, "koord", "coordinator")
    for path in ("yayimla", "kaldir"):
        assert coordinator.get(f"/raporlar/{SLUG}/1990/{path}/").status_code == 404
        assert coordinator.post(f"/raporlar/{SLUG}/2030/{path}/").status_code == 404
    assert not PublishedReport.objects.exists()


def test_the_index_lists_plan_years_begun_with_periods_and_any_year_published(izmir_plan):
    for year in (2022, 2023, 2024, 2025):  # 2025 is past the plan's end
        period_services.reporting_period_create(
            plan=izmir_plan, code=str(year), deadline=dt.date(year + 1, 1, 31)
        )
    assert list(report_years(izmir_plan)) == [2022, 2023, 2024]
    june_2023 = dt.date(2023, 6, 1)
    assert list(report_years(izmir_plan, as_of=june_2023)) == [2022, 2023]
    assert report_index(izmir_plan, as_of=june_2023) == [(2022, []), (2023, [])]
    later = edition(izmir_plan, 2025)
    english = edition(izmir_plan, 2023, language="en")
    turkish = edition(izmir_plan, 2023)
    edition(izmir_plan, 2022, withdrawn_at=dt.datetime(2025, 4, 1, tzinfo=dt.UTC))
    assert report_index(izmir_plan, as_of=june_2023) == [
        (2022, []),
        (2023, [turkish, english]),  # Turkish first
        (2025, [later]),  # published before years were limited to the plan's: still listed
    ]
