"""Another system's identifiers, read in the plan's identifier mapping (and our own codes and
names): which scheme each kind of identifier is in, and what each names among our indicators,
units and breakdowns."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from django.utils.translation import gettext_noop

from esitkent.core import value_breakdowns
from esitkent.core.errors import InputRejected, Problem
from esitkent.core.reasons import Reason
from esitkent.core.turkish import fold
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Indicator, Plan

from . import dhis2
from .models import ExternalId

if TYPE_CHECKING:
    from .value_services import ValueRules

SCHEMES = ("code", "uid", "name")
KINDS = ("dataelement", "orgunit", "categoryoptioncombo")


def schemes_of(id_scheme: str, file_schemes: dict[str, str] | None = None) -> dict[str, str]:
    """The identifier scheme of each kind: the file's own (DHIS2: payload over parameters,
    the specific over the general), else the one asked for."""
    file_schemes = {k.lower(): v.lower() for k, v in (file_schemes or {}).items()}
    general = file_schemes.get("idscheme") or id_scheme
    out = {
        "dataelement": file_schemes.get("dataelementidscheme") or general,
        "orgunit": file_schemes.get("orgunitidscheme") or general,
        "categoryoptioncombo": file_schemes.get("categoryoptioncomboidscheme") or general,
    }
    for kind, scheme in out.items():
        if scheme not in SCHEMES:
            raise InputRejected(
                [Problem(kind, f"bilinmeyen tanımlayıcı şeması: {scheme} (code, uid ya da name)")]
            )
    return out


class IdResolver:
    """Another system's identifiers → our indicators, units and breakdowns, inside one plan.

    `code`: the mapping's code, else our own code (indicator code, unit code, breakdown key);
    `uid`: the mapping only (DHIS2 UIDs are never ours); `name`: the mapping's name, else our
    own name compared the Turkish way (an indicator name used twice in the plan is refused).
    """

    def __init__(self, plan: Plan, rules: ValueRules, schemes: dict[str, str]):
        self.schemes = schemes
        self.rules = rules
        self.mapped: dict[tuple[str, str, str], ExternalId] = {
            (m.kind, m.scheme, m.external_id): m for m in ExternalId.objects.filter(plan=plan)
        }
        self.units = {o.code: o for o in Organisation.objects.all()}
        self.units_by_id = {o.id: o for o in self.units.values()}
        self.units_by_name = defaultdict(list)
        for unit in self.units.values():
            self.units_by_name[fold(unit.name)].append(unit)
        self.indicators_by_name = defaultdict(list)
        for indicator in rules.indicators.values():
            self.indicators_by_name[fold(indicator.name)].append(indicator)

    def _mapping(self, kind: str, raw: str) -> ExternalId | None:
        return self.mapped.get((kind, self.schemes[kind], raw))

    def indicator(self, raw: str) -> Indicator:
        scheme = self.schemes["dataelement"]
        mapping = self._mapping("dataelement", raw)
        found = self.rules.indicators.get(mapping.indicator_id) if mapping else None
        if found is None and mapping is None:
            if scheme == "code":
                found = self.rules.by_code.get(raw)
            elif scheme == "name":
                named = self.indicators_by_name.get(fold(raw), [])
                if len(named) > 1:
                    raise Reason(
                        "ambiguous",
                        gettext_noop("bu adla planda {n} gösterge var: {raw}"),
                        n=len(named),
                        raw=repr(raw),
                    )
                found = named[0] if named else None
        if found is None:
            raise _unknown("gösterge", raw, scheme)
        return found

    def organisation(self, raw: str) -> Organisation:
        scheme = self.schemes["orgunit"]
        mapping = self._mapping("orgunit", raw)
        found = self.units_by_id.get(mapping.organisation_id) if mapping else None
        if found is None and mapping is None:
            if scheme == "code":
                found = self.units.get(raw)
            elif scheme == "name":
                named = self.units_by_name.get(fold(raw), [])
                found = named[0] if len(named) == 1 else None
        if found is None:
            raise _unknown("birim", raw, scheme)
        return found

    def breakdown(self, raw: str) -> dict[str, str]:
        if raw in dhis2.DEFAULT_COMBO:
            return {}
        scheme = self.schemes["categoryoptioncombo"]
        mapping = self._mapping("categoryoptioncombo", raw)
        if mapping is not None:
            return value_breakdowns.parse_breakdown_key(mapping.breakdown_key)
        if scheme == "code":
            try:
                return value_breakdowns.parse_breakdown_key(raw)
            except ValueError:
                pass
        raise _unknown("kırılım", raw, scheme)


def _unknown(what: str, raw: str, scheme: str) -> Reason:
    if scheme == "uid":
        return Reason(
            "unknown_id",
            gettext_noop("bilinmeyen {what} UID'si: {raw}; planın tanımlayıcı eşlemesine ekleyin"),
            what=what,
            raw=repr(raw),
        )
    return Reason(
        "unknown_id",
        gettext_noop("bilinmeyen {what} ({scheme}): {raw}"),
        what=what,
        scheme=scheme,
        raw=repr(raw),
    )


def export_names(plan: Plan, schemes: dict[str, str]) -> dict:
    """Our identifiers the other way, under each kind's scheme: for indicators and units a
    table from our id (a uid only when mapped), for breakdowns a function of the key that
    answers None when the scheme has no name for it."""
    mapped = defaultdict(dict)
    for m in ExternalId.objects.filter(plan=plan):
        target = {"dataelement": m.indicator_id, "orgunit": m.organisation_id}.get(
            m.kind, m.breakdown_key
        )
        mapped[(m.kind, m.scheme)][target] = m.external_id
    indicators = Indicator.objects.filter(plan=plan)
    units = Organisation.objects.all()
    out = {}
    for kind, own in (
        ("dataelement", {i.id: (i.code, i.name) for i in indicators}),
        ("orgunit", {o.id: (o.code, o.name) for o in units}),
    ):
        scheme = schemes[kind]
        table = mapped[(kind, scheme)]
        if scheme == "uid":
            out[kind] = dict(table)
        else:
            position = 0 if scheme == "code" else 1
            out[kind] = {k: table.get(k, v[position]) for k, v in own.items()}
    combo_scheme = schemes["categoryoptioncombo"]
    combos = mapped[("categoryoptioncombo", combo_scheme)]

    def combo(key: str) -> str | None:
        if key in combos:
            return combos[key]
        if not key:
            return "HllvX50cXC0" if combo_scheme == "uid" else "default"
        return key if combo_scheme == "code" else None

    out["categoryoptioncombo"] = combo
    return out
