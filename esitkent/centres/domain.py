"""Pure rules of the centre network: the catalogues a profile is written in, compliance
scores, and coverage against the Council of Europe benchmarks. No Django here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from esitkent.core.formatting import tr_number
from esitkent.core.reasons import gettext_noop

# Services a centre may offer (codes are stored; labels are shown).
SERVICES: dict[str, str] = {
    "psychological": gettext_noop("Psikolojik destek"),
    "legal": gettext_noop("Hukuki danışmanlık"),
    "social_work": gettext_noop("Sosyal hizmet / sosyal çalışma"),
    "shelter_referral": gettext_noop("Sığınmaevine yönlendirme"),
    "economic": gettext_noop("Ekonomik güçlenme ve istihdam yönlendirmesi"),
    "childcare": gettext_noop("Çocuk bakımı / çocuk alanı"),
    "child_development": gettext_noop("Çocuk gelişimi desteği"),
    "support_line": gettext_noop("Destek hattı"),
    "group_work": gettext_noop("Grup çalışmaları"),
    "health_referral": gettext_noop("Sağlık yönlendirmesi"),
    "interpretation": gettext_noop("Tercüme / işaret dili"),
    "accommodation": gettext_noop("Güvenli barınma"),
}

# The physical conditions the needs analysis asks about, and how each can be answered.
CONDITIONS: dict[str, str] = {
    "private_interview_room": gettext_noop("Kapısı kapanan ayrı görüşme odası"),
    "separate_waiting_area": gettext_noop("Ayrı ve göz önünde olmayan bekleme alanı"),
    "child_area": gettext_noop("Çocuk alanı"),
    "step_free_access": gettext_noop("Engelli erişimi (basamaksız giriş)"),
    "accessible_toilet": gettext_noop("Erişilebilir tuvalet"),
    "safe_entrance": gettext_noop("Güvenli giriş (kamera, görevli, acil durum planı)"),
    "discreet_location": gettext_noop("Dikkat çekmeyen konum ve tabela"),
}
CONDITION_STATES: dict[str, str] = {
    "yes": gettext_noop("Var"),
    "partial": gettext_noop("Kısmen"),
    "no": gettext_noop("Yok"),
}

# Staff roles, counted per centre (numbers and qualifications; never names).
STAFF_ROLES: dict[str, str] = {
    "manager": gettext_noop("Merkez sorumlusu"),
    "social_worker": gettext_noop("Sosyal çalışmacı"),
    "psychologist": gettext_noop("Psikolog"),
    "psychological_counsellor": gettext_noop("Psikolojik danışman"),
    "lawyer": gettext_noop("Avukat"),
    "child_development": gettext_noop("Çocuk gelişim uzmanı"),
    "sociologist": gettext_noop("Sosyolog"),
    "administrative": gettext_noop("İdari personel"),
    "other": gettext_noop("Diğer"),
}
# The professions a counselling centre needs on its own staff (a lawyer may be reached through
# the bar association, so she counts as a gap only where no legal service is offered).
CORE_PROFESSIONS = ("social_worker", "psychologist")

# --- Standards: ratings and scores --------------------------------------------------------------

RATINGS: dict[str, str] = {
    "met": gettext_noop("Karşılanıyor"),
    "partly": gettext_noop("Kısmen karşılanıyor"),
    "not_met": gettext_noop("Karşılanmıyor"),
    "na": gettext_noop("Uygulanamaz"),
}
POINTS: dict[str, Decimal] = {"met": Decimal(1), "partly": Decimal("0.5"), "not_met": Decimal(0)}
NEEDS_ACTION = ("partly", "not_met")


def score(ratings: Iterable[str | None]) -> Decimal | None:
    """Percentage of the attainable points, one decimal; "not applicable" and unanswered
    items are left out, and a set with nothing applicable has no score (not 0 %)."""
    points = [POINTS[r] for r in ratings if r in POINTS]
    if not points:
        return None
    value = sum(points) / len(points) * 100
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def final_rating(self_rating: str, verified_rating: str) -> str:
    """The coordinator's rating where she changed it, else the centre's own."""
    return verified_rating or self_rating


def section_scores(
    rows: Iterable[tuple[str, str | None]],
) -> tuple[dict[str, Decimal | None], Decimal | None]:
    """(section code, rating) pairs → score per section (in first-seen order) and overall.
    Overall is over items, not an average of sections, so a small section weighs less."""
    by_section: dict[str, list[str | None]] = {}
    everything: list[str | None] = []
    for section, rating in rows:
        by_section.setdefault(section, []).append(rating)
        everything.append(rating)
    return {code: score(r) for code, r in by_section.items()}, score(everything)


# --- Coverage against population ---------------------------------------------------------------

WOMEN_PER_COUNSELLING_CENTRE = 50_000  # Council of Europe benchmark (see docs/data.md)
INHABITANTS_PER_SHELTER_PLACE = 10_000  # Council of Europe: one family place per 10,000


@dataclass(frozen=True)
class Coverage:
    population: int | None  # women for centres, all inhabitants for shelter places
    have: int
    needed: int | None  # what the benchmark asks for this population
    per_unit: int | None  # women per centre / inhabitants per place, rounded
    ratio: Decimal | None  # units per benchmark population: 1 meets the benchmark

    @property
    def gap(self) -> int | None:
        return None if self.needed is None else max(self.needed - self.have, 0)

    @property
    def meets(self) -> bool | None:
        return None if self.needed is None else self.have >= self.needed


def coverage(population: int | None, have: int, benchmark: int) -> Coverage:
    """One unit per `benchmark` people, rounded up: 50,001 women need two centres. A place
    with people but none of the service has no ratio (shown as "none"), not infinity."""
    if population is None:
        return Coverage(None, have, None, None, None)
    needed = -(-population // benchmark) if population > 0 else 0  # exact ceiling
    per_unit = round(population / have) if have else None
    ratio = (
        (Decimal(have) * benchmark / population).quantize(Decimal("0.01")) if population else None
    )
    return Coverage(population, have, needed, per_unit, ratio)


def condition_gaps(conditions: Mapping[str, str]) -> list[str]:
    """Conditions that are missing or only partly there, in catalogue order."""
    return [code for code in CONDITIONS if conditions.get(code, "no") != "yes"]


def staffing_gaps(staff: Mapping[str, int], services: Iterable[str]) -> list[str]:
    """Core professions with nobody in post; a lawyer too where legal counselling is not
    offered some other way."""
    offered = set(services)
    gaps = [role for role in CORE_PROFESSIONS if staff.get(role, 0) <= 0]
    if staff.get("lawyer", 0) <= 0 and "legal" not in offered:
        gaps.append("lawyer")
    return gaps


# --- Recommendations drawn from the gaps ------------------------------------------------------


@dataclass(frozen=True)
class Gaps:
    """What the needs analysis found, in plain values (names already resolved)."""

    districts_without_centre: list[tuple[str, int]]  # (district, women), largest first
    districts_short: list[tuple[str, int]]  # (district, centres still needed), with some centre
    shelter_places: int
    shelter_places_needed: int | None
    missing_condition: dict[str, list[str]]  # condition code → centres without it (or partly)
    missing_profession: dict[str, list[str]]  # staff role → centres with nobody in post
    section_scores: dict[str, Decimal | None]  # section title → network mean of final scores
    unassessed: list[str]  # centres with no verified assessment
    overdue_actions: int


def _names(names: list[str], limit: int = 6) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" ve {len(names) - limit} merkez daha" if len(names) > limit else "")


def recommendations(gaps: Gaps) -> list[str]:
    """The report's recommendations, most pressing first, each naming where it applies."""
    out: list[str] = []
    if gaps.districts_without_centre:
        top = ", ".join(f"{d} ({tr_number(w)} kadın)" for d, w in gaps.districts_without_centre[:5])
        out.append(
            f"{len(gaps.districts_without_centre)} ilçede kadın danışma merkezi yok. Kadın nüfusu "
            f"en yüksek olanlardan başlayarak merkez ya da düzenli gezici hizmet planlanmalı: {top}."
        )
    if gaps.districts_short:
        detail = ", ".join(f"{d} (+{n})" for d, n in gaps.districts_short)
        out.append(
            f"50.000 kadına bir merkez ölçütüne göre şu ilçelerde merkez sayısı yetersiz: {detail}."
        )
    if gaps.shelter_places_needed is not None and gaps.shelter_places < gaps.shelter_places_needed:
        out.append(
            f"Kayıtlı sığınma yeri {gaps.shelter_places}; 10.000 kişiye bir yer ölçütü İzmir için "
            f"{gaps.shelter_places_needed} yer ister. Açık {gaps.shelter_places_needed - gaps.shelter_places} "
            "yer, bakanlık ve belediyelerle birlikte planlanmalı."
        )
    for code in ("private_interview_room", "safe_entrance", "step_free_access", "child_area"):
        centres = gaps.missing_condition.get(code) or []
        if centres:
            out.append(
                f"{CONDITIONS[code]}: {len(centres)} merkezde yok ya da kısmen var "
                f"({_names(centres)}). Mekân iyileştirmesi bütçelendirilmeli."
            )
    for role in ("psychologist", "social_worker", "lawyer"):
        centres = gaps.missing_profession.get(role) or []
        if centres:
            out.append(
                f"{STAFF_ROLES[role]} kadrosu olmayan {len(centres)} merkez var ({_names(centres)}); "
                "kadro ya da ağ içinde paylaşılan uzman desteği sağlanmalı."
            )
    scored = [(title, s) for title, s in gaps.section_scores.items() if s is not None]
    if scored:
        title, value = min(scored, key=lambda pair: pair[1])
        out.append(
            f"Asgari standartlarda ağın en düşük bölümü “{title}” "
            f"(%{tr_number(value)}). Ortak eğitim ve "
            "deneyim paylaşımı bu bölüme odaklanmalı."
        )
    if gaps.unassessed:
        out.append(
            f"{len(gaps.unassessed)} merkezin doğrulanmış bir öz değerlendirmesi yok "
            f"({_names(gaps.unassessed)}); bu yıl tamamlanmalı."
        )
    if gaps.overdue_actions:
        out.append(
            f"İyileştirme planlarında süresi geçmiş {gaps.overdue_actions} eylem var; merkez "
            "sorumlularıyla gözden geçirilmeli."
        )
    return out
