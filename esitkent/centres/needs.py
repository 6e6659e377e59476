"""The needs analysis (İhtiyaç Analizi Raporu): every centre's services, staffing, physical
conditions, standards compliance and improvement plan, and the network's coverage against
population, with recommendations drawn from the gaps. Read-only; HTML and PDF from one
template. For the network coordinator: it names shelters' districts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from esitkent.analytics import charts
from esitkent.core.maps import district_feature, quantile_breaks
from esitkent.core.pdf import FONT_DIR, html_to_pdf

from . import coverage_selectors, domain, selectors
from .models import Assessment, Centre, ImprovementAction


@dataclass
class CentreNeeds:
    centre: Centre
    staff: dict[str, tuple[int, str]]
    condition_gaps: list[str]
    staffing_gaps: list[str]
    assessment: Assessment | None
    sections: list = field(default_factory=list)
    actions: list[ImprovementAction] = field(default_factory=list)


@dataclass
class NeedsAnalysis:
    made_at: dt.datetime
    centres: list[CentreNeeds]
    coverage: list[coverage_selectors.DistrictCoverage]
    network: coverage_selectors.NetworkCoverage
    figures: list[coverage_selectors.FigureCheck]
    section_means: dict[str, Decimal | None]
    recommendations: list[str]
    sample_centres: int
    sample_profiles: int
    kinds: dict[str, int]
    services_offered: dict[str, int]


def build(*, today: dt.date | None = None) -> NeedsAnalysis:
    today = today or timezone.localdate()
    rows, section_values = _centre_rows()
    coverage = coverage_selectors.coverage_by_district()
    network = coverage_selectors.network_coverage(coverage)
    means = {
        title: (sum(v) / len(v)).quantize(Decimal("0.1")) if v else None
        for title, v in section_values.items()
    }
    counselling = [r for r in rows if r.centre.kind in selectors.COUNSELLING_KINDS]
    gaps = _gaps(counselling, coverage, network, means, today)
    services: dict[str, int] = {code: 0 for code in domain.SERVICES}
    for r in counselling:
        for code in r.centre.services:
            services[code] += 1
    kinds = {label: sum(1 for r in rows if r.centre.kind == k) for k, label in Centre.Kind.choices}
    return NeedsAnalysis(
        made_at=timezone.now(),
        centres=rows,
        coverage=coverage,
        network=network,
        figures=coverage_selectors.printed_figures(),
        section_means=means,
        recommendations=domain.recommendations(gaps),
        sample_centres=sum(1 for r in rows if r.centre.is_sample),
        sample_profiles=sum(1 for r in rows if r.centre.profile_is_sample),
        kinds=kinds,
        services_offered=services,
    )


def _centre_rows() -> tuple[list[CentreNeeds], dict[str, list[Decimal]]]:
    """Every centre with its gaps and latest verified assessment, and each standards
    section's final scores across the network (for the means)."""
    rows: list[CentreNeeds] = []
    section_values: dict[str, list[Decimal]] = defaultdict(list)
    latest = selectors.latest_verified(with_details=True)
    for centre in Centre.objects.select_related(
        "organisation", "operator", "district"
    ).prefetch_related("staff"):
        staff = selectors.staffing(centre)
        assessment = latest.get(centre.pk)
        sections = selectors.assessment_sections(assessment.answers.all()) if assessment else []
        for s in sections:
            if s.final_score is not None:
                section_values[s.title].append(s.final_score)
        rows.append(
            CentreNeeds(
                centre=centre,
                staff=staff,
                condition_gaps=domain.condition_gaps(centre.conditions),
                staffing_gaps=domain.staffing_gaps(
                    {r: n for r, (n, _) in staff.items()}, centre.services
                )
                if centre.kind in selectors.COUNSELLING_KINDS
                else [],
                assessment=assessment,
                sections=sections,
                actions=list(assessment.actions.all()) if assessment else [],
            )
        )
    return rows, section_values


def _gaps(counselling: list[CentreNeeds], coverage, network, means, today: dt.date) -> domain.Gaps:
    """What the recommendations are made from: districts without or short of centres, shelter
    places, what the counselling centres lack, and overdue improvement actions."""
    return domain.Gaps(
        districts_without_centre=sorted(
            (
                (c.district.name, c.counselling.population)
                for c in coverage
                if c.counselling.have == 0 and c.counselling.population
            ),
            key=lambda pair: -pair[1],
        ),
        districts_short=[
            (c.district.name, c.counselling.gap)
            for c in coverage
            if c.counselling.have and c.counselling.gap
        ],
        shelter_places=network.shelter.have,
        shelter_places_needed=network.shelter.needed,
        missing_condition={
            code: [r.centre.name for r in counselling if code in r.condition_gaps]
            for code in domain.CONDITIONS
        },
        missing_profession={
            role: [r.centre.name for r in counselling if role in r.staffing_gaps]
            for role in ("psychologist", "social_worker", "lawyer")
        },
        section_scores=means,
        unassessed=[r.centre.name for r in counselling if r.assessment is None],
        overdue_actions=ImprovementAction.objects.filter(deadline__lt=today)
        .exclude(status=ImprovementAction.Status.DONE)
        .count(),
    )


def coverage_map(
    coverage: list[coverage_selectors.DistrictCoverage], *, shelters: bool = False
) -> dict:
    """Counselling centres per 50,000 women (1 meets the benchmark), or shelter places per
    10,000 inhabitants, per district."""
    rows = [(row, row.shelter if shelters else row.counselling) for row in coverage]
    features = [district_feature(r.district.name, r.district.boundary, c.ratio) for r, c in rows]
    values = [c.ratio for _, c in rows if c.ratio is not None]
    title = (
        "Sığınma yeri / 10.000 kişi (ölçüt: 1)"
        if shelters
        else "Kadın danışma merkezi / 50.000 kadın (ölçüt: 1)"
    )
    return charts.district_map(
        features,
        title,
        legend_title="10.000 kişi başına yer" if shelters else "50.000 kadın başına merkez",
        breaks=quantile_breaks(values),
    )


def html(analysis: NeedsAnalysis, *, for_pdf: bool = False) -> str:
    maps = {
        "counselling": mark_safe(charts.to_svg(coverage_map(analysis.coverage))),  # noqa: S308
        "shelter": mark_safe(charts.to_svg(coverage_map(analysis.coverage, shelters=True))),  # noqa: S308
    }
    return render_to_string(
        "centres/needs_analysis.html",
        {
            "a": analysis,
            "maps": maps,
            "for_pdf": for_pdf,
            "services": domain.SERVICES,
            "conditions": domain.CONDITIONS,
            "condition_states": domain.CONDITION_STATES,
            "staff_roles": domain.STAFF_ROLES,
            "ratings": domain.RATINGS,
            "font_dir": FONT_DIR,
        },
    )


def pdf(analysis: NeedsAnalysis) -> bytes:
    return html_to_pdf(html(analysis, for_pdf=True))
