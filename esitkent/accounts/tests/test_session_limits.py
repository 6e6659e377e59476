"""Administrators' sessions end when left idle, and no session lives for weeks (issue 14,
finding 8)."""

import time

import pytest
from django.conf import settings

from esitkent.accounts.middleware import IdleTimeoutMiddleware

PAGE = "/planlar/izmir-yeep-2022-2024/"


def leave_idle(client, seconds):
    session = client.session
    session[IdleTimeoutMiddleware.KEY] = int(time.time()) - seconds
    session.save()


def test_an_idle_administrator_is_signed_out(admin_client):
    assert admin_client.get(PAGE).status_code == 200
    leave_idle(admin_client, settings.ADMIN_IDLE_TIMEOUT_SECONDS + 5)

    response = admin_client.get("/yonetim/")

    assert response.status_code == 302 and response["Location"].startswith("/hesap/login/")
    assert admin_client.get(PAGE).status_code == 302  # signed out, not just redirected


def test_an_administrator_working_within_the_limit_stays_signed_in(admin_client):
    assert admin_client.get(PAGE).status_code == 200
    leave_idle(admin_client, settings.ADMIN_IDLE_TIMEOUT_SECONDS - 60)
    assert admin_client.get("/yonetim/").status_code == 200


@pytest.mark.django_db
def test_the_administrators_limit_is_half_an_hour_by_default():
    assert settings.ADMIN_IDLE_TIMEOUT_SECONDS == 30 * 60


def test_a_session_lives_hours_not_weeks_and_ends_with_the_browser(client, make_user):
    make_user("koord", "coordinator")
    login = client.post("/hesap/login/", {"login": "koord", "password": "parola-uzun-123"})
    cookie = login.cookies.get(settings.SESSION_COOKIE_NAME)
    assert cookie is not None and cookie.value  # positive control: a session cookie was set
    assert not cookie["expires"] and not cookie["max-age"]
    assert client.session.get_expiry_age() <= 12 * 3600


def test_remember_me_keeps_a_session_for_hours_not_weeks(client, make_user):
    make_user("koord", "coordinator")
    login = client.post(
        "/hesap/login/", {"login": "koord", "password": "parola-uzun-123", "remember": "on"}
    )
    cookie = login.cookies[settings.SESSION_COOKIE_NAME]
    assert 0 < int(cookie["max-age"]) <= 12 * 3600
