"""The statistics other apps may read from case records: counts of consented records only,
small cells suppressed for the audience (see suppression.py). Nothing here returns a row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from esitkent.centres.models import Centre
from esitkent.core.reasons import gettext_noop
from esitkent.orgs.models import District

from . import domain, suppression
from .models import Case, CaseService, Incident, Referral

DIMENSIONS: dict[str, str] = {
    "age_band": gettext_noop("Yaş grubu"),
    "channel": gettext_noop("Başvuru yolu"),
    "core_type": gettext_noop("Şiddet türü (GBVIMS)"),
    "form": gettext_noop("Şiddet biçimi (birden çok seçilebilir)"),
    "service": gettext_noop("Sağlanan hizmet (birden çok olabilir)"),
    "referral": gettext_noop("Yönlendirilen merkez türü"),
}
CATALOGUES = {
    "age_band": domain.AGE_BANDS,
    "channel": domain.CHANNELS,
    "core_type": domain.CORE_TYPES,
    "form": domain.VIOLENCE_FORMS,
    "service": domain.SERVICES,
    "referral": dict(Centre.Kind.choices),
}
# Counts that do not add up (a case under several forms or services) get no margins.
NON_ADDITIVE = frozenset({"form", "service"})
NO_DISTRICT = "-"


def _month_range(month: str) -> tuple[dt.date, dt.date]:
    year, number = (int(part) for part in month.split("-"))
    start = dt.date(year, number, 1)
    end = dt.date(year + number // 12, number % 12 + 1, 1)
    return start, end


def _raw_counts(dimension: str, start: dt.date, end: dt.date, centre_ids) -> dict:
    """(category, district code or '-') → count, from consented records only."""
    cases = Case.objects.filter(statistics_consent=True, applied_on__gte=start, applied_on__lt=end)
    if centre_ids is not None:
        cases = cases.filter(centre_id__in=centre_ids)
    if dimension in {"age_band", "channel"}:
        rows = cases.values_list(dimension, "district__code").annotate(n=Count("pk"))
    elif dimension == "core_type":
        rows = (
            Incident.objects.filter(case__in=cases)
            .values_list("core_type", "case__district__code")
            .annotate(n=Count("pk"))
        )
    elif dimension == "form":
        counts: dict = {}
        pairs = (
            Incident.objects.filter(case__in=cases)
            .values_list("case_id", "forms", "case__district__code")
            .order_by()
        )
        seen: set = set()
        for case_id, forms, district in pairs:
            for form in forms:
                if (case_id, form) not in seen:
                    seen.add((case_id, form))
                    key = (form, district or NO_DISTRICT)
                    counts[key] = counts.get(key, 0) + 1
        return counts
    elif dimension == "service":
        rows = (
            CaseService.objects.filter(case__in=cases, status="provided")
            .values_list("service", "case__district__code")
            .annotate(n=Count("pk"))
        )
    elif dimension == "referral":
        rows = (
            Referral.objects.filter(case__in=cases)
            .values_list("to_centre__kind", "case__district__code")
            .annotate(n=Count("pk"))
        )
    else:
        raise ValueError(dimension)
    counts = {}
    for category, district, n in rows:
        key = (category, district or NO_DISTRICT)
        counts[key] = counts.get(key, 0) + n
    return counts


@dataclass(frozen=True)
class AnonymisedTable:
    dimension: str
    period: str
    threshold: int
    rows: list[tuple[str, str]]  # (code, label)
    columns: list[tuple[str, str]]
    table: suppression.SuppressedTable | None  # additive dimensions
    each: dict | None  # non-additive: column → {row: count or None}

    def display_rows(self) -> list[dict]:
        """Rows as a page shows them: a label and the figures (None where hidden), with
        the row total and a totals line for additive dimensions."""
        columns = [code for code, _ in self.columns]
        if self.table is None:
            return [
                {"label": label, "values": [self.each[c][code] for c in columns]}
                for code, label in self.rows
            ]
        t = self.table
        shown = [
            {
                "label": label,
                "values": [t.cells[(code, c)] for c in columns] + [t.row_totals[code]],
            }
            for code, label in self.rows
        ]
        shown.append(
            {
                "label": gettext_noop("Toplam"),
                "values": [t.column_totals[c] for c in columns] + [t.total],
            }
        )
        return shown


def anonymised_counts(
    *,
    month: str,
    dimension: str,
    audience: str = "internal",
    by_district: bool = True,
    centre_ids=None,
) -> AnonymisedTable:
    """One month's counts of one dimension, by district of residence (or one total column),
    consented records only, suppressed for the audience: internal views hide 1–4, anything
    published 1–9, with complementary suppression across the margins."""
    threshold = (
        suppression.PUBLIC_THRESHOLD if audience == "public" else suppression.INTERNAL_THRESHOLD
    )
    start, end = _month_range(month)
    rows = [(code, label) for code, label in CATALOGUES[dimension].items()]
    columns = _columns(by_district)

    def counts_of(of: str) -> dict:
        raw = _raw_counts(of, start, end, centre_ids)
        return raw if by_district else _one_column(raw)

    counts = counts_of(dimension)
    row_codes, column_codes = [r for r, _ in rows], [c for c, _ in columns]
    if dimension in NON_ADDITIVE:
        each = {
            column: suppression.suppress_each(
                {row: counts.get((row, column), 0) for row in row_codes}, threshold=threshold
            )
            for column in column_codes
        }
        return AnonymisedTable(dimension, month, threshold, rows, columns, None, each)
    linked = _linked_counts(dimension, counts, counts_of)
    tables = suppression.suppress_linked(
        linked,
        rows={d: list(CATALOGUES[d]) for d in linked},
        columns=column_codes,
        threshold=threshold,
    )
    return AnonymisedTable(dimension, month, threshold, rows, columns, tables[dimension], None)


def _columns(by_district: bool) -> list[tuple[str, str]]:
    if not by_district:
        return [("all", gettext_noop("Merkez"))]
    columns = list(District.objects.order_by("sort_key").values_list("code", "name"))
    columns.append((NO_DISTRICT, gettext_noop("İlçe bilinmiyor")))
    return columns


def _one_column(raw: dict) -> dict:
    counts: dict = {}
    for (category, _district), n in raw.items():
        counts[(category, "all")] = counts.get((category, "all"), 0) + n
    return counts


def _column_totals(counts: dict) -> dict:
    totals: dict = {}
    for (_category, column), n in counts.items():
        totals[column] = totals.get(column, 0) + n
    return {column: n for column, n in totals.items() if n}


def _linked_counts(dimension: str, counts: dict, counts_of) -> dict:
    """The month's other tables may count the same people by other categories (age band and
    channel both count records): where their district totals are the same, a total that one
    of them has to hide is hidden in all, or it could be read off another."""
    # In the catalogue's order whichever is asked for, so that every page shows the same.
    linked = {}
    for other in DIMENSIONS:
        if other not in NON_ADDITIVE:
            other_counts = counts if other == dimension else counts_of(other)
            if _column_totals(other_counts) == _column_totals(counts):
                linked[other] = other_counts
    return linked


def persons_served(*, year: int) -> dict:
    """Distinct consented records open at some time in the year: the total and the parts by
    age band, district and disability, each list suppressed at the public threshold (these
    become approved, public values). Categories the plan has no option for (an unknown age)
    stay hidden parts of the list."""
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    cases = Case.objects.filter(statistics_consent=True, applied_on__lt=end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=start)
    )
    # One pass over the year's records, summed three ways here (bench/cases.py: less than half
    # the time of three GROUP BYs).
    codes = dict(District.objects.values_list("pk", "code"))
    by: dict[str, dict[str, int]] = {"age": {}, "district": {}, "disability": {}}
    rows = cases.values_list("age_band", "district_id", "disability").annotate(n=Count("pk"))
    for age_band, district_id, disability, n in rows.order_by():
        for dimension, value in (
            ("age", age_band),
            ("district", codes.get(district_id, NO_DISTRICT)),
            ("disability", disability),
        ):
            by[dimension][value] = by[dimension].get(value, 0) + n
    # The three lists count the same people and share their total: a total one of them has
    # to hide is hidden in all, or it could be read off another.
    tables = suppression.suppress_linked(
        {
            dimension: {(key, ""): n for key, n in counts.items()}
            for dimension, counts in by.items()
        },
        rows={dimension: list(counts) for dimension, counts in by.items()},
        columns=[""],
        threshold=suppression.PUBLIC_THRESHOLD,
    )
    result: dict = {
        dimension: {key: tables[dimension].cells[(key, "")] for key in counts}
        for dimension, counts in by.items()
    }
    result["total"] = tables["age"].total
    return result


def services_provided(*, year: int) -> dict:
    """Service lines provided in the year to consented records, by district, suppressed."""
    lines = CaseService.objects.filter(
        case__statistics_consent=True,
        status="provided",
        provided_on__year=year,
    )
    counts = {
        (district or NO_DISTRICT): n
        for district, n in lines.values_list("case__district__code")
        .annotate(n=Count("pk"))
        .order_by()
    }
    shown, total = suppression.suppress_list(counts, threshold=suppression.PUBLIC_THRESHOLD)
    return {"district": shown, "total": total}


def months_with_cases(centre_ids=None) -> list[str]:
    """The months a table can be asked for: those with consented records (of these centres)."""
    cases = Case.objects.filter(statistics_consent=True)
    if centre_ids is not None:
        cases = cases.filter(centre_id__in=centre_ids)
    dates = cases.dates("applied_on", "month", order="DESC")
    return [f"{d:%Y-%m}" for d in dates[:36]]
