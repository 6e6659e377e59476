"""The one write path for indicator values.

Every way a value arrives — the entry form, the API, a file import, a figure EşitKent computes
— is checked by the same `ValueRules` (the plan's indicator, who may write for the unit, the
assignment, a reporting period of the plan that accepts entries and has the indicator's length,
the breakdown, the typed value under the source's number convention, the approval lock) with the
same `Reason` codes and Turkish messages; and every change leaves a `Change` row made by one
helper, `change_services.value_change`, naming the cell by codes a person reads and by its own
columns.

The form and the API write through `values_write` under the submission's row lock; a file
import stages its rows and writes them in one short set-based step (`import_services`), with
the same rules and the same history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from esitkent.accounts.policies import coordinates_plan
from esitkent.accounts.selectors import reporting_units
from esitkent.core import period_codes, value_breakdowns
from esitkent.core.errors import InputRejected, Problem
from esitkent.core.models import Provenance
from esitkent.core.reasons import Reason
from esitkent.orgs.models import District, Organisation
from esitkent.plans.models import Indicator, Plan

from . import domain
from .change_services import shown, shown_text, value_change
from .models import Assignment, Change, DataValue, ReportingPeriod, Submission
from .period_selectors import entry_refusal

FORM, API, IMPORT, COMPUTED = "form", "api", "import", "computed"


class WriteConflict(InputRejected):
    """A save made from an older reading of a value that someone has changed since (HTTP 409)."""

    status = 409


@dataclass
class ValueEntry:
    indicator: Indicator
    breakdown: dict[str, str]
    raw: str  # as typed; "" removes the value
    comment: str | None = ""  # None: no comment field was posted; keep what is stored
    where: str = ""
    # What the person saw when she started: the version of the stored value (None or 0: there
    # was none) and, from the form, the text the field showed. A form field left as it was shown
    # is not written, so a save never clears what another reporter wrote meanwhile.
    version: int | None = None
    original: str | None = None
    original_comment: str | None = None
    numbers: str = domain.NUMBERS_TURKISH

    @property
    def changed(self) -> bool:
        if self.original is None:
            return True
        if self.raw.strip() != self.original.strip():
            return True
        return (
            self.comment is not None
            and self.original_comment is not None
            and self.comment.strip() != self.original_comment.strip()
        )

    @property
    def concurrent(self) -> bool:
        """Whether the entry says what it was based on, so a newer value can be told apart."""
        return self.original is not None or self.version is not None


class ValueRules:
    """What may be written into one plan, by whom, through which channel.

    Built once per save or import: the plan's indicators and definitions, its assignments,
    reporting periods and the districts are read up front, so checking a row costs no query.
    """

    def __init__(self, *, plan: Plan, by, channel: str, today: dt.date):
        self.plan, self.by, self.channel, self.today = plan, by, channel, today
        self.indicators = {
            i.id: i for i in Indicator.objects.filter(plan=plan).select_related("definition")
        }
        self.by_code = {i.code: i for i in self.indicators.values()}
        self.assigned = set(
            Assignment.objects.filter(indicator__plan=plan).values_list(
                "indicator_id", "organisation_id"
            )
        )
        self.periods = {p.code: p for p in ReportingPeriod.objects.filter(plan=plan)}
        self.districts = set(District.objects.values_list("code", flat=True))
        self._writers = self._units_by_may_write()

    def _units_by_may_write(self):
        """None: every unit (the system, the coordinating office's file exchange, a computed
        feed); otherwise the set of unit ids the person reports for."""
        if self.by is None or self.channel == COMPUTED:
            return None
        if self.channel == IMPORT and coordinates_plan(self.by, self.plan):
            return None
        return reporting_units(self.by)

    def may_write(self, organisation_id: int) -> bool:
        return self._writers is None or organisation_id in self._writers

    def period(self, code: str) -> ReportingPeriod:
        period = self.periods.get(code)
        if period is None:
            raise Reason(
                "no_reporting_period",
                gettext_noop("planın “{period}” diye bir raporlama dönemi yok"),
                period=code,
            )
        return period

    def check(
        self,
        *,
        indicator: Indicator,
        period_code: str,
        organisation: Organisation,
        breakdown: dict[str, str],
        raw: str,
        numbers: str,
    ) -> tuple[Decimal | None, str]:
        """(number, text) of a value that may be written here, or the Reason it may not.
        State checks (period open, submission editable, approval lock) come separately: they
        apply only to what would change something."""
        indicator = self.indicators.get(indicator.id)
        if indicator is None or indicator.archived_at is not None:
            raise Reason("not_in_plan", gettext_noop("bu gösterge bu planda yok"))
        definition = getattr(indicator, "definition", None)
        if definition is None or not definition.is_reported:
            raise Reason(
                "not_reported",
                gettext_noop("{code} raporlanan bir gösterge değil"),
                code=indicator.code,
            )
        if not self.may_write(organisation.id):
            raise Reason(
                "not_reporter",
                gettext_noop("yalnız {unit} biriminin raporlayıcıları değer girebilir"),
                unit=organisation.code,
            )
        if (indicator.id, organisation.id) not in self.assigned:
            raise Reason(
                "not_assigned",
                gettext_noop("bu gösterge {unit} birimine atanmamış"),
                unit=organisation.code,
            )
        period = period_codes.parse_period(self.period(period_code).code)
        if not period_codes.period_fits(period.kind, definition.periodicity):
            raise Reason(
                "periodicity",
                gettext_noop("{code} {periodicity} raporlanır; “{period}” {kind} bir dönem"),
                code=indicator.code,
                periodicity=period_codes.PERIODICITY_LABELS.get(definition.periodicity, ""),
                period=period_code,
                kind=period_codes.PERIODICITY_LABELS.get(period.kind, ""),
            )
        if issue := value_breakdowns.check_breakdown(
            breakdown, definition.dimensions, self.districts
        ):
            raise issue
        return domain.check_value(raw, definition.measure_type, numbers)

    def state_problem(self, period: ReportingPeriod, status: str | None) -> Reason | None:
        refusal = entry_refusal(period, status, self.today)
        return refusal.message if refusal else None


APPROVED_LOCK = Reason(
    "approved_value",
    gettext_noop("onaylanmış değer değiştirilemez; koordinatör önce onayı kaldırmalı"),
)


def locked(submission: Submission) -> Submission:
    """The submission read again under its row lock (PostgreSQL; SQLite serialises writers)."""
    return (
        Submission.objects.select_for_update()
        .select_related("period__plan", "organisation")
        .get(pk=submission.pk)
    )


def _conflict(entry: ValueEntry, current: DataValue | None, yours: str) -> Problem:
    who = current.updated_by if current is not None else None
    name = (who.get_full_name() or who.username) if who else "başka biri"
    if who is not None and who.get_full_name():
        name = f"{name} ({who.username})"
    if current is None:
        reason = Reason(
            "conflict",
            gettext_noop(
                "siz “{yours}” girdiniz; bu arada bu değer silindi. Sayfayı yenileyip yeniden "
                "deneyin."
            ),
            yours=yours,
        )
    else:
        reason = Reason(
            "conflict",
            gettext_noop(
                "siz “{yours}” girdiniz; bu arada {who} “{theirs}” olarak kaydetti ({when}). "
                "Sayfayı yenileyin, iki değeri karşılaştırıp yeniden kaydedin."
            ),
            yours=yours,
            who=name,
            theirs=shown(current),
            when=timezone.localtime(current.updated_at).strftime("%d.%m.%Y %H:%M"),
        )
    return Problem(entry.where or entry.indicator.code, reason)


@dataclass
class _Checked:
    """An entry that may be written: its typed value, its comment, what is stored now."""

    entry: ValueEntry
    key: str
    number: Decimal | None
    text: str
    comment: str
    current: DataValue | None


class _Stale(Exception):
    """An entry made from an older reading of its value."""

    def __init__(self, problem: Problem):
        self.problem = problem


def _entry_check(
    entry: ValueEntry, rules: ValueRules, submission: Submission, existing: dict
) -> _Checked:
    """The entry as it would be written; a Reason when it may not be, `_Stale` when someone
    changed the value since the person read it."""
    number, text = rules.check(
        indicator=entry.indicator,
        period_code=submission.period.code,
        organisation=submission.organisation,
        breakdown=entry.breakdown,
        raw=entry.raw,
        numbers=entry.numbers,
    )
    key = value_breakdowns.breakdown_key(entry.breakdown)
    current = existing.get((entry.indicator.id, key))
    if entry.concurrent and (current.version if current else 0) != (entry.version or 0):
        raise _Stale(_conflict(entry, current, shown_text(number, text, entry.comment or "")))
    comment = current.comment if entry.comment is None and current else (entry.comment or "")
    if (
        current is not None
        and current.approved
        and (current.value, current.text, current.comment) != (number, text, comment)
    ):
        raise Reason(APPROVED_LOCK.code, APPROVED_LOCK.template)
    return _Checked(entry, key, number, text, comment, current)


def _entries_check(
    entries: list[ValueEntry], rules: ValueRules, submission: Submission, existing: dict
) -> list[_Checked]:
    """Every changed entry checked; all of them refused together, conflicts first."""
    problems: list[Problem] = []
    conflicts: list[Problem] = []
    checked: list[_Checked] = []
    for entry in entries:
        if not entry.changed:
            continue
        try:
            checked.append(_entry_check(entry, rules, submission, existing))
        except _Stale as stale:
            conflicts.append(stale.problem)
        except ValueError as exc:
            problems.append(Problem(entry.where or entry.indicator.code, exc))
    if conflicts:
        raise WriteConflict(conflicts + problems)
    if problems:
        raise InputRejected(problems)
    return checked


def _value_write(checked: _Checked, submission: Submission, by, provenance: str) -> Change | None:
    """Store, change or remove one value; its history row, or None when nothing changed."""
    entry, current = checked.entry, checked.current
    period, organisation = submission.period, submission.organisation
    cell = {
        "indicator": entry.indicator,
        "organisation": organisation,
        "period": period.code,
        "breakdown": entry.breakdown,
        "by": by,
        "submission": submission,
    }
    number, text, comment = checked.number, checked.text, checked.comment
    if number is None and not text:
        if current is None:
            return None
        change = value_change(action=Change.Action.DELETED, old=shown(current), **cell)
        current.delete()
        return change
    if current is None:
        current = DataValue(
            indicator=entry.indicator,
            period=period.code,
            organisation=organisation,
            breakdown_key=checked.key,
            breakdown=dict(entry.breakdown),
            version=0,
        )
        action, old = Change.Action.ENTERED, ""
    elif (current.value, current.text, current.comment) == (number, text, comment):
        return None
    else:
        action, old = Change.Action.UPDATED, shown(current)
    current.value, current.text, current.comment = number, text, comment
    current.submission, current.updated_by, current.provenance = submission, by, provenance
    current.approved = False
    current.version += 1
    current.save()
    return value_change(action=action, old=old, new=shown(current), data_value=current, **cell)


@transaction.atomic
def values_write(
    *,
    submission: Submission,
    entries: list[ValueEntry],
    by,
    channel: str,
    today: dt.date | None = None,
    provenance: str = Provenance.MANUAL,
) -> Submission:
    """Write a unit's values for a period, all or nothing, under the submission's row lock.
    Returns the locked submission. Refusals name each entry; a value changed by someone else
    since the person read it is a `WriteConflict`."""
    today = today or timezone.localdate()
    submission = locked(submission)
    period = submission.period
    rules = ValueRules(plan=period.plan, by=by, channel=channel, today=today)
    if refusal := entry_refusal(period, submission.status, today):
        raise InputRejected([refusal])
    existing = {
        (v.indicator_id, v.breakdown_key): v
        for v in DataValue.objects.filter(
            organisation=submission.organisation, period=period.code, indicator__plan=period.plan
        ).select_related("updated_by")
    }
    changes = [
        change
        for checked in _entries_check(entries, rules, submission, existing)
        if (change := _value_write(checked, submission, by, provenance)) is not None
    ]
    Change.objects.bulk_create(changes)
    return submission
