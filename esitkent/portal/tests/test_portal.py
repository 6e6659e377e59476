"""The public portal: open without login, approved aggregates only, cacheable."""

import datetime as dt
import io
import json
import re
import zipfile

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from esitkent.analytics.map_selectors import map_sources
from esitkent.core import value_breakdowns
from esitkent.monitoring import period_services, review_services
from esitkent.monitoring.models import ActivityReport, DataValue, Evidence, Submission
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Activity, Indicator, Plan

SLUG = "izmir-yeep-2022-2024"
APPROVED_REASON = "ONAYLI-ACIKLAMA"
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
    codes = Indicator.objects.filter(activity__subgoal__goal__area__plan__slug=SLUG).values_list(
        "code", flat=True
    )
    # Every map the plan offers, at every period and scale, with its CSV.
    maps = [
        f"/acik/{SLUG}/harita/?kaynak={source.key}&donem={period}&olcek={per}{extra}"
        for source in map_sources(Plan.objects.get(slug=SLUG))
        for period in source.periods
        for per, extra in (("raw", ""), ("women", ""), ("population", "&csv=harita"))
    ]
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
        *(f"/acik/{SLUG}/gosterge/{code}/" for code in codes),
        *(
            f"/acik/{SLUG}/gosterge/{code}/?csv={code}-{c}"
            for code in codes
            for c in ("seri", "kirilim")
        ),
        f"/acik/{SLUG}/harita/",
        f"/acik/{SLUG}/harita/?dil=en",
        *maps,
        f"/acik/{SLUG}/raporlar/",
        f"/acik/{SLUG}/raporlar/?dil=en",
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
    period = period_services.reporting_period_create(
        plan=izmir_plan, code="2024", deadline=dt.date(2025, 1, 31)
    )
    activity = Activity.objects.get(subgoal__goal__area__plan=izmir_plan, row=30)
    indicator = activity.indicators.first()
    reporter = make_user("gizli", "reporter", "sosyal-projeler-db")
    reporter.email = "gizli6@example.org"
    reporter.save()

    def submission(org_code, status, values, comment, **extra):
        """values: {breakdown key: value}; "" is the total."""
        org = Organisation.objects.get(code=org_code)
        sub = Submission.objects.create(
            period=period,
            organisation=org,
            status=status,
            submitted_by=reporter,
            submitted_at=timezone.now(),
            **extra,
        )
        for key, value in values.items():
            DataValue.objects.create(
                indicator=indicator,
                period="2024",
                organisation=org,
                breakdown_key=key,
                breakdown=value_breakdowns.parse_breakdown_key(key),
                value=value,
                comment=comment,
                submission=sub,
            )
        return sub

    approved = submission(
        "sosyal-projeler-db",
        "submitted",
        {"": 7777, "sex=F": 4444, "district=konak": 3333},
        "GIZLI-ONAYLI-YORUM-1",
    )
    # An approved report's reason for a delay is public on the portal's home (issue 15), as
    # in the published annual report; a reason nobody has approved is not (below).
    ActivityReport.objects.create(
        activity=activity,
        period=period,
        organisation=approved.organisation,
        submission=approved,
        status="delayed",
        progress=20,
        explanation=APPROVED_REASON,
        corrective_action="ONAYLI-DUZELTICI",
    )
    Evidence.objects.create(
        submission=approved,
        file="evidence/x.pdf",
        original_name="GIZLI-KANIT-5.pdf",
        content_type="application/pdf",
        size=10,
        uploaded_by=reporter,
    )
    review_services.submission_approve(submission=approved, by=None)
    Submission.objects.filter(pk=approved.pk).update(review_note="GIZLI-INCELEME-2")
    # Unapproved figures in every breakdown the public pages show, the map's included.
    waiting = submission(
        "kadin-calismalari-sm",
        "submitted",
        {"": 987654, "sex=F": 987654, "district=bornova": 987654},
        "GIZLI-TASLAK-4",
    )
    ActivityReport.objects.create(
        activity=activity,
        period=period,
        organisation=waiting.organisation,
        submission=waiting,
        status="delayed",
        progress=10,
        explanation="GIZLI-ACIKLAMA-3",
        corrective_action="GIZLI-DUZELTICI-7",
    )
    submission(
        "izbb",
        "returned",
        {"": 876543, "age=18-29": 876543, "district=konak": 876543},
        "x",
        review_note="GIZLI-INCELEME-2",
    )
    return activity


def test_nothing_unpublished_reaches_any_public_response(client, planted):
    urls = public_urls(client)
    # The crawl reaches the planted indicator's own page and its map.
    code = planted.indicators.first().code
    assert f"/acik/{SLUG}/gosterge/{code}/" in urls
    assert f"/acik/{SLUG}/harita/?kaynak=g:{code}&donem=2024&olcek=raw" in urls
    seen_approved = set()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = text_of(response)
        leaked = [s for s in SECRETS if s in text]
        assert leaked == [], f"{url} shows {leaked}"
        if "7777" in text:
            seen_approved.add(url.rsplit(".", 1)[-1] if "/veri/" in url else "page")
        if APPROVED_REASON in text:
            seen_approved.add("reason")
    # The approved figure is found on a page and in every file, and the approved reason on a
    # page, so the search above could have found the others wherever they might have leaked.
    assert seen_approved == {"page", "csv", "json", "xlsx", "reason"}


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
    review_services.submission_unapprove(submission=submission, by=None, reason="yanlış")
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


# --- The indicator page ---------------------------------------------------------------------


def test_the_indicator_page_shows_approved_figures_only(client, planted):
    indicator = planted.indicators.first()
    response = client.get(f"/acik/{SLUG}/gosterge/{indicator.code}/")
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    html = response.content.decode()
    assert indicator.name in html
    assert f"/acik/{SLUG}/faaliyet/{planted.row}/" in html  # its activity
    # The approved total, and the approved breakdowns by sex and district, named.
    assert '<td class="num">7.777</td>' in html
    assert '<th scope="row">Kadın</th><td class="num">4.444</td>' in html
    assert '<th scope="row">Konak</th><td class="num">3.333</td>' in html
    # Unapproved figures (a submitted draft, a returned submission) are nowhere.
    assert "987.654" not in html and "876.543" not in html
    assert "Bornova" not in html and "18–29" not in html
    # A chart (compiled Vega) beside the table, and the map link for its districts.
    assert 'type="application/json">' in html
    assert f"harita/?kaynak=g:{indicator.code}" in html


def test_the_indicator_page_carries_its_definition(client, izmir_plan):
    indicator = Indicator.objects.get(
        activity__subgoal__goal__area__plan=izmir_plan, code="kentsel-1.1.1-g1"
    )
    html = client.get(f"/acik/{SLUG}/gosterge/{indicator.code}/").content.decode()
    definition = indicator.definition
    assert definition.get_measure_type_display() in html
    assert definition.get_periodicity_display() in html
    for period in ("2020", "2020/2021", "2021"):  # the shipped history, as printed
        assert f'<th scope="row">{period}</th>' in html


def test_the_activity_page_links_its_indicators(client, planted):
    html = client.get(f"/acik/{SLUG}/faaliyet/{planted.row}/?dil=en").content.decode()
    for indicator in planted.indicators.all():
        assert f'href="/acik/{SLUG}/gosterge/{indicator.code}/?dil=en"' in html


def test_an_unknown_indicator_or_one_of_a_draft_plan_is_not_found(client, planted):
    code = planted.indicators.first().code
    assert client.get(f"/acik/{SLUG}/gosterge/yok-1.1-g9/").status_code == 404
    Plan.objects.filter(slug=SLUG).update(status="draft")
    assert client.get(f"/acik/{SLUG}/gosterge/{code}/").status_code == 404
    assert client.get(f"/acik/{SLUG}/harita/").status_code == 404
    assert client.get(f"/acik/{SLUG}/raporlar/").status_code == 404


def test_indicator_csv_downloads(client, planted):
    code = planted.indicators.first().code
    response = client.get(f"/acik/{SLUG}/gosterge/{code}/", {"csv": f"{code}-kirilim"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert response["Content-Disposition"].endswith('.csv"')
    assert lines[0] == "Dönem,Kırılım,Seçenek,Değer"
    assert "2024,Cinsiyet,Kadın,4444.0000" in lines and "2024,İlçe,Konak,3333.0000" in lines
    series = client.get(f"/acik/{SLUG}/gosterge/{code}/", {"csv": f"{code}-seri"})
    assert series["Content-Disposition"] == f'attachment; filename="{code}-seri.csv"'
    lines = series.content.decode("utf-8-sig").splitlines()
    # The approved total only; the draft's and the returned submission's are not summed in.
    assert lines == ["Dönem,Değer,Hedef", "2024,7777.0000,"]


# --- In English -----------------------------------------------------------------------------
# The words the portal shows from monitoring's choices and breakdowns are translated. The
# assertions marked "catalogue" need those msgids (portal.selectors.SHOWN_LABELS) translated
# in locale/en and compiled.


def test_the_words_the_portal_translates_are_marked_for_the_catalogue():
    from esitkent.monitoring.models import IndicatorDefinition, MeasureType
    from esitkent.portal.selectors import SHOWN_LABELS

    field = IndicatorDefinition._meta.get_field
    shown = [
        *MeasureType.labels,
        *(label for _value, label in field("direction").choices),
        *(label for _value, label in field("periodicity").choices),
        *value_breakdowns.DIMENSION_LABELS.values(),
        *value_breakdowns.SEX.values(),
        *value_breakdowns.DISABILITY.values(),
        # Age bands are numbers, but for the last one.
        *(a for a in value_breakdowns.AGE_BANDS.values() if any(c.isalpha() for c in a)),
    ]
    assert [label for label in shown if label not in SHOWN_LABELS] == []


def test_the_indicator_page_in_english(client, planted):
    code = planted.indicators.first().code
    html = client.get(f"/acik/{SLUG}/gosterge/{code}/?dil=en").content.decode()
    assert "<dd>Count</dd>" in html  # "Sayı"
    assert '<th scope="row">Women</th><td class="num">4.444</td>' in html
    assert "<td>District</td>" in html and '<th scope="row">Konak</th>' in html
    # catalogue: the direction, the periodicity and the breakdown "Cinsiyet".
    assert "<dd>Yüksek iyi</dd>" not in html and "<dd>Yıllık</dd>" not in html
    assert "<td>Cinsiyet</td>" not in html
    csv = client.get(f"/acik/{SLUG}/gosterge/{code}/", {"dil": "en", "csv": f"{code}-kirilim"})
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Period,Breakdown,Option,Value"
    assert "2024,District,Konak,3333.0000" in lines
    assert not any(",Cinsiyet," in line for line in lines)  # catalogue


def test_the_activity_page_in_english_names_its_breakdowns(client, planted):
    html = client.get(f"/acik/{SLUG}/faaliyet/{planted.row}/?dil=en").content.decode()
    # catalogue: "Toplam" and "Cinsiyet" ("Kadın" has its translation already).
    assert "<td>Toplam</td>" not in html and "Cinsiyet: " not in html
    assert ": Women</td>" in html and "Kadın</td>" not in html


def test_the_map_page_in_english(client, planted):
    code = planted.indicators.first().code
    response = client.get(
        f"/acik/{SLUG}/harita/",
        {"kaynak": f"g:{code}", "donem": "2024", "olcek": "women", "dil": "en"},
    )
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert '<label for="m-olcek">Scale</label>' in html and "Raw value" in html
    assert "Ölçek" not in html and "Ham değer" not in html and "10.000 kadın başına" not in html
    assert '<th scope="row">Konak</th><td class="num">3.333</td>' in html


# --- The district map -----------------------------------------------------------------------


def test_the_map_shows_context_figures_with_a_table_and_attribution(client, izmir_plan):
    response = client.get(f"/acik/{SLUG}/harita/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sınırlar: OCHA / HDX COD-AB" in html
    assert '<label for="m-kaynak">' in html and 'method="get"' in html
    assert html.count('<th scope="row">') == 30  # every district, with or without data
    assert "veri yok" in html  # the grey districts say so in the table too
    assert "csrfmiddlewaretoken" not in html  # a public page renders no form that posts


def test_the_map_of_an_indicator_is_the_approved_sum_by_district(client, planted):
    code = planted.indicators.first().code
    url = f"/acik/{SLUG}/harita/"
    html = client.get(url, {"kaynak": f"g:{code}", "donem": "2024"}).content.decode()
    assert f'<option value="g:{code}" selected>' in html
    assert '<th scope="row">Konak</th><td class="num">3.333</td>' in html
    assert "876.543" not in html and "987.654" not in html
    women = client.get(url, {"kaynak": f"g:{code}", "donem": "2024", "olcek": "women"})
    assert "10.000 kadın başına" in women.content.decode()
    csv_lines = (
        client.get(url, {"kaynak": f"g:{code}", "donem": "2024", "csv": "harita"})
        .content.decode("utf-8-sig")
        .splitlines()
    )
    assert len(csv_lines) == 31 and any(line.startswith("Konak,") for line in csv_lines)


def test_the_map_answers_304_and_keeps_the_language_in_its_form(client, izmir_plan):
    url = f"/acik/{SLUG}/harita/?olcek=women&dil=en"
    first = client.get(url)
    assert first.status_code == 200 and "public" in first["Cache-Control"]
    assert '<input type="hidden" name="dil" value="en">' in first.content.decode()
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    # Another choice is another address, with its own validator.
    assert client.get(f"/acik/{SLUG}/harita/?olcek=raw")["ETag"] != first["ETag"]


def test_an_unknown_map_choice_falls_back_to_a_map(client, izmir_plan):
    response = client.get(f"/acik/{SLUG}/harita/", {"kaynak": "g:yok", "donem": "1900"})
    assert response.status_code == 200 and "Sınırlar" in response.content.decode()


def test_plan_pages_link_the_map_and_the_reports(client, izmir_plan):
    for url in ("/acik/", f"/acik/{SLUG}/"):
        html = client.get(url, {"dil": "en"}).content.decode()
        assert f'href="/acik/{SLUG}/harita/?dil=en"' in html
        assert f'href="/acik/{SLUG}/raporlar/?dil=en"' in html


def test_a_new_year_of_district_context_figures_changes_the_maps_etag(client, izmir_plan):
    from esitkent.monitoring.context_services import context_values_import

    url = f"/acik/{SLUG}/harita/?kaynak=s:kdm-bulunan-ilce-sayisi"
    before = client.get(url)
    context_values_import(
        stream=iter(
            [
                "seri,donem,cinsiyet,kirilim,deger,kaynak,not\n",
                "kdm-bulunan-ilce-sayisi,2023,,district=bornova,2,KDM kayıtları 2023,\n",
            ]
        )
    )
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert '<option value="2023" selected>' in after.content.decode()
