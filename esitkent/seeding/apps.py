from django.apps import AppConfig


class SeedingConfig(AppConfig):
    """Setting up a database: İzmir's seed data as printed, the daily job schedule, the demo's
    sample data and its purge. Like Saleor's `populatedb`, it sits above every app it fills and
    calls only their services, so no domain app needs to know about the others to be loaded."""

    name = "esitkent.seeding"
    verbose_name = "Tohum ve örnek veri"
