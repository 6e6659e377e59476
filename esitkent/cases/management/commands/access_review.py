"""The periodic access review from the command line: the same list as the page, for a
scheduled report or a review meeting; idle accounts can be disabled in the same step."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from esitkent.accounts.services import accounts_disable
from esitkent.cases.access_selectors import REVIEW_WINDOW_DAYS, access_review


class Command(BaseCommand):
    help = (
        "Her hesabın rollerini, son girişini, iki adımlı doğrulama durumunu ve son 90 günde "
        "açtığı vaka kayıtlarını listeler; boşta olan hesapları işaretler (KVKK 2018/10)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--idle-days", type=int, default=settings.ACCESS_REVIEW_IDLE_DAYS)
        parser.add_argument(
            "--disable-idle", action="store_true", help="Boşta olan hesapları devre dışı bırak."
        )
        parser.add_argument("--by", help="İşlemi yapan yöneticinin kullanıcı adı.")
        parser.add_argument("--reason", default="", help="Devre dışı bırakmanın gerekçesi.")

    def handle(self, *args, idle_days, disable_idle, by, reason, **options):
        rows = access_review(now=timezone.now(), idle_days=idle_days)
        self.stdout.write(
            f"Erişim incelemesi — {timezone.localtime():%d.%m.%Y %H:%M}; boşta: {idle_days} "
            f"gündür kullanılmayan etkin hesap; vaka okumaları: son {REVIEW_WINDOW_DAYS} gün."
        )
        for r in rows:
            a = r.account
            roles = "; ".join(
                f"{role} — {org}" + (f" ({ends:%d.%m.%Y} tarihine kadar)" if ends else "")
                for org, role, ends in a.roles
            )
            last = f"{timezone.localtime(a.last_login):%d.%m.%Y}" if a.last_login else "hiç"
            state = "devre dışı" if not a.is_active else ("BOŞTA" if r.idle else "etkin")
            self.stdout.write(
                f"{a.username}\t{state}\tson giriş: {last}\t2FA: "
                f"{'var' if a.two_factor else 'yok'}\tvaka okuma: {r.case_reads}\t"
                f"reddedilen: {r.refused}\t{roles or 'rol yok'}"
            )
        if disable_idle:
            if not by or not reason.strip():
                raise CommandError("--disable-idle için --by ve --reason gerekir.")
            admin = get_user_model().objects.filter(username=by, is_active=True).first()
            if admin is None:
                raise CommandError(f"--by: “{by}” adlı etkin kullanıcı yok.")
            idle = [r.account.user_id for r in rows if r.idle]
            count = accounts_disable(by=admin, user_ids=idle, reason=reason.strip())
            self.stdout.write(f"{count} boşta hesap devre dışı bırakıldı.")
