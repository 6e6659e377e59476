from pathlib import Path

import yaml
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from esitkent.centres.sample_services import sample_network_create


class Command(BaseCommand):
    help = (
        "Merkez ağı için ÖRNEK veri: kaynaklarda adı geçmeyen merkezler, her merkeze örnek profil, "
        "geçen yılın doğrulanmış değerlendirmeleri ve ağ etkinlikleri ('make purge-sample' siler)."
    )

    def handle(self, *args, **options):
        document = yaml.safe_load(
            (Path(settings.DATA_DIR) / "sample" / "centre_network.yaml").read_text(encoding="utf-8")
        )
        made = sample_network_create(document=document, today=timezone.localdate())
        self.stdout.write(
            "Merkez ağı (ÖRNEK): {profiles} profil, {assessments} değerlendirme, "
            "{events} etkinlik".format(**made)
        )
