"""Statistics from case records (statistics_selectors.anonymised_counts, persons_served,
services_provided) and the statistics page: consented records only, small cells hidden with
their complements, and nobody sees more than her role allows."""

import datetime as dt
import re
from collections import Counter

import pytest

from esitkent.cases import (
    care_services,
    sample_services,
    services,
    statistics_selectors,
    suppression,
)
from esitkent.cases.models import AccessLogEntry, Case, CaseService, Incident
from esitkent.centres.models import Centre
from esitkent.orgs.models import District

from .conftest import DEMOGRAPHICS

pytestmark = pytest.mark.django_db

MONTH = "2024-03"
IN_MONTH = dt.date(2024, 3, 12)
TODAY = dt.date(2026, 11, 21)
INTERNAL, PUBLIC = suppression.INTERNAL_THRESHOLD, suppression.PUBLIC_THRESHOLD
ADDITIVE = ("age_band", "channel", "core_type")
NON_ADDITIVE = ("form", "service")
HIDDEN_CELL = re.compile(r'<td class="num">•</td>')
CELL = re.compile(r'<td class="num">([^<]*)</td>')


@pytest.fixture
def make(caseworker, kdm):
    """make(n, district=..., **choices): n records through the intake service, each with an
    incident and, if asked, a provided service line."""

    def records(
        n: int,
        *,
        district: str | None = "karsiyaka",
        centre: Centre | None = None,
        applied_on: dt.date = IN_MONTH,
        consent: bool = True,
        age_band: str = "30-44",
        disability: str = "no",
        channel: str = "walk_in",
        forms=("psychological",),
        answers=None,
        service: str = "",
        provided_on: dt.date | None = None,
        closed_on: dt.date | None = None,
    ) -> list[Case]:
        made = []
        for _ in range(n):
            case = services.case_open(
                centre=centre or kdm,
                by=caseworker,
                applied_on=applied_on,
                channel=channel,
                demographics={**DEMOGRAPHICS, "age_band": age_band, "disability": disability},
                district=District.objects.get(code=district) if district else None,
                referral_consent=True,
                statistics_consent=consent,
                today=TODAY,
                log=False,
            )
            care_services.incident_record(
                case=case,
                by=caseworker,
                occurred_on=None,
                forms=list(forms),
                answers=answers or {},
                relationship="partner",
                today=TODAY,
                log=False,
            )
            if service:
                care_services.service_set(
                    case=case,
                    by=caseworker,
                    service=service,
                    status="provided",
                    provided_on=provided_on or applied_on,
                    log=False,
                )
            if closed_on:
                services.case_close(
                    case=case, by=caseworker, closed_on=closed_on, reason="goals_met"
                )
            made.append(case)
        return made

    return records


# --- what a protected table must satisfy --------------------------------------------------------


def assert_protected(table: suppression.SuppressedTable, threshold: int) -> None:
    """No shown figure in 1..threshold-1, and no line (a row or column with its margin)
    with exactly one hidden figure, which subtraction would give away."""
    shown = [
        *table.cells.values(),
        *table.row_totals.values(),
        *table.column_totals.values(),
        table.total,
    ]
    assert not [v for v in shown if v is not None and 1 <= v < threshold]
    for row in table.rows:
        line = [table.cells[(row, c)] for c in table.columns] + [table.row_totals[row]]
        assert line.count(None) != 1, row
    for column in table.columns:
        line = [table.cells[(r, column)] for r in table.rows] + [table.column_totals[column]]
        assert line.count(None) != 1, column
    margin = list(table.column_totals.values()) + [table.total]
    assert margin.count(None) != 1
    margin = list(table.row_totals.values()) + [table.total]
    assert margin.count(None) != 1


def assert_list_protected(shown: dict, total, threshold: int) -> None:
    """A one-way list published with its total: a hidden part is never alone."""
    assert not [v for v in [*shown.values(), total] if v is not None and 1 <= v < threshold]
    assert [*shown.values(), total].count(None) != 1


def expected_counts(dimension: str, month: str, centre_ids=None) -> Counter:
    """(category, district code or '-') → count, worked out here independently of the
    selector: consented records that applied in the month."""
    year, number = map(int, month.split("-"))
    cases = Case.objects.filter(
        statistics_consent=True, applied_on__year=year, applied_on__month=number
    )
    if centre_ids is not None:
        cases = cases.filter(centre_id__in=centre_ids)
    district = {
        c.pk: (c.district.code if c.district else "-") for c in cases.select_related("district")
    }
    counts: Counter = Counter()
    if dimension in ("age_band", "channel"):
        for case in cases:
            counts[(getattr(case, dimension), district[case.pk])] += 1
    elif dimension == "core_type":
        for incident in Incident.objects.filter(case__in=cases):
            counts[(incident.core_type, district[incident.case_id])] += 1
    elif dimension == "form":
        pairs = {
            (i.case_id, form) for i in Incident.objects.filter(case__in=cases) for form in i.forms
        }
        for case_id, form in pairs:
            counts[(form, district[case_id])] += 1
    elif dimension == "service":
        for line in CaseService.objects.filter(case__in=cases, status="provided"):
            counts[(line.service, district[line.case_id])] += 1
    return counts


def check_table(result: statistics_selectors.AnonymisedTable, expected: Counter, by_district: bool):
    """Shown figures are the true ones; hidden ones are small or complements."""
    if not by_district:
        merged: Counter = Counter()
        for (category, _district), n in expected.items():
            merged[(category, "all")] += n
        expected = merged
    rows = [code for code, _ in result.rows]
    columns = [code for code, _ in result.columns]
    if result.dimension in NON_ADDITIVE:
        assert result.table is None
        for column in columns:
            for row in rows:
                true, shown = expected[(row, column)], result.each[column][row]
                assert shown == (None if 1 <= true < result.threshold else true)
        return
    assert result.each is None
    table = result.table
    assert_protected(table, result.threshold)
    for row in rows:
        for column in columns:
            true, shown = expected[(row, column)], table.cells[(row, column)]
            assert shown in (None, true)
            if 1 <= true < result.threshold:
                assert shown is None
    if table.total is not None:
        assert table.total == sum(expected.values())


# --- anonymised_counts: consent, threshold, dimensions ----------------------------------------


def test_only_records_with_statistics_consent_are_counted(make):
    make(7, consent=True)
    make(6, consent=False)
    make(5, consent=False, age_band="18-29")

    table = statistics_selectors.anonymised_counts(
        month=MONTH, dimension="age_band", by_district=False
    )

    assert table.table.cells[("30-44", "all")] == 7
    assert table.table.total == 7
    assert table.table.cells[("18-29", "all")] == 0
    check_table(table, expected_counts("age_band", MONTH), by_district=False)


def test_a_month_means_that_month(make):
    make(6, applied_on=dt.date(2024, 3, 1))
    make(6, applied_on=dt.date(2024, 3, 31))
    make(9, applied_on=dt.date(2024, 2, 29))
    make(9, applied_on=dt.date(2024, 4, 1))

    assert (
        statistics_selectors.anonymised_counts(month=MONTH, dimension="channel").table.total == 12
    )
    december = statistics_selectors.anonymised_counts(month="2024-12", dimension="channel")
    assert december.table.total == 0


def test_small_cells_are_hidden_with_a_complement_on_the_internal_view(make):
    make(7, age_band="30-44", channel="walk_in")
    make(3, age_band="65+", channel="police")
    make(6, age_band="18-29", district="buca", channel="sonim")

    age = statistics_selectors.anonymised_counts(
        month=MONTH, dimension="age_band", by_district=False
    )

    assert age.threshold == INTERNAL
    cells = age.table.cells
    assert cells[("65+", "all")] is None and ("cell", "65+", "all") in age.table.primary
    assert age.table.hidden_count() >= 2
    assert age.table.total in (None, 16)
    check_table(age, expected_counts("age_band", MONTH), by_district=False)

    by_district = statistics_selectors.anonymised_counts(month=MONTH, dimension="age_band")
    assert by_district.table.cells[("65+", "karsiyaka")] is None
    assert by_district.table.cells[("18-29", "buca")] == 6
    assert by_district.table.cells[("45-64", "buca")] == 0  # a true zero discloses nobody
    check_table(by_district, expected_counts("age_band", MONTH), by_district=True)


def test_the_dimensions_count_what_they_say(make):
    make(6, forms=("physical", "psychological"), answers={"physical": True}, service="legal")
    make(
        3,
        forms=("sexual", "physical"),
        answers={"sexual_contact": True, "physical": True},
        service="psychological",
        channel="police",
    )
    make(5, forms=("economic",), answers={"denial": True}, service="legal", district="buca")

    core = statistics_selectors.anonymised_counts(
        month=MONTH, dimension="core_type", by_district=False
    )
    assert core.table.cells[("physical_assault", "all")] == 6
    assert core.table.cells[("sexual_assault", "all")] is None
    # Its complement, the smallest other count: else 14 − 6 − 5 would give the 3 away.
    assert core.table.cells[("denial_of_resources", "all")] is None
    assert core.table.total == 14

    form = statistics_selectors.anonymised_counts(month=MONTH, dimension="form", by_district=False)
    assert form.table is None
    assert form.each["all"] == {
        "physical": 9,  # a case counts once per form, however many forms it has
        "psychological": 6,
        "economic": 5,
        "sexual": None,
        "digital": 0,
        "stalking": 0,
        "verbal": 0,
    }
    rows = form.display_rows()
    assert all(len(r["values"]) == 1 for r in rows)  # no totals for counts that do not add up

    service = statistics_selectors.anonymised_counts(
        month=MONTH, dimension="service", by_district=False
    )
    assert service.each["all"]["legal"] == 11 and service.each["all"]["psychological"] is None

    for dimension in ADDITIVE + NON_ADDITIVE:
        for by_district in (True, False):
            check_table(
                statistics_selectors.anonymised_counts(
                    month=MONTH, dimension=dimension, by_district=by_district
                ),
                expected_counts(dimension, MONTH),
                by_district,
            )


def test_a_managers_view_counts_only_her_centre(make, other_kdm):
    make(6)
    make(8, centre=other_kdm, district="karsiyaka")

    own = statistics_selectors.anonymised_counts(
        month=MONTH, dimension="channel", by_district=False, centre_ids={other_kdm.pk}
    )
    assert own.columns == [("all", "Merkez")]
    assert own.table.cells[("walk_in", "all")] == 8 and own.table.total == 8
    everyone = statistics_selectors.anonymised_counts(
        month=MONTH, dimension="channel", by_district=False
    )
    assert everyone.table.total == 14


def test_display_rows_carry_margins_for_additive_dimensions(make):
    make(6)
    table = statistics_selectors.anonymised_counts(
        month=MONTH, dimension="age_band", by_district=False
    )
    rows = table.display_rows()
    assert rows[-1] == {"label": "Toplam", "values": [6, 6]}
    assert {"label": "30–44", "values": [6, 6]} in rows


@pytest.fixture
def volume(db):
    """300 synthetic records over a quarter at every district centre."""
    centres = list(Centre.objects.filter(kind=Centre.Kind.COUNSELLING).order_by("code"))
    sample_services.synthetic_cases(
        count=300, centres=centres, start=dt.date(2025, 1, 1), end=dt.date(2025, 3, 31), seed=11
    )
    return centres


def test_every_month_and_dimension_of_a_busy_quarter_is_protected(volume):
    assert Case.objects.filter(statistics_consent=False).exists()
    hidden_somewhere = 0
    for month in ("2025-01", "2025-02", "2025-03"):
        for dimension in ADDITIVE + NON_ADDITIVE:
            expected = expected_counts(dimension, month)
            for by_district in (True, False):
                result = statistics_selectors.anonymised_counts(
                    month=month, dimension=dimension, by_district=by_district
                )
                check_table(result, expected, by_district)
                if result.table is not None:
                    hidden_somewhere += result.table.hidden_count()
        # Tables of one month share their district totals: a total hidden in one and
        # shown in another would help recover the first one's cells.
        age, channel = (
            statistics_selectors.anonymised_counts(month=month, dimension=d).table
            for d in ("age_band", "channel")
        )
        for column in age.columns:
            assert (age.column_totals[column] is None) == (channel.column_totals[column] is None)
        assert age.total == channel.total
    assert hidden_somewhere > 0


def test_a_centre_filter_on_volume_matches_an_independent_count(volume):
    centre_ids = {c.pk for c in volume[:3]}
    for dimension in ADDITIVE + NON_ADDITIVE:
        result = statistics_selectors.anonymised_counts(
            month="2025-02", dimension=dimension, by_district=False, centre_ids=centre_ids
        )
        check_table(result, expected_counts(dimension, "2025-02", centre_ids), by_district=False)


# --- persons_served and services_provided (public threshold) ---------------------------------


@pytest.fixture
def year_2024(make):
    """Persons in 2024: Karşıyaka 12, Buca 11, Tire 3 (65+, disabled), with records that
    must not count around them."""
    make(12, district="karsiyaka", service="legal", provided_on=dt.date(2024, 5, 1))
    make(11, district="buca", service="psychological", provided_on=dt.date(2024, 6, 1))
    make(3, district="tire", age_band="65+", disability="yes", service="legal")
    # Not counted: no consent; closed before the year; applied after it; a 2023 service.
    make(5, district="tire", consent=False, service="legal")
    make(
        4,
        district="tire",
        applied_on=dt.date(2023, 3, 1),
        closed_on=dt.date(2023, 12, 31),
        service="legal",
        provided_on=dt.date(2023, 4, 1),
    )
    make(4, district="tire", applied_on=dt.date(2025, 1, 1))


def test_persons_served_counts_consented_records_open_in_the_year(year_2024, make):
    served = statistics_selectors.persons_served(year=2024)

    assert served["total"] == 26
    assert served["district"]["karsiyaka"] == 12
    assert served["district"]["tire"] is None  # 3 < 10
    assert served["district"]["buca"] is None  # so that 26 − 12 does not give Tire away
    assert_list_protected(served["district"], served["total"], PUBLIC)
    assert served["age"] == {"30-44": None, "65+": None}  # 3 is small, so 23 goes too
    assert_list_protected(served["age"], served["total"], PUBLIC)
    assert served["disability"] == {"no": None, "yes": None}
    assert_list_protected(served["disability"], served["total"], PUBLIC)


def test_a_record_open_across_the_year_counts_and_one_closed_on_new_year_counts(make):
    make(10, applied_on=dt.date(2022, 6, 1))  # still open
    make(1, applied_on=dt.date(2023, 6, 1), closed_on=dt.date(2024, 1, 1))
    make(1, applied_on=dt.date(2023, 6, 1), closed_on=dt.date(2023, 12, 31))

    assert statistics_selectors.persons_served(year=2024)["total"] == 11
    assert statistics_selectors.persons_served(year=2022)["total"] == 10
    assert statistics_selectors.persons_served(year=2021)["total"] == 0


def test_a_small_year_hides_its_total(make):
    make(4, district="karsiyaka")
    make(3, district="buca")

    served = statistics_selectors.persons_served(year=2024)

    assert served["total"] is None
    assert served["district"] == {"karsiyaka": None, "buca": None}


def test_services_provided_in_the_year_by_district(year_2024):
    provided = statistics_selectors.services_provided(year=2024)

    assert provided["total"] == 26
    assert provided["district"]["karsiyaka"] == 12
    assert provided["district"]["tire"] is None
    assert_list_protected(provided["district"], provided["total"], PUBLIC)
    assert statistics_selectors.services_provided(year=2023)["total"] is None  # 4 lines: hidden


def test_public_lists_on_volume_never_let_a_part_be_worked_out(volume):
    served = statistics_selectors.persons_served(year=2025)
    consented = Case.objects.filter(statistics_consent=True)
    assert served["total"] == consented.count()
    for dimension in ("age", "district", "disability"):
        assert_list_protected(served[dimension], served["total"], PUBLIC)
    by_district = Counter(
        (c.district.code if c.district else "-") for c in consented.select_related("district")
    )
    for code, shown in served["district"].items():
        assert shown in (None, by_district[code])
        if 1 <= by_district[code] < PUBLIC:
            assert shown is None
    provided = statistics_selectors.services_provided(year=2025)
    assert_list_protected(provided["district"], provided["total"], PUBLIC)
    lines = CaseService.objects.filter(
        case__statistics_consent=True, status="provided", provided_on__year=2025
    )
    assert provided["total"] == lines.count()


# --- the statistics page ------------------------------------------------------------------------


def page_cells(content: str) -> list[str]:
    return CELL.findall(content)


def test_the_network_coordinator_sees_districts_and_never_a_survivor_code(
    client, network_coordinator, make
):
    cases = make(7, district="karsiyaka") + make(3, district="buca", age_band="65+")
    client.force_login(network_coordinator)

    response = client.get("/vakalar/istatistik/", {"ay": MONTH, "boyut": "age_band"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert "Karşıyaka" in content and "Buca" in content and "İlçe bilinmiyor" in content
    for case in cases:
        assert case.survivor_code not in content
    assert HIDDEN_CELL.search(content)  # Buca's three 65+ records
    small = [v for v in page_cells(content) if v.isdigit() and 1 <= int(v) < INTERNAL]
    assert small == []
    assert response.context["table"].table.cells[("30-44", "karsiyaka")] == 7
    assert "Planın göstergelerine aktar" in content  # the coordinator may feed the plan
    log = AccessLogEntry.objects.get(action="statistics")
    assert log.username == "ag" and log.case_code == "" and log.detail == f"{MONTH} age_band"


def test_a_centre_manager_sees_only_her_centre_in_one_column(client, case_user, make, other_kdm):
    make(7)
    make(9, centre=other_kdm, district="buca")
    manager = case_user("mine", "centre_manager", "kdm-karsiyaka")
    client.force_login(manager)

    response = client.get("/vakalar/istatistik/", {"ay": MONTH, "boyut": "channel"})

    assert response.status_code == 200
    table = response.context["table"]
    assert table.columns == [("all", "Merkez")]
    assert table.table.total == 7 and table.table.cells[("walk_in", "all")] == 7
    content = response.content.decode()
    assert "Buca" not in content and "Planın göstergelerine aktar" not in content
    assert "16" not in page_cells(content) and "9" not in page_cells(content)


def test_the_manager_view_hides_small_cells_with_a_bullet(client, case_user, make):
    make(7)
    make(2, channel="police")
    client.force_login(case_user("mine", "centre_manager", "kdm-karsiyaka"))

    content = client.get("/vakalar/istatistik/", {"ay": MONTH, "boyut": "channel"}).content.decode()

    assert len(HIDDEN_CELL.findall(content)) >= 4  # police and its complement, cell and row total
    assert [v for v in page_cells(content) if v.isdigit() and 1 <= int(v) < INTERNAL] == []


@pytest.mark.parametrize("role", ["centre_staff", "coordinator"])
def test_caseworkers_and_plan_coordinators_are_refused(client, case_user, make_user, role):
    if role == "centre_staff":
        user = case_user("ayse2", role, "kdm-karsiyaka")
    else:
        user = make_user("koord", role)  # the plan's coordinator, at kadin-calismalari-sm
    client.force_login(user)

    assert client.get("/vakalar/istatistik/").status_code == 403
    assert client.post("/vakalar/istatistik/", {"yil": "2024"}).status_code == 403
    assert not AccessLogEntry.objects.filter(action="statistics").exists()


def test_a_manager_cannot_feed_the_plan(client, case_user):
    client.force_login(case_user("mine", "centre_manager", "kdm-karsiyaka"))
    assert client.post("/vakalar/istatistik/", {"yil": "2024"}).status_code == 403
