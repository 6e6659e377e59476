from django.core.management.base import BaseCommand
from django.utils import timezone

from esitkent.cases.sample_services import sample_cases_create


class Command(BaseCommand):
    help = (
        "ÖRNEK vaka kayıtları: yapay kimliklerle, son on iki ay, her merkez için; "
        "'make purge-sample' siler. Gerçek kayıtlarla karışmaz."
    )

    def add_arguments(self, parser):
        parser.add_argument("--per-centre", type=int, default=40)

    def handle(self, *args, **options):
        made = sample_cases_create(today=timezone.localdate(), per_centre=options["per_centre"])
        self.stdout.write("Vaka kayıtları (ÖRNEK): {cases} vaka, {calls} çağrı".format(**made))
