from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "esitkent.reports"
    verbose_name = "Raporlar"

    def ready(self):
        from . import policies  # noqa: F401  (registers the app's permissions with rules)
