"""Personal tokens: shown once, stored hashed, scoped, expiring, revocable by owner and admin."""

import datetime as dt

import pytest
from django.utils import timezone

from esitkent.api import domain, services
from esitkent.api.models import ApiToken
from esitkent.core.errors import InputRejected


def test_only_the_digest_is_stored(make_user):
    user = make_user("sahip", "viewer")
    token, plaintext = services.token_create(user=user, name="betik", scope="read", days=30)
    stored = ApiToken.objects.get(pk=token.pk)
    assert plaintext.startswith("ek_") and len(plaintext) > 40
    assert plaintext not in {stored.digest, stored.prefix, stored.name}
    assert stored.digest == domain.token_digest(plaintext)
    assert plaintext.startswith(stored.prefix)


def test_bad_token_requests_are_refused_whole(make_user):
    user = make_user("sahip", "viewer")
    with pytest.raises(InputRejected) as refused:
        services.token_create(user=user, name="", scope="admin", days=999)
    assert [p.where for p in refused.value.problems] == ["ad", "kapsam", "süre"]
    assert not ApiToken.objects.exists()


def test_a_token_acts_as_its_owner_until_it_expires_or_is_revoked(client, make_user, token_for):
    user = make_user("sahip", "reporter", "sosyal-projeler-db")
    headers = token_for(user)
    assert client.get("/api/v1/submissions", **headers).status_code == 200
    token = ApiToken.objects.get(user=user)
    assert token.last_used_at is not None

    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    expired = client.get("/api/v1/submissions", **headers)
    assert expired.status_code == 401 and expired.json()["code"] == "bad_token"

    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() + dt.timedelta(days=1))
    services.token_revoke(token=token, by=user)
    assert client.get("/api/v1/submissions", **headers).status_code == 401


def test_a_deactivated_person_s_token_stops_working(client, make_user, token_for):
    user = make_user("ayrilan", "reporter", "sosyal-projeler-db")
    headers = token_for(user)
    user.is_active = False
    user.save()
    assert client.get("/api/v1/submissions", **headers).status_code == 401


def test_a_read_token_cannot_write(client, make_user, token_for):
    user = make_user("okuyan", "reporter", "sosyal-projeler-db")
    response = client.delete("/api/v1/tokens/1", **token_for(user, "read"))
    assert response.status_code == 403
    assert response.json()["code"] == "scope"


def test_owner_lists_and_revokes_own_tokens_through_the_pages(client, make_user):
    owner = make_user("sahip", "viewer")
    client.force_login(owner)
    page = client.post("/api-anahtarlari/", {"ad": "rapor betiği", "kapsam": "write", "gun": "30"})
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=owner)
    plaintext = page.context["plaintext"]
    assert plaintext in page.content.decode()
    # Shown once: the list page never shows it again.
    assert plaintext not in client.get("/api-anahtarlari/").content.decode()

    client.post(f"/api-anahtarlari/{token.pk}/iptal/")
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == owner


def test_someone_else_cannot_see_or_revoke_a_token(client, make_user):
    owner = make_user("sahip", "viewer")
    token, _ = services.token_create(user=owner, name="benim", scope="read", days=5)
    client.force_login(make_user("baskasi", "reporter", "sosyal-projeler-db"))
    assert "benim" not in client.get("/api-anahtarlari/").content.decode()
    assert client.post(f"/api-anahtarlari/{token.pk}/iptal/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_admin_sees_and_revokes_everyone_s_tokens(client, make_user, admin_user):
    owner = make_user("sahip", "viewer")
    token, _ = services.token_create(user=owner, name="sahibin anahtarı", scope="read", days=5)
    client.force_login(admin_user)
    assert "sahibin anahtarı" in client.get("/api-anahtarlari/").content.decode()
    client.post(f"/api-anahtarlari/{token.pk}/iptal/")
    token.refresh_from_db()
    assert token.revoked_by == admin_user


def test_tokens_through_the_api_owner_and_admin(client, make_user, admin_user, token_for):
    owner = make_user("sahip", "viewer")
    other = make_user("baskasi", "viewer")
    token, _ = services.token_create(user=owner, name="hedef", scope="read", days=5)
    listed = client.get("/api/v1/tokens", **token_for(other)).json()
    assert "hedef" not in [t["name"] for t in listed]
    assert (
        client.delete(f"/api/v1/tokens/{token.pk}", **token_for(other, "write")).status_code == 404
    )
    assert (
        client.delete(f"/api/v1/tokens/{token.pk}", **token_for(admin_user, "write")).status_code
        == 204
    )
    token.refresh_from_db()
    assert token.revoked_by == admin_user


def test_an_admin_token_needs_the_second_factor(client, make_user, token_for):
    from django.contrib.auth import get_user_model

    boss = get_user_model().objects.create_superuser("yonetici", "y@example.org", "parola-uzun-1")
    response = client.get("/api/v1/tokens", **token_for(boss))
    assert response.status_code == 403
    assert response.json()["code"] == "two_factor"


def test_a_bad_token_form_is_refused_naming_the_field(client, make_user):
    client.force_login(make_user("sahip", "viewer"))
    page = client.post("/api-anahtarlari/", {"ad": "", "kapsam": "read", "gun": "400"})
    assert page.status_code == 422
    text = page.content.decode()
    assert "anahtara bir ad verin" in text and "365 gün" in text
    assert not ApiToken.objects.exists()


def test_a_nul_character_in_a_form_is_refused_before_the_database(client, make_user):
    client.force_login(make_user("sahip", "viewer"))
    page = client.post(
        "/api-anahtarlari/",
        "ad=a%00b&kapsam=read&gun=5",
        content_type="application/x-www-form-urlencoded",  # what the browser sends
    )
    assert page.status_code == 400
    assert not ApiToken.objects.exists()


def test_an_admin_lists_everyone_s_tokens_through_the_api(client, make_user, admin_user, token_for):
    services.token_create(user=make_user("sahip", "viewer"), name="sahibinki", scope="read", days=5)
    names = [t["name"] for t in client.get("/api/v1/tokens", **token_for(admin_user)).json()]
    assert "sahibinki" in names
