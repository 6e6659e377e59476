"""PostgreSQL text cannot hold a NUL character: a request carrying one is refused before it
reaches a query, instead of failing there with a server error. Django's form fields refuse
NUL already; this covers addresses, query strings and views that read POST data directly."""

from django.http import HttpResponseBadRequest

# Apps that answer in their own format check for themselves (the API: its error shape).
ANSWERED_ELSEWHERE = ("/api/v1/",)
MESSAGE = "İstekte NUL (0x00) karakteri olamaz."


def contains_nul(value) -> bool:
    """Any NUL in a text, or in the texts and keys of parsed JSON."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(contains_nul(k) or contains_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(contains_nul(v) for v in value)
    return False


def request_has_nul(request) -> bool:
    """NUL in the decoded path, the query string or a URL-encoded form. Multipart bodies are
    left to the form fields, so that an upload's size is still checked before it is read."""
    fields = [request.GET]
    if request.content_type == "application/x-www-form-urlencoded":
        fields.append(request.POST)
    return contains_nul(request.path) or any(
        contains_nul(name) or contains_nul(data.getlist(name)) for data in fields for name in data
    )


class RefuseNulCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(ANSWERED_ELSEWHERE) and request_has_nul(request):
            return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
