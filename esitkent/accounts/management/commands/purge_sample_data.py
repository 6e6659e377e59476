from django.core.management.base import BaseCommand

from esitkent.accounts.services import sample_users_purge


class Command(BaseCommand):
    help = "Örnek (sample) olarak işaretli tüm verileri siler; kaynak belgelerden gelen veriye dokunmaz."

    def handle(self, *args, **options):
        users = sample_users_purge()
        self.stdout.write(f"Silinen örnek kullanıcı: {users}")
