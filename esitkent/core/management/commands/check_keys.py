"""Try the configured keys on every encrypted column and blind index; exit non-zero when they
do not open the data. Run after a restore, a key rotation or a move to a new host."""

from django.core.management.base import BaseCommand, CommandError

from esitkent.core import keys


class Command(BaseCommand):
    help = "Yapılandırılmış anahtarların şifreli verileri açıp açmadığını denetler."
    # The point is to run when the keys are wrong, which the system check would refuse.
    requires_system_checks = []

    def handle(self, *args, **options):
        results = keys.check(count=True)
        for result in results:
            style = self.style.ERROR if not result.opened else self.style.SUCCESS
            self.stdout.write(style(result.line()) if not result.skipped else result.line())
        fingerprints = keys.fingerprints()
        self.stdout.write(
            "Anahtar parmak izleri: FIELD_ENCRYPTION_KEYS "
            + ", ".join(fingerprints["FIELD_ENCRYPTION_KEYS"])
            + f"; FIELD_BLIND_INDEX_KEY {fingerprints['FIELD_BLIND_INDEX_KEY']}"
        )
        if failed := keys.failures(results):
            raise CommandError(keys.refusal(failed))
        if not any(r.rows for r in results):
            self.stdout.write("Şifreli veri yok: açılacak bir şey bulunmadı.")
            return
        self.stdout.write(self.style.SUCCESS("Anahtarlar şifreli verileri açıyor."))
