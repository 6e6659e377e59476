"""Public responses are the same for everyone until something is published, so a worker
renders each once per publication stamp and answers the rest from memory.

The key carries the stamp's version and time (a rolled-back test transaction can reuse a
version number, never its time). Changes that do not move the stamp (an indicator's
definition, a new period) show within the cache's five minutes, the same as Cache-Control
promises browsers.
"""

import hashlib

from django.core.cache import caches

RELEASE = "2026.11.2"  # part of every key and ETag, so a new release never answers with old HTML


def stamp_key(stamp) -> str:
    return f"{stamp.version}.{stamp.changed_at.timestamp()}" if stamp else "0"


MAX_BYTES = 256 * 1024  # a page of a thousand values, not a stream of them per offset


def _shareable(request, response) -> bool:
    """Only a complete 200 that is the same for everyone. A page that used the CSRF token (a
    form) is one person's; the cookie is added later by middleware, so the request tells.
    (The session cannot tell: every request reads it to know there is no login; public
    templates render no person.)"""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and len(response.content) <= MAX_BYTES
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def cached(request, stamp, render):
    """The response for this address under this stamp, rendered at most once per worker."""
    cache = caches["published"]
    address = f"{RELEASE}|{stamp_key(stamp)}|{request.method}|{request.get_full_path()}"
    key = hashlib.sha256(address.encode()).hexdigest()
    response = cache.get(key)
    if response is None:
        response = render()
        if _shareable(request, response):
            cache.set(key, response)
    return response
