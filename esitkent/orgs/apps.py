from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "esitkent.orgs"
    verbose_name = "Kurumlar ve yerler"

    def ready(self):
        from . import policies  # noqa: F401  (registers the app's permissions with rules)
