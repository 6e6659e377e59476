"""Reads for the needs analysis: centres and shelter places against the population of each
district and of the province, and the printed figures beside what the registry counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Sum

from esitkent.orgs.models import District, DistrictPopulation

from . import domain
from .models import Centre, PrintedFigure
from .selectors import COUNSELLING_KINDS

# --- Coverage against population -------------------------------------------------------------------


@dataclass
class DistrictCoverage:
    district: District
    women_year: int | None
    inhabitants_year: int | None
    counselling: domain.Coverage
    shelter: domain.Coverage


def _latest_population() -> dict[int, tuple[DistrictPopulation | None, DistrictPopulation | None]]:
    """Per district: the latest year with women counted, and the latest year with a total."""
    women: dict[int, DistrictPopulation] = {}
    total: dict[int, DistrictPopulation] = {}
    for row in DistrictPopulation.objects.order_by("district_id", "-year"):
        total.setdefault(row.district_id, row)
        if row.female is not None:
            women.setdefault(row.district_id, row)
    return {d: (women.get(d), total.get(d)) for d in set(women) | set(total)}


def coverage_by_district() -> list[DistrictCoverage]:
    """Counselling centres (KDM and the integrated centre) against one per 50,000 women, and
    shelter places against one per 10,000 inhabitants, in every district. For the network
    coordinator only: a shelter's district is not for everyone."""
    population = _latest_population()
    counselling = Counter(
        Centre.objects.filter(kind__in=COUNSELLING_KINDS)
        .exclude(district=None)
        .values_list("district_id", flat=True)
    )
    places = dict(
        Centre.objects.filter(kind=Centre.Kind.SHELTER)
        .exclude(district=None)
        .values_list("district_id")
        .annotate(n=Sum("shelter_places"))
    )
    rows = []
    for district in District.objects.all():
        women, total = population.get(district.pk, (None, None))
        rows.append(
            DistrictCoverage(
                district=district,
                women_year=women.year if women else None,
                inhabitants_year=total.year if total else None,
                counselling=domain.coverage(
                    women.female if women else None,
                    counselling.get(district.pk, 0),
                    domain.WOMEN_PER_COUNSELLING_CENTRE,
                ),
                shelter=domain.coverage(
                    total.total if total else None,
                    places.get(district.pk) or 0,
                    domain.INHABITANTS_PER_SHELTER_PLACE,
                ),
            )
        )
    return rows


@dataclass
class NetworkCoverage:
    women: int
    women_year: int | None
    inhabitants: int
    inhabitants_year: int | None
    counselling: domain.Coverage
    shelter: domain.Coverage
    centres_without_district: int
    places_without_district: int


def network_coverage(rows: list[DistrictCoverage] | None = None) -> NetworkCoverage:
    """The province as a whole, where every centre and place counts, district or not."""
    rows = rows if rows is not None else coverage_by_district()
    women = sum(r.counselling.population or 0 for r in rows)
    inhabitants = sum(r.shelter.population or 0 for r in rows)
    all_counselling = Centre.objects.filter(kind__in=COUNSELLING_KINDS)
    shelters = Centre.objects.filter(kind=Centre.Kind.SHELTER)
    places = shelters.aggregate(n=Sum("shelter_places"))["n"] or 0
    years_w = {r.women_year for r in rows if r.women_year}
    years_t = {r.inhabitants_year for r in rows if r.inhabitants_year}
    return NetworkCoverage(
        women=women,
        women_year=max(years_w) if years_w else None,
        inhabitants=inhabitants,
        inhabitants_year=max(years_t) if years_t else None,
        counselling=domain.coverage(
            women, all_counselling.count(), domain.WOMEN_PER_COUNSELLING_CENTRE
        ),
        shelter=domain.coverage(inhabitants, places, domain.INHABITANTS_PER_SHELTER_PLACE),
        centres_without_district=all_counselling.filter(district=None).count(),
        places_without_district=shelters.filter(district=None).aggregate(n=Sum("shelter_places"))[
            "n"
        ]
        or 0,
    )


# --- Printed figures and the registry beside them ----------------------------------------------------


@dataclass
class FigureCheck:
    figure: PrintedFigure
    registry: int | None  # what the registry counts for the same thing, where comparable


def printed_figures() -> list[FigureCheck]:
    return [
        FigureCheck(f, Centre.objects.filter(**f.registry).count() if f.registry else None)
        for f in PrintedFigure.objects.select_related("centre__organisation")
    ]
