from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "esitkent.core"
    verbose_name = "Çekirdek"
