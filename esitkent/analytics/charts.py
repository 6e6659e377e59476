"""Vega-Lite specs built once in Python, rendered in the browser (compiled to Vega) and to SVG
for PDFs by vl-convert. One spec, two renderers."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cached_property, lru_cache

import vl_convert
from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from esitkent.core.downloads import attachment, csv_bytes

from . import domain

VL_VERSION = "5.21"
FONT = "DejaVu Sans"
BRAND = "#4b2375"
RAG_COLOURS = {"green": "#2e7d32", "amber": "#b26a00", "red": "#b3261e", "none": "#8a8494"}
# Translated when a spec is built, in the language of the page or report being drawn.
ATTRIBUTION = gettext_noop("Sınırlar: OCHA / HDX COD-AB")
# d3-format's Turkish number locale, which both Vega in the browser and vl-convert read from a
# spec's config; English needs none, being Vega's default.
NUMBER_LOCALES = {
    "tr": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₺"]},
}


def _base(title: str, width=560, height=260) -> dict:
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": title, "anchor": "start", "font": FONT, "fontSize": 14},
        "width": width,
        "height": height,
        "config": {
            # The figure is one image named by its title, with its data in the table beside
            # it; per-mark ARIA roles would give screen readers hundreds of unnamed shapes.
            "aria": False,
            "font": FONT,
            "axis": {"labelFont": FONT, "titleFont": FONT},
            "legend": {"labelFont": FONT, "titleFont": FONT},
            "view": {"stroke": None},
        },
    }
    # The spec is built in the language of the page or report being drawn.
    number = NUMBER_LOCALES.get((get_language() or "").split("-")[0])
    if number:
        spec["config"]["locale"] = {"number": number}
    return spec


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


def progress_by_area(rows: list[dict], title: str, *, axis_title: str = "İlerleme (%)") -> dict:
    """rows: {label, progress (0–100 or None), rag}."""
    spec = _base(title, height=max(120, 28 * len(rows)))
    spec["data"] = {"values": [{**r, "progress": _plain(r["progress"])} for r in rows]}
    spec["mark"] = {"type": "bar", "tooltip": True}
    spec["encoding"] = {
        "y": {"field": "label", "type": "nominal", "sort": None, "title": None},
        "x": {
            "field": "progress",
            "type": "quantitative",
            "scale": {"domain": [0, 100]},
            "title": _(axis_title),
        },
        "color": {
            "field": "rag",
            "type": "nominal",
            "scale": {"domain": list(RAG_COLOURS), "range": list(RAG_COLOURS.values())},
            "legend": None,
        },
    }
    return spec


def series(rows: list[dict], title: str, *, baseline=None, targets: dict | None = None) -> dict:
    """rows: {period, value}; baseline and yearly targets drawn as reference marks.

    A period that contains others shown (a 2020/2021 total beside 2020 and 2021) is left out
    of the bars and named under the title: as one more bar it would read as a third year
    twice the size of the others. The table beside the chart keeps its figure."""
    covering = domain.covering_periods(r["period"] for r in rows)
    layers = [
        {
            "data": {
                "values": [
                    {"period": r["period"], "value": _plain(r["value"]), "kind": _("Değer")}
                    for r in rows
                    if r["period"] not in covering
                ]
            },
            "mark": {"type": "bar", "color": BRAND, "tooltip": True},
            "encoding": {
                "x": {"field": "period", "type": "ordinal", "title": _("Dönem")},
                "y": {"field": "value", "type": "quantitative", "title": None},
            },
        }
    ]
    if targets:
        layers.append(
            {
                "data": {
                    "values": [
                        {"period": str(y), "value": _plain(v), "kind": _("Hedef")}
                        for y, v in sorted(targets.items())
                    ]
                },
                "mark": {"type": "tick", "color": "#b26a00", "thickness": 3, "tooltip": True},
                "encoding": {
                    "x": {"field": "period", "type": "ordinal"},
                    "y": {"field": "value", "type": "quantitative"},
                },
            }
        )
    if baseline is not None:
        layers.append(
            {
                "data": {"values": [{"baseline": _plain(baseline)}]},
                "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#4d4857"},
                "encoding": {"y": {"field": "baseline", "type": "quantitative"}},
            }
        )
    spec = _base(title, height=200)
    if covering:
        spec["title"]["subtitle"] = _(
            "%(periods)s: içerdiği dönemlerin toplamı; onlarla yan yana çizilmedi, tabloda."
        ) % {"periods": ", ".join(sorted(covering))}
    spec["layer"] = layers
    return spec


def district_map(
    features: list[dict], title: str, *, legend_title: str, breaks: list[Decimal]
) -> dict:
    """features: GeoJSON features whose properties carry name and value (None = no data)."""
    spec = _base(title, width=520, height=520)
    spec["title"]["subtitle"] = _(ATTRIBUTION)
    spec["data"] = {"values": features, "format": {"type": "json"}}
    spec["projection"] = {"type": "mercator"}
    spec["mark"] = {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.7, "invalid": None}
    colour = {"field": "properties.value", "type": "quantitative", "title": legend_title}
    if breaks:
        colour["scale"] = {
            "type": "threshold",
            "domain": [_plain(b) for b in breaks[:-1]] or [_plain(breaks[0])],
            "scheme": "purples",
        }
        # Vega writes a threshold legend's labels in its own English format unless told a
        # format; told one, it uses the spec's locale (1.234,5 in Turkish).
        colour["legend"] = {"format": ",~r"}
    spec["encoding"] = {
        "color": {
            "condition": {"test": "datum.properties.value === null", "value": "#d9d9d9"},
            **colour,
        },
        "tooltip": [
            {"field": "properties.name", "type": "nominal", "title": _("İlçe")},
            {
                "field": "properties.value",
                "type": "quantitative",
                "title": legend_title,
                "format": ",.2~f",
            },
        ],
    }
    return spec


def bars(rows: list[dict], title: str, *, x_title: str) -> dict:
    """rows: {label, value, group?}; grouped horizontal bars (e.g. women and men)."""
    spec = _base(title, height=max(100, 22 * len(rows)))
    spec["data"] = {"values": [{**r, "value": _plain(r["value"])} for r in rows]}
    spec["mark"] = {"type": "bar", "tooltip": True}
    spec["encoding"] = {
        "y": {"field": "label", "type": "nominal", "sort": None, "title": None},
        "x": {"field": "value", "type": "quantitative", "title": _(x_title)},
        "color": {
            "field": "group",
            "type": "nominal",
            "title": None,
            "scale": {"range": [BRAND, "#c8a2e8", "#8a8494"]},
        },
        "yOffset": {"field": "group"},
    }
    return spec


def _hide_from_assistive_tech(node: dict) -> None:
    """Vega-Lite's `aria: false` reaches guides but not mark containers, which Vega then
    labels as unnamed graphics. Every mark, axis and legend is hidden; the chart is one image
    (named by charts.js) with its table beside it."""
    for key in ("marks", "axes", "legends"):
        for child in node.get(key, []):
            child["aria"] = False
            _hide_from_assistive_tech(child)


@lru_cache(maxsize=256)
def _to_vega(spec_json: str) -> str:
    vega = vl_convert.vegalite_to_vega(json.loads(spec_json), vl_version=VL_VERSION)
    _hide_from_assistive_tech(vega)
    return json.dumps(vega)


def to_vega(spec: dict) -> str:
    """The Vega spec (JSON text) the browser renders."""
    return _to_vega(json.dumps(spec, sort_keys=True, default=str))


def to_svg(spec: dict) -> str:
    return vl_convert.vegalite_to_svg(
        json.loads(json.dumps(spec, default=str)), vl_version=VL_VERSION
    )


def timeliness(rows: list[dict], title: str) -> dict:
    """rows: {label, on_time, late, units}: stacked bars of units that sent on time, late, or
    not at all, per period."""
    values = []
    for r in rows:
        waiting = max(0, r["units"] - r["on_time"] - r["late"])
        for group, count in (
            ("Zamanında", r["on_time"]),
            ("Geç", r["late"]),
            ("Göndermedi", waiting),
        ):
            values.append({"label": r["label"], "group": group, "value": count})
    spec = _base(title, height=max(80, 28 * len(rows)))
    spec["data"] = {"values": values}
    spec["mark"] = {"type": "bar", "tooltip": True}
    spec["encoding"] = {
        "y": {"field": "label", "type": "nominal", "sort": None, "title": None},
        "x": {
            "field": "value",
            "type": "quantitative",
            "stack": True,
            "title": _("Birim sayısı"),
            "axis": {"tickMinStep": 1, "format": "d"},
        },
        "color": {
            "field": "group",
            "type": "nominal",
            "title": None,
            "sort": ["Zamanında", "Geç", "Göndermedi"],
            "scale": {
                "domain": ["Zamanında", "Geç", "Göndermedi"],
                "range": [RAG_COLOURS["green"], RAG_COLOURS["amber"], RAG_COLOURS["none"]],
            },
        },
        "order": {"field": "group", "sort": "descending"},
    }
    return spec


class Chart:
    """A chart on a page: its Vega spec for the browser, a table view and a CSV download.
    Shared by the dashboards and the public portal, so both draw a figure the same way."""

    def __init__(
        self,
        name: str,
        spec: dict,
        columns: list[tuple[str, str]],
        rows: list[dict],
        *,
        measure: str | None = None,
    ):
        # Column names may come as Turkish msgids; the table and the CSV header are in the
        # reader's language (a name already translated passes through unchanged).
        self.name, self.rows = name, rows
        self.columns = [(key, _(label) if label else label) for key, label in columns]
        self.title = spec["title"]["text"]
        # Nothing to draw (e.g. no approved activity report yet): the page says so instead of
        # showing empty axes.
        self.empty = measure is not None and all(
            v.get(measure) is None for v in spec["data"]["values"]
        )
        self.spec = spec
        self.dom_id = f"spec-{slugify(name)}"

    @cached_property
    def vega(self) -> dict:
        """Compiled only when the page is drawn, not for a CSV download. Parsed, so that the
        template's json_script escapes <, > and & in names and labels."""
        return json.loads(to_vega(self.spec))

    def table(self):
        return [[row.get(key) for key, _label in self.columns] for row in self.rows]


def csv_download(request, page_charts: list[Chart | None]) -> HttpResponse | None:
    """The table of the page's chart that the address names (?csv=<name>) as a CSV file, or
    None when it names none of them. A chart the page has nothing to draw for is None and
    skipped. The address names the file, so a public page's CSV is cacheable like the page."""
    wanted = request.GET.get("csv")
    chart = next((c for c in page_charts if c is not None and c.name == wanted), None)
    if chart is None:
        return None
    header = [label for _key, label in chart.columns]
    return attachment(csv_bytes(header, chart.table()), f"{chart.name}.csv")


def map_chart(data, title: str) -> Chart:
    """The district map (a map_selectors.MapData) with its table: one figure for the dashboard's
    map and the portal's."""
    return Chart(
        "harita",
        district_map(data.features, title, legend_title=data.legend, breaks=data.breaks),
        [
            ("district", _("İlçe")),
            ("pcode", "pcode"),
            ("value", _("Değer")),
            ("shown", data.legend),
            ("population_year", _("Nüfus yılı")),
        ],
        data.rows,
    )
