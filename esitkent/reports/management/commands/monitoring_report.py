import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from esitkent.plans.models import Plan
from esitkent.reports.models import PublishedReport
from esitkent.reports.render import FORMATS, render
from esitkent.reports.selectors import annual_report, plan_years


class Command(BaseCommand):
    help = "Bir planın yıllık izleme raporu: HTML, PDF ya da XLSX; Türkçe ya da İngilizce."

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=FORMATS, default="pdf")
        parser.add_argument("--lang", choices=PublishedReport.Language.values, default="tr")
        parser.add_argument("--output")

    def handle(self, *args, plan, year, format, lang, output, **options):
        plan_obj = Plan.objects.filter(slug=plan).first()
        if plan_obj is None:
            raise CommandError(f"Plan bulunamadı: {plan}")
        if year not in plan_years(plan_obj):
            raise CommandError(
                f"{year} yılı planın dönemi ({plan_obj.start_year}–{plan_obj.end_year}) dışında"
            )
        report = annual_report(plan_obj, year)
        data = render(report, format, lang)
        if report.sample:
            # Said on stderr, so a pipeline that keeps the file hears it as well.
            self.stderr.write(
                f"ÖRNEK: rapor örnek dönemlerin değerlerini içeriyor "
                f"({', '.join(report.sample_periods)}); gerçek değildir."
            )
        if output:
            Path(output).write_bytes(data)
            self.stderr.write(f"{output} yazıldı ({len(data) // 1024} KB)")
        elif format == "html":
            sys.stdout.write(data.decode())
        else:
            raise CommandError("PDF ve XLSX için --output verin")
