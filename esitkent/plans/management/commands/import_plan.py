from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from esitkent.core.errors import InputRejected
from esitkent.core.models import Provenance
from esitkent.plans import exchange
from esitkent.plans.services import plan_import


class Command(BaseCommand):
    help = "Bir planı YAML, JSON ya da XLSX dosyasından içe aktarır. Ya hepsi yazılır ya hiçbiri."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="denetle, hiçbir şey yazma")
        parser.add_argument("--replace", action="store_true", help="aynı kısa adlı planı değiştir")
        parser.add_argument("--provenance", default=Provenance.IMPORT, choices=Provenance.values)

    def handle(self, *args, file, dry_run, replace, provenance, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"Dosya bulunamadı: {path}")
        try:
            document = exchange.loads(path.read_bytes(), exchange.format_of(path.name))
            result = plan_import(
                document=document, dry_run=dry_run, replace=replace, provenance=provenance
            )
        except InputRejected as exc:
            raise CommandError(
                f"{path.name} içe aktarılmadı, hiçbir şey yazılmadı:\n" + str(exc)
            ) from None
        verb = "denendi (kuru çalıştırma, yazılmadı)" if dry_run else "içe aktarıldı"
        self.stdout.write(
            f"{result.slug} {verb}: {result.areas} alan, {result.goals} genel hedef, {result.subgoals} alt hedef, "
            f"{result.activities} faaliyet satırı ({result.distinct_activities} farklı), {result.indicators} gösterge; "
            f"denetim bulgusu: {len(result.findings)}"
        )
