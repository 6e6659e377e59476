"""Enrolling the first authenticator (issue 14, finding 7): it cannot dead-end on the e-mail
page, and it cannot be done by someone who has only the password."""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from esitkent.accounts.models import Role

PASSWORD = "parola-uzun-123"
ACTIVATE = "/hesap/2fa/totp/activate/"
ENROLMENT = "/hesap/dogrulama-ekle/"
LINK = re.compile(r"https?://[^/\s]+(/hesap/dogrulama-ekle/[^/\s]+/)")


@pytest.fixture
def staff(make_user):
    """A centre's staff member with a registered address and no authenticator yet."""
    user = make_user("calisan", Role.CENTRE_STAFF, "kdm-karsiyaka")
    user.email = "calisan@example.org"
    user.save()
    return user


def sign_in(client, user, password=PASSWORD):
    response = client.post("/hesap/login/", {"login": user.username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]


def link_from(mail) -> str:
    return LINK.search(mail.body).group(1)


def request_link(client, mailoutbox) -> str:
    sent = len(mailoutbox)
    assert client.post(ENROLMENT)["Location"] == ENROLMENT
    assert len(mailoutbox) == sent + 1
    return link_from(mailoutbox[-1])


def activate(client) -> None:
    """allauth's activation page: the password again, then the app's first code."""
    reauthenticate = client.get(ACTIVATE)
    assert reauthenticate["Location"].startswith("/hesap/reauthenticate/")
    assert client.post(reauthenticate["Location"], {"password": PASSWORD}).status_code == 302
    page = client.get(ACTIVATE)
    assert page.status_code == 200, (page.status_code, page.get("Location"))
    secret = re.search(r'value="([A-Z2-7]{32})"', page.content.decode()).group(1)
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    done = client.post(ACTIVATE, {"code": code})
    assert done.status_code == 302, done.content.decode()[:2000]


def enrolled(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def test_the_email_page_adds_no_address_and_enrolment_completes(client, staff, mailoutbox):
    sign_in(client, staff)
    assert client.get("/hesap/email/").status_code == 200
    client.post("/hesap/email/", {"action_add": "", "email": "ikinci@example.org"})
    assert not EmailAddress.objects.filter(user=staff).exists()

    client.get(request_link(client, mailoutbox))
    activate(client)

    assert enrolled(staff)
    assert client.get("/vakalar/").status_code == 200


def test_an_unverified_address_left_from_before_does_not_block_enrolment(client, staff, mailoutbox):
    EmailAddress.objects.create(user=staff, email="eski@example.org", verified=False)
    sign_in(client, staff)

    client.get(request_link(client, mailoutbox))
    activate(client)

    assert enrolled(staff)


def test_the_password_alone_does_not_enrol_an_authenticator(client, staff, mailoutbox):
    sign_in(client, staff)

    response = client.get("/vakalar/", follow=True)
    assert [url for url, _ in response.redirect_chain] == [ACTIVATE, ENROLMENT]
    text = response.content.decode()
    assert "e-posta adresinize" in text and "c***@example.org" in text
    assert client.get(ACTIVATE)["Location"] == ENROLMENT
    client.post(ACTIVATE, {"code": "123456"})

    assert not enrolled(staff)
    assert mailoutbox == []  # nothing is sent until she asks


def test_the_link_works_once_and_only_for_its_owner(client, staff, make_user, mailoutbox):
    other = make_user("baska", Role.CENTRE_STAFF, "kdm-karsiyaka")
    sign_in(client, staff)
    link = request_link(client, mailoutbox)
    assert mailoutbox[-1].to == ["calisan@example.org"]
    client.logout()

    # Someone else signed in with her own password gains nothing from the link.
    sign_in(client, other)
    assert client.get(link)["Location"] == ENROLMENT
    assert client.get(ACTIVATE)["Location"] == ENROLMENT
    client.logout()

    # Opened signed out, the link asks for the password first, then opens enrolment.
    response = client.get(link)
    assert response.status_code == 302 and response["Location"].startswith("/hesap/login/")
    response = client.post(
        response["Location"], {"login": staff.username, "password": PASSWORD}, follow=True
    )
    assert ACTIVATE in [url for url, _ in response.redirect_chain]
    assert response.redirect_chain[-1][0].startswith("/hesap/reauthenticate/")
    client.logout()

    # A second opening is refused.
    sign_in(client, staff)
    response = client.get(link, follow=True)
    assert "geçersiz, kullanılmış" in response.content.decode()
    assert client.get(ACTIVATE)["Location"] == ENROLMENT


def test_a_password_change_voids_a_link_already_sent(client, staff, mailoutbox):
    sign_in(client, staff)
    link = request_link(client, mailoutbox)
    staff.set_password("yeni-uzun-parola-456")
    staff.save()
    client.logout()

    sign_in(client, staff, "yeni-uzun-parola-456")
    client.get(link)
    assert client.get(ACTIVATE)["Location"] == ENROLMENT


def test_without_an_address_she_is_told_to_ask_the_administrator(client, make_user, mailoutbox):
    user = make_user("adressiz", Role.CENTRE_MANAGER, "kdm-karsiyaka")
    sign_in(client, user)

    page = client.get(ENROLMENT)
    client.post(ENROLMENT)

    assert "sistem yöneticinizden" in page.content.decode()
    assert mailoutbox == []


def test_links_are_sent_a_few_times_in_a_while_not_more(client, staff, mailoutbox):
    sign_in(client, staff)
    for _ in range(3):
        request_link(client, mailoutbox)
    response = client.post(ENROLMENT, follow=True)

    assert len(mailoutbox) == 3
    assert "çok fazla bağlantı" in response.content.decode()


def test_a_role_without_the_two_factor_rule_enrols_as_before(client, make_user):
    user = make_user("koord", Role.COORDINATOR)
    sign_in(client, user)

    activate(client)

    assert enrolled(user)
