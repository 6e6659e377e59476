from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "esitkent.accounts"
    verbose_name = "Hesaplar ve yetkiler"

    def ready(self):
        from . import policies  # noqa: F401  (registers the app's permissions with rules)
