from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "esitkent.monitoring"
    verbose_name = "İzleme"

    def ready(self):
        from . import policies  # noqa: F401  (registers the app's permissions with rules)
