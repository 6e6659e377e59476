"""The invented figures of the demo's sample cycles: a unit's values and activity reports for a
year, as its reporters would type them into the entry form, and the few words a reporter adds
when asked. Deterministic (seeded by indicator and year); nothing here writes: the replay in
`sample_services` saves them through the real services.
"""

from __future__ import annotations

import datetime as dt
import random

from esitkent.core import progress_rating, value_breakdowns
from esitkent.orgs.models import District

from .entry_selectors import entry_form
from .entry_services import ReportEntry
from .models import Submission
from .value_services import ValueEntry

SAMPLE_NOTE = "ÖRNEK: tanıtım için üretilmiş değer, gerçek değil."

# How big a year's figure is, by the indicator's unit: people are counted in hundreds,
# trainings and events in tens, decisions, maps and centres in ones.
PEOPLE = {"kişi", "kadın", "çocuk", "üye", "personel", "hekim"}
MAGNITUDE = {
    **{unit: (80, 1600) for unit in PEOPLE},
    "materyal": (200, 4000),
    "danışmanlık": (60, 900),
    "kayıt": (40, 600),
    "destek": (20, 300),
    "paylaşım": (10, 120),
    "duyuru": (5, 60),
}
SMALL = (2, 24)

# Why an activity is behind, and what the unit will do: the kinds of reason a unit writes.
DELAYS = [
    (
        "İhale süreci bütçe revizyonu nedeniyle ertelendi.",
        "Revize bütçeyle ihale ilk çeyrekte yeniden yapılacak.",
    ),
    (
        "İş birliği protokolünün imzalanması paydaş kurumda bekliyor.",
        "Protokol taslağı güncellendi; imza için üst yazı gönderildi.",
    ),
    (
        "Eğitmen temininde gecikme yaşandı.",
        "Üniversiteyle eğitmen havuzu oluşturuldu; takvim yeniden planlandı.",
    ),
    (
        "Uygulama alanı olarak seçilen ilçede altyapı çalışması sürüyor.",
        "Çalışma başka bir ilçede başlatılacak, ardından genişletilecek.",
    ),
]


def _split(rng: random.Random, total: int, weights: list[float]) -> list[int]:
    """Whole parts that add up to the total exactly, roughly in the weights' proportions."""
    noisy = [w * rng.uniform(0.7, 1.3) for w in weights]
    scale = total / sum(noisy)
    raw = [w * scale for w in noisy]
    parts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _total(rng: random.Random, definition, previous: int | None, target) -> int:
    if previous is not None:
        return max(1, round(previous * rng.uniform(0.85, 1.35)))
    if target is not None:
        return max(1, round(float(target) * rng.uniform(0.5, 1.2)))
    low, high = MAGNITUDE.get(definition.unit, SMALL)
    return rng.randint(low, high)


def _cells(rng: random.Random, total: int, dims: list[str], people: bool, districts: list[str]):
    """The entry form's cells: the total, each dimension on its own, and the sex × age cross
    where both apply, all from one split so that every level adds up to the total."""
    cells: list[tuple[dict[str, str], int]] = [({}, total)]
    sexes = list(value_breakdowns.SEX)
    ages = list(value_breakdowns.AGE_BANDS)
    by_sex = dict(
        zip(sexes, _split(rng, total, [0.74, 0.26] if people else [0.5, 0.5]), strict=True)
    )
    age_weights = [0.08, 0.06, 0.24, 0.3, 0.24, 0.08]
    if "sex" in dims:
        cells += [({"sex": s}, n) for s, n in by_sex.items()]
    if "age" in dims:
        cross = {
            s: dict(zip(ages, _split(rng, by_sex[s], age_weights), strict=True)) for s in sexes
        }
        if "sex" not in dims:
            cross = {"all": dict(zip(ages, _split(rng, total, age_weights), strict=True))}
        cells += [({"age": a}, sum(row[a] for row in cross.values())) for a in ages]
        if "sex" in dims:
            cells += [({"age": a, "sex": s}, cross[s][a]) for a in ages for s in sexes]
    if "disability" in dims:
        cells += [
            ({"disability": d}, n)
            for d, n in zip(value_breakdowns.DISABILITY, _split(rng, total, [6, 94]), strict=True)
        ]
    if "district" in dims:
        # A unit works in some districts, not all: only those get a figure.
        chosen = rng.sample(
            districts, k=min(len(districts), max(1, min(total, rng.randint(4, 12))))
        )
        parts = _split(rng, total, [rng.uniform(0.5, 2) for _ in chosen])
        cells += [({"district": d}, n) for d, n in zip(chosen, parts, strict=True) if n]
    return cells


def sample_value_entries(submission: Submission, previous: dict, rng_seed: str) -> list[ValueEntry]:
    period = submission.period
    districts = list(District.objects.order_by("code").values_list("code", flat=True))
    entries = []
    for block in entry_form(submission, today=period.end):
        for ib in block.indicators:
            indicator = ib.indicator
            definition = indicator.definition
            rng = random.Random(f"{rng_seed}-{indicator.code}")
            if definition.measure_type == "text":
                entries.append(
                    ValueEntry(
                        indicator=indicator,
                        breakdown={},
                        raw=f"ÖRNEK: {period.code} yılı kayıtlarına göre çalışma sürdürüldü.",
                        where=indicator.code,
                    )
                )
                continue
            if definition.measure_type == "milestone":
                done = period.end.year > period.plan.start_year or rng.random() < 0.5
                entries.append(
                    ValueEntry(
                        indicator=indicator,
                        breakdown={},
                        raw="evet" if done else "hayır",
                        where=indicator.code,
                    )
                )
                continue
            total = _total(rng, definition, previous.get(indicator.code), ib.target)
            previous[indicator.code] = total
            people = definition.unit in PEOPLE
            for breakdown, number in _cells(rng, total, definition.dimensions, people, districts):
                entries.append(
                    ValueEntry(
                        indicator=indicator,
                        breakdown=breakdown,
                        raw=str(number),
                        comment=SAMPLE_NOTE if not breakdown else "",
                        where=indicator.code,
                    )
                )
    return entries


def sample_report_entries(
    submission: Submission, progress_so_far: dict, rng_seed: str
) -> list[ReportEntry]:
    period = submission.period
    start = dt.date(period.plan.start_year, 1, 1)
    reports = []
    for block in entry_form(submission, today=period.end):
        activity = block.activity
        rng = random.Random(f"{rng_seed}-{activity.pk}")
        due = activity.due_date or period.end
        expected = progress_rating.expected_progress(start, due, period.end)
        earlier = progress_so_far.get(activity.pk, 0)
        # Most units keep near the plan's straight line; some fall behind, a few are ahead.
        # An activity whose term has ended is mostly finished, else it runs late.
        if expected >= 100:
            progress = 100 if rng.random() < 0.7 else rng.randint(55, 95)
        else:
            progress = int(min(99, expected + rng.choice([-35, -18, -8, -4, 0, 6, 12])))
        progress = max(earlier, progress, 0)
        if progress >= 100:
            status, progress = "completed", 100
        elif progress == 0:
            status = "not_started"
        elif expected - progress > 25 and rng.random() < 0.6:
            status = "delayed"
        else:
            status = "ongoing"
        progress_so_far[activity.pk] = progress
        rag = progress_rating.activity_rag(
            status=status, progress=progress, start=start, due=activity.due_date, as_of=period.end
        )
        reason, action = DELAYS[rng.randrange(len(DELAYS))]
        behind = progress_rating.needs_explanation(rag, status)
        reports.append(
            ReportEntry(
                activity_id=activity.pk,
                status=status,
                progress=progress,
                milestones=f"ÖRNEK: {period.code} sonunda tamamlanan adım oranı %{progress}.",
                explanation=reason if behind else "",
                corrective_action=action if behind else "",
                new_date=dt.date(period.end.year + 1, 6, 30) if behind else None,
            )
        )
    return reports


def _explained(total: ValueEntry, note: str) -> ValueEntry:
    """The same total written again with a word beside it, as a reporter would add one."""
    return ValueEntry(
        indicator=total.indicator,
        breakdown={},
        raw=total.raw,
        comment=f"{SAMPLE_NOTE} {note}",
        where=total.where,
    )


def outlier_comments(submission: Submission, values: list[ValueEntry], today: dt.date):
    """A total far from the unit's earlier figures needs a word before it can be sent: the
    entry form's own outlier flag says which."""
    flagged = {
        ib.indicator.pk
        for block in entry_form(submission, today=today)
        for ib in block.indicators
        if ib.cells[0].outlier
    }
    return [
        _explained(v, "Yeni hizmet noktaları açıldığı için önceki yıllardan yüksek.")
        for v in values
        if not v.breakdown and v.indicator.pk in flagged
    ]


def return_correction(values: list[ValueEntry]) -> list[ValueEntry]:
    """The reporter's answer to a return: one total written again with a comment (the same
    figure, now explained), so that the value's history shows the round trip."""
    first = next((v for v in values if not v.breakdown and v.raw.isdigit()), None)
    return (
        [_explained(first, "İlçe değerleri birim kayıtlarıyla yeniden kontrol edildi.")]
        if first
        else []
    )
