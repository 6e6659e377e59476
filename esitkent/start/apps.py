from django.apps import AppConfig


class StartConfig(AppConfig):
    """The front door: the public portal for visitors, each person's own start page for staff.
    It sits above every app whose work it gathers (monitoring, centres, cases) and reads them
    only through their selectors and policies."""

    name = "esitkent.start"
    verbose_name = "Başlangıç"
