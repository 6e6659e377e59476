"""Issue 14, finding 8 (in part): an account with no role sees no staff page of the network or
the token page; any role does."""

import pytest

PAGES = ["/merkezler/", "/merkezler/standartlar/", "/api-anahtarlari/"]


@pytest.mark.parametrize("url", PAGES)
def test_an_account_with_no_role_is_refused(client, make_user, url):
    client.force_login(make_user("rolsuz", None))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", PAGES)
def test_any_role_opens_them(viewer_client, url):
    assert viewer_client.get(url).status_code == 200
