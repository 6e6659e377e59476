"""Lockout behind the documented reverse proxy (issue 14, finding 4): failed passwords are
counted per account, and per client address only up to a bound that one account's failures
do not reach, with the address taken from the proxy's header only when a proxy is declared."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings

PROXY = "10.0.0.2"
CLIENT_1, CLIENT_2, CLIENT_3 = "203.0.113.10", "203.0.113.20", "203.0.113.30"
LOCKED = "Çok fazla hatalı giriş"


@pytest.fixture
def people(make_user):
    return make_user("ayse", "coordinator"), make_user("berk", "coordinator")


def log_in(client, username, password, *, remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    client.logout()
    return client.post("/hesap/login/", {"login": username, "password": password}, **headers)


def is_refused(response) -> bool:
    """Refused before the password is looked at: the failed-login bound (the form's message)
    or allauth's bound on login requests per address (429)."""
    return response.status_code == 429 or LOCKED in response.content.decode()


def fail_five_times(client, username, *, remote, forwarded=None):
    for i in range(5):
        response = log_in(client, username, f"yanlis-{i}", remote=remote, forwarded=forwarded)
        assert response.status_code == 200 and LOCKED not in response.content.decode()


def test_one_accounts_failures_do_not_lock_out_another_at_the_same_address(client, people):
    """An office behind one NAT address, or a proxy not (yet) declared: Ayşe's five wrong
    passwords must not refuse Berk's right one."""
    fail_five_times(client, "ayse", remote=PROXY)

    response = log_in(client, "berk", "parola-uzun-123", remote=PROXY)

    assert response.status_code == 302, LOCKED in response.content.decode()


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_a_declared_proxy_the_client_address_is_counted(client, people):
    fail_five_times(client, "ayse", remote=PROXY, forwarded=CLIENT_1)

    # Berk through the same proxy from his own address signs in.
    response = log_in(client, "berk", "parola-uzun-123", remote=PROXY, forwarded=CLIENT_2)
    assert response.status_code == 302

    # Ayşe's account stays locked, from any address, even with her right password.
    response = log_in(client, "ayse", "parola-uzun-123", remote=PROXY, forwarded=CLIENT_3)
    assert response.status_code == 200 and LOCKED in response.content.decode()


def test_a_spoofed_forwarded_header_is_ignored_without_a_declared_proxy(client, make_user):
    """With no proxy declared X-Forwarded-For is not believed: guesses spread over many
    accounts from one address meet the per-address bound however the header is filled."""
    users = [make_user(f"kisi{i}", "viewer").username for i in range(8)]
    make_user("yeni", "viewer")
    refused = 0
    for attempt in range(40):
        response = log_in(
            client,
            users[attempt % len(users)],
            "yanlis",
            remote=CLIENT_1,
            forwarded=f"198.51.100.{attempt}",
        )
        refused += is_refused(response)
    # Five per account would allow all forty; the address's bounds refuse the last ones.
    assert refused >= 10
    # The bound is the real address's: a fresh account is refused there, not elsewhere.
    assert is_refused(
        log_in(client, "yeni", "parola-uzun-123", remote=CLIENT_1, forwarded=CLIENT_2)
    )
    assert log_in(client, "yeni", "parola-uzun-123", remote=CLIENT_2).status_code == 302


def test_the_proxy_is_declared_through_the_environment():
    env = {
        **os.environ,
        "ESITKENT_TRUSTED_PROXY_COUNT": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.ALLAUTH_TRUSTED_PROXY_COUNT, s.SECURE_PROXY_SSL_HEADER, s.USE_X_FORWARDED_HOST)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    assert out.stdout.split() == ["1", "('HTTP_X_FORWARDED_PROTO',", "'https')", "True"], out.stderr
    # Not declared: nothing from the proxy's headers is believed.
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0
    assert settings.SECURE_PROXY_SSL_HEADER is None and not settings.USE_X_FORWARDED_HOST
