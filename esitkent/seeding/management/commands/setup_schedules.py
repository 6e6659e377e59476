from django.core.management.base import BaseCommand
from django_q.models import Schedule

JOBS = [
    ("Hatırlatma e-postaları", "esitkent.monitoring.jobs.send_reminders"),
    ("Süresi geçen dönemleri kilitle", "esitkent.monitoring.jobs.lock_expired_periods"),
    ("Saklama süresi dolan vaka kayıtlarını sil", "esitkent.cases.jobs.purge_expired_cases"),
]


class Command(BaseCommand):
    help = "Günlük arka plan işlerini (hatırlatmalar, dönem kilitleme, saklama süresi dolan vaka kayıtlarının silinmesi) django-q2 takvimine yazar; tekrar çalıştırılabilir."

    def handle(self, *args, **options):
        for name, func in JOBS:
            Schedule.objects.update_or_create(
                name=name, defaults={"func": func, "schedule_type": Schedule.DAILY, "repeats": -1}
            )
            self.stdout.write(f"Günlük iş: {name} ({func})")
