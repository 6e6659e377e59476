from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "esitkent.api"
    label = "api"
    verbose_name = "API"

    def ready(self):
        from . import policies  # noqa: F401  (registers the token permissions)
