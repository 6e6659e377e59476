"""Every read of case records. Each starts from `visible_cases(user)`, which applies centre
scope: her own centre's records, and records referred to her centre while the referral is
pending or accepted (then only the granted sections). Nobody else, administrators included,
gets a row.

Other apps read case-derived numbers only through `anonymised_counts`, which counts only
records with statistics consent and suppresses small cells (see suppression.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Subquery
from django.utils import timezone

from esitkent.accounts.selectors import accounts_for_review
from esitkent.centres.models import Centre
from esitkent.core.crypto import blind_index
from esitkent.core.reasons import gettext_noop
from esitkent.orgs.models import District

from . import domain, policies, suppression
from .models import (
    AccessLogEntry,
    Case,
    CaseService,
    Incident,
    ProtectiveMeasure,
    Referral,
    RiskAssessment,
    SupportLineCall,
)

LIVE_REFERRAL = (Referral.Status.PENDING, Referral.Status.ACCEPTED)


def visible_cases(user) -> QuerySet[Case]:
    own = policies.case_centre_ids(user)
    if not own:
        return Case.objects.none()
    referred = Referral.objects.filter(to_centre_id__in=own, status__in=LIVE_REFERRAL).values(
        "case_id"
    )
    return Case.objects.filter(Q(centre_id__in=own) | Q(pk__in=Subquery(referred)))


@dataclass(frozen=True)
class CaseAccess:
    owner: bool  # her centre holds the record: every section, and she may edit
    manager: bool  # the owning centre's manager: overrides, exports
    sections: frozenset[str]
    referrals: tuple[Referral, ...] = ()  # the live referrals that let a receiver in

    def sees(self, section: str) -> bool:
        return section in self.sections

    def sees_contact(self, case: Case) -> bool:
        """Contact fields are hidden everywhere for a confidential address: even the owner
        sees them only through the logged 'reveal' step."""
        return self.sees("contact") and not case.confidential_address


def case_access(user, case: Case) -> CaseAccess | None:
    if policies.may_edit(user, case):
        return CaseAccess(
            owner=True, manager=policies.may_manage(user, case), sections=frozenset(domain.SECTIONS)
        )
    own = policies.case_centre_ids(user)
    live = tuple(
        Referral.objects.filter(
            case=case, to_centre_id__in=own, status__in=LIVE_REFERRAL
        ).select_related("from_centre__organisation", "to_centre__organisation")
    )
    if not live:
        return None
    granted = frozenset(s for r in live for s in r.sections) | domain.ALWAYS_SHARED
    return CaseAccess(owner=False, manager=False, sections=granted, referrals=live)


def case_for(user, code: str) -> tuple[Case, CaseAccess] | None:
    """The record and what she may see of it, or None: another centre's record answers
    exactly like one that does not exist."""
    case = (
        visible_cases(user)
        .select_related("centre__organisation", "district")
        .filter(survivor_code=code)
        .first()
    )
    if case is None:
        return None
    access = case_access(user, case)
    return (case, access) if access is not None else None


def case_list(user, *, status: str = "", code: str = "", limit: int = 50) -> list[Case]:
    """The newest records she may see. Her centres' records and the ones referred in are read
    apart, each down its own index, and merged: one query with an OR sorts every visible row
    (bench/cases.py)."""
    # A district's boundary (GeoJSON) is never shown here: not decoding it per row.
    cases = (
        visible_cases(user)
        .select_related("centre__organisation", "district")
        .defer("district__boundary")
    )
    if status in Case.Status.values:
        cases = cases.filter(status=status)
    if code:
        cases = cases.filter(survivor_code=code.strip().upper())
    newest = ("-applied_on", "-id")
    own = policies.case_centre_ids(user)
    found: list[Case] = []
    for centre_id in sorted(own):
        found += cases.filter(centre_id=centre_id).order_by(*newest)[:limit]
    referred = (
        Referral.objects.filter(to_centre_id__in=own, status__in=LIVE_REFERRAL)
        .values("case_id")
        .order_by()
    )
    found += (
        cases.filter(pk__in=Subquery(referred)).exclude(centre_id__in=own).order_by(*newest)[:limit]
    )
    found.sort(key=lambda c: (c.applied_on, c.pk), reverse=True)
    return found[:limit]


def find_by_national_id(user, number: str) -> list[Case]:
    from .services import national_id_normalised

    digits = national_id_normalised(number)
    if not digits:
        return []
    # Only records her own centres hold: a receiving centre without the contact section must
    # not learn which record a number belongs to. The centre is checked here rather than in
    # SQL, where SQLite would walk the centre's index instead of the blind index.
    own = policies.case_centre_ids(user)
    found = (
        visible_cases(user)
        .select_related("centre__organisation")
        .defer("district__boundary")
        .filter(national_id_index=blind_index(digits))
        .order_by("-applied_on")[:100]
    )
    return [case for case in found if case.centre_id in own][:20]


def national_id_held_elsewhere(user, number: str) -> bool:
    """Whether the number belongs to a record no centre of hers holds: her search for it is
    then a refused attempt on another centre's record, which the access log must show."""
    from .services import national_id_normalised

    digits = national_id_normalised(number)
    if not digits:
        return False
    return (
        Case.objects.filter(national_id_index=blind_index(digits))
        .exclude(centre_id__in=policies.case_centre_ids(user))
        .exists()
    )


def case_sections(case: Case, access: CaseAccess) -> dict:
    """The granted sections' rows, each read only if granted."""
    parts: dict = {}
    if access.sees("incidents"):
        parts["incidents"] = list(case.incidents.all())
        for incident in parts["incidents"]:
            # GBVIMS case context: derived, never asked and never a type.
            incident.context = domain.case_context(
                incident.core_type, incident.perpetrator_relationship, case.age_band
            )
    if access.sees("risk"):
        parts["risk"] = list(case.risk_assessments.all())
    if access.sees("services"):
        parts["services"] = list(case.services.all())
    if access.sees("measures"):
        parts["measures"] = list(case.measures.all())
    if access.owner:
        parts["consents"] = list(case.consents.order_by("kind", "-recorded_at", "-id"))
        parts["referrals"] = list(case.referrals.select_related("to_centre", "from_centre"))
        parts["follow_ups"] = list(case.follow_ups.all())
        parts["attachments"] = list(
            case.attachments.only("id", "original_name", "size", "uploaded_at")
        )
    return parts


def incoming_referrals(user) -> list[Referral]:
    own = policies.case_centre_ids(user)
    return list(
        Referral.objects.filter(to_centre_id__in=own, status__in=LIVE_REFERRAL)
        .select_related("case", "from_centre__organisation", "to_centre__organisation")
        .order_by("status", "-created_at")[:100]
    )


def referral_for(user, referral_id: int) -> Referral | None:
    """A referral her centre received, or one about a record her centre holds (after a
    transfer, the new owner answers for the record's referrals, not the old one)."""
    own = policies.case_centre_ids(user)
    return (
        Referral.objects.filter(
            Q(to_centre_id__in=own) | Q(case__centre_id__in=own), pk=referral_id
        )
        .select_related("case__centre", "to_centre", "from_centre")
        .first()
    )


@dataclass(frozen=True)
class Alert:
    case_code: str
    kind: str  # measure-expiring | measure-expired | risk-review
    label: str
    due: dt.date


def alerts(user, *, today: dt.date | None = None) -> list[Alert]:
    """6284 measures ending within the alert window (or ended, with no extension), and risk
    reviews that are due, for her own centres' open records."""
    today = today or timezone.localdate()
    own = visible_cases(user).filter(
        centre_id__in=policies.case_centre_ids(user), status=Case.Status.OPEN
    )
    found: list[Alert] = []
    window = today + dt.timedelta(days=domain.EXPIRY_ALERT_DAYS)
    measures = (
        ProtectiveMeasure.objects.filter(case__in=own, ends_on__lte=window, extensions=None)
        .filter(ends_on__gte=today - dt.timedelta(days=30))
        .select_related("case")
    )
    for measure in measures:
        state = domain.measure_alert(measure.ends_on, today)
        found.append(
            Alert(
                measure.case.survivor_code,
                f"measure-{state}",
                domain.MEASURES[measure.measure],
                measure.ends_on,
            )
        )
    # Reviews that are due, on each record's latest assessment only (a newer one replaces a due
    # review). The due ones are read first, newest first, at most 200.
    due = list(
        RiskAssessment.objects.filter(case__in=own, next_review_on__lte=today)
        .select_related("case")
        .order_by("-next_review_on", "-id")[:200]
    )
    latest: dict[int, tuple] = {}
    for case_id, assessed_on, pk in RiskAssessment.objects.filter(
        case_id__in={a.case_id for a in due}
    ).values_list("case_id", "assessed_on", "id"):
        latest[case_id] = max(latest.get(case_id, (assessed_on, pk)), (assessed_on, pk))
    for assessment in due:
        if latest[assessment.case_id] == (assessment.assessed_on, assessment.pk):
            found.append(
                Alert(
                    assessment.case.survivor_code,
                    "risk-review",
                    domain.RISK_LEVELS[assessment.level],
                    assessment.next_review_on,
                )
            )
    return sorted(found, key=lambda a: a.due)


def calls(user, *, limit: int = 50) -> list[SupportLineCall]:
    return list(
        SupportLineCall.objects.filter(centre_id__in=policies.case_centre_ids(user))
        .select_related("centre", "district", "case")
        .order_by("-received_at")[:limit]
    )


def call_for(user, call_id: int) -> SupportLineCall | None:
    return (
        SupportLineCall.objects.filter(centre_id__in=policies.case_centre_ids(user), pk=call_id)
        .select_related("centre")
        .first()
    )


def access_log(user, *, case_code: str = "", limit: int = 200) -> list[AccessLogEntry]:
    """Managers read their centres' rows; administrators read all."""
    from esitkent.accounts.policies import is_admin

    rows = AccessLogEntry.objects.all()
    if not is_admin(user):
        # Her centres' own rows, and every row about a record her centre holds, wherever it
        # was written from (a receiving shelter's view and answer carry the shelter's code).
        managed = policies.managed_centre_ids(user)
        codes = list(Centre.objects.filter(pk__in=managed).values_list("code", flat=True))
        held = Case.objects.filter(centre_id__in=managed).values("survivor_code")
        rows = rows.filter(Q(centre_code__in=codes) | Q(case_code__in=Subquery(held)))
    if case_code:
        rows = rows.filter(case_code=case_code.strip())
    return list(rows.order_by("-at", "-id")[:limit])


def my_centres(user) -> list[Centre]:
    return list(Centre.objects.filter(pk__in=policies.case_centre_ids(user)).order_by("sort_key"))


def referral_targets(case: Case) -> list[Centre]:
    return list(Centre.objects.exclude(pk=case.centre_id).order_by("kind", "sort_key"))


# --- Statistics that protect --------------------------------------------------------------------

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
    catalogue = CATALOGUES[dimension]
    rows = [(code, label) for code, label in catalogue.items()]
    if by_district:
        columns = list(District.objects.order_by("sort_key").values_list("code", "name"))
        columns.append((NO_DISTRICT, gettext_noop("İlçe bilinmiyor")))
    else:
        columns = [("all", gettext_noop("Merkez"))]

    def counts_of(of: str) -> dict:
        raw = _raw_counts(of, start, end, centre_ids)
        if by_district:
            return raw
        counts: dict = {}
        for (category, _district), n in raw.items():
            counts[(category, "all")] = counts.get((category, "all"), 0) + n
        return counts

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

    # The month's other tables may count the same people by other categories (age band and
    # channel both count records): where their district totals are the same, a total that
    # one of them has to hide is hidden in all, or it could be read off another.
    def column_totals(counts: dict) -> dict:
        totals: dict = {}
        for (_category, column), n in counts.items():
            totals[column] = totals.get(column, 0) + n
        return {column: n for column, n in totals.items() if n}

    # In the catalogue's order whichever is asked for, so that every page shows the same.
    linked = {}
    for other in DIMENSIONS:
        if other not in NON_ADDITIVE:
            other_counts = counts if other == dimension else counts_of(other)
            if column_totals(other_counts) == column_totals(counts):
                linked[other] = other_counts
    tables = suppression.suppress_linked(
        linked,
        rows={d: list(CATALOGUES[d]) for d in linked},
        columns=column_codes,
        threshold=threshold,
    )
    return AnonymisedTable(dimension, month, threshold, rows, columns, tables[dimension], None)


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


# --- The periodic access review (KVKK 2018/10) ----------------------------------------------------

# What counts as reading a record: opening it, revealing a confidential contact, a file, an
# export and a search by national ID or code. Lists and statistics show no record's content.
CASE_READS = (
    AccessLogEntry.Action.VIEW,
    AccessLogEntry.Action.REVEAL,
    AccessLogEntry.Action.ATTACHMENT,
    AccessLogEntry.Action.EXPORT,
    AccessLogEntry.Action.SEARCH,
)


def case_reads_by_user(*, since: dt.datetime) -> dict[int, tuple[int, int]]:
    """User id → (case reads, refused attempts) since the given time, from the access log."""
    rows = (
        AccessLogEntry.objects.filter(at__gte=since, user_ref__isnull=False)
        .values("user_ref")
        .annotate(
            reads=Count("pk", filter=Q(action__in=CASE_READS)),
            refused=Count("pk", filter=Q(action=AccessLogEntry.Action.DENIED)),
        )
    )
    return {r["user_ref"]: (r["reads"], r["refused"]) for r in rows}


@dataclass
class ReviewRow:
    account: object  # accounts.selectors.AccountRow
    case_reads: int
    refused: int
    idle: bool


REVIEW_WINDOW_DAYS = 90


def access_review(*, now: dt.datetime, idle_days: int) -> list[ReviewRow]:
    """Every account with its roles, last login, 2FA state and case reads in the last 90
    days; an active account unused for `idle_days` is flagged idle."""
    reads = case_reads_by_user(since=now - dt.timedelta(days=REVIEW_WINDOW_DAYS))
    idle_before = now - dt.timedelta(days=idle_days)
    return [
        ReviewRow(
            account=a,
            case_reads=reads.get(a.user_id, (0, 0))[0],
            refused=reads.get(a.user_id, (0, 0))[1],
            idle=a.is_active and a.idle_since() < idle_before,
        )
        for a in accounts_for_review()
    ]
