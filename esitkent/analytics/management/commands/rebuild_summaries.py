from django.core.management.base import BaseCommand

from esitkent.analytics.services import summaries_rebuild


class Command(BaseCommand):
    help = (
        "Özetleri onaylı değerlerden baştan kurar (sürüm yükseltmesinden sonra bir kez). "
        "Onay akışı bunu gerektirmez: her onay yalnız kendi gruplarını yeniler."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Özet satırı: {summaries_rebuild()}")
