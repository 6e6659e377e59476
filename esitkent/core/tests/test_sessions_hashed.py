"""Issue 14, finding 5 (in part): a session key read from a copy of the database opened case
identity pages without password or code. The session table now holds a SHA-256 of each key
(the cookie alone has the key) and its data encrypted under the field keys."""

import datetime as dt
import hashlib
import json
import re
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as PlainSessionStore
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

PASSWORD = "parola-uzun-123"
PROTECTED = "/planlar/izmir-yeep-2022-2024/"


def session_rows() -> list[tuple[str, str]]:
    """Every stored session, as the database file holds it."""
    from django.contrib.sessions.backends.base import SessionBase
    from django.utils.module_loading import import_string

    store: type[SessionBase] = import_string(settings.SESSION_ENGINE + ".SessionStore")
    table = connection.ops.quote_name(store.get_model_class()._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT session_key, session_data FROM {table}")
        return cursor.fetchall()


def readable_without_keys(raw: str) -> str:
    """What a thief gets from a stored session value with Django's own decoder."""
    return json.dumps(PlainSessionStore().decode(raw), ensure_ascii=False)


@pytest.fixture
def signed_in(client, make_user):
    user = make_user("koord", "coordinator")
    response = client.post("/hesap/login/", {"login": "koord", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(PROTECTED).status_code == 200
    return client, user


def test_the_database_holds_no_session_key_a_thief_could_replay(signed_in):
    client, user = signed_in
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    rows = session_rows()
    assert rows  # positive control: the session is stored
    assert key not in {stored for stored, _ in rows}
    assert hashlib.sha256(key.encode()).hexdigest() in {stored for stored, _ in rows}
    assert all(str(user.pk) not in readable_without_keys(data) for _, data in rows)

    for stored, _ in rows:
        thief = Client()
        thief.cookies[settings.SESSION_COOKIE_NAME] = stored
        assert thief.get(PROTECTED).status_code == 302  # to the login page


def test_a_secret_being_enrolled_is_not_readable_from_the_session_table(signed_in):
    client, _ = signed_in
    page = client.get("/hesap/2fa/totp/activate/")
    if page.status_code == 302:
        client.post(page["Location"], {"password": PASSWORD})
        page = client.get("/hesap/2fa/totp/activate/")
    secret = re.search(r'value="([A-Z2-7]{32})"', page.content.decode()).group(1)
    for _, data in session_rows():
        assert secret not in data
        assert secret not in readable_without_keys(data)


def test_login_cycles_the_key_and_logout_removes_the_session(client, make_user):
    make_user("koord", "coordinator")
    client.get("/hesap/login/")
    anonymous = client.session  # a session before login, which login must not keep
    anonymous["onceki"] = "x"
    anonymous.save()
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post("/hesap/login/", {"login": "koord", "password": PASSWORD})
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert before != after
    assert client.get(PROTECTED).status_code == 200
    assert len(session_rows()) == 1

    client.post("/hesap/logout/")
    assert client.get(PROTECTED).status_code == 302
    assert session_rows() == []


def test_the_test_client_login_and_force_login_still_work(client, make_user):
    user = make_user("koord", "coordinator")
    assert client.login(username="koord", password=PASSWORD)
    assert client.get(PROTECTED).status_code == 200
    other = Client()
    other.force_login(user)
    assert other.get(PROTECTED).status_code == 200


def test_clearsessions_removes_expired_sessions(signed_in):
    from django.utils.module_loading import import_string

    model = import_string(settings.SESSION_ENGINE + ".SessionStore").get_model_class()
    model.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    call_command("clearsessions", stdout=StringIO())
    assert session_rows() == []
