import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from esitkent.monitoring import exchange
from esitkent.monitoring.imports import export_rows, template_rows
from esitkent.monitoring.models import DataValue
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Plan


class Command(BaseCommand):
    help = "Gösterge değerlerini DHIS2 dataValueSets biçiminde (CSV, JSON) ya da XLSX olarak dışa aktarır; --template ile bir birimin dönem şablonunu üretir."

    def add_arguments(self, parser):
        parser.add_argument("--plan", default="izmir-yeep-2022-2024")
        parser.add_argument("--period", help="yalnız bu dönem")
        parser.add_argument("--orgunit", help="yalnız bu kurum (kodu)")
        parser.add_argument("--approved-only", action="store_true")
        parser.add_argument(
            "--template", action="store_true", help="birimin dönem için doldurulacak XLSX şablonu"
        )
        parser.add_argument("--format", choices=["csv", "json", "xlsx"], default="csv")
        parser.add_argument("--output")

    def handle(
        self, *args, plan, period, orgunit, approved_only, template, format, output, **options
    ):
        plan = Plan.objects.filter(slug=plan).first()
        if plan is None:
            raise CommandError("Plan bulunamadı")
        if template:
            if not (orgunit and period):
                raise CommandError("Şablon için --orgunit ve --period gerekli")
            organisation = Organisation.objects.filter(code=orgunit).first()
            if organisation is None:
                raise CommandError(f"Kurum bulunamadı: {orgunit}")
            rows = template_rows(organisation=organisation, period=period, plan=plan)
            format = "xlsx"
        else:
            qs = DataValue.objects.filter(indicator__activity__subgoal__goal__area__plan=plan)
            if period:
                qs = qs.filter(period=period)
            if orgunit:
                qs = qs.filter(organisation__code=orgunit)
            if approved_only:
                qs = qs.filter(approved=True)
            rows = export_rows(qs)
        if format == "csv":
            if output:
                with open(output, "w", encoding="utf-8", newline="") as out:
                    exchange.write_csv(rows, out)
            else:
                exchange.write_csv(rows, sys.stdout)
            return
        data = (
            exchange.to_json(rows)
            if format == "json"
            else exchange.to_xlsx(rows, f"{orgunit or 'degerler'} {period or ''}".strip())
        )
        if not output:
            if format == "xlsx":
                raise CommandError("XLSX için --output verin")
            sys.stdout.buffer.write(data)
            return
        Path(output).write_bytes(data)
