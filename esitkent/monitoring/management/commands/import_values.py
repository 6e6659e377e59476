from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from esitkent.core.errors import InputRejected
from esitkent.monitoring import exchange
from esitkent.monitoring.imports import values_import


class Command(BaseCommand):
    help = "Gösterge değerlerini DHIS2 dataValueSets biçiminde (CSV, JSON) ya da XLSX şablonundan içe aktarır. Ya hepsi ya hiçbiri."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="denetle, hiçbir şey yazma")

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"Dosya bulunamadı: {path}")
        suffix = path.suffix.lower()
        try:
            if suffix == ".csv":
                with path.open(encoding="utf-8-sig", newline="") as stream:
                    report = values_import(
                        rows=exchange.csv_rows(stream), dry_run=dry_run, source_name=path.name
                    )
            elif suffix == ".json":
                report = values_import(
                    rows=exchange.json_rows(path.read_bytes()),
                    dry_run=dry_run,
                    source_name=path.name,
                )
            elif suffix == ".xlsx":
                report = values_import(
                    rows=exchange.xlsx_rows(path.read_bytes()),
                    dry_run=dry_run,
                    source_name=path.name,
                )
            else:
                raise CommandError("Uzantı .csv, .json ya da .xlsx olmalı")
        except InputRejected as exc:
            raise CommandError(
                f"{path.name} içe aktarılmadı, hiçbir şey yazılmadı:\n{exc}"
            ) from None
        prefix = "Deneme (hiçbir şey yazılmadı): " if dry_run else ""
        self.stdout.write(prefix + report.as_line())
