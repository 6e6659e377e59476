from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "esitkent.cases"
    verbose_name = "Vaka kayıtları"
