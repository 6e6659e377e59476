"""The public portal: open without login, approved aggregates only, cacheable."""

import datetime as dt
import io
import json
import re
import zipfile

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from esitkent.monitoring import services
from esitkent.monitoring.models import ActivityReport, DataValue, Evidence, Submission
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Activity

SLUG = "izmir-yeep-2022-2024"
SECRETS = [
    "GIZLI-ONAYLI-YORUM-1",
    "GIZLI-INCELEME-2",
    "GIZLI-ACIKLAMA-3",
    "GIZLI-TASLAK-4",
    "GIZLI-KANIT-5",
    "gizli6@example.org",
    "987654",
    "876543",
    "GIZLI-DUZELTICI-7",
]


def public_urls(client) -> list[str]:
    rows = Activity.objects.filter(subgoal__goal__area__plan__slug=SLUG).values_list(
        "row", flat=True
    )
    return [
        "/acik/",
        "/acik/?dil=en",
        "/acik/yontem/",
        "/acik/veri/",
        "/acik/veri/esitkent-acik-veri.csv",
        "/acik/veri/esitkent-acik-veri.json",
        "/acik/veri/esitkent-acik-veri.xlsx",
        f"/acik/{SLUG}/",
        f"/acik/{SLUG}/?dil=en",
        *(f"/acik/{SLUG}/faaliyet/{row}/" for row in rows),
    ]


def text_of(response) -> str:
    """The response as searchable text: XLSX unzipped, and Turkish digit grouping removed so
    that 987.654 on a page is found as 987654."""
    body = response.content
    if body[:2] == b"PK":  # XLSX: every XML part
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            text = "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    else:
        text = body.decode("utf-8-sig")
    return re.sub(r"(?<=\d)\.(?=\d{3}\b)", "", text)


@pytest.fixture
def planted(izmir_plan, make_user):
    """Approved, submitted and returned data side by side, each carrying internal text."""
    period = services.reporting_period_create(
        plan=izmir_plan, code="2024", deadline=dt.date(2025, 1, 31)
    )
    activity = Activity.objects.get(subgoal__goal__area__plan=izmir_plan, row=30)
    indicator = activity.indicators.first()
    reporter = make_user("gizli", "reporter", "sosyal-projeler-db")
    reporter.email = "gizli6@example.org"
    reporter.save()

    def submission(org_code, status, value, comment, **extra):
        org = Organisation.objects.get(code=org_code)
        sub = Submission.objects.create(
            period=period,
            organisation=org,
            status=status,
            submitted_by=reporter,
            submitted_at=timezone.now(),
            **extra,
        )
        DataValue.objects.create(
            indicator=indicator,
            period="2024",
            organisation=org,
            value=value,
            comment=comment,
            submission=sub,
        )
        return sub

    approved = submission("sosyal-projeler-db", "submitted", 7777, "GIZLI-ONAYLI-YORUM-1")
    ActivityReport.objects.create(
        activity=activity,
        period=period,
        organisation=approved.organisation,
        submission=approved,
        status="delayed",
        progress=20,
        explanation="GIZLI-ACIKLAMA-3",
        corrective_action="GIZLI-DUZELTICI-7",
    )
    Evidence.objects.create(
        submission=approved,
        file="evidence/x.pdf",
        original_name="GIZLI-KANIT-5.pdf",
        content_type="application/pdf",
        size=10,
        uploaded_by=reporter,
    )
    services.submission_approve(submission=approved, by=None)
    Submission.objects.filter(pk=approved.pk).update(review_note="GIZLI-INCELEME-2")
    submission("kadin-calismalari-sm", "submitted", 987654, "GIZLI-TASLAK-4")
    submission("izbb", "returned", 876543, "x", review_note="GIZLI-INCELEME-2")
    return activity


def test_nothing_unpublished_reaches_any_public_response(client, planted):
    seen_approved = set()
    for url in public_urls(client):
        response = client.get(url)
        assert response.status_code == 200, url
        text = text_of(response)
        leaked = [s for s in SECRETS if s in text]
        assert leaked == [], f"{url} shows {leaked}"
        if "7777" in text:
            seen_approved.add(url.rsplit(".", 1)[-1] if "/veri/" in url else "page")
    # The approved figure is found on a page and in every file, so the search above could
    # have found the others wherever they might have leaked.
    assert seen_approved == {"page", "csv", "json", "xlsx"}


def test_the_approved_figure_and_status_are_public(client, planted):
    html = client.get(f"/acik/{SLUG}/faaliyet/{planted.row}/").content.decode()
    assert '<td class="num">7.777</td>' in html
    plan_html = client.get(f"/acik/{SLUG}/").content.decode()
    assert "Gecikmede, %20" in plan_html


def test_public_pages_are_cacheable_and_answer_304(client, izmir_plan):
    response = client.get(f"/acik/{SLUG}/")
    assert "public" in response["Cache-Control"] and response["ETag"]
    assert response["Last-Modified"]
    again = client.get(f"/acik/{SLUG}/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_an_approval_changes_the_etag(client, planted):
    before = client.get("/acik/veri/esitkent-acik-veri.csv")
    submission = Submission.objects.get(status="approved")
    services.submission_unapprove(submission=submission, by=None, reason="yanlış")
    after = client.get("/acik/veri/esitkent-acik-veri.csv", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert "7777" not in text_of(after)


def test_open_data_comes_with_dictionary_and_licence(client, planted):
    document = json.loads(client.get("/acik/veri/esitkent-acik-veri.json").content)
    assert document["licence"] == "CC BY 4.0" and "value" in document["columns"]
    assert {"indicator": planted.indicators.first().code, "value": "7777"}.items() <= next(
        v for v in document["values"] if v["period"] == "2024"
    ).items()
    wb = load_workbook(io.BytesIO(client.get("/acik/veri/esitkent-acik-veri.xlsx").content))
    assert wb.sheetnames == ["Değerler", "Sözlük"]
    html = client.get("/acik/veri/").content.decode()
    assert "CC BY 4.0" in html and "<code>breakdown</code>" in html


def test_a_plan_that_is_not_approved_is_not_public(client, izmir_plan):
    izmir_plan.status = "draft"
    izmir_plan.save()
    assert client.get(f"/acik/{SLUG}/").status_code == 404
    assert SLUG not in client.get("/acik/").content.decode()


def test_english_is_chosen_by_the_address(client, izmir_plan):
    html = client.get("/acik/yontem/?dil=en").content.decode()
    assert '<html lang="en">' in html and "How is the data collected, reviewed" in html
    assert "How is the data" not in client.get("/acik/yontem/").content.decode()
