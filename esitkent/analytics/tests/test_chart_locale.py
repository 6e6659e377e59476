"""Numbers in charts and map legends are written as the page's language writes them: 1.200 and
0,06 in Turkish, 1,200 and 0.06 in English; in the browser's spec and in the report's SVG."""

import json
import re
from decimal import Decimal

import pytest
from django.utils import translation

from esitkent.analytics import charts

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[27.0, 38.4], [27.1, 38.4], [27.1, 38.5], [27.0, 38.5], [27.0, 38.4]]],
}


def _texts(svg: str) -> list[str]:
    return re.findall(r">([^<>]+)</text>", svg)


def _bars() -> dict:
    return charts.bars(
        [{"label": "Kadın", "value": 1200}, {"label": "Erkek", "value": 300}],
        "Başvuru",
        x_title="Sayı",
    )


def _map() -> dict:
    features = [
        {"type": "Feature", "geometry": SQUARE, "properties": {"name": f"İlçe {i}", "value": v}}
        for i, v in enumerate([0.03, 0.09, 0.2])
    ]
    return charts.district_map(
        features,
        "Oran",
        legend_title="Oran",
        breaks=[Decimal("0.06"), Decimal("0.12"), Decimal("0.25")],
    )


def test_a_turkish_page_writes_thousands_with_a_dot_in_the_svg():
    with translation.override("tr"):
        texts = _texts(charts.to_svg(_bars()))

    assert "1.200" in texts
    assert "1,200" not in texts


def test_a_turkish_map_legend_writes_decimals_with_a_comma():
    with translation.override("tr"):
        texts = _texts(charts.to_svg(_map()))

    assert "0,06" in texts and "0,12" in texts
    assert "0.06" not in texts


@pytest.mark.parametrize("language", ["tr", "en"])
def test_the_browsers_spec_carries_the_pages_number_format(language):
    with translation.override(language):
        vega = json.loads(charts.to_vega(_bars()))

    number = vega.get("config", {}).get("locale", {}).get("number")
    if language == "tr":
        assert number is not None
        assert (number["decimal"], number["thousands"]) == (",", ".")
    else:
        assert number is None  # Vega's own default is English


def test_an_english_page_keeps_english_numbers():
    """The control: the same charts in English."""
    with translation.override("en"):
        bar_texts = _texts(charts.to_svg(_bars()))
        map_texts = _texts(charts.to_svg(_map()))

    assert "1,200" in bar_texts and "1.200" not in bar_texts
    assert "0.06" in map_texts and "0,06" not in map_texts
