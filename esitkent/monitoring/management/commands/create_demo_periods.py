import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from esitkent.monitoring.models import ReminderPolicy, ReportingPeriod
from esitkent.monitoring.period_services import reporting_period_create
from esitkent.monitoring.sample_services import sample_cycles_create
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
        today = timezone.localdate()
        ReminderPolicy.objects.get_or_create(
            plan=plan, defaults={"days_before": [14, 3], "overdue_every_days": 7}
        )
        for line in sample_cycles_create(
            plan=plan,
            years=list(range(plan.start_year, plan.end_year)),
            reporter=reporter,
            coordinator=coordinator,
        ):
            self.stdout.write(line)
        code = str(plan.end_year)
        if not ReportingPeriod.objects.filter(plan=plan, code=code).exists():
            # The plan's last year stays open in the demo so that the cycle can be tried:
            # its deadline is set a month from today.
            period = reporting_period_create(
                plan=plan,
                code=code,
                deadline=max(today + dt.timedelta(days=30), dt.date(plan.end_year + 1, 1, 31)),
                is_sample=True,
            )
            self.stdout.write(f"Dönem {code} (ÖRNEK, açık): son gün {period.deadline:%d.%m.%Y}")
