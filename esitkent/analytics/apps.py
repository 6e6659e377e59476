from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "esitkent.analytics"
    verbose_name = "Analiz ve panolar"

    def ready(self):
        from esitkent.monitoring.hooks import on_approved_values_changed

        from . import policies  # noqa: F401  (registers the app's permissions with rules)
        from .services import summaries_refresh

        # Every change of approved values runs through monitoring's services, which call this
        # hook inside their transaction: the summaries are refreshed with the change itself.
        on_approved_values_changed(summaries_refresh)
