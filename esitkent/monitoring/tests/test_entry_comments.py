"""A comment beside every breakdown value in the entry form, as the import already takes one."""

import datetime as dt
import html as html_lib
import re

import pytest

from esitkent.core import value_breakdowns
from esitkent.monitoring import period_services
from esitkent.monitoring.models import DataValue, IndicatorDefinition, Submission

CROSS = {"age": "18-29", "sex": "F"}


@pytest.fixture
def period(izmir_plan):
    return period_services.reporting_period_create(
        plan=izmir_plan, code="2024", deadline=dt.date.today() + dt.timedelta(days=20)
    )


@pytest.fixture
def indicator(izmir_plan):
    # Broken down by sex and age: the form has single-dimension cells and the sex × age grid.
    return IndicatorDefinition.objects.get(indicator__code="egitim-1.6.1-g2").indicator


def entry_url(period):
    return f"/izleme/donem/{period.id}/birim/sosyal-projeler-db/"


def reporter(client, make_user, name="rap"):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=name).first()
    client.force_login(user or make_user(name, "reporter", "sosyal-projeler-db"))
    return client


def comment_field(page: str, indicator, key: str) -> tuple[str, str, str]:
    """The comment input of one cell: its label text, its value and the text around it."""
    name = f"c|{indicator.id}|{key}"
    match = re.search(rf'<input id="([^"]+)" name="{re.escape(name)}" value="([^"]*)"', page)
    assert match, f"no comment field {name}"
    field_id, value = match.groups()
    label = re.search(rf'<label for="{re.escape(field_id)}"[^>]*>([^<]*)</label>', page)
    assert label, f"comment field {name} has no label"
    start = page.rfind("<details", 0, match.start())
    return html_lib.unescape(label.group(1)), html_lib.unescape(value), page[start : match.end()]


def test_every_breakdown_cell_has_its_own_labelled_comment_behind_a_disclosure(
    client, make_user, period, indicator
):
    page = reporter(client, make_user).get(entry_url(period)).content.decode()
    label, value, around = comment_field(page, indicator, value_breakdowns.breakdown_key(CROSS))
    assert label == "Açıklama: 18–29 · Kadın" and value == ""
    assert re.search(r"<summary[^>]*>Açıklama ekle</summary>", around)
    label, _, _ = comment_field(page, indicator, "sex=M")
    assert label == "Açıklama: Cinsiyet: Erkek"
    label, _, _ = comment_field(page, indicator, "")
    assert label == "Açıklama: Toplam"
    # One field per cell: a second field of the same name would overwrite the first.
    assert page.count(f'name="c|{indicator.id}|"') == 1


def test_comments_per_value_are_saved_shown_back_and_seen_by_the_reviewer(
    client, make_user, period, indicator
):
    reporter(client, make_user)
    cross = value_breakdowns.breakdown_key(CROSS)
    response = client.post(
        entry_url(period),
        {
            f"v|{indicator.id}|": "10",
            f"c|{indicator.id}|": "katılım listesinden",
            f"v|{indicator.id}|{cross}": "4",
            f"c|{indicator.id}|{cross}": "iki kursiyer yaşını belirtmedi",
            f"v|{indicator.id}|sex=F": "6",
            f"c|{indicator.id}|sex=F": "",
            "save": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = dict(
        DataValue.objects.filter(indicator=indicator, period="2024").values_list(
            "breakdown_key", "comment"
        )
    )
    assert stored == {
        "": "katılım listesinden",
        cross: "iki kursiyer yaşını belirtmedi",
        "sex=F": "",
    }
    page = client.get(entry_url(period)).content.decode()
    _, value, around = comment_field(page, indicator, cross)
    assert value == "iki kursiyer yaşını belirtmedi"
    assert "<details" in around and " open" in around.split(">")[0]

    submission = Submission.objects.get(period=period)
    client.force_login(make_user("koord", "coordinator"))
    review = client.get(f"/izleme/gonderim/{submission.pk}/inceleme/").content.decode()
    row = re.search(r"<tr><td>[^<]*</td><td>18–29 · Kadın</td>.*?</tr>", review, re.S)
    assert row and "iki kursiyer yaşını belirtmedi" in row.group(0)


def test_a_stale_form_never_clears_a_comment_another_reporter_saved(
    client, make_user, period, indicator
):
    """Ayşe opens the form; Banu adds a comment to a value; Ayşe saves her page as she read it
    with a change elsewhere. Banu's comment stays."""
    cross = value_breakdowns.breakdown_key(CROSS)
    reporter(client, make_user, "banu")
    client.post(entry_url(period), {f"v|{indicator.id}|{cross}": "4", "save": "1"})
    reporter(client, make_user, "ayse")
    ayse_page = client.get(entry_url(period)).content.decode()
    stale = {
        name: html_lib.unescape(value)
        for name, value in re.findall(r'name="([^"]+)" value="([^"]*)"', ayse_page)
        if "|" in name
    }
    assert f"oc|{indicator.id}|{cross}" in stale  # the form says what comment it showed

    reporter(client, make_user, "banu")
    client.post(
        entry_url(period),
        {
            f"v|{indicator.id}|{cross}": "4",
            f"o|{indicator.id}|{cross}": "4",
            f"c|{indicator.id}|{cross}": "Banu: liste eksik",
            f"oc|{indicator.id}|{cross}": "",
            f"ver|{indicator.id}|{cross}": "1",
            "save": "1",
        },
    )
    reporter(client, make_user, "ayse")
    stale[f"v|{indicator.id}|sex=M"] = "3"
    response = client.post(entry_url(period), {**stale, "save": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    value = DataValue.objects.get(indicator=indicator, period="2024", breakdown_key=cross)
    assert value.comment == "Banu: liste eksik"
    assert DataValue.objects.get(indicator=indicator, breakdown_key="sex=M").value == 3


def test_a_comment_on_an_empty_cell_is_refused_rather_than_lost(
    client, make_user, period, indicator
):
    reporter(client, make_user)
    response = client.post(
        entry_url(period),
        {
            f"v|{indicator.id}|sex=F": "",
            f"o|{indicator.id}|sex=F": "",
            f"c|{indicator.id}|sex=F": "veri gelmedi",
            f"oc|{indicator.id}|sex=F": "",
            "save": "1",
        },
    )
    assert response.status_code == 400
    assert "açıklama bir değerin yanında saklanır" in response.content.decode()
