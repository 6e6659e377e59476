"""The entry form's history is the period's being entered, with a link to every period's."""

import datetime as dt
import html as html_lib
import re

import pytest

from esitkent.monitoring import period_services
from esitkent.monitoring.models import IndicatorDefinition


@pytest.fixture
def two_periods(izmir_plan):
    deadline = dt.date.today() + dt.timedelta(days=20)
    return (
        period_services.reporting_period_create(plan=izmir_plan, code="2023", deadline=deadline),
        period_services.reporting_period_create(plan=izmir_plan, code="2024", deadline=deadline),
    )


@pytest.fixture
def indicator(izmir_plan):
    return IndicatorDefinition.objects.get(indicator__code="egitim-1.6.1-g2").indicator


def entry_url(period):
    return f"/izleme/donem/{period.id}/birim/sosyal-projeler-db/"


def indicator_history(page: str, indicator) -> str:
    """The history shown inside one indicator's fieldset of the form."""
    start = page.index(f"({indicator.code}")
    return page[start : page.index("</fieldset>", start)]


def test_the_form_shows_this_periods_changes_and_links_to_the_rest(
    client, make_user, two_periods, indicator
):
    earlier, current = two_periods
    client.force_login(make_user("rap", "reporter", "sosyal-projeler-db"))
    for period, value in ((earlier, "777"), (current, "15")):
        response = client.post(entry_url(period), {f"v|{indicator.id}|": value, "save": "1"})
        assert response.status_code == 302

    history = indicator_history(client.get(entry_url(current)).content.decode(), indicator)
    assert "“15”" in history
    assert "777" not in history  # another period's change is not this period's history

    link = re.search(r'<a href="([^"]+)"[^>]*>Bütün dönemlerin geçmişi</a>', history)
    assert link, "no link to the other periods' history"
    everything = client.get(html_lib.unescape(link.group(1)))
    assert everything.status_code == 200
    full = indicator_history(everything.content.decode(), indicator)
    assert "“777”" in full and "“15”" in full
    # Each line says which period it was, so 2023's change is not read as this period's.
    assert re.search(r"<strong>2023</strong>[^<]*“” → “777”", full)
    assert 'href="?"' not in full and "Yalnız bu dönemin geçmişi" in full
