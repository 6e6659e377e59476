"""Public pages are the same for everyone: cacheable by browsers and proxies, validated by
one stamp that every approval, withdrawal and plan import bumps, and rendered once per stamp
by each worker."""

import hashlib
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import condition

from esitkent.core import published as published_cache
from esitkent.core.selectors import publication_stamp

LANGUAGES = ("tr", "en")


def public_language(request) -> str:
    chosen = request.GET.get("dil", "tr")
    return chosen if chosen in LANGUAGES else "tr"


def _stamp(request):
    """Read once per request: the validators and the response cache all need it."""
    if not hasattr(request, "_publication_stamp"):
        request._publication_stamp = publication_stamp()
    return request._publication_stamp


def _etag(request, *args, **kwargs):
    key = f"{published_cache.RELEASE}|{published_cache.stamp_key(_stamp(request))}|"
    key += request.get_full_path()
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _last_modified(request, *args, **kwargs):
    stamp = _stamp(request)
    return stamp.changed_at if stamp else None


def published(view):
    """ETag and Last-Modified answered with 304, the response cache, Cache-Control: public.
    For views whose answer depends only on the address and the published data."""

    def render(request, *args, **kwargs):
        return published_cache.cached(
            request, _stamp(request), lambda: view(request, *args, **kwargs)
        )

    conditional = condition(etag_func=_etag, last_modified_func=_last_modified)(render)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = conditional(request, *args, **kwargs)
        if response.status_code in (200, 304):
            patch_cache_control(response, public=True, max_age=300)
        patch_vary_headers(response, ["Accept-Encoding"])
        return response

    return wrapper


def public(view):
    """No login, the language from ?dil= (not a cookie, so one URL is one response), and
    everything `published` gives."""
    cached_view = published(view)

    @login_not_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        with translation.override(public_language(request)):
            return cached_view(request, *args, **kwargs)

    return wrapper
