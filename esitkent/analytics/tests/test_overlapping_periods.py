"""Totals never add periods that overlap; an interval is not charted as one more year."""

import csv
import datetime as dt
import io
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from esitkent.analytics import domain

SLUG = "izmir-yeep-2022-2024"
PARKS = "kentsel-1.1.1-g1"  # "Düzenlenen Park Sayısı": 28 (2020), 30 (2021), 58 (2020/2021)

DAY0 = dt.date(2020, 1, 1)

# Periods as day offsets from DAY0: a year, a half, a quarter or a span of years look alike.
spans = st.tuples(st.integers(0, 60), st.integers(0, 30)).map(
    lambda s: (DAY0 + dt.timedelta(days=s[0]), DAY0 + dt.timedelta(days=s[0] + s[1]))
)


@given(st.lists(st.tuples(spans, st.integers(0, 1000)), min_size=1, max_size=8))
def test_a_total_never_counts_a_day_twice(figures):
    records = [
        domain.PivotRecord(
            row=(("r", "r"),),
            column=((i, str(i)),),
            value=Decimal(value),
            measure="a",
            span=span,
        )
        for i, (span, value) in enumerate(figures)
    ]
    table = domain.pivot_table(records, summable=frozenset("a"))
    counted: dict[dt.date, set] = {}
    for span, _value in figures:
        day = span[0]
        while day <= span[1]:
            counted.setdefault(day, set()).add(span)
            day += dt.timedelta(days=1)
    twice = any(len(found) > 1 for found in counted.values())
    assert (table.grand_total is None) == twice
    assert table.overlap_withheld == twice
    if not twice:
        assert table.grand_total == sum(v for _s, v in figures)


def test_the_same_period_for_two_groups_still_adds_up():
    year = domain.period_span("2020")
    records = [
        domain.PivotRecord((("F", "Kadın"),), (("2020", "2020"),), Decimal(3), "a", year),
        domain.PivotRecord((("M", "Erkek"),), (("2020", "2020"),), Decimal(4), "a", year),
    ]
    assert domain.pivot_table(records, summable=frozenset("a")).grand_total == 7


def test_an_interval_covers_the_years_inside_it():
    assert domain.covering_periods(["2020", "2021", "2020/2021"]) == {"2020/2021"}
    assert domain.covering_periods(["2024/2026", "2022"]) == set()
    assert domain.covering_periods(["2020Q1", "2020", "2021"]) == {"2020"}


def test_the_table_builder_gives_no_total_over_overlapping_periods(viewer_client):
    query = {"g": PARKS, "satir": "indicator", "sutun": "period", "bicim": "csv"}
    text = viewer_client.get(f"/panolar/{SLUG}/tablo/", query).content.decode("utf-8-sig")
    header, first, total = csv.reader(io.StringIO(text))
    assert header[1:] == ["2020", "2021", "2020/2021", "Toplam"]
    assert [Decimal(v) for v in first[1:4]] == [28, 30, 58]
    # 28 + 58 + 30 = 116 would count 2020 and 2021 twice.
    assert first[4] == "" and total[4] == ""
    html = viewer_client.get(
        f"/panolar/{SLUG}/tablo/", {k: v for k, v in query.items() if k != "bicim"}
    ).content.decode()
    assert "116" not in html
    assert "Dönemler çakışıyor" in html


def test_the_public_chart_does_not_draw_an_interval_beside_its_years(client, izmir_plan):
    response = client.get(f"/acik/{SLUG}/gosterge/{PARKS}/")
    spec = response.context["series_chart"].spec
    drawn = [v["period"] for v in spec["layer"][0]["data"]["values"]]
    assert drawn == ["2020", "2021"]
    assert "2020/2021" in spec["title"]["subtitle"]
    # The interval's figure stays in the table and the CSV, said to be the total of its years.
    csv_text = client.get(
        f"/acik/{SLUG}/gosterge/{PARKS}/", {"csv": f"{PARKS}-seri"}
    ).content.decode("utf-8-sig")
    assert "2020/2021,58" in csv_text.replace(".0000", "")
    assert "2020/2021" in response.content.decode().split("<figcaption", 1)[0]
