"""Encrypt the TOTP secrets and recovery-code seeds that allauth stored in the clear before
MFA_ADAPTER encrypted them (issue 14). Values already encrypted are left as they are, so the
migration can meet a database half-written by the new code."""

from django.db import migrations, transaction

# Frozen copies of what esitkent.core.crypto knows about Authenticator.data: a migration must
# keep meaning what it meant when written.
FERNET_PREFIX = "gAAAAA"
SECRET_KEYS = ("secret", "seed")


def _mapped(data, transform, *, encrypted: bool):
    """`data` with `transform` applied to each secret that is (or is not) encrypted yet."""

    def one(value):
        return transform(value) if value.startswith(FERNET_PREFIX) == encrypted else value

    changed = dict(data)
    for name in SECRET_KEYS:
        if changed.get(name):
            changed[name] = one(changed[name])
    if changed.get("migrated_codes"):
        changed["migrated_codes"] = [one(code) for code in changed["migrated_codes"]]
    return changed


def _rewrite(apps, transform, *, encrypted: bool):
    Authenticator = apps.get_model("mfa", "Authenticator")
    with transaction.atomic():
        for authenticator in Authenticator.objects.select_for_update().order_by("pk"):
            data = _mapped(authenticator.data, transform, encrypted=encrypted)
            if data != authenticator.data:
                authenticator.data = data
                authenticator.save(update_fields=["data"])


def encrypt_mfa_secrets(apps, schema_editor):
    from esitkent.core.crypto import encrypt

    _rewrite(apps, encrypt, encrypted=False)


def decrypt_mfa_secrets(apps, schema_editor):
    # Only for going back to code without MFA_ADAPTER, which reads the secrets in the clear.
    from esitkent.core.crypto import decrypt

    _rewrite(apps, lambda token: str(decrypt(token)), encrypted=True)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_publication_stamp"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_mfa_secrets, decrypt_mfa_secrets)]
