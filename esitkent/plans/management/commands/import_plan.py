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
        parser.add_argument(
            "--replace",
            action="store_true",
            help="aynı kısa adlı planı yerinde güncelle (eşleşen faaliyet ve göstergeler verisiyle kalır)",
        )
        parser.add_argument(
            "--archive-removed",
            action="store_true",
            help="belgede artık olmayan ama izleme verisi olan faaliyet ve göstergeleri arşivle "
            "(verme: reddedilir)",
        )
        parser.add_argument("--provenance", default=Provenance.IMPORT, choices=Provenance.values)

    def handle(self, *args, file, dry_run, replace, provenance, archive_removed, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"Dosya bulunamadı: {path}")
        try:
            document = exchange.loads(path.read_bytes(), exchange.format_of(path.name))
            result = plan_import(
                document=document,
                dry_run=dry_run,
                replace=replace,
                archive_removed=archive_removed,
                provenance=provenance,
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
        if result.revised:
            self.stdout.write(f"Yerinde güncellendi: {result.kept} satır verisiyle kaldı")
            for label, rows in (
                ("eklenen", result.added),
                ("silinen (verisi yoktu)", result.removed),
                ("arşivlenen (verisiyle)", result.archived),
                ("adı değişen gösterge", result.renamed),
            ):
                for row in rows:
                    self.stdout.write(f"  {label}: {row}")
