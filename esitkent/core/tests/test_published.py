"""Public responses are rendered once per publication stamp, and again after it moves."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from esitkent.core.services import publication_touch

SLUG = "izmir-yeep-2022-2024"


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_public_page_is_rendered_once_per_stamp(client, izmir_plan):
    url = f"/acik/{SLUG}/"
    rendered = queries_for(client, url)
    assert rendered > 3
    assert queries_for(client, url) == 1  # the stamp, nothing else
    publication_touch()
    assert queries_for(client, url) == rendered


def test_each_language_and_address_is_its_own_entry(client, izmir_plan):
    turkish = client.get(f"/acik/{SLUG}/").content
    english = client.get(f"/acik/{SLUG}/?dil=en").content
    assert turkish != english
    assert client.get(f"/acik/{SLUG}/").content == turkish


def test_a_page_that_used_the_csrf_token_is_never_kept(rf, db):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from esitkent.core.published import cached

    first = rf.get("/acik/")
    cached(first, None, lambda: HttpResponse(get_token(first)))
    # Not kept: the next visitor gets their own rendering, not the first one's token.
    assert cached(rf.get("/acik/"), None, lambda: HttpResponse("ikinci")).content == b"ikinci"
    # That one is the same for everyone, so it is kept.
    assert cached(rf.get("/acik/"), None, lambda: HttpResponse("başka")).content == b"ikinci"
