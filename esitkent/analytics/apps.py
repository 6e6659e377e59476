from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "esitkent.analytics"
    verbose_name = "Analiz ve panolar"

    def ready(self):
        from . import policies  # noqa: F401  (registers the app's permissions with rules)
