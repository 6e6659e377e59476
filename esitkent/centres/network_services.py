"""Writes for the network's own activity: trainings for centre staff and experience-sharing
meetings, and their count into the plan's violence-area indicators as values awaiting
approval (activity 1.1.2 trainings, 1.1.4 meetings in İzmir's plan)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from esitkent.core.errors import InputRejected, Problem
from esitkent.core.models import Provenance
from esitkent.monitoring import entry_services, period_selectors, value_selectors, value_services
from esitkent.plans.models import Activity, Plan

from . import selectors
from .models import Centre, EventParticipation, NetworkEvent

# Which indicator of the activity takes which count: events held (g1) and participants by
# sex and the centre's district (g3). See data/izmir/indicator_definitions.yaml.
EVENTS_INDICATOR, PARTICIPANTS_INDICATOR = "g1", "g3"


@transaction.atomic
def network_event_record(
    *,
    kind: str,
    title: str,
    year: int,
    held_on: dt.date | None,
    activity: Activity,
    participation: dict[Centre, tuple[int, int]],
    by,
    provenance: str = Provenance.MANUAL,
    source: str = "",
    note: str = "",
    sample_participants: bool = False,
) -> NetworkEvent:
    problems: list[Problem] = []
    if kind not in NetworkEvent.Kind.values:
        problems.append(Problem("tür", f"bilinmeyen etkinlik türü: {kind!r}"))
    if not title.strip():
        problems.append(Problem("başlık", "boş olamaz"))
    if held_on is not None and held_on.year != year:
        problems.append(Problem("tarih", f"tarih {year} yılında olmalı"))
    for centre, (women, men) in participation.items():
        if women < 0 or men < 0 or women + men > 500:
            problems.append(Problem(f"katılımcı: {centre.name}", "kişi sayısı 0–500 olmalı"))
    if problems:
        raise InputRejected(problems)
    event = NetworkEvent.objects.create(
        kind=kind,
        title=title.strip(),
        year=year,
        held_on=held_on,
        activity=activity,
        provenance=provenance,
        source=source,
        note=note,
        created_by=by,
    )
    EventParticipation.objects.bulk_create(
        EventParticipation(
            event=event, centre=centre, women=women, men=men, is_sample=sample_participants
        )
        for centre, (women, men) in participation.items()
        if women + men > 0
    )
    return event


@transaction.atomic
def network_counts_enter(*, plan: Plan, year: int, by, today: dt.date | None = None) -> list[str]:
    """Write the year's counts into the submission of the unit each indicator is assigned to,
    as unapproved values: the unit sends them with its report and the plan coordinator
    approves them like any other. Returns what was written, one line per indicator."""
    period = period_selectors.year_period(plan, year)
    written: list[str] = []
    entries: list[value_services.ValueEntry] = []
    for counts in selectors.network_counts(plan=plan, year=year):
        for suffix, rows in (
            (EVENTS_INDICATOR, counts.events),
            (PARTICIPANTS_INDICATOR, counts.participants),
        ):
            indicator = counts.indicators.get(suffix)
            if indicator is None:
                continue
            unit = value_selectors.reporting_unit(indicator)
            entries += [
                value_services.ValueEntry(
                    indicator=indicator,
                    breakdown=breakdown,
                    raw=str(value),
                    comment="Merkez ağı kayıtlarından hesaplandı (EşitKent).",
                    where=indicator.code,
                )
                for breakdown, value in rows
            ]
            written.append(f"{indicator.code}: {rows[0][1] if rows else 0} → {unit.name}")
    entry_services.computed_values_enter(period=period, entries=entries, by=by, today=today)
    return written


@transaction.atomic
def seed_events_load(*, document: dict, plan_slug: str) -> int:
    """The network events the seeds name, as printed: no date and no participants when none
    is printed. Idempotent by kind, title and year; an event already recorded is left alone."""
    activities = selectors.network_activities(plan_slug)
    problems = [
        Problem(
            f"events[{n}]",
            f"bilinmeyen etkinlik türü ya da planda faaliyeti yok: {e.get('kind')!r}",
        )
        for n, e in enumerate(document.get("events", []), start=1)
        if e.get("kind") not in activities
    ]
    if problems:
        raise InputRejected(problems)
    made = 0
    for entry in document.get("events", []):
        if NetworkEvent.objects.filter(
            kind=entry["kind"], title=entry["title"], year=entry["year"]
        ).exists():
            continue
        network_event_record(
            kind=entry["kind"],
            title=entry["title"],
            year=entry["year"],
            held_on=None,
            activity=activities[entry["kind"]],
            participation={},
            by=None,
            provenance=Provenance.SEED,
            source=entry["source"],
        )
        made += 1
    return made
