from django.core.management.base import BaseCommand
from django.db import transaction

from esitkent.accounts.services import sample_users_purge
from esitkent.cases.retention_services import sample_cases_purge
from esitkent.centres.sample_services import sample_network_purge
from esitkent.monitoring.sample_services import sample_periods_purge
from esitkent.reports.services import sample_reports_purge


class Command(BaseCommand):
    help = "Örnek (sample) olarak işaretli tüm verileri siler; kaynak belgelerden gelen veriye dokunmaz."

    def handle(self, *args, **options):
        with transaction.atomic():
            cases = sample_cases_purge()
            reports = sample_reports_purge()
            periods = sample_periods_purge()
            users = sample_users_purge()
            network = sample_network_purge()
        self.stdout.write(f"Silinen örnek vaka kaydı: {cases}")
        self.stdout.write(f"Silinen örnek yıllık rapor (yayımlanmış PDF): {reports}")
        self.stdout.write(
            f"Silinen örnek dönem: {periods} (girilen değerleriyle birlikte), örnek kullanıcı: {users}"
        )
        self.stdout.write(
            "Merkez ağı: {centres} örnek merkez, {profiles} örnek profil, {assessments} örnek "
            "değerlendirme, {events} örnek etkinlik silindi".format(**network)
        )
