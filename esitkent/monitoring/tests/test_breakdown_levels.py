"""Issue 20, finding 4: every level of a breakdown adds up to every coarser level entered.

Total 100, 0–14 women 80 and 0–14 men 40, with no sex totals entered, passed every check:
the old rule compared a cell only with the level one dimension above it.
"""

import datetime as dt
import itertools
import json
from decimal import Decimal as D

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from esitkent.api import services as token_services
from esitkent.core import value_breakdowns
from esitkent.core.errors import InputRejected
from esitkent.monitoring import (
    entry_services,
    period_services,
    review_services,
    validation_domain,
    value_services,
)
from esitkent.monitoring.entry_selectors import entry_form
from esitkent.monitoring.models import Submission
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Indicator
from tests.concurrency.scenarios import form_fields

CODE = "egitim-1.6.1-g2"  # a count summed, broken down by sex and age
FINDING = {"": "100", "age=0-14;sex=F": "80", "age=0-14;sex=M": "40"}

# --- The rule -------------------------------------------------------------------------------

DIMS = ("sex", "age", "disability")
OPTIONS = {d: list(value_breakdowns.dimension_options(d)) for d in DIMS}


def every_cell(dims=DIMS):
    """Every breakdown of every level: the total, each dimension, each combination."""
    for size in range(len(dims) + 1):
        for level in itertools.combinations(dims, size):
            for options in itertools.product(*(OPTIONS[d] for d in level)):
                yield value_breakdowns.breakdown_key(dict(zip(level, options, strict=True)))


CELLS = list(every_cell())


def found(values, dims=DIMS, **title):
    return validation_domain.validate_values(
        {k: D(v) for k, v in values.items()},
        measure_type="count",
        aggregation="sum",
        dimensions=dims,
        **title,
    )


def test_the_findings_cross_above_its_total_is_refused_naming_title_and_cells():
    problems = found(FINDING, dims=("sex", "age"), title="Eğitime katılan kişi sayısı")
    assert [(p.rule, p.key) for p in problems] == [("parts-exceed-total", "")]
    message = problems[0].message
    assert "“Eğitime katılan kişi sayısı”" in message
    assert "(120)" in message and "(100)" in message
    assert "Cinsiyet: Kadın · Yaş grubu: 0–14 = 80" in message
    assert "Cinsiyet: Erkek · Yaş grubu: 0–14 = 40" in message


def test_a_cross_is_checked_against_a_single_dimension_it_refines():
    # Age 0–14 is 50; its women and men are 80 and 40.
    problems = found({"age=0-14": 50, "age=0-14;sex=F": 30, "age=0-14;sex=M": 40})
    assert [(p.rule, p.key) for p in problems] == [("parts-exceed-total", "age=0-14")]


def test_a_complete_cross_must_add_up_to_the_total_exactly():
    values = {"": 10, **{f"age={a};sex={s}": 0 for a in OPTIONS["age"] for s in "FM"}}
    values["age=0-14;sex=F"] = 9
    problems = found(values, dims=("sex", "age"))
    assert [(p.rule, p.key) for p in problems] == [("parts-sum-differs", "")]


def exceeds_somewhere(values) -> bool:
    """The oracle, written plainly: some entered cell is smaller than the sum of the entered
    cells of some finer level inside it."""
    parsed = {k: value_breakdowns.parse_breakdown_key(k) for k in values}
    for coarse, c in parsed.items():
        for size in range(len(c) + 1, len(DIMS) + 1):
            for level in itertools.combinations(DIMS, size):
                if not set(c) < set(level):
                    continue
                inside = [
                    values[k]
                    for k, f in parsed.items()
                    if set(f) == set(level) and all(f[d] == o for d, o in c.items())
                ]
                if sum(inside) > values[coarse]:
                    return True
    return False


tables = st.dictionaries(st.sampled_from(CELLS), st.integers(0, 60), max_size=14)


@given(tables)
def test_the_rule_flags_every_table_where_a_finer_sum_exceeds_a_coarser_value(values):
    # Every such table is flagged; the rule may flag more (bounds implied across levels, below),
    # and the true-table property underneath shows it never flags a consistent one.
    problems = found(values)
    flagged = any(p.rule == "parts-exceed-total" for p in problems)
    if exceeds_somewhere(values):
        assert flagged, problems


def test_a_total_is_checked_against_what_cells_of_different_levels_imply_together():
    # Women 30; 0–14 men 80 (no men's total): men are at least 80, so the total at least 110.
    problems = found({"": 100, "sex=F": 30, "age=0-14;sex=M": 80}, dims=("sex", "age"))
    assert [(p.rule, p.key) for p in problems] == [("parts-exceed-total", "")]
    assert "en az 110" in problems[0].message and "100 girilmiş" in problems[0].message
    # Positive control: a total of 110 is possible and passes.
    assert found({"": 110, "sex=F": 30, "age=0-14;sex=M": 80}, dims=("sex", "age")) == []


def test_sex_and_age_totals_that_cannot_both_hold_flag_the_total():
    # Every sex total and every age total entered, summing to different numbers, no total
    # cross: the total must be at least the larger sum.
    values = {"": 50, "sex=F": 30, "sex=M": 20}
    values.update({f"age={a}": 0 for a in OPTIONS["age"]})
    values["age=0-14"] = 70
    problems = found(values, dims=("sex", "age"))
    assert ("parts-exceed-total", "") in [(p.rule, p.key) for p in problems]


finest = [k for k in CELLS if len(value_breakdowns.parse_breakdown_key(k)) == len(DIMS)]


@given(
    st.fixed_dictionaries({k: st.integers(0, 30) for k in finest}),
    st.sets(st.sampled_from(CELLS), max_size=30),
)
def test_margins_of_one_true_table_never_fail_whichever_levels_are_entered(truth, entered):
    def margin(key):
        cell = value_breakdowns.parse_breakdown_key(key)
        return sum(
            v
            for k, v in truth.items()
            if all(value_breakdowns.parse_breakdown_key(k)[d] == o for d, o in cell.items())
        )

    assert found({k: margin(k) for k in entered}) == []


# --- Through the form and the API --------------------------------------------------------------


@pytest.fixture
def period(izmir_plan):
    return period_services.reporting_period_create(
        plan=izmir_plan, code="2024", deadline=timezone.localdate() + dt.timedelta(days=20)
    )


@pytest.fixture
def sosyal(db):
    return Organisation.objects.get(code="sosyal-projeler-db")


def every_report_field(html_fields: dict) -> dict:
    """Each activity marked completed at 100 %, so that only the values can block."""
    out = dict(html_fields)
    for name in html_fields:
        if name.startswith("a|") and name.endswith("|status"):
            out[name] = "completed"
        elif name.startswith("a|") and name.endswith("|progress"):
            out[name] = "100"
    return out


def test_the_form_refuses_to_submit_the_findings_cross_and_names_it(
    client, make_user, period, sosyal
):
    indicator = Indicator.objects.get(code=CODE)
    client.force_login(make_user("rap20", "reporter", "sosyal-projeler-db"))
    url = f"/izleme/donem/{period.id}/birim/sosyal-projeler-db/"
    fields = every_report_field(form_fields(client.get(url).content.decode()))
    for key, value in FINDING.items():
        fields[f"v|{indicator.id}|{key}"] = value
    response = client.post(url, {**fields, "submit": "1"})
    html = response.content.decode()
    assert response.status_code == 400, html
    assert indicator.name in html and "(120)" in html and "(100)" in html
    assert Submission.objects.get(period=period, organisation=sosyal).status == "draft"


def test_the_api_refuses_to_submit_the_findings_cross(client, make_user, period, sosyal):
    reporter = make_user("api20", "reporter", "sosyal-projeler-db")
    _, token = token_services.token_create(user=reporter, name="t", scope="write", days=30)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    def send(method, url, body):
        return getattr(client, method)(
            url, data=json.dumps(body), content_type="application/json", **headers
        )

    opened = send(
        "post",
        "/api/v1/submissions",
        {"plan": period.plan.slug, "period": "2024", "organisation": "sosyal-projeler-db"},
    )
    assert opened.status_code == 201, opened.content
    url = f"/api/v1/submissions/{opened.json()['id']}"
    submission = Submission.objects.get(pk=opened.json()["id"])
    reports = [
        {"activity": b.activity.row, "status": "completed", "progress": 100}
        for b in entry_form(submission, today=timezone.localdate())
    ]
    values = [
        {"indicator": CODE, "breakdown": value_breakdowns.parse_breakdown_key(k), "value": v}
        for k, v in FINDING.items()
    ]
    saved = send("put", f"{url}/entries", {"values": values, "reports": reports})
    assert saved.status_code == 200, saved.content
    submitted = client.post(f"{url}/submit", **headers)
    assert submitted.status_code == 422, submitted.content
    assert Indicator.objects.get(code=CODE).name in json.dumps(submitted.json(), ensure_ascii=False)
    assert Submission.objects.get(pk=submission.pk).status == "draft"


def test_the_review_page_flags_the_findings_cross_by_title(make_user, period, sosyal):
    """A submission that got past the old rule (sent before the fix) is flagged in review."""
    indicator = Indicator.objects.get(code=CODE)
    reporter = make_user("rap20r", "reporter", "sosyal-projeler-db")
    submission = entry_services.submission_open(period=period, organisation=sosyal)
    entry_services.submission_save(
        submission=submission,
        values=[
            value_services.ValueEntry(indicator, value_breakdowns.parse_breakdown_key(k), v)
            for k, v in FINDING.items()
        ],
        reports=[],
        by=reporter,
        today=timezone.localdate(),
    )
    Submission.objects.filter(pk=submission.pk).update(status=Submission.Status.SUBMITTED)
    office = Client()
    office.force_login(make_user("ofis20", "coordinator"))
    html = office.get(f"/izleme/gonderim/{submission.pk}/inceleme/").content.decode()
    assert "parts-exceed-total" not in html
    assert f"“{indicator.name}”" in html.replace("&ldquo;", "“").replace("&rdquo;", "”")
    assert "(120)" in html and "(100)" in html


def test_submitting_through_the_service_names_the_indicator_by_title(make_user, period, sosyal):
    indicator = Indicator.objects.get(code=CODE)
    reporter = make_user("rap20s", "reporter", "sosyal-projeler-db")
    submission = entry_services.submission_open(period=period, organisation=sosyal)
    entry_services.submission_save(
        submission=submission,
        values=[
            value_services.ValueEntry(indicator, value_breakdowns.parse_breakdown_key(k), v)
            for k, v in FINDING.items()
        ],
        reports=[],
        by=reporter,
        today=timezone.localdate(),
    )
    with pytest.raises(InputRejected) as rejected:
        review_services.submission_submit(submission=submission, by=reporter)
    messages = [str(p) for p in rejected.value.problems]
    assert any(indicator.name in m and "(120)" in m for m in messages), messages
