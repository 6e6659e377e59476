from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "esitkent.orgs"
    verbose_name = "Kurumlar ve yerler"
