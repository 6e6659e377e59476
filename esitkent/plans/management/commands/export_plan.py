import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from esitkent.plans import exchange
from esitkent.plans.models import Plan
from esitkent.plans.selectors import plan_document


class Command(BaseCommand):
    help = "Bir planı YAML, JSON ya da XLSX olarak dışa aktarır."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--format", choices=exchange.FORMATS, default="yaml")
        parser.add_argument("--output", help="dosya (verilmezse standart çıktı; XLSX için zorunlu)")

    def handle(self, *args, slug, format, output, **options):
        plan = Plan.objects.filter(slug=slug).first()
        if plan is None:
            raise CommandError(f"Plan bulunamadı: {slug}")
        data = exchange.dumps(plan_document(plan), format)
        if output:
            Path(output).write_bytes(data)
            self.stderr.write(f"{output} yazıldı ({len(data)} bayt)")
        elif format == "xlsx":
            raise CommandError("XLSX için --output verin")
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
