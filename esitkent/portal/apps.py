from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "esitkent.portal"
    verbose_name = "Açık portal"
