from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "esitkent.cases"
    verbose_name = "Vaka kayıtları"

    def ready(self):
        from . import policies  # noqa: F401  (registers the app's permissions with rules)
