"""Pure analytics rules: consistency of printed percentages, gender gaps, rates, map classes."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Consistency:
    printed: Decimal
    recomputed: Decimal
    agrees: bool

    @property
    def difference(self) -> Decimal:
        return self.recomputed - self.printed


def check_percentage(
    *, printed: Decimal, numerator: Decimal, denominator: Decimal
) -> Consistency | None:
    """Recompute a printed percentage from its counts, at the printed precision.

    A percentage printed with one decimal agrees when the counts round to it; one more unit of
    the last printed digit is allowed for the source's own rounding steps.
    """
    if denominator == 0:
        return None
    exponent = printed.as_tuple().exponent
    quantum = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    recomputed = (Decimal(100) * numerator / denominator).quantize(quantum, rounding=ROUND_HALF_UP)
    return Consistency(
        printed=printed, recomputed=recomputed, agrees=abs(recomputed - printed) <= quantum
    )


@dataclass(frozen=True)
class Gap:
    women: Decimal
    men: Decimal

    @property
    def difference(self) -> Decimal:
        return self.women - self.men

    @property
    def ratio(self) -> Decimal | None:
        return (
            None
            if self.men == 0
            else (self.women / self.men).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        )


def per_10000(value: Decimal, population: int | None) -> Decimal | None:
    if not population:
        return None
    return (Decimal(value) * 10000 / population).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


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
