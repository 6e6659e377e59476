from pathlib import Path

import yaml
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from esitkent.core.errors import InputRejected
from esitkent.orgs.services import districts_load, organisations_load

IZMIR = Path(settings.DATA_DIR) / "izmir"


class Command(BaseCommand):
    help = "İzmir'in kaynak verisini yükler: ilçeler ve nüfus, kurumlar, YEEP 2022–2024 (tekrar çalıştırılabilir)."

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                n = districts_load(
                    districts_csv=IZMIR / "districts.csv",
                    population_csv=IZMIR / "district_population.csv",
                    boundaries=IZMIR / "geo" / "izmir_districts_simplified.geojson",
                )
                self.stdout.write(f"İlçeler: {n}")
                document = yaml.safe_load(
                    (IZMIR / "organisations.yaml").read_text(encoding="utf-8")
                )
                self.stdout.write(
                    f"Kurumlar: {organisations_load(document=document)} (+ {n} ilçe belediyesi)"
                )
                call_command(
                    "import_plan",
                    str(IZMIR / "plan.yaml"),
                    "--replace",
                    "--provenance",
                    "seed",
                    stdout=self.stdout,
                )
        except InputRejected as exc:
            raise CommandError(
                "İzmir verisi yüklenemedi, hiçbir şey yazılmadı:\n" + str(exc)
            ) from None
