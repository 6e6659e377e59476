"""What a unit sends to be saved, read into the entries the monitoring services take.

The page and the API send the same things in two shapes (form fields, JSON); both are read here
so that the service receives one thing whichever door it came through. Which indicators and
activities the unit may write is decided by the service, not here.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_noop

from esitkent.core import value_breakdowns
from esitkent.core.errors import InputRejected, Problem
from esitkent.core.reasons import Reason
from esitkent.plans.models import Activity, Indicator

from . import domain
from .entry_services import ReportEntry
from .value_services import ValueEntry

COMMENT_WITHOUT_VALUE = Reason(
    "comment_without_value",
    gettext_noop("açıklama bir değerin yanında saklanır; önce değeri girin ya da açıklamayı silin"),
)
NOT_STARTED = "not_started"


class WholeNumberField(forms.IntegerField):
    """A whole number as typed: '5.0' is refused, not read as 5."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class ReportForm(forms.Form):
    """One activity's report; the page also sends it once more as it was shown (`original`).
    Texts are kept as sent: the page strips its fields itself, the API's are saved verbatim."""

    status = forms.CharField(required=False, strip=False)
    progress = WholeNumberField(required=False)
    milestones = forms.CharField(required=False, strip=False)
    explanation = forms.CharField(required=False, strip=False)
    corrective_action = forms.CharField(required=False, strip=False)
    new_date = forms.DateField(required=False, input_formats=["%Y-%m-%d"])


FIELDS = tuple(ReportForm.base_fields)


def _report_data(fields: dict) -> dict | None:
    """The report's fields typed, or None when one cannot be read."""
    form = ReportForm(fields)
    return form.cleaned_data if form.is_valid() else None


def _report_entry(activity_id: int, data: dict, original: dict | None = None) -> ReportEntry:
    return ReportEntry(
        activity_id=activity_id,
        status=data["status"] or NOT_STARTED,
        progress=data["progress"],
        milestones=data["milestones"],
        explanation=data["explanation"],
        corrective_action=data["corrective_action"],
        new_date=data["new_date"],
        original=original,
    )


# --- The page: fields v|<indicator id>|<breakdown key>, c|… for comments, a|<activity id>|<field>


def entries_from_post(post) -> tuple[list[ValueEntry], list[ReportEntry]]:
    values = _values_from_post(post)
    return values, _reports_from_post(post)


def _value_fields(post) -> list[tuple[int, str, str]]:
    fields = []
    for name, raw in post.items():
        if not name.startswith("v|"):
            continue
        parts = name.split("|", 2)
        if len(parts) != 3 or not parts[1].isdigit():
            raise InputRejected(
                [Problem("form", "form alanı anlaşılamadı; sayfayı yenileyip yeniden deneyin")]
            )
        fields.append((int(parts[1]), parts[2], raw))
    return fields


def _values_from_post(post) -> list[ValueEntry]:
    fields = _value_fields(post)
    indicators = Indicator.objects.in_bulk({indicator_id for indicator_id, _, _ in fields})
    values, lost_comments = [], []
    for indicator_id, key, raw in fields:
        indicator = indicators.get(indicator_id)
        if indicator is None:
            raise InputRejected([Problem("form", "bilinmeyen gösterge")])
        entry = _value_from_post(post, indicator, key, raw)
        # A value's comment is stored with the value: one typed beside an empty cell would
        # vanish on save without a word, so it is sent back instead.
        if (
            not raw.strip()
            and entry.comment
            and entry.comment != (entry.original_comment or "").strip()
        ):
            lost_comments.append(Problem(entry.where, COMMENT_WITHOUT_VALUE))
        values.append(entry)
    if lost_comments:
        raise InputRejected(lost_comments)
    return values


def _value_from_post(post, indicator: Indicator, key: str, raw: str) -> ValueEntry:
    try:
        breakdown = value_breakdowns.parse_breakdown_key(key)
    except ValueError as exc:
        raise InputRejected([Problem(indicator.code, str(exc))]) from None
    cell = f"{indicator.id}|{key}"
    comment = post[f"c|{cell}"].strip() if f"c|{cell}" in post else None
    seen_version = post.get(f"ver|{cell}")
    return ValueEntry(
        indicator,
        breakdown,
        raw,
        comment,
        f"{indicator.code} {value_breakdowns.breakdown_label(breakdown)}",
        version=int(seen_version) if seen_version and seen_version.isdigit() else None,
        original=post.get(f"o|{cell}"),
        original_comment=post.get(f"oc|{cell}"),
    )


def _reports_from_post(post) -> list[ReportEntry]:
    activity_ids = sorted(
        {
            int(n.split("|")[1])
            for n in post
            if n.startswith("a|") and n.count("|") == 2 and n.split("|")[1].isdigit()
        }
    )
    return [_report_from_post(post, activity_id) for activity_id in activity_ids]


def _report_from_post(post, activity_id: int) -> ReportEntry:
    typed = _report_data({f: post.get(f"a|{activity_id}|{f}", "").strip() for f in FIELDS})
    # What the page showed, so that only the fields the person changed are written.
    was_shown = f"ao|status|{activity_id}" in post
    original = (
        _report_data({f: post.get(f"ao|{f}|{activity_id}", "").strip() for f in FIELDS})
        if was_shown
        else None
    )
    if typed is None or (was_shown and original is None):
        raise InputRejected(
            [
                Problem(
                    f"faaliyet {activity_id}",
                    "ilerleme tam sayı, yeni tarih geçerli bir tarih olmalı",
                )
            ]
        )
    return _report_entry(activity_id, typed, original)


# --- The API: JSON already typed by its schema; indicators by code, activities by printed row


def entries_from_api(payload, *, plan) -> tuple[list[ValueEntry], list[ReportEntry]]:
    """Every unknown indicator or activity is named (values[i], reports[i]) before refusing."""
    problems: list[Problem] = []
    values = _values_from_api(payload.values, plan, problems)
    reports = _reports_from_api(payload.reports, plan, problems)
    if problems:
        raise InputRejected(problems)
    return values, reports


def _values_from_api(entries, plan, problems: list[Problem]) -> list[ValueEntry]:
    indicators = {
        i.code: i
        for i in Indicator.objects.filter(
            activity__subgoal__goal__area__plan=plan, code__in=[e.indicator for e in entries]
        )
    }
    values = []
    for n, entry in enumerate(entries):
        where = f"values[{n}]"
        indicator = indicators.get(entry.indicator)
        if indicator is None:
            problems.append(
                _unknown(f"{where}.indicator", gettext_noop("bu planda böyle bir gösterge yok"))
            )
            continue
        values.append(
            ValueEntry(
                indicator=indicator,
                breakdown=entry.breakdown,
                raw=entry.value,
                comment=entry.comment,
                where=where,
                # 0 says "there was no value": a value written meanwhile is then a conflict.
                version=entry.version,
                numbers=domain.NUMBERS_POINT,
            )
        )
    return values


def _reports_from_api(entries, plan, problems: list[Problem]) -> list[ReportEntry]:
    activities = dict(
        Activity.objects.filter(
            subgoal__goal__area__plan=plan, row__in=[r.activity for r in entries]
        ).values_list("row", "id")
    )
    reports = []
    for n, entry in enumerate(entries):
        if entry.activity not in activities:
            problems.append(
                _unknown(f"reports[{n}].activity", gettext_noop("bu planda böyle bir faaliyet yok"))
            )
            continue
        # The schema has typed every field already: the form cannot refuse them.
        data = _report_data({f: getattr(entry, f) for f in FIELDS})
        reports.append(_report_entry(activities[entry.activity], data))
    return reports


def _unknown(where: str, message: str) -> Problem:
    return Problem(where, Reason("unknown", message))
