from pathlib import Path

import yaml
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from esitkent.analytics.services import summaries_rebuild
from esitkent.centres.network_services import seed_events_load
from esitkent.centres.services import centres_load
from esitkent.centres.standards_services import standards_load
from esitkent.core.errors import InputRejected
from esitkent.monitoring.context_services import context_load
from esitkent.monitoring.definition_services import assignments_default, definitions_load
from esitkent.monitoring.history_services import history_load
from esitkent.orgs.services import districts_load, organisations_load
from esitkent.plans.models import Plan

IZMIR = Path(settings.DATA_DIR) / "izmir"


def _yaml(name: str) -> dict:
    return yaml.safe_load((IZMIR / name).read_text(encoding="utf-8"))


SLUG = "izmir-yeep-2022-2024"


class Command(BaseCommand):
    help = "İzmir'in kaynak verisini yükler: ilçeler ve nüfus, kurumlar, YEEP 2022–2024, gösterge tanımları, geçmiş değerler. Tekrar çalıştırılabilir; yüklü planı (dönemleri ve gönderimleriyle) değiştirmez."

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                n = districts_load(
                    districts_csv=IZMIR / "districts.csv",
                    population_csv=IZMIR / "district_population.csv",
                    boundaries=IZMIR / "geo" / "izmir_districts_simplified.geojson",
                )
                self.stdout.write(f"İlçeler: {n}")
                self.stdout.write(
                    f"Kurumlar: {organisations_load(document=_yaml('organisations.yaml'))} (+ {n} ilçe belediyesi)"
                )
                plan = Plan.objects.filter(slug=SLUG).first()
                if plan is None:
                    call_command(
                        "import_plan",
                        str(IZMIR / "plan.yaml"),
                        "--provenance",
                        "seed",
                        stdout=self.stdout,
                    )
                    plan = Plan.objects.get(slug=SLUG)
                else:
                    # Replacing the plan would delete its periods, submissions and values.
                    self.stdout.write(
                        f"Plan {SLUG} zaten yüklü; dokunulmadı (değiştirmek için: "
                        "manage.py import_plan data/izmir/plan.yaml --replace)"
                    )
                self.stdout.write(
                    f"Gösterge tanımları: {definitions_load(plan=plan, document=_yaml('indicator_definitions.yaml'))}"
                )
                self.stdout.write(f"Görevlendirmeler: {assignments_default(plan=plan)}")
                if (IZMIR / "history.yaml").exists():
                    self.stdout.write(
                        f"Geçmiş değerler: {history_load(plan=plan, document=_yaml('history.yaml'))}"
                    )
                self.stdout.write(
                    f"Bağlam göstergeleri: {context_load(document=_yaml('context.yaml'))}"
                )
                self.stdout.write(f"Özetler: {summaries_rebuild()}")
                self.stdout.write(
                    f"Merkezler (kaynaktan): {centres_load(document=_yaml('centres.yaml'))}"
                )
                events = seed_events_load(document=_yaml("centres.yaml"), plan_slug=SLUG)
                self.stdout.write(f"Merkez ağı etkinlikleri (kaynaktan): {events}")
                version = standards_load(document=_yaml("centre_standards.yaml"))
                self.stdout.write(
                    f"Asgari standartlar: sürüm {version.number} yüklendi"
                    if version
                    else "Asgari standartlar: bu sürüm zaten yüklü; dokunulmadı"
                )
        except InputRejected as exc:
            raise CommandError(
                "İzmir verisi yüklenemedi, hiçbir şey yazılmadı:\n" + str(exc)
            ) from None
