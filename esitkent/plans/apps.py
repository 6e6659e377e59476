from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "esitkent.plans"
    verbose_name = "Eylem planları"

    def ready(self):
        from . import policies  # noqa: F401  (registers the app's permissions with rules)
