from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from esitkent.core.errors import InputRejected
from esitkent.monitoring.import_selectors import batch_line
from esitkent.monitoring.import_services import values_import
from esitkent.plans.models import Plan


class Command(BaseCommand):
    help = (
        "Bir planın gösterge değerlerini DHIS2 dataValueSets biçiminde (CSV, JSON, XML) ya da "
        "XLSX şablonundan içe aktarır. Kodlar yalnız o planın içinde aranır. Ya hepsi ya hiçbiri."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--plan", required=True, help="planın kısa adı (slug)")
        parser.add_argument("--dry-run", action="store_true", help="denetle, hiçbir şey yazma")
        parser.add_argument(
            "--id-scheme",
            choices=["code", "uid", "name"],
            default="code",
            help="dosyadaki tanımlayıcılar (DHIS2'deki idScheme); uid ve eşlemedeki kodlar, "
            "adlar planın tanımlayıcı eşlemesinden okunur",
        )
        parser.add_argument("--decimal", choices=["auto", "point", "comma"], default="auto")
        parser.add_argument("--encoding", choices=["auto", "utf-8", "windows-1254"], default="auto")
        parser.add_argument("--format", choices=["csv", "json", "xml", "xlsx"])
        parser.add_argument("--user", help="içe aktaran kullanıcı (geçmişte onun adı görünür)")

    def handle(self, *args, file, plan, dry_run, id_scheme, decimal, encoding, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"Dosya bulunamadı: {path}")
        found = Plan.objects.filter(slug=plan).first()
        if found is None:
            raise CommandError(f"Plan bulunamadı: {plan}")
        by = None
        if options.get("user"):
            by = get_user_model().objects.filter(username=options["user"]).first()
            if by is None:
                raise CommandError(f"Kullanıcı bulunamadı: {options['user']}")
        try:
            batch = values_import(
                plan=found,
                source=path,
                name=path.name,
                by=by,
                dry_run=dry_run,
                id_scheme=id_scheme,
                decimal=decimal,
                encoding=encoding,
                fmt=options.get("format"),
            )
        except InputRejected as exc:
            raise CommandError(
                f"{path.name} içe aktarılmadı, hiçbir şey yazılmadı:\n{exc}"
            ) from None
        for note in batch.notes:
            self.stdout.write(note)
        prefix = "Deneme (hiçbir şey yazılmadı): " if dry_run else ""
        self.stdout.write(prefix + batch_line(batch))
