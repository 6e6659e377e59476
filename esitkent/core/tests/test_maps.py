from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from esitkent.core.maps import _ring_area, quantile_breaks, rewind_for_d3


@given(st.lists(st.integers(0, 1000), min_size=1, max_size=40), st.integers(2, 7))
def test_breaks_rise_and_end_at_the_maximum(values, classes):
    breaks = quantile_breaks([D(v) for v in values], classes)
    assert breaks == sorted(set(breaks)) and breaks[-1] == max(values) and len(breaks) <= classes


def test_rings_are_rewound_for_d3():
    ccw = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]  # RFC 7946 exterior
    hole = [[0.2, 0.2], [0.2, 0.4], [0.4, 0.4], [0.4, 0.2], [0.2, 0.2]]  # clockwise
    out = rewind_for_d3({"type": "Polygon", "coordinates": [ccw, hole]})
    assert _ring_area(out["coordinates"][0]) < 0 < _ring_area(out["coordinates"][1])
    assert rewind_for_d3(out) == out  # already in d3's order: unchanged
    multi = rewind_for_d3({"type": "MultiPolygon", "coordinates": [[ccw], [list(reversed(ccw))]]})
    assert all(_ring_area(p[0]) < 0 for p in multi["coordinates"])
