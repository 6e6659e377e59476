"""The REST API at /api/v1/: the plan, reference codes and published figures for everyone;
submissions for a unit's reporters and the plan's coordinators, with a personal token."""

import re

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseNotAllowed
from django.urls import re_path
from ninja import NinjaAPI

from esitkent.portal.caching import published

from . import errors
from .auth import read_or_anonymous
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
    api.add_router("", module.router)


def _optional_auth_in_schema(schema: dict) -> dict:
    """Public operations work with a token or without: OpenAPI says so with an empty
    security requirement beside the bearer one."""
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            if operation.get("x-auth-optional"):
                operation["security"] = [{}, *operation.get("security", [])]
                del operation["x-auth-optional"]
    return schema


_build_schema = api.get_openapi_schema


def _schema(*args, **kwargs):
    return _optional_auth_in_schema(_build_schema(*args, **kwargs))


api.get_openapi_schema = _schema
for router in (plans.router, reference.router, values.router):
    for path_view in router.path_operations.values():
        for operation in path_view.operations:
            operation.openapi_extra = {**(operation.openapi_extra or {}), "x-auth-optional": True}
assert read_or_anonymous.optional


_ROUTE_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")
_known_query: dict[tuple[str, str], frozenset[str]] = {}


def _query_names(request) -> frozenset[str] | None:
    """The query parameters the OpenAPI document declares for this request's operation."""
    if not _known_query:
        for path_name, item in api.get_openapi_schema()["paths"].items():
            for method, operation in item.items():
                names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
                _known_query[(method.upper(), path_name)] = frozenset(names)
    match = request.resolver_match
    route = "/" + _ROUTE_PARAM.sub(r"{\1}", match.route) if match else ""
    return _known_query.get((request.method, route))


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


def _nul_character(request):
    """PostgreSQL text cannot hold NUL; a request carrying one is refused before any query."""
    body = request.body if request.method in ("POST", "PUT", "PATCH") else b""
    if (
        "\x00" in request.path
        or "\x00" in request.META.get("QUERY_STRING", "")
        or any(
            "\x00" in name or any("\x00" in value for value in request.GET.getlist(name))
            for name in request.GET
        )
        or b"\x00" in body
        or b"\\u0000" in body
    ):
        return errors.error_response(
            422,
            errors.ErrorItem(
                code="nul_character",
                message="İstekte NUL (0x00) karakteri olamaz.",
                message_en="The request cannot contain a NUL (0x00) character.",
            ),
        )
    return None


def _shaped(view):
    """Anonymous reads are the portal's data: validated, cached and shared like its pages.
    Ninja answers a wrong method with a bare 405; give it the API's error shape."""
    anonymous_read = published(view)

    @login_not_required
    def wrapper(request, *args, **kwargs):
        refused = _nul_character(request) or _unknown_query_parameter(request)
        if refused is not None:
            return refused
        if request.method in ("GET", "HEAD") and "Authorization" not in request.headers:
            response = anonymous_read(request, *args, **kwargs)
        else:
            response = view(request, *args, **kwargs)
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
