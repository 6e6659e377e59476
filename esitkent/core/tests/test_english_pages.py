"""The English view is English: each role's pages, and the public portal, read in English show no
Turkish interface word — status and term words, breakdown names and options, district codes,
flash messages, chart titles and CSV headers. The plan's own text and the names of organisations,
districts and people stay as they are and are left out of the check."""

import csv
import datetime as dt
import io
import re
from html.parser import HTMLParser
from pprint import pformat

import pytest
from django.conf import settings

from esitkent.core import value_breakdowns
from esitkent.monitoring import entry_services, period_services, review_services, value_services
from esitkent.monitoring.models import (
    ActivityReport,
    ContextSeries,
    IndicatorDefinition,
    ReportingPeriod,
    Submission,
)
from esitkent.orgs.models import District, Organisation
from esitkent.plans.models import (
    Activity,
    ActivityParty,
    Area,
    Goal,
    Indicator,
    Plan,
    PlanEvent,
    PlanPrinciple,
    SubGoal,
)

SLUG = "izmir-yeep-2022-2024"
UNIT = "sosyal-projeler-db"
TODAY = dt.date(2025, 1, 10)

# Interface words a Turkish page uses and an English one must not: statuses, terms, breakdowns,
# buttons, counts. Matched whole, as written.
TURKISH_WORDS = [
    *("Başlanmadı", "Başlamadı", "Sürüyor", "Tamamlandı", "Gecikmede", "İptal"),
    *("Taslak", "Gönderildi", "Geri gönderildi", "Onaylandı", "Onay kaldırıldı"),
    *("Kısa Vadeli", "Orta Vadeli", "Uzun Vadeli", "Kısa vadeli", "Orta vadeli", "Uzun vadeli"),
    *("Dönem", "dönem", "Değer", "değer", "Hedef", "Toplam", "toplam"),
    *("Kadın", "Erkek", "Yaş", "Yaş grubu", "Cinsiyet", "İlçe", "Engelli", "Engellilik"),
    *("Kırılım", "kırılım", "Seçenek", "Gösterge", "Faaliyet", "Birim", "Durum", "Açıklama"),
    *("Kaydet", "Gönder", "Onayla", "Geri gönder", "Ara", "Filtrele", "İndir", "Giriş", "Çıkış"),
    *("gün", "hata", "sorun", "Yıllık", "Sayı", "Yüzde", "Oran", "Tutar", "Yüksek iyi"),
    *("Düşük iyi", "Evet", "Hayır", "veri yok", "Henüz", "Kaynak", "Yıl", "Plan metni"),
    *("Amaç", "Alt amaç", "Sorumlu", "İşbirliği", "Vade", "Başlangıç", "Ölçek"),
    *("Ham değer", "ve üzeri", "Onaylı", "onaylı", "Son gün", "Kayıt", "Özet", "Harita"),
]
TURKISH = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, TURKISH_WORDS)) + r")(?![\w-])")
# A count of one with a plural noun: a message that does not know its count ("1 errors").
ONE_PLURAL = re.compile(
    r"(?<![\d.,])1 (errors|warnings|notes|days|problems|rows|changes|activities|values|"
    r"indicators|units|districts|submissions|findings|records|files|tasks|alerts)\b"
)


class _Visible(HTMLParser):
    """Text a reader sees or hears: text nodes, button values, labels given as attributes."""

    SKIP = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self._turkish_option = False

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip += 1
        attrs = dict(attrs)
        for name in ("aria-label", "title", "placeholder", "alt"):
            if attrs.get(name):
                self.parts.append(attrs[name])
        if tag == "input" and attrs.get("type") in {"submit", "button"} and attrs.get("value"):
            self.parts.append(attrs["value"])
        if tag == "option":  # the switch names Turkish in Turkish ("Türkçe")
            self._turkish_option = attrs.get("lang") == "tr" or attrs.get("value") == "tr"

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        if tag == "option":
            self._turkish_option = False

    def handle_data(self, data):
        if not self._skip and not self._turkish_option and data.strip():
            self.parts.append(data)


def visible_text(html: str) -> list[str]:
    html = re.sub(r'<a[^>]*hreflang="tr"[^>]*>.*?</a>', " ", html, flags=re.S)  # "Türkçe"
    parser = _Visible()
    parser.feed(html)
    return [" ".join(part.split()) for part in parser.parts if part.strip()]


class Names:
    """The plan's own text and the names of places, organisations and people: shown as written
    in either language, so a Turkish word inside them is not the interface's."""

    def __init__(self, extra=()):
        texts = set(extra)
        for model, fields in (
            (Plan, ("title", "vision", "source")),
            (Area, ("title", "title_printed")),
            (Goal, ("title",)),
            (SubGoal, ("title",)),
            (Activity, ("title", "term_printed", "indicators_printed", "note")),
            (Indicator, ("name", "target_printed", "baseline_printed")),
            (Organisation, ("name", "short_name")),
            (District, ("name",)),
        ):
            for row in model.objects.values_list(*fields):
                texts.update(t.strip() for t in row if t and t.strip())
        for row in ContextSeries.objects.values_list("name", "unit", "source", "note"):
            texts.update(row)
        for row in IndicatorDefinition.objects.values_list("unit", "data_source", "note"):
            texts.update(row)
        texts.update(ActivityParty.objects.values_list("printed_name", flat=True))
        for row in PlanPrinciple.objects.values_list("title", "text"):
            texts.update(row)
        for row in PlanEvent.objects.values_list("title", "source"):
            texts.update(row)
        texts = {" ".join(t.split()) for t in texts if t and t.strip()}
        texts = sorted(texts, key=len, reverse=True)
        self.joined = "\x00".join(texts)
        self.whole = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, texts)) + r")(?!\w)")

    def strip(self, line: str) -> str:
        # A name cut short ("1.2.4 Toplumsal … — %40": a code, the start of a title, a status).
        pieces = re.split(r"…| — ", line)
        kept = []
        for piece in pieces:
            bare = re.sub(r"^\s*[\d.]+\s", "", piece).strip()
            if not (len(bare) >= 12 and bare in self.joined):
                kept.append(piece)
        return self.whole.sub(" ", " ".join(kept))


def turkish_on(html: str, names: Names | None = None) -> list[str]:
    found = []
    for line in visible_text(html):
        if not TURKISH.search(line):
            continue
        rest = names.strip(line) if names else line
        if TURKISH.search(rest):
            found.append(line[:160])
    return sorted(set(found))


def plurals_on(html: str) -> list[str]:
    return sorted({m.group(0) for line in visible_text(html) for m in ONE_PLURAL.finditer(line)})


def district_codes_on(html: str) -> list[str]:
    """A district shown by its code ("karsiyaka", "bayindir") and not its name."""
    codes = {c for c, n in District.objects.values_list("code", "name") if c != n.lower()}
    words = set()
    for line in visible_text(html):
        words.update(re.findall(r"[\w-]+", line))
    return sorted(words & codes)


# --- The data the pages show ---------------------------------------------------------------------


USER_TEXT = ["Raportör notu 71", "Düzeltme planı 72", "Gerekçe metni 73", "İade nedeni 74"]


def _indicator(dims):
    return next(
        i
        for i in Indicator.objects.filter(
            assignments__organisation__code=UNIT, activity__subgoal__goal__area__plan__slug=SLUG
        )
        .select_related("definition", "activity")
        .order_by("id")
        if list(i.definition.dimensions) == dims
    )


def _values(indicator, total, parts):
    entries = [value_services.ValueEntry(indicator, {}, str(total), "")]
    for breakdown, value in parts:
        entries.append(value_services.ValueEntry(indicator, breakdown, str(value), ""))
    return entries


def _fill(submission, reporter, today, statuses):
    from esitkent.monitoring.entry_selectors import entry_form

    full = _indicator(["sex", "age", "district"])
    by_district = _indicator(["district"])
    values = _values(
        full,
        10,
        [
            ({"sex": "F"}, 6),
            ({"sex": "M"}, 4),
            ({"age": "18-29"}, 3),
            ({"age": "65+"}, 7),
            ({"district": "konak"}, 8),
            ({"district": "karsiyaka"}, 2),
        ],
    ) + _values(by_district, 5, [({"district": "bayindir"}, 4), ({"district": "konak"}, 1)])
    entry_services.submission_save(
        submission=submission, values=values, reports=[], by=reporter, today=today
    )
    reports = []
    for n, block in enumerate(entry_form(submission, today=today)):
        status = statuses[n % len(statuses)]
        fields = {"status": status, "progress": 100 if status == "completed" else 40}
        fields.update(
            explanation=USER_TEXT[2],
            corrective_action=USER_TEXT[1],
            new_date=dt.date(2025, 6, 30),
        )
        reports.append(entry_services.ReportEntry(activity_id=block.activity.id, **fields))
    entry_services.submission_save(
        submission=submission, values=[], reports=reports, by=reporter, today=today
    )


@pytest.fixture
def cycle(izmir_plan, make_user):
    """2024 approved (returned once on the way), 2025 a draft: through the real services."""
    coordinator = make_user("koord-en", "coordinator")
    reporter = make_user("rapor-en", "reporter", UNIT)
    viewer = make_user("izleyen-en", "viewer", "tce-komisyonu")
    unit = Organisation.objects.get(code=UNIT)
    period = ReportingPeriod.objects.filter(plan=izmir_plan, code="2024").first()
    if period is None:
        period = period_services.reporting_period_create(
            plan=izmir_plan, code="2024", deadline=dt.date(2025, 1, 31)
        )
    submission = entry_services.submission_open(period=period, organisation=unit)
    statuses = ["completed", "ongoing", "delayed", "not_started", "cancelled"]
    _fill(submission, reporter, TODAY, statuses)
    review_services.submission_submit(submission=submission, by=reporter, today=TODAY)
    review_services.submission_return(submission=submission, by=coordinator, reason=USER_TEXT[3])
    review_services.submission_submit(
        submission=Submission.objects.get(pk=submission.pk), by=reporter, today=TODAY
    )
    review_services.submission_approve(
        submission=Submission.objects.get(pk=submission.pk), by=coordinator
    )
    assert ActivityReport.objects.filter(period=period, status="delayed").exists()

    later = period_services.reporting_period_create(
        plan=izmir_plan, code="2025", deadline=dt.date(2099, 1, 31)
    )
    draft = entry_services.submission_open(period=later, organisation=unit)
    _fill(draft, reporter, dt.date(2026, 1, 5), ["ongoing"])
    return {
        "coordinator": coordinator,
        "reporter": reporter,
        "viewer": viewer,
        "period": period,
        "later": later,
        "submission": submission,
        "draft": draft,
        "names": Names(
            [
                *USER_TEXT,
                *(u.get_full_name() or u.username for u in (coordinator, reporter, viewer)),
            ]
        ),
    }


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def staff_urls(cycle) -> list[str]:
    plan = Plan.objects.get(slug=SLUG)
    area = plan.areas.first().code
    full = _indicator(["sex", "age", "district"])
    period, draft, submission = cycle["period"], cycle["draft"], cycle["submission"]
    return [
        "/",
        "/planlar/",
        f"/planlar/{SLUG}/",
        f"/planlar/{SLUG}/alan/{area}/",
        f"/planlar/{SLUG}/faaliyet/{full.activity.row}/",
        f"/planlar/{SLUG}/ara/?q=kad%C4%B1n",
        f"/planlar/{SLUG}/denetim/",
        "/izleme/",
        f"/izleme/donem/{period.id}/birim/{UNIT}/",
        f"/izleme/donem/{draft.period_id}/birim/{UNIT}/",
        f"/izleme/gonderim/{submission.pk}/inceleme/",
        f"/izleme/plan/{SLUG}/inceleme/",
        f"/izleme/plan/{SLUG}/donemler/",
        f"/izleme/plan/{SLUG}/ilerleme/",
        f"/izleme/plan/{SLUG}/gostergeler/",
        f"/izleme/plan/{SLUG}/gostergeler/{full.code}/",
        "/panolar/",
        f"/panolar/{SLUG}/",
        f"/panolar/{SLUG}/harita/",
        f"/panolar/{SLUG}/tablo/",
        f"/panolar/{SLUG}/birimler/",
        f"/panolar/{SLUG}/birimler/{UNIT}/",
        f"/raporlar/{SLUG}/",
        f"/raporlar/{SLUG}/2024/",
        "/merkezler/",
    ]


def public_urls() -> list[str]:
    full = _indicator(["sex", "age", "district"])
    by_district = _indicator(["district"])
    return [
        "/",  # the front door: a visitor who is not signed in sees the portal
        "/acik/",
        "/acik/yontem/",
        "/acik/veri/",
        "/acik/bilgi/",
        f"/acik/{SLUG}/",
        f"/acik/{SLUG}/faaliyet/{full.activity.row}/",
        f"/acik/{SLUG}/faaliyet/{by_district.activity.row}/",
        f"/acik/{SLUG}/gosterge/{full.code}/",
        f"/acik/{SLUG}/gosterge/{by_district.code}/",
        f"/acik/{SLUG}/harita/",
        f"/acik/{SLUG}/harita/?kaynak=g:{full.code}&donem=2024&olcek=women",
        f"/acik/{SLUG}/raporlar/",
    ]


def one_level(client, pages, prefix, query="", limit=30) -> list[str]:
    """The pages these pages link to inside `prefix` (pages, not files), a few of each kind."""
    found, kinds = [], {}
    for page in pages:
        html = client.get(page).content.decode()
        for href in re.findall(r'href="(/[^"#]*)"', html):
            href = href.replace("&amp;", "&")
            path = href.split("?")[0]
            if not path.startswith(prefix) or re.search(r"csv=|\.(csv|json|xlsx|pdf)$", href):
                continue
            kind = re.sub(r"/[^/]+/$", "/*/", path)  # one activity page stands for the rest
            if href not in found and kinds.get(kind, 0) < 3:
                kinds[kind] = kinds.get(kind, 0) + 1
                found.append(re.sub(r"[?&]dil=en", "", href))
    return found[:limit]


def _check(client, urls, names, query=""):
    problems, checked = {}, []
    for url in dict.fromkeys(urls):
        address = url + (("&" if "?" in url else "?") + query if query else "")
        response = client.get(address, follow=True)
        if response.status_code == 403:  # not this role's page
            continue
        assert response.status_code == 200, address
        if not response["Content-Type"].startswith("text/html"):  # the report's PDF
            continue
        checked.append(address)
        html = response.content.decode()
        assert '<html lang="en"' in html, address  # the English view was chosen
        found = turkish_on(html, names) + district_codes_on(html) + plurals_on(html)
        if found:
            problems[address] = found
    assert len(checked) >= 8, checked  # the role saw its pages, not a wall of refusals
    import json
    import os

    if os.environ.get("ENGLISH_DUMP"):
        with open(os.environ["ENGLISH_DUMP"], "a") as f:
            f.write(json.dumps(problems, ensure_ascii=False, indent=1) + "\n")
    return problems


@pytest.mark.parametrize("role", ["coordinator", "reporter", "viewer"])
def test_staff_pages_in_english_show_no_turkish(client, cycle, role):
    client.force_login(cycle[role])
    _english(client)
    urls = staff_urls(cycle) + one_level(client, [f"/planlar/{SLUG}/", "/izleme/"], "/")
    problems = _check(client, urls, cycle["names"])
    assert problems == {}, pformat(problems, width=100)


def test_public_pages_in_english_show_no_turkish(client, cycle):
    start = ["/acik/?dil=en", f"/acik/{SLUG}/?dil=en", f"/acik/{SLUG}/harita/?dil=en"]
    urls = public_urls() + one_level(client, start, "/acik/")
    problems = _check(client, urls, cycle["names"], query="dil=en")
    assert problems == {}, pformat(problems, width=100)


def _csv_problems(response, names) -> list[str]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows, "an empty file"
    found = [f"header: {cell}" for cell in rows[0] if TURKISH.search(cell)]
    for row in rows[1:]:
        found += [
            cell for cell in row if TURKISH.search(cell) and TURKISH.search(names.strip(cell))
        ]
    return sorted(set(found))


def test_public_csv_downloads_in_english_have_english_headers_and_labels(client, cycle):
    full = _indicator(["sex", "age", "district"])
    urls = [
        f"/acik/{SLUG}/gosterge/{full.code}/?csv={full.code}-seri",
        f"/acik/{SLUG}/gosterge/{full.code}/?csv={full.code}-kirilim",
        f"/acik/{SLUG}/harita/?kaynak=g:{full.code}&donem=2024&olcek=women&csv=harita",
    ]
    problems = {}
    for url in urls:
        if found := _csv_problems(client.get(url + "&dil=en"), cycle["names"]):
            problems[url] = found
    assert problems == {}, pformat(problems, width=100)
    # The open-data file is for machines: its column names are the same in every language.
    opened = client.get("/acik/veri/esitkent-acik-veri.csv?dil=en").content.decode("utf-8-sig")
    assert opened.splitlines()[0].startswith("plan,area,activity,indicator,")


def test_dashboard_csv_downloads_in_english_have_english_headers(client, cycle):
    client.force_login(cycle["viewer"])
    _english(client)
    page = client.get(f"/panolar/{SLUG}/").content.decode()
    names = sorted(set(re.findall(r"[?&]csv=([\w.-]+)", page)))
    assert names  # the dashboard offers its charts' tables
    urls = [f"/panolar/{SLUG}/?csv={name}" for name in names]
    urls.append(f"/panolar/{SLUG}/harita/?csv=harita")
    problems = {}
    for url in urls:
        if found := _csv_problems(client.get(url), cycle["names"]):
            problems[url] = found
    assert problems == {}, pformat(problems, width=100)


def test_a_district_is_named_not_coded_in_a_breakdown_label(db):

    names = dict(District.objects.values_list("code", "name"))
    label = value_breakdowns.breakdown_label(
        {"district": "karsiyaka"}, translate=str, districts=names
    )
    assert label == "İlçe: Karşıyaka"


def test_history_words_read_in_english():
    """The history keeps its words as recorded (Turkish); the page shows them in English."""
    from django.utils import translation

    from esitkent.core.templatetags.esitkent import kayit

    with translation.override("en"):
        assert (
            kayit("Cinsiyet: Kadın · Yaş grubu: 65 ve üzeri")
            == "Sex: Women · Age group: 65 and over"
        )
        assert [kayit(w) for w in ("durum", "Gecikmede", "Geri gönderildi")] == [
            "status",
            "Delayed",
            "Returned",
        ]
        assert kayit("12 (ilk yarıyıl dahil)") == "12 (ilk yarıyıl dahil)"  # a person's text
        assert kayit("") == ""
    with translation.override("tr"):
        assert kayit("Cinsiyet: Kadın") == "Cinsiyet: Kadın"


def test_the_history_keeps_its_words_in_turkish_when_written_from_english(cycle):
    """A coordinator reading English writes the same record as one reading Turkish."""
    from django.utils import translation

    from esitkent.monitoring.models import Change

    submission = Submission.objects.get(pk=cycle["submission"].pk)
    with translation.override("en"):
        review_services.submission_unapprove(
            submission=submission, by=cycle["coordinator"], reason="x"
        )
    last = Change.objects.filter(submission=submission, field="durum").latest("id")
    assert (last.old, last.new) == ("Onaylandı", "Geri gönderildi")


def test_the_detector_finds_a_turkish_word_planted_in_an_english_page(cycle):
    """The control: the check can fail, and a name that holds a Turkish word does not fail it."""
    names = cycle["names"]
    page = "<html lang='en'><body><h1>Progress</h1><td>{}</td></body></html>"
    assert turkish_on(page.format("Status: Gecikmede"), names) == ["Status: Gecikmede"]
    assert turkish_on(page.format("3 gün late"), names) != []
    assert turkish_on('<input type="submit" value="Kaydet">', names) != []
    assert district_codes_on(page.format("karsiyaka: 2")) == ["karsiyaka"]
    assert plurals_on(page.format("1 errors, 2 warnings")) == ["1 errors"]
    assert plurals_on(page.format("1 error, 21 warnings, 2.1 days")) == []
    org = Organisation.objects.get(code=UNIT).name
    assert turkish_on(page.format(f"Unit: {org}"), names) == []
    assert turkish_on(page.format("Status: Delayed; Karşıyaka"), names) == []


def test_a_percentage_reads_the_way_of_the_language():
    from django.utils import translation

    from esitkent.core.templatetags.esitkent import yuzde

    with translation.override("en"):
        assert [yuzde(93), yuzde(92.6), yuzde(None)] == ["93%", "93%", ""]
    with translation.override("tr"):
        assert yuzde(93) == "%93"


PERCENT_FIRST = re.compile(r"%\d")  # "%93": the Turkish way


def test_the_portal_and_progress_pages_in_english_put_the_percent_sign_after(client, cycle):
    urls = ["/acik/", f"/acik/{SLUG}/", *public_urls()[4:6]]
    found = {}
    for url in urls:
        html = client.get(url + ("&" if "?" in url else "?") + "dil=en").content.decode()
        if hits := [line for line in visible_text(html) if PERCENT_FIRST.search(line)]:
            found[url] = hits[:3]
    client.force_login(cycle["coordinator"])
    _english(client)
    for url in [f"/izleme/plan/{SLUG}/ilerleme/", f"/panolar/{SLUG}/birimler/"]:
        html = client.get(url).content.decode()
        if hits := [line for line in visible_text(html) if PERCENT_FIRST.search(line)]:
            found[url] = hits[:3]
    assert found == {}, pformat(found, width=100)
    assert re.search(r"\d%", client.get(f"/izleme/plan/{SLUG}/ilerleme/").content.decode())


def test_a_history_row_names_a_district_the_record_keeps_by_its_code():
    from django.utils import translation

    from esitkent.core.templatetags.esitkent import kayit

    names = {"karsiyaka": "Karşıyaka"}
    with translation.override("en"):
        assert kayit("İlçe: karsiyaka", names) == "District: Karşıyaka"
        assert kayit("Cinsiyet: Kadın", names) == "Sex: Women"
    with translation.override("tr"):
        assert kayit("İlçe: karsiyaka", names) == "İlçe: Karşıyaka"
