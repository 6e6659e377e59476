"""Re-encrypt every encrypted field, and the two-factor secrets allauth keeps inside
Authenticator.data (MFA_ADAPTER), under the first key of FIELD_ENCRYPTION_KEYS.

Put the new key first, keep the old ones after it, run this, then drop the old keys.
"""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from esitkent.core.crypto import encrypted_fields, mfa_secrets_map, rotate


class Command(BaseCommand):
    help = "Şifreli alanları FIELD_ENCRYPTION_KEYS'teki ilk anahtarla yeniden şifreler."

    def handle(self, *args, **options):
        total = 0
        quote = connection.ops.quote_name
        with transaction.atomic():
            for model, column in encrypted_fields():
                table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
                # Raw SQL: through the ORM the field would hand back plaintext, and the point
                # is to re-wrap the ciphertext without the plaintext ever leaving this loop.
                with connection.cursor() as cursor:
                    cursor.execute(f"SELECT {pk}, {quote(column)} FROM {table}")
                    rows = [(key, raw) for key, raw in cursor.fetchall() if raw]
                    for key, raw in rows:
                        cursor.execute(
                            f"UPDATE {table} SET {quote(column)} = %s WHERE {pk} = %s",
                            [rotate(raw), key],
                        )
                total += len(rows)
                self.stdout.write(f"{model._meta.label}.{column}: {len(rows)} değer")
            total += self._rotate_mfa_secrets()
        self.stdout.write(self.style.SUCCESS(f"Toplam {total} değer ilk anahtarla şifrelendi."))

    def _rotate_mfa_secrets(self) -> int:
        from allauth.mfa.models import Authenticator

        # The JSON column holds ciphertext already (the adapter encrypts before allauth
        # saves), so the ORM reads it without ever seeing a secret in the clear.
        count = 0
        for authenticator in Authenticator.objects.select_for_update().order_by("pk"):
            data = mfa_secrets_map(authenticator.data, rotate)
            if data != authenticator.data:
                authenticator.data = data
                authenticator.save(update_fields=["data"])
                count += 1
        self.stdout.write(f"{Authenticator._meta.label}.data: {count} değer")
        return count
