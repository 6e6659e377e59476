"""Issue 14, finding 2(b): an administrator who sets another person's password must not be able
to become that person. Setting it ends her sessions, her API tokens and her second factor, so
she signs in again and enrols again; a case-centre account's e-mail (where the re-enrolment
link goes) cannot be changed in the admin."""

import logging

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model

from esitkent.api import services as token_services

NEW = "yepyeni-parola-456"


def _victim(make_user):
    from esitkent.centres.models import Centre

    organisation = Centre.objects.get(code="kdm-karsiyaka").organisation.code
    user = make_user("siginma-sorumlusu", "centre_manager", organisation)
    user.email = "sorumlu@example.org"
    user.save(update_fields=["email"])
    TOTP.activate(user, generate_totp_secret())
    return user


def test_an_admins_password_change_ends_sessions_tokens_and_two_factor(
    client, admin_client, admin_user, make_user, caplog
):
    victim = _victim(make_user)
    client.force_login(victim)
    assert client.get("/merkezler/").status_code == 200  # positive control: she is signed in
    _, plaintext = token_services.token_create(user=victim, name="betik", scope="read", days=30)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}
    assert client.get("/api/v1/plans", **bearer).status_code == 200
    assert Authenticator.objects.filter(user=victim).exists()

    with caplog.at_level(logging.INFO):
        response = admin_client.post(
            f"/yonetim/auth/user/{victim.pk}/password/",
            {"password1": NEW, "password2": NEW, "usable_password": "true"},
        )

    assert response.status_code == 302, response.content.decode()[:2000]
    victim.refresh_from_db()
    assert victim.check_password(NEW)
    # Her browser's session no longer opens a page: Django checks the password hash.
    assert client.get("/merkezler/").status_code == 302
    # Her token is refused and shows as revoked.
    assert client.get("/api/v1/plans", **bearer).status_code == 401
    assert victim.api_tokens.get().revoked_at is not None
    # Her authenticator app and recovery codes are gone: she enrols again.
    assert not Authenticator.objects.filter(user=victim).exists()
    from esitkent.accounts.models import MembershipEvent

    logged = MembershipEvent.objects.get(kind=MembershipEvent.Kind.PASSWORD)
    assert (logged.username, logged.by_username) == ("siginma-sorumlusu", "admin")
    assert any(
        "siginma-sorumlusu" in r.getMessage() and "admin" in r.getMessage() for r in caplog.records
    )


def test_a_case_centre_accounts_email_cannot_be_changed_in_the_admin(admin_client, make_user):
    victim = _victim(make_user)
    page = admin_client.get(f"/yonetim/auth/user/{victim.pk}/change/")
    assert page.status_code == 200
    assert 'name="email"' not in page.content.decode()

    admin_client.post(
        f"/yonetim/auth/user/{victim.pk}/change/",
        {
            "username": victim.username,
            "email": "saldirgan@example.org",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert get_user_model().objects.get(pk=victim.pk).email == "sorumlu@example.org"


def test_an_ordinary_accounts_email_can_still_be_changed(admin_client, make_user):
    user = make_user("izleyici", "viewer")
    page = admin_client.get(f"/yonetim/auth/user/{user.pk}/change/")
    assert 'name="email"' in page.content.decode()  # control: the field is there otherwise
