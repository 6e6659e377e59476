from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from esitkent.plans.models import Plan
from esitkent.reports.selectors import report_sample_periods
from esitkent.reports.services import report_publish


class Command(BaseCommand):
    help = (
        "Tanıtım için örnek izleme döngüsünün yıllık raporlarını örnek koordinatör adına "
        "yayımlar (ÖRNEK işaretli; 'make purge-sample' siler). Yalnız örnek dönemlerden "
        "değer taşıyan geçmiş yıllar yayımlanır."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", default="izmir-yeep-2022-2024")
        parser.add_argument("--coordinator", default="koordinator")

    def handle(self, *args, plan, coordinator, **options):
        plan = Plan.objects.get(slug=plan)
        by = get_user_model().objects.filter(username=coordinator).first()
        if by is None:
            raise CommandError("Önce 'manage.py create_demo_users' çalıştırın.")
        for year in range(plan.start_year, plan.end_year):
            if not report_sample_periods(plan, year):
                self.stdout.write(f"{year}: örnek dönem yok; yayımlanmadı")
                continue
            published = report_publish(plan=plan, year=year, by=by)
            self.stdout.write(
                f"{year} izleme raporu yayımlandı (ÖRNEK): "
                + ", ".join(f"{r.language} {r.size // 1024} KB" for r in published)
            )
