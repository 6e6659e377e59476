import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from esitkent.accounts.models import Membership
from esitkent.accounts.services import demo_users_create, sample_users_purge


def test_one_sample_user_per_role(db):
    users = demo_users_create()
    assert [(u, r) for u, _, r, _ in users] == [
        ("yonetici", "Yönetici"),
        ("koordinator", "Plan koordinatörü"),
        ("raportor", "Birim raportörü"),
        ("izleyici", "İzleyici"),
        ("merkez-sorumlusu", "Merkez sorumlusu"),
        ("merkez-calisani", "Merkez çalışanı"),
        ("siginmaevi", "Merkez çalışanı"),
        ("ag-koordinatoru", "Merkez ağı koordinatörü"),
    ]
    assert Membership.objects.filter(is_sample=True).count() == 8
    assert get_user_model().objects.get(username="yonetici").is_superuser


def test_demo_command_prints_credentials_and_keeps_them_stable(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    out = StringIO()
    call_command("create_demo_users", stdout=out)
    saved = json.loads((tmp_path / "demo-credentials.json").read_text())
    assert saved["koordinator"] in out.getvalue() and "ÖRNEK" in out.getvalue()
    call_command("create_demo_users", stdout=StringIO())
    assert json.loads((tmp_path / "demo-credentials.json").read_text()) == saved


def test_purge_removes_only_sample_users(db, make_user):
    demo_users_create()
    real = make_user("gercek", "coordinator")
    assert sample_users_purge() == 8
    assert list(get_user_model().objects.values_list("username", flat=True)) == [real.username]


def test_login_with_password(client, db):
    users = dict((u, p) for u, p, _, _ in demo_users_create())
    response = client.post(
        "/hesap/login/", {"login": "koordinator", "password": users["koordinator"]}
    )
    assert response.status_code == 302
    assert client.get("/planlar/izmir-yeep-2022-2024/").status_code == 200


def test_wrong_password_is_refused_in_turkish(client, db):
    demo_users_create()
    response = client.post("/hesap/login/", {"login": "koordinator", "password": "yanlis-sifre"})
    assert response.status_code == 200
    assert "Girdiğiniz kullanıcı adı ve/veya şifre doğru değil." in response.content.decode()


def test_nobody_can_sign_themselves_up(client, db):
    response = client.post(
        "/hesap/signup/",
        {"username": "yeni", "password1": "uzun-parola-123", "password2": "uzun-parola-123"},
    )
    assert not get_user_model().objects.filter(username="yeni").exists()
    assert response.status_code == 200 and "Kayıt Kapalı" in response.content.decode()


@pytest.mark.parametrize("role", ["viewer", "reporter"])
def test_only_coordinators_and_admins_may_import(client, make_user, role):
    client.force_login(make_user("kisi", role))
    assert client.get("/planlar/ice-aktar/").status_code == 403


def test_admin_login_goes_through_allauth(client, db):
    response = client.get("/yonetim/login/")
    assert response.status_code == 302 and response["Location"].startswith("/hesap/login/")


def test_admin_lists_organisations_for_an_administrator(admin_client):
    response = admin_client.get("/yonetim/orgs/organisation/?q=sosyal")
    assert (
        response.status_code == 200
        and "Sosyal Projeler Dairesi Başkanlığı" in response.content.decode()
    )


def test_an_administrator_without_two_factor_must_enrol_first(client, db):
    demo_users_create()
    client.force_login(get_user_model().objects.get(username="yonetici"))
    response = client.get("/planlar/izmir-yeep-2022-2024/")
    assert response.status_code == 302 and response["Location"] == "/hesap/2fa/totp/activate/"
    assert client.get("/yonetim/").status_code == 302
    # Setting up the first authenticator needs the link e-mailed to her (test_enrolment.py).
    assert client.get("/hesap/2fa/totp/activate/")["Location"] == "/hesap/dogrulama-ekle/"


def test_an_enrolled_administrator_is_asked_for_a_code_at_login(client, admin_user):
    response = client.post("/hesap/login/", {"login": "admin", "password": "parola-uzun-123"})
    assert response.status_code == 302 and response["Location"] == "/hesap/2fa/authenticate/"
    assert client.get("/planlar/izmir-yeep-2022-2024/").status_code == 302  # not logged in yet


def test_repeated_wrong_passwords_lock_the_account_for_a_while(client, db):
    passwords = {u: p for u, p, _, _ in demo_users_create()}
    for i in range(6):
        response = client.post("/hesap/login/", {"login": "koordinator", "password": f"yanlis-{i}"})
    assert "Çok fazla hatalı giriş yapıldı" in response.content.decode()
    # Even the right password is refused until the window passes.
    response = client.post(
        "/hesap/login/", {"login": "koordinator", "password": passwords["koordinator"]}
    )
    assert response.status_code == 200 and "Çok fazla hatalı giriş" in response.content.decode()
    assert client.get("/planlar/izmir-yeep-2022-2024/").status_code == 302
