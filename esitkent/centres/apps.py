from django.apps import AppConfig


class CentresConfig(AppConfig):
    name = "esitkent.centres"
    verbose_name = "Kadın danışma merkezleri ağı"

    def ready(self):
        from . import policies  # noqa: F401  (registers the app's permissions with rules)
