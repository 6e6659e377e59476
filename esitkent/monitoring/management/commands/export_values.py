import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from esitkent.core.errors import InputRejected
from esitkent.monitoring import exchange
from esitkent.monitoring.export_selectors import export_rows, template_rows
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Plan


class Command(BaseCommand):
    help = (
        "Bir planın raporlama dönemlerindeki gösterge değerlerini DHIS2 dataValueSets "
        "biçiminde (CSV, JSON, XML) ya da XLSX olarak dışa aktarır; --template ile bir birimin "
        "dönem şablonunu üretir."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", default="izmir-yeep-2022-2024")
        parser.add_argument("--period", help="yalnız bu dönem")
        parser.add_argument("--orgunit", help="yalnız bu kurum (kodu)")
        parser.add_argument(
            "--template", action="store_true", help="birimin dönem için doldurulacak XLSX şablonu"
        )
        parser.add_argument("--format", choices=["csv", "json", "xml", "xlsx"], default="csv")
        parser.add_argument("--id-scheme", choices=["code", "uid", "name"], default="code")
        parser.add_argument("--output")

    def handle(self, *args, plan, period, orgunit, template, format, output, **options):
        plan = Plan.objects.filter(slug=plan).first()
        if plan is None:
            raise CommandError("Plan bulunamadı")
        organisation = None
        if orgunit:
            organisation = Organisation.objects.filter(code=orgunit).first()
            if organisation is None:
                raise CommandError(f"Kurum bulunamadı: {orgunit}")
        if template:
            if not (organisation and period):
                raise CommandError("Şablon için --orgunit ve --period gerekli")
            rows = template_rows(organisation=organisation, period=period, plan=plan)
            format = "xlsx"
        else:
            try:
                rows = export_rows(
                    plan=plan,
                    id_scheme=options["id_scheme"],
                    period=period,
                    organisation=organisation,
                )
            except InputRejected as exc:
                raise CommandError(str(exc)) from None
        data = exchange.dumps(rows, format, f"{orgunit or 'degerler'} {period or ''}".strip())
        if not output:
            if format == "xlsx":
                raise CommandError("XLSX için --output verin")
            sys.stdout.buffer.write(data)
            return
        Path(output).write_bytes(data)
