"""The retention schedule: closed records past their retention date are destroyed, and the
access log keeps one row per record removed. Scheduled daily (setup_schedules)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from esitkent.cases.retention_services import cases_purge


class Command(BaseCommand):
    help = "Saklama süresi dolan kapalı vaka kayıtlarını siler ve her birini erişim kaydına yazar."

    def handle(self, *args, **options):
        codes = cases_purge(today=timezone.localdate())
        self.stdout.write(f"Saklama süresi dolan {len(codes)} vaka kaydı silindi.")
        for code in codes:
            self.stdout.write(f"  {code}")
