"""Pure map rules shared by every choropleth: legend classes and districts as d3 draws them."""

from __future__ import annotations

from decimal import Decimal


def quantile_breaks(values: list[Decimal], classes: int = 5) -> list[Decimal]:
    """Upper bounds of `classes` roughly equal-count classes (for a choropleth legend)."""
    ordered = sorted(v for v in values if v is not None)
    if not ordered:
        return []
    breaks = []
    for k in range(1, classes + 1):
        index = min(len(ordered) - 1, max(0, round(k * len(ordered) / classes) - 1))
        if not breaks or ordered[index] > breaks[-1]:
            breaks.append(ordered[index])
    return breaks


def _ring_area(ring: list[list[float]]) -> float:
    """Twice the signed planar area (shoelace): positive when counter-clockwise."""
    return sum(
        x1 * y2 - x2 * y1
        for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:] + ring[:1], strict=True)
    )


def district_feature(name: str, boundary: dict | None, value) -> dict:
    """One district as the map draws it: its boundary wound for d3 and its value (None: no
    data, drawn grey)."""
    return {
        "type": "Feature",
        "geometry": rewind_for_d3(boundary),
        "properties": {"name": name, "value": None if value is None else float(value)},
    }


def rewind_for_d3(geometry: dict | None) -> dict | None:
    """GeoJSON (RFC 7946) rings run counter-clockwise outside, clockwise inside; d3-geo, which
    Vega draws maps with, wants the opposite, or a district is drawn as the whole globe minus
    itself. Returns a copy with exterior rings clockwise and holes counter-clockwise."""
    if not geometry:
        return geometry

    def polygon(rings):
        out = []
        for i, ring in enumerate(rings):
            clockwise = _ring_area(ring) < 0
            want_clockwise = i == 0
            out.append(ring if clockwise == want_clockwise else list(reversed(ring)))
        return out

    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": polygon(geometry["coordinates"])}
    if geometry["type"] == "MultiPolygon":
        return {
            "type": "MultiPolygon",
            "coordinates": [polygon(p) for p in geometry["coordinates"]],
        }
    return geometry
