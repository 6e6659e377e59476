"""Back up the database and the uploaded files, with a manifest and without the keys."""

from pathlib import Path

from django.core.management.base import BaseCommand

from esitkent.core import backups


class Command(BaseCommand):
    help = (
        "Veritabanını ve yüklenen dosyaları, bir manifest ile (anahtarlar olmadan) verilen "
        "klasöre yedekler."
    )
    # A backup must be possible whatever state the keys are in.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="yeni ya da boş bir klasör")

    def handle(self, *args, directory: Path, **options):
        manifest = backups.backup(directory)
        fingerprints = manifest["key_fingerprints"]
        self.stdout.write(
            f"{directory}: {manifest['engine']} veritabanı ve "
            f"{len(manifest['files']) - 1} dosya yedeklendi."
        )
        self.stdout.write(
            "Anahtarlar yedekte değil; geri yüklemek için şu parmak izli anahtarlar gerekir: "
            f"FIELD_ENCRYPTION_KEYS {', '.join(fingerprints['FIELD_ENCRYPTION_KEYS'])}; "
            f"FIELD_BLIND_INDEX_KEY {fingerprints['FIELD_BLIND_INDEX_KEY']}."
        )
