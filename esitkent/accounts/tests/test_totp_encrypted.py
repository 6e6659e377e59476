"""Issue 14, finding 5 (in part): the TOTP secrets lay in the database in plaintext, so a copy
of the database file gave every user's second factor. They are stored under the field keys
now (MFA_ADAPTER), and `rotate_field_keys` re-wraps them with the other encrypted fields."""

import importlib
import re
import time
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

PASSWORD = "parola-uzun-123"


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def raw_authenticator_data(user) -> str:
    """The data column as the database file holds it, past any ORM conversion."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT data FROM mfa_authenticator WHERE user_id = %s ORDER BY id", [user.pk]
        )
        return " ".join(str(value) for (value,) in cursor.fetchall())


def enrol(client, user) -> str:
    """Sign in with the password and set up the authenticator app through allauth's own
    pages; return the secret the page showed."""
    assert client.post("/hesap/login/", {"login": user.username, "password": PASSWORD})
    page = client.get("/hesap/2fa/totp/activate/")
    if page.status_code == 302 and "/reauthenticate/" in page["Location"]:
        client.post(page["Location"], {"password": PASSWORD})
        page = client.get("/hesap/2fa/totp/activate/")
    assert page.status_code == 200
    secret = re.search(r'value="([A-Z2-7]{32})"', page.content.decode()).group(1)
    done = client.post("/hesap/2fa/totp/activate/", {"code": current_code(secret)})
    assert done.status_code == 302, done.content.decode()[:2000]
    return secret


def sign_in_with_code(client, user, secret) -> bool:
    client.logout()
    response = client.post("/hesap/login/", {"login": user.username, "password": PASSWORD})
    assert response["Location"] == "/hesap/2fa/authenticate/"
    client.post("/hesap/2fa/authenticate/", {"code": current_code(secret)})
    return client.get("/planlar/izmir-yeep-2022-2024/").status_code == 200


@pytest.fixture
def coordinator(make_user):
    return make_user("koord", "coordinator")


def test_an_enrolled_secret_is_not_in_the_database_and_still_signs_in(client, coordinator):
    secret = enrol(client, coordinator)
    raw = raw_authenticator_data(coordinator)
    assert "totp" in raw or "secret" in raw  # positive control: the row is there
    assert secret not in raw
    assert secret.lower() not in raw.lower()
    assert sign_in_with_code(client, coordinator, secret)


def test_recovery_code_seeds_are_encrypted_and_codes_still_work(coordinator):
    codes = RecoveryCodes.activate(coordinator)
    seed = codes.instance.data["seed"]
    plain = codes.generate_codes()
    assert len(plain) == 10
    raw = raw_authenticator_data(coordinator)
    assert "used_mask" in raw  # positive control
    from esitkent.core.crypto import decrypt

    assert decrypt(seed) not in raw
    stored = Authenticator.objects.get(user=coordinator, type=Authenticator.Type.RECOVERY_CODES)
    assert RecoveryCodes(stored).validate_code(plain[3])
    assert not RecoveryCodes(stored).validate_code(plain[3])


def test_rotating_the_field_keys_keeps_the_second_factor(settings, coordinator):
    old = settings.FIELD_ENCRYPTION_KEYS[0]
    new = Fernet.generate_key().decode()
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    TOTP.activate(coordinator, secret)
    RecoveryCodes.activate(coordinator)
    codes = RecoveryCodes.activate(coordinator).generate_codes()
    before = raw_authenticator_data(coordinator)

    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    out = StringIO()
    call_command("rotate_field_keys", stdout=out)
    assert "mfa.Authenticator" in out.getvalue()
    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key is gone

    assert raw_authenticator_data(coordinator) != before
    totp = Authenticator.objects.get(user=coordinator, type=Authenticator.Type.TOTP).wrap()
    assert totp.validate_code(current_code(secret))
    assert RecoveryCodes.activate(coordinator).generate_codes() == codes


def test_the_migration_encrypts_plaintext_secrets_once(coordinator):
    from django.apps import apps

    migration = importlib.import_module("esitkent.core.migrations.0002_encrypt_mfa_secrets")
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    # A row as allauth wrote it before the adapter: the secret in the clear.
    Authenticator.objects.create(user=coordinator, type="totp", data={"secret": secret})
    Authenticator.objects.create(
        user=coordinator,
        type="recovery_codes",
        data={"seed": "ab" * 40, "used_mask": 0, "migrated_codes": ["12345678"]},
    )
    migration.encrypt_mfa_secrets(apps, None)
    once = raw_authenticator_data(coordinator)
    migration.encrypt_mfa_secrets(apps, None)  # again: nothing is encrypted twice
    assert raw_authenticator_data(coordinator) == once
    assert secret not in once and "ab" * 40 not in once and "12345678" not in once
    totp = Authenticator.objects.get(user=coordinator, type="totp").wrap()
    assert totp.validate_code(current_code(secret))
    recovery = Authenticator.objects.get(user=coordinator, type="recovery_codes").wrap()
    assert recovery.get_unused_codes() == ["12345678"]
