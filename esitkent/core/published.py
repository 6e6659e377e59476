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


def cached(request, stamp, render):
    """The response for this address under this stamp, rendered at most once per worker."""
    cache = caches["published"]
    address = f"{RELEASE}|{stamp_key(stamp)}|{request.method}|{request.get_full_path()}"
    key = hashlib.sha256(address.encode()).hexdigest()
    response = cache.get(key)
    if response is None:
        response = render()
        # A response that sets a cookie (a CSRF token, a session) is one person's.
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, response)
    return response
