"""The REST API at /api/v1/: the plan, reference codes and published figures for everyone;
submissions for a unit's reporters and the plan's coordinators, with a personal token."""

import functools
import json
import re

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponseNotAllowed
from django.urls import re_path
from django.utils.cache import patch_cache_control, patch_vary_headers
from ninja import NinjaAPI
from ninja.constants import NOT_SET

from esitkent.core import nul
from esitkent.portal.caching import published

from . import errors
from .endpoints import plans, reference, submissions, tokens, values

DESCRIPTION = """
EşitKent'in açık API'si. Anahtarsız çağrılar portalın gösterdiğini görür: onaylı planlar ve
onaylı, tüm birimlerin toplamı olan değerler. Kişisel API anahtarı (Authorization: Bearer …)
sahibinin rolleriyle çalışır; “read” kapsamı yalnızca okur, “write” kapsamı raportörlerin
değer göndermesine ve koordinatörlerin incelemesine izin verir. Her 4xx yanıtı aynı
biçimdedir: code, message (Türkçe), message_en (English), field, errors.

EşitKent's open API. Calls without a token see what the public portal shows. Personal
tokens act with their owner's roles within their scope. Every 4xx has the same shape.
"""


api = NinjaAPI(
    title="EşitKent API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url="/docs",
)
errors.install(api)
for module in (plans, reference, values, submissions, tokens):
    # Operations that work with a token or without say so in OpenAPI with an empty security
    # requirement beside the bearer one.
    for path_view in module.router.path_operations.values():
        for operation in path_view.operations:
            auth = (
                operation.auth_param if operation.auth_param is not NOT_SET else module.router.auth
            )
            if getattr(auth, "optional", False):
                operation.openapi_extra = {"security": [{}]}  # ninja adds it to the bearer one
    api.add_router("", module.router)


_ROUTE_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


@functools.cache
def _known_query() -> dict[tuple[str, str], frozenset[str]]:
    """(method, OpenAPI path) → the query parameters the document declares for it."""
    return {
        (method.upper(), path_name): frozenset(
            p["name"] for p in operation.get("parameters", []) if p["in"] == "query"
        )
        for path_name, item in api.get_openapi_schema()["paths"].items()
        for method, operation in item.items()
    }


def _query_names(request) -> frozenset[str] | None:
    match = request.resolver_match
    route = "/" + _ROUTE_PARAM.sub(r"{\1}", match.route) if match else ""
    return _known_query().get((request.method, route))


def _unknown_query_parameter(request):
    """A misspelt filter (?indicatr=) would otherwise return everything, silently."""
    known = _query_names(request)
    unknown = [name for name in request.GET if known is not None and name not in known]
    if not unknown:
        return None
    return errors.error_response(
        422,
        errors.ErrorItem(
            code="unknown_parameter",
            message=f"Bilinmeyen sorgu parametresi: {unknown[0]}",
            message_en=f"Unknown query parameter: {unknown[0]}",
            field=unknown[0],
        ),
    )


def _json_body(request):
    if request.content_type != "application/json" or not request.body:
        return None
    try:
        return json.loads(request.body)
    except ValueError:
        return None  # ninja answers 400 for it


def _nul_character(request):
    """PostgreSQL text cannot hold NUL: refused here, before any query, in the error shape."""
    if not (nul.request_has_nul(request) or nul.contains_nul(_json_body(request))):
        return None
    return errors.error_response(
        422,
        errors.ErrorItem(
            code="nul_character",
            message=nul.MESSAGE,
            message_en="The request cannot contain a NUL (0x00) character.",
        ),
    )


def _shaped(view):
    """Anonymous reads are the portal's data: validated, cached and shared like its pages.
    Ninja answers a wrong method with a bare 405; give it the API's error shape."""
    anonymous_read = published(view)

    @login_not_required
    def wrapper(request, *args, **kwargs):
        refused = _nul_character(request) or _unknown_query_parameter(request)
        if refused is not None:
            return refused
        try:
            if request.method == "GET" and "Authorization" not in request.headers:
                response = anonymous_read(request, *args, **kwargs)
                # The same address answers a token holder differently.
                patch_vary_headers(response, ["Authorization"])
            else:
                response = view(request, *args, **kwargs)
                if "Authorization" in request.headers:
                    # One person's answer: no browser or proxy keeps it.
                    patch_cache_control(response, private=True, no_store=True)
        except Http404:  # ninja's own pages (the API root) raise it outside its handlers
            response = errors.error_response(404, errors.generic(404))
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = errors.error_response(405, errors.generic(405))
            response["Allow"] = allowed
        return response

    wrapper.csrf_exempt = True
    return wrapper


@login_not_required
def _not_found(request, rest=""):
    return errors.error_response(404, errors.generic(404))


def urlpatterns():
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = _shaped(pattern.callback)
    return (
        [*patterns, re_path(r"^(?P<rest>.*)$", _not_found)],
        app_name,
        namespace,
    )
