import json

from django.conf import settings
from django.core.management.base import BaseCommand

from esitkent.accounts.services import demo_users_create


class Command(BaseCommand):
    help = "Her rol için bir ÖRNEK kullanıcı oluşturur ve giriş bilgilerini yazar (şifreler var/ içinde saklanır)."

    def handle(self, *args, **options):
        path = settings.VAR_DIR / "demo-credentials.json"
        known = json.loads(path.read_text()) if path.exists() else {}
        users = demo_users_create(passwords=known)
        path.write_text(json.dumps({u: p for u, p, _, _ in users}, indent=2))
        path.chmod(0o600)
        self.stdout.write("\nÖrnek kullanıcılar (ÖRNEK VERİ — 'make purge-sample' ile silinir):")
        for username, password, role, org in users:
            self.stdout.write(f"  {username:12} şifre: {password:14} {role} — {org}")
        self.stdout.write("")
