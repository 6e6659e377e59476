"""Restore a backup written by `manage.py backup`, then check that the keys open it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from esitkent.core import backups, keys


class Command(BaseCommand):
    help = (
        "manage.py backup ile alınmış bir yedeği boş bir veritabanına geri yükler ve "
        "anahtarların şifreli verileri açtığını denetler."
    )
    # Restoring is how wrong keys are found and mended: the key check must not block it.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="dolu bir veritabanının ve dosyaların üzerine yaz (önce uygulamayı durdurun)",
        )

    def handle(self, *args, directory: Path, replace: bool, **options):
        manifest = backups.restore(directory, replace=replace)
        self.stdout.write(
            f"{directory}: {manifest['created_at']} tarihli {manifest['engine']} yedeği "
            "geri yüklendi."
        )
        results = keys.check(count=True)
        for result in results:
            self.stdout.write(result.line())
        if failed := keys.failures(results):
            written_with = manifest["key_fingerprints"]
            raise CommandError(
                keys.refusal(failed) + " Yedeğin yazıldığı anahtarların parmak izleri / "
                f"fingerprints of the keys the backup was written with: {written_with}."
            )
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stdout.write("Yedek bu sürümden eski: şimdi `manage.py migrate` çalıştırın.")
        self.stdout.write(self.style.SUCCESS("Anahtarlar şifreli verileri açıyor."))
