"""Monitoring: indicator definitions, reporting periods, assignments, submissions, values.

A value is what × when × who × breakdown (DHIS2's data value): indicator, period code,
organisation, and explicit option codes per dimension. Values are stored as reported; totals
and ratios are derived.

The models live in modules by seam; this package names them all, as Django expects.
"""

from .batches import ExternalId, ImportBatch, StagedValue
from .context import ContextCheck, ContextSeries, ContextValue
from .cycle import (
    ActivityReport,
    Evidence,
    ReminderPolicy,
    ReminderSent,
    ReportingPeriod,
    Submission,
)
from .definitions import (
    Assignment,
    IndicatorDefinition,
    IndicatorTarget,
    MeasureType,
    ValidationRule,
)
from .values import Change, DataValue

__all__ = [
    "MeasureType",
    "IndicatorDefinition",
    "IndicatorTarget",
    "Assignment",
    "ValidationRule",
    "ReportingPeriod",
    "Submission",
    "Evidence",
    "ActivityReport",
    "ReminderPolicy",
    "ReminderSent",
    "ImportBatch",
    "StagedValue",
    "ExternalId",
    "DataValue",
    "Change",
    "ContextSeries",
    "ContextValue",
    "ContextCheck",
]
