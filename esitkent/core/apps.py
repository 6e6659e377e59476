from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "esitkent.core"
    verbose_name = "Çekirdek"

    def ready(self):
        from esitkent.core import checks  # noqa: F401  (registers the key check)
