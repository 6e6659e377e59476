"""Issue 14, finding 2(a), on the pages: the centre manager's team page and the
administrators' proposals page, where case-centre roles are granted and revoked."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.messages import get_messages

from esitkent.accounts.models import Membership, MembershipEvent, Role
from esitkent.accounts.role_services import centre_role_propose

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        TOTP.activate(user, generate_totp_secret())
        client.force_login(user)
        return client

    return sign_in


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_manager_builds_her_team(signed_in, manager, kdm, make_user):
    ayse = make_user("ayse", None)
    client = signed_in(manager)
    page = client.get(f"/merkezler/{kdm.code}/ekip/")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "merkez-sorumlusu" in page.content.decode()
    granted = client.post(
        f"/merkezler/{kdm.code}/ekip/",
        {
            "adim": "ver",
            "username": "ayse",
            "role": Role.CENTRE_STAFF,
            "reason": "yeni çalışan",
            "ends_on": "",
        },
    )
    assert granted.status_code == 302
    membership = Membership.objects.get(user=ayse)
    assert (membership.role, membership.granted_by) == (Role.CENTRE_STAFF, manager)
    page = client.get(f"/merkezler/{kdm.code}/ekip/").content.decode()
    assert "ayse" in page
    revoked = client.post(
        f"/merkezler/{kdm.code}/ekip/",
        {"adim": "geri-al", "membership": membership.pk, "reason": "ayrıldı"},
    )
    assert revoked.status_code == 302
    assert not Membership.objects.filter(user=ayse).exists()
    assert MembershipEvent.objects.filter(kind="revoke", username="ayse", reason="ayrıldı").exists()


def test_the_manager_cannot_grant_herself_on_the_page(signed_in, manager, kdm):
    client = signed_in(manager)
    response = client.post(
        f"/merkezler/{kdm.code}/ekip/",
        {"adim": "ver", "username": manager.username, "role": Role.CENTRE_STAFF, "reason": "x"},
        follow=True,
    )
    assert any("kendine" in m for m in said(response))
    assert not Membership.objects.filter(user=manager, role=Role.CENTRE_STAFF).exists()


def test_another_centres_team_is_closed(signed_in, manager, make_user):
    from esitkent.centres.models import Centre

    other = Centre.objects.filter(kind="kdm").exclude(code="kdm-karsiyaka").order_by("code").first()
    make_user("ayse", None)
    client = signed_in(manager)
    assert client.get(f"/merkezler/{other.code}/ekip/").status_code == 403
    posted = client.post(
        f"/merkezler/{other.code}/ekip/",
        {"adim": "ver", "username": "ayse", "role": Role.CENTRE_STAFF, "reason": "x"},
    )
    assert posted.status_code == 403
    assert not Membership.objects.filter(user__username="ayse").exists()


def test_staff_and_plan_roles_do_not_see_the_team_page(signed_in, make_user, kdm):
    staff = make_user("ayse", Role.CENTRE_STAFF, kdm.organisation.code)
    assert signed_in(staff).get(f"/merkezler/{kdm.code}/ekip/").status_code == 403


def test_two_administrators_appoint_the_first_manager_on_the_page(
    client, admin_user, django_user_model, make_user, kdm
):
    second = django_user_model.objects.create_superuser(
        "admin2", "a2@example.org", "parola-uzun-123"
    )
    TOTP.activate(second, generate_totp_secret())
    zeynep = make_user("zeynep", None)
    client.force_login(admin_user)
    page = client.get("/merkezler/yetki-onerileri/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    proposed = client.post(
        "/merkezler/yetki-onerileri/",
        {
            "adim": "oner",
            "username": "zeynep",
            "organisation": kdm.organisation.pk,
            "role": Role.CENTRE_MANAGER,
            "reason": "merkez açıldı",
            "ends_on": "",
        },
    )
    assert proposed.status_code == 302
    proposal = MembershipEvent.objects.get(kind="propose")
    # The proposer's own confirmation is refused.
    client.post("/merkezler/yetki-onerileri/", {"adim": "onayla", "proposal": proposal.pk})
    assert not Membership.objects.filter(user=zeynep).exists()
    client.force_login(second)
    assert "zeynep" in client.get("/merkezler/yetki-onerileri/").content.decode()
    client.post("/merkezler/yetki-onerileri/", {"adim": "onayla", "proposal": proposal.pk})
    assert Membership.objects.get(user=zeynep).role == Role.CENTRE_MANAGER


def test_only_administrators_open_the_proposals_page(signed_in, manager):
    assert signed_in(manager).get("/merkezler/yetki-onerileri/").status_code == 403


def test_a_proposal_shows_and_can_be_withdrawn(client, admin_user, make_user, kdm):
    proposal = centre_role_propose(
        by=admin_user,
        user=make_user("zeynep", None),
        organisation=kdm.organisation,
        role=Role.CENTRE_MANAGER,
        reason="x",
    )
    client.force_login(admin_user)
    client.post(
        "/merkezler/yetki-onerileri/",
        {"adim": "reddet", "proposal": proposal.pk, "reason": "yanlış kişi"},
    )
    assert MembershipEvent.objects.filter(kind="decline", reason="yanlış kişi").exists()
    assert (
        "zeynep" not in client.get("/merkezler/yetki-onerileri/").content.decode().split("<h2")[1]
    )
