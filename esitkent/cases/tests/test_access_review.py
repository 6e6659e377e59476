"""The periodic access review (issue 14, Deliver 5): per user, roles, last login, 2FA state
and case reads in the last 90 days; idle accounts flagged and disabled in one step."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from esitkent.accounts.models import MembershipEvent
from esitkent.cases.access_selectors import access_review

pytestmark = pytest.mark.django_db

URL = "/vakalar/erisim-incelemesi/"


def _row(rows, username):
    return next(r for r in rows if r.account.username == username)


def test_the_review_counts_case_reads_and_shows_roles_and_two_factor(
    client, caseworker, kdm, open_case, make_user
):
    case = open_case(kdm, caseworker)
    client.force_login(caseworker)
    assert client.get(f"/vakalar/{case.survivor_code}/").status_code == 200
    assert client.get(f"/vakalar/{case.survivor_code}/").status_code == 200
    idle = make_user("eski", "viewer")
    idle.last_login = timezone.now() - dt.timedelta(days=200)
    idle.save()

    rows = access_review(now=timezone.now(), idle_days=90)

    ayse = _row(rows, "ayse")
    assert ayse.case_reads == 2
    assert ayse.account.two_factor is True
    assert any(role == "Merkez çalışanı" for _, role, _ in ayse.account.roles)
    assert ayse.idle is False
    eski = _row(rows, "eski")
    assert (eski.case_reads, eski.account.two_factor, eski.idle) == (0, False, True)


def test_reads_older_than_ninety_days_are_not_counted(client, caseworker, kdm, open_case):
    case = open_case(kdm, caseworker)
    client.force_login(caseworker)
    client.get(f"/vakalar/{case.survivor_code}/")
    later = timezone.now() + dt.timedelta(days=91)
    assert _row(access_review(now=later, idle_days=90), "ayse").case_reads == 0
    assert _row(access_review(now=timezone.now(), idle_days=90), "ayse").case_reads == 1


def test_only_administrators_open_the_review(client, admin_user, caseworker, manager, make_user):
    for user in (caseworker, manager, make_user("koord", "coordinator")):
        client.force_login(user)
        assert client.get(URL).status_code == 403, user
    client.force_login(admin_user)
    page = client.get(URL)
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0") or "no-store" in page["Cache-Control"]
    assert "ayse" in page.content.decode()


def test_idle_accounts_are_disabled_in_one_step_and_can_no_longer_sign_in(
    client, admin_user, make_user
):
    idle = make_user("eski", "viewer")
    other = client.__class__()
    other.force_login(idle)  # a session still open from long ago
    assert other.get("/planlar/").status_code == 200
    idle.last_login = timezone.now() - dt.timedelta(days=200)
    idle.save()
    active = make_user("yeni", "viewer")
    active.last_login = timezone.now()
    active.save()

    client.force_login(admin_user)
    refused = client.post(URL, {"hepsi": "bosta", "gerekce": ""})
    assert refused.status_code == 200
    idle.refresh_from_db()
    assert idle.is_active  # no reason, nothing done

    done = client.post(URL, {"hepsi": "bosta", "gerekce": "Yıllık erişim incelemesi"})
    assert done.status_code == 302
    idle.refresh_from_db()
    active.refresh_from_db()
    assert (idle.is_active, active.is_active) == (False, True)
    event = MembershipEvent.objects.get(kind=MembershipEvent.Kind.DISABLE)
    assert (event.username, event.by_username, event.reason) == (
        "eski",
        "admin",
        "Yıllık erişim incelemesi",
    )
    assert other.get("/planlar/").url.startswith("/hesap/")  # her session no longer counts


def test_a_non_administrator_cannot_disable_accounts(client, manager, make_user):
    target = make_user("hedef", "viewer")
    client.force_login(manager)
    assert client.post(URL, {"kullanici": target.pk, "gerekce": "x"}).status_code == 403
    target.refresh_from_db()
    assert target.is_active


def test_the_command_lists_and_disables_idle_accounts(admin_user, make_user):
    idle = make_user("eski", "viewer")
    idle.last_login = timezone.now() - dt.timedelta(days=200)
    idle.save()
    out = StringIO()
    call_command("access_review", stdout=out)
    assert "eski\tBOŞTA" in out.getvalue()
    idle.refresh_from_db()
    assert idle.is_active  # listing changes nothing

    out = StringIO()
    call_command(
        "access_review", "--disable-idle", "--by", "admin", "--reason", "inceleme", stdout=out
    )
    idle.refresh_from_db()
    assert idle.is_active is False
    assert "1 boşta hesap devre dışı bırakıldı." in out.getvalue()
