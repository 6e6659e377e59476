"""Reads for organisations and places."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from esitkent.core.turkish import name_key

from .models import District, DistrictPopulation, Organisation, OrganisationGroup


@dataclass
class NameResolver:
    """Resolves a name as printed in a plan to one organisation or group, Turkish-aware."""

    organisations: dict[str, Organisation]
    groups: dict[str, OrganisationGroup]
    ambiguous: set[str]

    def resolve(self, printed: str) -> Organisation | OrganisationGroup | None:
        key = name_key(printed)
        if key in self.ambiguous:
            return None
        return self.organisations.get(key) or self.groups.get(key)

    def is_ambiguous(self, printed: str) -> bool:
        return name_key(printed) in self.ambiguous


def name_resolver() -> NameResolver:
    orgs: dict[str, Organisation] = {}
    groups: dict[str, OrganisationGroup] = {}
    ambiguous: set[str] = set()

    def put(table: dict, key: str, value) -> None:
        existing = orgs.get(key) or groups.get(key)
        if existing is not None and existing != value:
            ambiguous.add(key)
        table[key] = value

    for org in Organisation.objects.prefetch_related("names"):
        put(orgs, name_key(org.name), org)
        for alias in org.names.all():
            put(orgs, alias.match_key, org)
    for group in OrganisationGroup.objects.all():
        for name in [group.name, *group.aliases]:
            put(groups, name_key(name), group)
    return NameResolver(orgs, groups, ambiguous)


def organisation_list(*, kind: str | None = None) -> QuerySet[Organisation]:
    qs = Organisation.objects.select_related("parent")
    return qs.filter(kind=kind) if kind else qs


def districts_with_population() -> QuerySet[District]:
    return District.objects.prefetch_related(
        Prefetch("populations", queryset=DistrictPopulation.objects.order_by("-year"))
    )


def district_names() -> dict[str, str]:
    """Code → name ("karsiyaka" → "Karşıyaka"): a district as people write it."""
    return dict(District.objects.values_list("code", "name"))
