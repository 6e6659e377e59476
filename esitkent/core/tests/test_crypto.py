"""Encryption at rest: what the database holds is ciphertext, reads give the plaintext back, and
`rotate_field_keys` moves every value to a new key so that the old one can be dropped."""

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from esitkent.centres.models import Centre, ShelterAddress
from esitkent.core import crypto

pytestmark = pytest.mark.django_db

ADDRESS = "Saklı Sokak No: 3, Gizliköy"


def new_key() -> str:
    return Fernet.generate_key().decode()


def raw_address(row: ShelterAddress) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT address FROM {ShelterAddress._meta.db_table} WHERE id = %s", [row.pk]
        )
        return cursor.fetchone()[0]


@pytest.fixture
def shelter(db):
    return Centre.objects.get(code="izbb-siginmaevi")


def test_an_encrypted_field_round_trips_and_stores_only_ciphertext(shelter):
    row = ShelterAddress.objects.create(centre=shelter, address=ADDRESS)

    assert ShelterAddress.objects.get(pk=row.pk).address == ADDRESS
    stored = raw_address(row)
    assert stored != ADDRESS and "Saklı" not in stored
    assert crypto.decrypt(stored) == ADDRESS
    # Fernet is randomised: the same address written twice is two different ciphertexts,
    # so equal addresses cannot be spotted in the database.
    row.save()
    assert raw_address(row) != stored
    assert ShelterAddress.objects.get(pk=row.pk).address == ADDRESS


def test_the_empty_string_stays_empty(shelter):
    row = ShelterAddress.objects.create(centre=shelter, address="")

    assert raw_address(row) == ""
    assert ShelterAddress.objects.get(pk=row.pk).address == ""


def test_only_isnull_can_be_looked_up_on_an_encrypted_field(shelter):
    ShelterAddress.objects.create(centre=shelter, address=ADDRESS)

    assert ShelterAddress.objects.filter(address__isnull=False).count() == 1
    for lookup in ("address", "address__exact", "address__icontains", "address__startswith"):
        with pytest.raises(FieldError):
            list(ShelterAddress.objects.filter(**{lookup: ADDRESS}))


def test_a_value_that_no_key_opens_is_an_error_that_does_not_echo_it(shelter):
    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key()]):
        row = ShelterAddress.objects.create(centre=shelter, address=ADDRESS)
        stored = raw_address(row)

    other_key = override_settings(FIELD_ENCRYPTION_KEYS=[new_key()])
    with other_key, pytest.raises(ImproperlyConfigured) as exc:
        ShelterAddress.objects.get(pk=row.pk)
    assert stored not in str(exc.value) and ADDRESS not in str(exc.value)

    with override_settings(FIELD_ENCRYPTION_KEYS=[]), pytest.raises(ImproperlyConfigured):
        ShelterAddress.objects.get(pk=row.pk)


def test_rotating_moves_every_value_to_the_new_key(shelter):
    old, new = new_key(), new_key()
    with override_settings(FIELD_ENCRYPTION_KEYS=[old]):
        row = ShelterAddress.objects.create(centre=shelter, address=ADDRESS)
    before = raw_address(row)

    with override_settings(FIELD_ENCRYPTION_KEYS=[new, old]):
        # Both keys read it before rotation...
        assert ShelterAddress.objects.get(pk=row.pk).address == ADDRESS
        out = StringIO()
        call_command("rotate_field_keys", stdout=out)
    assert "centres.ShelterAddress.address: 1 değer" in out.getvalue()
    assert raw_address(row) != before

    # ...and after it the new key alone opens it, the old key alone no longer does.
    with override_settings(FIELD_ENCRYPTION_KEYS=[new]):
        assert ShelterAddress.objects.get(pk=row.pk).address == ADDRESS
    with override_settings(FIELD_ENCRYPTION_KEYS=[old]), pytest.raises(ImproperlyConfigured):
        ShelterAddress.objects.get(pk=row.pk)


def test_rotation_skips_empty_values(shelter):
    row = ShelterAddress.objects.create(centre=shelter, address="")
    out = StringIO()

    call_command("rotate_field_keys", stdout=out)

    assert raw_address(row) == ""
    assert "centres.ShelterAddress.address: 0 değer" in out.getvalue()
