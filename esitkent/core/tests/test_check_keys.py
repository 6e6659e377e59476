"""The key check: with the keys the data was written with every encrypted column opens; with
any other key the command and the system check say which column does not open, instead of the
application starting with every encrypted field unreadable (issue 14, finding 6)."""

import datetime as dt
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from esitkent.centres.models import Centre, ShelterAddress
from esitkent.core.checks import keys_open_the_data
from esitkent.core.crypto import blind_index

pytestmark = pytest.mark.django_db

NATIONAL_ID = "10000000146"


@pytest.fixture
def written(db):
    """A shelter address and a case record with a name and an indexed national ID."""
    shelter = Centre.objects.get(code="izbb-siginmaevi")
    ShelterAddress.objects.create(centre=shelter, address="Saklı Sokak No: 3")
    # The model through the app registry: only esitkent/cases imports cases.models.
    apps.get_model("cases", "Case").objects.create(
        centre=Centre.objects.get(code="kdm-karsiyaka"),
        survivor_code="K-TEST-1",
        applied_on=dt.date(2024, 3, 1),
        channel="walk_in",
        name="Ayşe Yılmaz",
        national_id=NATIONAL_ID,
        national_id_index=blind_index(NATIONAL_ID),
    )


def check_keys() -> str:
    out = StringIO()
    call_command("check_keys", stdout=out)
    return out.getvalue()


def test_the_keys_the_data_was_written_with_open_every_column(written):
    out = check_keys()

    assert "centres.ShelterAddress.address: 1 satır, açıldı" in out
    assert "cases.Case.name: 1 satır, açıldı" in out
    assert "cases.Case.national_id_index: açıldı" in out
    assert "açılamıyor" not in out
    assert keys_open_the_data() == []


def test_other_field_keys_are_refused_by_the_command_and_the_system_check(written):
    with override_settings(FIELD_ENCRYPTION_KEYS=[Fernet.generate_key().decode()]):
        with pytest.raises(CommandError) as refused:
            check_keys()
        errors = keys_open_the_data()

    assert "cases.Case.name" in str(refused.value)
    assert "centres.ShelterAddress.address" in str(refused.value)
    assert "do not open the encrypted data" in str(refused.value)
    assert [e.id for e in errors] == ["esitkent.E001"]


def test_a_rotation_in_progress_still_opens(written):
    # The new key first, the old one after it: what rotate_field_keys expects.
    from django.conf import settings

    with override_settings(
        FIELD_ENCRYPTION_KEYS=[Fernet.generate_key().decode(), *settings.FIELD_ENCRYPTION_KEYS]
    ):
        assert "açılamıyor" not in check_keys()


def test_another_blind_index_key_is_refused(written):
    with (
        override_settings(FIELD_BLIND_INDEX_KEY="başka-bir-anahtar"),
        pytest.raises(CommandError) as refused,
    ):
        check_keys()

    assert "cases.Case.national_id_index" in str(refused.value)
    assert "cases.Case.name" not in str(refused.value)


def test_no_encrypted_rows_is_no_error(db):
    with override_settings(FIELD_ENCRYPTION_KEYS=[Fernet.generate_key().decode()]):
        assert keys_open_the_data() == []
        assert "açılamıyor" not in check_keys()


def test_two_factor_secrets_under_other_keys_are_refused(admin_user):
    # admin_user has enrolled TOTP; its secret is stored under the field keys.
    assert "mfa.Authenticator.data: 1 satır, açıldı" in check_keys()

    with (
        override_settings(FIELD_ENCRYPTION_KEYS=[Fernet.generate_key().decode()]),
        pytest.raises(CommandError) as refused,
    ):
        check_keys()

    assert "mfa.Authenticator.data" in str(refused.value)
