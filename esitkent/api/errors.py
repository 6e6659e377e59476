"""One error shape for every 4xx the API gives: a stable code for programs, the message in
Turkish and in English for people, and the field it is about. Validation refusals list every
problem, so a client can fix them all at once (the same rule as file imports)."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, JsonResponse
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from esitkent.core.errors import InputRejected, in_language


class ErrorItem(Schema):
    code: str
    message: str
    message_en: str
    field: str | None = None


class ErrorOut(ErrorItem):
    errors: list[ErrorItem] = []


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, message_en: str, field=None):
        super().__init__(message_en)
        self.status, self.item = (
            status,
            ErrorItem(code=code, message=message, message_en=message_en, field=field),
        )


def in_both(message) -> tuple[str, str]:
    """A service message (plain text, or a Reason with its translation) in Turkish and English."""
    return in_language(message, "tr"), in_language(message, "en")


def error_response(status: int, item: ErrorItem, items: list[ErrorItem] | None = None):
    body = ErrorOut(**item.dict(), errors=items or []).dict()
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


GENERIC = {
    400: ("bad_request", "İstek anlaşılamadı.", "The request could not be understood."),
    401: (
        "login_required",
        "Bu işlem için geçerli bir API anahtarı gerekir.",
        "This needs a valid API token.",
    ),
    403: ("forbidden", "Bu işlem için yetkiniz yok.", "You may not do this."),
    404: ("not_found", "Bulunamadı.", "Not found."),
    405: ("method_not_allowed", "Bu yöntem burada kullanılamaz.", "Method not allowed here."),
}


def generic(status: int) -> ErrorItem:
    code, tr, en = GENERIC.get(status, GENERIC[400])
    return ErrorItem(code=code, message=tr, message_en=en)


# Pydantic's error types in Turkish; the English text is pydantic's own.
PYDANTIC_TR = {
    "missing": "bu alan gerekli",
    "extra_forbidden": "bilinmeyen alan",
    "string_too_long": "metin çok uzun",
    "string_too_short": "metin çok kısa",
    "greater_than_equal": "değer çok küçük",
    "less_than_equal": "değer çok büyük",
    "greater_than": "değer çok küçük",
    "less_than": "değer çok büyük",
    "literal_error": "izin verilen değerlerden biri değil",
    "enum": "izin verilen değerlerden biri değil",
    "json_invalid": "JSON okunamadı",
}


def _field(loc) -> str | None:
    # ("query", "limit") → "limit"; ("body", "payload", "values", 0, "value") → "values[0].value"
    parts = [p for p in loc if p not in ("body", "query", "path", "payload", "header")]
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or None


def _api_error(request, exc: ApiError):
    return error_response(exc.status, exc.item)


def _rejected(request, exc: InputRejected):
    items = []
    for problem in exc.problems:
        tr, en = in_both(problem.message)
        items.append(
            ErrorItem(code=problem.code, message=tr, message_en=en, field=problem.where or None)
        )
    conflict = getattr(exc, "status", 422) == 409
    head = ErrorItem(
        code="conflict" if conflict else "rejected",
        message=f"İstek reddedildi; hiçbir şey yazılmadı ({len(items)} sorun).",
        message_en=(
            "The request was refused and nothing was written "
            f"({len(items)} problem{'' if len(items) == 1 else 's'})."
        ),
        field=items[0].field if items else None,
    )
    return error_response(409 if conflict else 422, head, items)


def _invalid(request, exc: ValidationError):
    items = [
        ErrorItem(
            code=e.get("type", "invalid"),
            message=PYDANTIC_TR.get(e.get("type", ""), "geçersiz değer"),
            message_en=e.get("msg", "Invalid value"),
            field=_field(e.get("loc", ())),
        )
        for e in exc.errors
    ]
    head = ErrorItem(
        code="invalid",
        message="İstekteki bazı alanlar geçersiz.",
        message_en="Some fields of the request are invalid.",
        field=items[0].field if items else None,
    )
    return error_response(422, head, items)


def _generic_for(status: int):
    def handler(request, exc):
        return error_response(status, generic(status))

    return handler


def _http_error(request, exc: HttpError):
    return error_response(exc.status_code, generic(exc.status_code))


HANDLERS = {
    ApiError: _api_error,
    InputRejected: _rejected,
    ValidationError: _invalid,
    AuthenticationError: _generic_for(401),
    PermissionDenied: _generic_for(403),
    Http404: _generic_for(404),
    ObjectDoesNotExist: _generic_for(404),
    HttpError: _http_error,
}


def install(api) -> None:
    """Every exception a route may raise answers in the one error shape."""
    for exc_class, handler in HANDLERS.items():
        api.add_exception_handler(exc_class, handler)


def declared(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The 4xx responses an operation declares in the OpenAPI document."""
    return dict.fromkeys(statuses, ErrorOut)
