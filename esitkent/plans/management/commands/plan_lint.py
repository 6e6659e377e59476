from django.core.management.base import BaseCommand, CommandError

from esitkent.plans.domain import SEVERITY_LABELS, has_errors, summarise
from esitkent.plans.models import Plan
from esitkent.plans.selectors import plan_findings


class Command(BaseCommand):
    help = "Planın denetimi: iyi bir planda olmaması gerekenleri bulur. Hata varsa çıkış kodu 1."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--quiet", action="store_true", help="yalnız özet")

    def handle(self, *args, slug, quiet, **options):
        plan = Plan.objects.filter(slug=slug).first()
        if plan is None:
            raise CommandError(f"Plan bulunamadı: {slug}")
        findings = plan_findings(plan)
        if not quiet:
            for finding in findings:
                self.stdout.write(finding.as_line())
        counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_LABELS}
        self.stdout.write(
            "\nÖzet: " + ", ".join(f"{n} {SEVERITY_LABELS[s].lower()}" for s, n in counts.items())
        )
        for code, n in sorted(summarise(findings).items()):
            self.stdout.write(f"  {code}: {n}")
        if has_errors(findings):
            raise SystemExit(1)
