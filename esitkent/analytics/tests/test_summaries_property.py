"""The incremental refresh the services do agrees with a full rebuild.

Any sequence of value entries, submissions, returns, approvals, unapprovals and changes of an
indicator's aggregation leaves exactly the summaries that `summaries_rebuild()` would write.
A positive control shows the comparison fails when the approval path forgets its refresh.

The sequences are a Hypothesis state machine: a step of the cycle is taken either on a unit
whose submission allows it (so approvals and unapprovals happen often) or on any unit, and then
a step the state does not allow must be refused and change nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, replace

import pytest
from django.db import transaction
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from esitkent.analytics.models import IndicatorSummary
from esitkent.analytics.services import summaries_rebuild
from esitkent.core.errors import InputRejected
from esitkent.monitoring import (
    definition_services,
    entry_services,
    hooks,
    period_services,
    review_services,
    value_services,
)
from esitkent.monitoring.domain import EDITABLE_STATES
from esitkent.monitoring.models import DataValue, IndicatorDefinition, Submission
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Indicator

TODAY = dt.date(2025, 1, 10)
UNITS = ("sosyal-projeler-db", "fen-isleri-db", "kultur-sanat-db")
INDICATORS = ("egitim-1.6.1-g2", "saglik-1.1.3-g1", "saglik-1.1.4-g1")
REASONS = ("eksik veri", "", "  ")  # blank reasons must be refused


# --- Operations -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Enter:
    unit: str
    indicator: str
    total: int
    women: int | None  # None: the part is not written
    men: int | None


@dataclass(frozen=True)
class Clear:
    """Remove the indicator's total and sex parts."""

    unit: str
    indicator: str


@dataclass(frozen=True)
class Submit:
    unit: str


@dataclass(frozen=True)
class Return:
    unit: str
    reason: str


@dataclass(frozen=True)
class Approve:
    unit: str


@dataclass(frozen=True)
class Unapprove:
    unit: str
    reason: str


@dataclass(frozen=True)
class Aggregate:
    indicator: str
    how: str


units = st.sampled_from(UNITS)
indicators = st.sampled_from(INDICATORS)
reasons = st.sampled_from(REASONS)


@st.composite
def entries(draw):
    total = draw(st.integers(0, 40))
    women = draw(st.none() | st.integers(0, total))
    men = draw(st.none() | st.integers(0, total - (women or 0)))
    return Enter(draw(units), draw(indicators), total, women, men)


# The submission states each step of the cycle starts from.
STARTS = {
    Submit: EDITABLE_STATES,
    Return: {"submitted"},
    Approve: {"submitted"},
    Unapprove: {"approved"},
}


# --- The world ------------------------------------------------------------------------------


@pytest.fixture
def world(izmir_plan, make_user, settings):
    """The period, the indicators assigned to the units, a reporter per unit, a coordinator.
    Made once per test function; each example runs in a savepoint rolled back at its end."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    period = period_services.reporting_period_create(
        plan=izmir_plan, code="2024", deadline=dt.date(2025, 1, 31)
    )
    organisations = {o.code: o for o in Organisation.objects.filter(code__in=UNITS)}
    assert set(organisations) == set(UNITS)
    for code in INDICATORS:
        definition = IndicatorDefinition.objects.get(indicator__code=code)
        assert definition.measure_type == "count" and definition.aggregation == "sum"
        assert "sex" in definition.dimensions and definition.is_reported
        definition_services.definition_update(
            definition=definition,
            fields={},
            targets={},
            organisations=list(organisations.values()),
        )
    reporters = {code: make_user(f"raportor-{n}", "reporter", code) for n, code in enumerate(UNITS)}
    return {
        "period": period,
        "organisations": organisations,
        "reporters": reporters,
        "coordinator": make_user("koordinator", "coordinator"),
    }


def summaries() -> set[tuple]:
    return set(
        IndicatorSummary.objects.values_list(
            "indicator_id",
            "period",
            "breakdown_key",
            "organisation_id",
            "value",
            "organisations",
            "dimensions",
        )
    )


def rebuilt_summaries() -> set[tuple]:
    """What a full rebuild writes, leaving the stored summaries as they were."""
    with transaction.atomic():
        summaries_rebuild()
        rebuilt = summaries()
        transaction.set_rollback(True)
    return rebuilt


def state() -> tuple:
    """Everything an operation may change: summaries, values, statuses, aggregations."""
    return (
        summaries(),
        set(
            DataValue.objects.filter(period="2024").values_list(
                "indicator_id", "organisation_id", "breakdown_key", "value", "approved"
            )
        ),
        set(Submission.objects.filter(period__code="2024").values_list("id", "status")),
        set(
            IndicatorDefinition.objects.filter(indicator__code__in=INDICATORS).values_list(
                "indicator_id", "aggregation"
            )
        ),
    )


def open_submissions(world) -> dict[str, Submission]:
    return {
        code: entry_services.submission_open(period=world["period"], organisation=organisation)
        for code, organisation in world["organisations"].items()
    }


def apply(world, submissions: dict[str, Submission], op) -> bool:
    """Perform one operation through the services; whether it was allowed. One the current
    state does not allow must raise InputRejected and change nothing."""
    coordinator = world["coordinator"]
    if isinstance(op, Aggregate):
        definition = IndicatorDefinition.objects.get(indicator__code=op.indicator)
        definition_services.definition_update(
            definition=definition,
            fields={"aggregation": op.how},
            targets={},
            organisations=list(world["organisations"].values()),
        )
        return True
    submission = submissions[op.unit]
    submission.refresh_from_db()
    status = submission.status
    reporter = world["reporters"][op.unit]
    if isinstance(op, (Enter, Clear)):
        indicator = Indicator.objects.select_related("definition").get(code=op.indicator)
        if isinstance(op, Enter):
            cells = [({}, op.total), ({"sex": "F"}, op.women), ({"sex": "M"}, op.men)]
            values = [
                value_services.ValueEntry(indicator, breakdown, str(number), "")
                for breakdown, number in cells
                if number is not None
            ]
        else:
            values = [
                value_services.ValueEntry(indicator, breakdown, "", "")
                for breakdown in ({}, {"sex": "F"}, {"sex": "M"})
            ]
        allowed = status in EDITABLE_STATES

        def act():
            entry_services.submission_save(
                submission=submission, values=values, reports=[], by=reporter, today=TODAY
            )
    elif isinstance(op, Submit):
        allowed = status in EDITABLE_STATES
        if allowed:  # submitting for real needs activity reports; the status is what matters
            Submission.objects.filter(pk=submission.pk).update(
                status="submitted", submitted_by=reporter
            )
            return True

        def act():
            review_services.submission_submit(submission=submission, by=reporter, today=TODAY)
    elif isinstance(op, Return):
        allowed = status == "submitted" and op.reason.strip() != ""

        def act():
            review_services.submission_return(
                submission=submission, by=coordinator, reason=op.reason
            )
    elif isinstance(op, Approve):
        allowed = status == "submitted"

        def act():
            review_services.submission_approve(submission=submission, by=coordinator)
    elif isinstance(op, Unapprove):
        allowed = status == "approved" and op.reason.strip() != ""

        def act():
            review_services.submission_unapprove(
                submission=submission, by=coordinator, reason=op.reason
            )
    else:  # pragma: no cover
        raise AssertionError(op)
    if allowed:
        act()
        return True
    before = state()
    with pytest.raises(InputRejected):
        act()
    assert state() == before, f"{op} was refused but changed something"
    return False


def run(world, ops) -> tuple[set, set]:
    """Apply the operations in a savepoint; return the summaries the services left and the
    summaries a full rebuild writes. Everything is rolled back afterwards."""
    with transaction.atomic():
        submissions = open_submissions(world)
        for op in ops:
            apply(world, submissions, op)
        incremental, rebuilt = summaries(), rebuilt_summaries()
        transaction.set_rollback(True)
    return incremental, rebuilt


# --- The property ---------------------------------------------------------------------------


def rebuild_inputs() -> tuple:
    """Everything a full rebuild reads: the approved values and how each indicator combines."""
    return (
        set(
            DataValue.objects.filter(approved=True).values_list(
                "indicator_id", "period", "breakdown_key", "organisation_id", "value"
            )
        ),
        set(IndicatorDefinition.objects.values_list("indicator_id", "aggregation")),
    )


class Cycle(RuleBasedStateMachine):
    """One example: a clean savepoint, steps through the services, rolled back at teardown.
    After every step (so also after the last) the summaries equal a full rebuild's."""

    world: dict  # set by the test, from the fixture
    seen: Counter  # what the examples did, so the test can tell it is not vacuous

    def __init__(self):
        super().__init__()
        self._savepoint = transaction.atomic()
        self._savepoint.__enter__()
        self.submissions = open_submissions(self.world)
        self.verified = None  # (rebuild inputs, summaries) last found consistent

    def teardown(self):
        transaction.set_rollback(True)
        self._savepoint.__exit__(None, None, None)

    def do(self, op):
        approved = DataValue.objects.filter(period="2024", approved=True)
        before = approved.count()
        if isinstance(op, Aggregate):
            aggregation = IndicatorDefinition.objects.get(indicator__code=op.indicator).aggregation
        if not apply(self.world, self.submissions, op):
            self.seen["refused"] += 1
            return
        after = approved.count()
        if isinstance(op, Approve) and after > before:
            self.seen["approval of values"] += 1
        elif isinstance(op, Unapprove) and after < before:
            self.seen["unapproval of values"] += 1
        elif isinstance(op, Aggregate) and op.how != aggregation:
            self.seen[f"{aggregation}->{op.how} with {'' if after else 'no '}approved values"] += 1

    @invariant()
    def summaries_equal_a_rebuild(self):
        # A rebuild is a function of its inputs: when neither they nor the stored summaries
        # changed since the last comparison, it would give the same answer again.
        now = (rebuild_inputs(), summaries())
        if now != self.verified:
            assert now[1] == rebuilt_summaries(), "the summaries differ from a full rebuild's"
            self.verified = now

    def approved_indicators(self) -> list[str]:
        codes = DataValue.objects.filter(period="2024", approved=True).values_list(
            "indicator__code", flat=True
        )
        return sorted(set(codes))

    def ready(self, kind) -> list[str]:
        """The units whose submission is in a state the step starts from."""
        return [
            code
            for code in UNITS
            if Submission.objects.get(pk=self.submissions[code].pk).status in STARTS[kind]
        ]

    @rule(op=entries())
    def enter(self, op):
        self.do(op)

    @precondition(lambda self: self.ready(Submit))
    @rule(pick=st.integers(0, 2), op=entries())
    def enter_editable(self, pick, op):
        """An entry into a unit whose submission is editable."""
        ready = self.ready(Submit)
        self.do(replace(op, unit=ready[pick % len(ready)]))

    @precondition(lambda self: self.ready(Submit))
    @rule(pick=st.integers(0, 2), op=entries())
    def enter_and_submit(self, pick, op):
        """A unit enters a value and submits: two steps at once, so approvals of values
        are frequent."""
        ready = self.ready(Submit)
        unit = ready[pick % len(ready)]
        self.do(replace(op, unit=unit))
        self.do(Submit(unit))

    @rule(op=st.builds(Clear, units, indicators))
    def clear(self, op):
        self.do(op)

    @rule(op=st.builds(Aggregate, indicators, st.sampled_from(("sum", "average"))))
    def aggregate(self, op):
        self.do(op)

    @precondition(lambda self: self.approved_indicators())
    @rule(pick=st.integers(0, 2))
    def flip_approved(self, pick):
        """Change how an indicator with approved values combines."""
        ready = self.approved_indicators()
        code = ready[pick % len(ready)]
        current = IndicatorDefinition.objects.get(indicator__code=code).aggregation
        self.do(Aggregate(code, "average" if current == "sum" else "sum"))

    @rule(
        op=st.one_of(
            st.builds(Submit, units),
            st.builds(Return, units, reasons),
            st.builds(Approve, units),
            st.builds(Unapprove, units, reasons),
        )
    )
    def any_step(self, op):
        """A step of the cycle on any unit: refused when its state does not allow it."""
        self.do(op)

    @precondition(lambda self: self.ready(Submit))
    @rule(pick=st.integers(0, 2))
    def submit(self, pick):
        ready = self.ready(Submit)
        self.do(Submit(ready[pick % len(ready)]))

    @precondition(lambda self: self.ready(Return))
    @rule(pick=st.integers(0, 2))
    def return_(self, pick):
        ready = self.ready(Return)
        self.do(Return(ready[pick % len(ready)], "eksik veri"))

    @precondition(lambda self: self.ready(Approve))
    @rule(pick=st.integers(0, 2))
    def approve(self, pick):
        ready = self.ready(Approve)
        self.do(Approve(ready[pick % len(ready)]))

    @precondition(lambda self: self.ready(Unapprove))
    @rule(pick=st.integers(0, 2))
    def unapprove(self, pick):
        ready = self.ready(Unapprove)
        self.do(Unapprove(ready[pick % len(ready)], "yanlış onay"))


PROPERTY_SETTINGS = hsettings(
    max_examples=40,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def test_incremental_refresh_equals_full_rebuild(world, monkeypatch):
    seen = Counter()
    monkeypatch.setattr(Cycle, "world", world, raising=False)
    monkeypatch.setattr(Cycle, "seen", seen, raising=False)
    run_state_machine_as_test(Cycle, settings=PROPERTY_SETTINGS)
    # The examples did reach the interesting cases.
    for what in (
        "refused",
        "approval of values",
        "unapproval of values",
        "sum->average with approved values",
        "average->sum with approved values",
    ):
        assert seen[what] > 0, (what, seen)


def test_rollback_leaves_the_world_clean(world):
    """Each example starts from the same state: nothing of the previous one remains."""
    before = state()
    run(
        world,
        [
            Enter(UNITS[0], INDICATORS[0], 5, 3, 2),
            Submit(UNITS[0]),
            Approve(UNITS[0]),
            Aggregate(INDICATORS[0], "average"),
        ],
    )
    assert state() == before
    assert not Submission.objects.filter(period=world["period"]).exists()


# --- Positive control: the comparison can fail ----------------------------------------------


def test_a_forgotten_refresh_is_caught(world, monkeypatch):
    monkeypatch.setattr(hooks, "_listeners", [])  # no listener: the refresh is forgotten
    incremental, rebuilt = run(
        world,
        [Enter(UNITS[0], INDICATORS[0], 12, 7, 5), Submit(UNITS[0]), Approve(UNITS[0])],
    )
    assert incremental != rebuilt
    indicator_id = Indicator.objects.get(code=INDICATORS[0]).id
    assert (indicator_id, "2024", "", None, 12, 1, "") in rebuilt - incremental


def test_the_state_machine_finds_a_forgotten_refresh(world, monkeypatch):
    """The property test itself, run against services that forget the refresh, fails."""
    monkeypatch.setattr(hooks, "_listeners", [])  # no listener: the refresh is forgotten
    monkeypatch.setattr(Cycle, "world", world, raising=False)
    monkeypatch.setattr(Cycle, "seen", Counter(), raising=False)
    quick = hsettings(PROPERTY_SETTINGS, phases=[Phase.generate], print_blob=False)
    with pytest.raises(AssertionError, match="differ from a full rebuild"):
        run_state_machine_as_test(Cycle, settings=quick)


# --- The definition change, by example ------------------------------------------------------


def test_sum_to_average_refreshes_the_across_units_row(world):
    indicator = Indicator.objects.get(code=INDICATORS[0])

    def across():
        return IndicatorSummary.objects.get(
            indicator=indicator, period="2024", breakdown_key="", organisation=None
        )

    submissions = open_submissions(world)
    for unit, total in ((UNITS[0], 10), (UNITS[1], 20)):
        for op in (Enter(unit, INDICATORS[0], total, None, None), Submit(unit), Approve(unit)):
            apply(world, submissions, op)
    assert across().value == 30 and across().organisations == 2
    apply(world, submissions, Aggregate(INDICATORS[0], "average"))
    assert across().value == 15 and across().organisations == 2
    per_unit = IndicatorSummary.objects.filter(
        indicator=indicator, period="2024", breakdown_key="", organisation__isnull=False
    )
    assert sorted(per_unit.values_list("value", flat=True)) == [10, 20]
