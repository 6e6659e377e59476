"""The Turkish interface is Turkish: no English developer note on a centre's profile or on the
context page, and the admin names its models as Turkish writes them (İlçeler, not Ilçeler or
Authenticators)."""

import re

import pytest

# Words no Turkish sentence uses, found whole: an English note is made of them.
ENGLISH = re.compile(
    r"\b(the|The|of|and|is|are|seed|footnote|line|lines|named|printed|taken|assumed|"
    r"which|from|this|made|up|As above|read as|no year)\b"
)


def english_on(html: str) -> list[str]:
    """The English sentences a reader sees: tags, scripts and the language switcher's own
    name for English left out."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'<[^>]*hreflang="en"[^>]*>.*?</a>', " ", html, flags=re.S)
    html = re.sub(r'<option value="en"[^>]*>.*?</option>', " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", "\n", html)
    lines = [line.strip() for line in text.splitlines()]
    return sorted({line for line in lines if ENGLISH.search(line)})


@pytest.fixture
def network_client(client, make_user):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = make_user("ag-koordinatoru", "network_coordinator")
    TOTP.activate(user, generate_totp_secret())
    client.force_login(user)
    return client


@pytest.mark.parametrize("code", ["kdm-karsiyaka", "izbb-kdm", "izbb-siginmaevi"])
def test_a_centre_profile_in_turkish_has_no_english_note(network_client, code):
    page = network_client.get(f"/merkezler/{code}/", HTTP_ACCEPT_LANGUAGE="tr")

    assert page.status_code == 200
    assert "Kaynak" in page.content.decode()  # the provenance is still there
    assert english_on(page.content.decode()) == []


def test_the_context_page_in_turkish_has_no_english_note(viewer_client):
    page = viewer_client.get("/panolar/baglam/", HTTP_ACCEPT_LANGUAGE="tr")

    assert page.status_code == 200
    assert english_on(page.content.decode()) == []


def test_the_detector_finds_an_english_note():
    """The control: the check above can fail."""
    assert english_on("<p>The seed names a KDM in Buca (2021).</p>") != []
    assert english_on("<p>Kadın danışma merkezi; kaynak: plan metni, dipnot 17</p>") == []


# --- The admin's names ---------------------------------------------------------------------------


def test_the_admin_index_names_models_in_turkish(admin_client):
    text = admin_client.get("/yonetim/", HTTP_ACCEPT_LANGUAGE="tr").content.decode()

    assert "İlçeler" in text
    assert "Ilçeler" not in text
    assert "Authenticator" not in text
    assert "Doğrulayıcılar" in text


# --- The annual report's data-quality table ------------------------------------------------------


def test_the_annual_reports_lint_findings_are_named_in_turkish(izmir_plan):
    import io

    from openpyxl import load_workbook

    from esitkent.plans.domain import summarise
    from esitkent.plans.selectors import plan_findings
    from esitkent.reports.render import render
    from esitkent.reports.selectors import annual_report

    codes = set(summarise(plan_findings(izmir_plan)))
    assert "duplicate-row" in codes  # the control: the plan has such findings to show

    report = annual_report(izmir_plan, 2024)
    html = render(report, "html", "tr").decode()
    sheet = load_workbook(io.BytesIO(render(report, "xlsx", "tr")))["Veri kalitesi"]
    cells = {str(row[0]) for row in sheet.iter_rows(min_row=2, values_only=True)}

    quality = html.split("Veri kalitesi", 1)[1]
    for code in codes:
        assert f">{code}<" not in quality, code
        assert code not in cells, code
    assert ">Aynı satır iki kez basılmış<" in quality and "Aynı satır iki kez basılmış" in cells
