"""Every URL of the project, built from the URL configuration with its parameters filled from
real objects. A parameter is filled by its name (and, where one name means different things in
different apps, by the URL's name); a new URL with a known parameter needs no edit here, and a
parameter nobody knows how to fill is reported, not skipped."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the route itself for an unnamed pattern
    route: str  # the pattern pieces joined, as configured
    pieces: tuple


def routes() -> list[Route]:
    found = []

    def walk(patterns, pieces, namespace):
        for pattern in patterns:
            here = (*pieces, pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                walk(pattern.url_patterns, here, inner)
            elif isinstance(pattern, URLPattern):
                route = "".join(str(p) for p in here)
                name = f"{namespace}{pattern.name}" if pattern.name else route
                found.append(Route(name, route, here))

    walk(get_resolver().url_patterns, (), "")
    return found


ROUTE_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")
REGEX_PARAMETER = re.compile(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)")


def parameters(route: Route) -> list[str]:
    names = []
    for piece in route.pieces:
        pattern = ROUTE_PARAMETER if isinstance(piece, RoutePattern) else REGEX_PARAMETER
        names += pattern.findall(str(piece))
    return names


class UnknownParameter(LookupError):
    pass


def _admin_model(route: Route):
    """The model an admin URL is about, from its address: yonetim/<app>/<model>/…"""
    match = re.search(r"^yonetim/(\w+)/(\w+)/", route.route)
    return apps.get_model(match[1], match[2]) if match else None


def _admin_object(world, route: Route) -> str:
    model = _admin_model(route)
    if model is None:
        raise UnknownParameter("object_id")
    if model is apps.get_model("auth", "User"):
        return str(world.people["reporter"].pk)  # somebody else's account, not the asker's
    first = model._default_manager.order_by("pk").first()
    return str(first.pk if first else 999999)


def _indicator(world) -> str:
    return world.plan.indicators.filter(definition__isnull=False).order_by("pk").first().code


# parameter → {URL name or namespace ("ns:") or "*": world, route → text}
PROVIDERS = {
    "slug": {"*": lambda w, r: w.plan.slug},
    "area": {"*": lambda w, r: w.plan.areas.order_by("position").first().code},
    "row": {"*": lambda w, r: str(w.plan.indicators.order_by("pk").first().activity.row)},
    "fmt": {
        "plans:export": lambda w, r: "yaml",
        "monitoring:values_export": lambda w, r: "csv",
        "portal:open_data_file": lambda w, r: "csv",
    },
    "code": {
        "orgs:": lambda w, r: w.unit.code,
        "centres:": lambda w, r: w.centre.code,
        "cases:": lambda w, r: w.case.survivor_code,
        "monitoring:definition": lambda w, r: _indicator(w),
        "portal:indicator": lambda w, r: _indicator(w),
        "api:indicator": lambda w, r: _indicator(w),
    },
    "period_id": {"*": lambda w, r: str(w.period.pk)},
    "org": {"*": lambda w, r: w.unit.code},
    "pk": {
        "monitoring:evidence": lambda w, r: str(w.submission.pk),
        "monitoring:evidence_file": lambda w, r: str(w.submission.pk),
        "monitoring:review": lambda w, r: str(w.submission.pk),
        "monitoring:values_batch": lambda w, r: str(w.batch.pk),
    },
    "evidence_id": {
        "monitoring:": lambda w, r: str(w.evidence.pk),
        "centres:": lambda w, r: str(w.assessment_evidence.pk),
    },
    "year": {
        "centres:": lambda w, r: str(w.assessment.year),
        "reports:": lambda w, r: "2024",
        "portal:": lambda w, r: "2024",
    },
    "lang": {"*": lambda w, r: "tr"},
    "item_id": {"*": lambda w, r: str(w.item.pk)},
    "number": {"*": lambda w, r: str(w.draft.number)},
    "call_id": {"*": lambda w, r: str(w.call.pk)},
    "referral_id": {"*": lambda w, r: str(w.referral.pk)},
    "attachment_id": {"*": lambda w, r: str(w.attachment.pk)},
    "submission_id": {"*": lambda w, r: str(w.submission.pk)},
    "token_id": {"*": lambda w, r: str(w.token.pk)},
    # The admin: its own pages name objects of the model in their address.
    "object_id": {
        "admin:view_on_site": lambda w, r: str(w.unit.pk),
        "admin:": _admin_object,
        "yonetim/": _admin_object,
    },
    "id": {"admin:auth_user_password_change": lambda w, r: str(w.people["reporter"].pk)},
    "content_type_id": {
        "admin:view_on_site": lambda w, r: str(ContentType.objects.get_for_model(w.unit).pk)
    },
    "app_label": {"*": lambda w, r: "accounts"},
    # Links mailed by allauth: a made-up key answers as an expired link would.
    "key": {"*": lambda w, r: "gecersiz-anahtar"},
    "token": {"hesap/": lambda w, r: "gecersiz-baglanti"},  # the enrolment link's
    "uidb36": {"*": lambda w, r: "1"},
    # Catch-alls: an address under them that matches nothing else.
    "url": {"*": lambda w, r: "yok/"},
    "rest": {"*": lambda w, r: "yok"},
}


def _provider(parameter: str, route: Route):
    table = PROVIDERS.get(parameter, {})
    namespace = route.name.split(":")[0] + ":" if ":" in route.name else None
    for key in (route.name, namespace, route.route.split("/")[0] + "/", "*"):
        if key in table:
            return table[key]
    raise UnknownParameter(parameter)


def address(world, route: Route) -> str:
    """The route with every parameter filled; UnknownParameter names one nobody fills."""
    parts = []
    for piece in route.pieces:
        text = str(piece)
        if isinstance(piece, RoutePattern):
            text = ROUTE_PARAMETER.sub(lambda m: _provider(m[1], route)(world, route), text)
        elif isinstance(piece, RegexPattern):
            text = REGEX_PARAMETER.sub(lambda m: _provider(m[1], route)(world, route), text)
            text = text.removeprefix("^").removesuffix("$").replace("\\", "")
        parts.append(text)
    return "/" + "".join(parts)
