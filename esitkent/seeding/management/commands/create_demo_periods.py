from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from esitkent.monitoring.sample_services import demo_periods_create
from esitkent.plans.models import Plan


class Command(BaseCommand):
    help = (
        "Tanıtım için planın dönemleri, hepsi ÖRNEK: geçmiş yıllar örnek bir izleme döngüsüyle "
        "(gerçek servislerle girilmiş, gönderilmiş, onaylanmış ve kilitlenmiş), son yıl açık. "
        "'make purge-sample' hepsini siler."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", default="izmir-yeep-2022-2024")
        parser.add_argument("--reporter", default="raportor")
        parser.add_argument("--coordinator", default="koordinator")

    def handle(self, *args, plan, reporter, coordinator, **options):
        plan = Plan.objects.get(slug=plan)
        users = get_user_model().objects
        try:
            reporter, coordinator = (
                users.get(username=reporter),
                users.get(username=coordinator),
            )
        except users.model.DoesNotExist as exc:
            raise CommandError(
                "Örnek döngü için örnek raportör ve koordinatör gerekli: önce "
                "'manage.py create_demo_users' çalıştırın."
            ) from exc
        for line in demo_periods_create(
            plan=plan, reporter=reporter, coordinator=coordinator, today=timezone.localdate()
        ):
            self.stdout.write(line)
