import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from esitkent.monitoring.models import ReminderPolicy, ReportingPeriod
from esitkent.monitoring.services import period_lock, reporting_period_create
from esitkent.plans.models import Plan


class Command(BaseCommand):
    help = (
        "Planın yılları için raporlama dönemleri; tanıtım için son dönemi ÖRNEK olarak açık tutar."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", default="izmir-yeep-2022-2024")

    def handle(self, *args, plan, **options):
        plan = Plan.objects.get(slug=plan)
        today = timezone.localdate()
        ReminderPolicy.objects.get_or_create(
            plan=plan, defaults={"days_before": [14, 3], "overdue_every_days": 7}
        )
        for year in range(plan.start_year, plan.end_year + 1):
            code = str(year)
            if ReportingPeriod.objects.filter(plan=plan, code=code).exists():
                continue
            if year < plan.end_year:
                period = reporting_period_create(
                    plan=plan, code=code, deadline=dt.date(year + 1, 1, 31)
                )
                period_lock(period=period)
            else:
                # The plan's last year stays open in the demo so that the cycle can be tried:
                # its deadline is set a month from today and the period is marked as sample.
                period = reporting_period_create(
                    plan=plan,
                    code=code,
                    deadline=max(today + dt.timedelta(days=30), dt.date(year + 1, 1, 31)),
                )
                period.is_sample = True
                period.save(update_fields=["is_sample"])
            self.stdout.write(
                f"Dönem {code}: son gün {period.deadline:%d.%m.%Y}{' (ÖRNEK, açık)' if period.is_sample else ' (kilitli)'}"
            )
