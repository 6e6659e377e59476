"""Issue 14, finding 2(a): an administrator added himself as a KDM's centre manager in the
admin and opened case identity pages at once.

A case-centre role is granted by that centre's manager, or, for a centre with no manager (and
for the network coordinator), by two administrators: one proposes, another confirms. Nobody
grants a role to himself. Every step is logged in an append-only table, and a grant may end."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.utils import timezone

from esitkent.accounts import role_services
from esitkent.accounts.models import Membership, MembershipEvent, Role
from esitkent.accounts.policies import forget_memberships, memberships
from esitkent.core.errors import InputRejected
from esitkent.orgs.models import Organisation

KDM = "kdm-karsiyaka"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def kdm_org(db):
    from esitkent.centres.models import Centre

    return Centre.objects.select_related("organisation").get(code=KDM).organisation


@pytest.fixture
def other_kdm_org(db):
    from esitkent.centres.models import Centre

    other = Centre.objects.filter(kind="kdm").exclude(code=KDM).order_by("code").first()
    return other.organisation


@pytest.fixture
def enrolled():
    """Centre roles must have enrolled TOTP before any page opens."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    def enrol(user):
        TOTP.activate(user, generate_totp_secret())
        return user

    return enrol


@pytest.fixture
def second_admin(db, django_user_model, enrolled):
    return enrolled(
        django_user_model.objects.create_superuser("admin2", "a2@example.org", "parola-uzun-123")
    )


def _roles(user):
    forget_memberships(user)
    return memberships(user)


# --- The admin route of the finding ------------------------------------------------------------


def test_admin_cannot_add_himself_as_centre_manager_in_the_admin(admin_client, admin_user, kdm_org):
    assert admin_client.get("/vakalar/").status_code in (403, 404)  # before: no record
    posted = admin_client.post(
        "/yonetim/accounts/membership/add/",
        {
            "user": admin_user.pk,
            "organisation": kdm_org.pk,
            "role": Role.CENTRE_MANAGER,
            "reason": "deneme",
        },
    )
    assert posted.status_code in (200, 403)  # the form refuses, or the page does
    assert not Membership.objects.filter(user=admin_user, role=Role.CENTRE_MANAGER).exists()
    assert admin_client.get("/vakalar/").status_code in (403, 404)


def test_admin_cannot_change_a_plan_role_into_a_centre_role(
    admin_client, make_user, kdm_org, enrolled
):
    viewer = make_user("izleyen", Role.VIEWER, "tce-komisyonu")
    membership = Membership.objects.get(user=viewer)
    admin_client.post(
        f"/yonetim/accounts/membership/{membership.pk}/change/",
        {
            "user": viewer.pk,
            "organisation": kdm_org.pk,
            "role": Role.CENTRE_MANAGER,
            "reason": "deneme",
        },
    )
    membership.refresh_from_db()
    assert membership.role == Role.VIEWER


def test_admin_cannot_change_or_delete_a_centre_role(admin_client, make_user, kdm_org):
    staff = make_user("ayse", Role.CENTRE_STAFF, kdm_org.code)
    membership = Membership.objects.get(user=staff)
    assert (
        admin_client.get(f"/yonetim/accounts/membership/{membership.pk}/delete/").status_code == 403
    )
    admin_client.post(
        "/yonetim/accounts/membership/",
        {"action": "delete_selected", "_selected_action": [membership.pk], "post": "yes"},
    )
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_plan_roles_added_in_the_admin_are_logged(admin_client, admin_user, make_user):
    person = make_user("yeni", None)
    unit = Organisation.objects.get(code="tce-komisyonu")
    posted = admin_client.post(
        "/yonetim/accounts/membership/add/",
        {"user": person.pk, "organisation": unit.pk, "role": Role.VIEWER, "reason": "komisyon"},
    )
    assert posted.status_code == 302, posted.content.decode()[:2000]
    membership = Membership.objects.get(user=person)
    assert membership.granted_by == admin_user and membership.reason == "komisyon"
    event = MembershipEvent.objects.get(user_ref=person.pk)
    assert (event.kind, event.by_username, event.role, event.reason) == (
        MembershipEvent.Kind.GRANT,
        "admin",
        Role.VIEWER,
        "komisyon",
    )
    assert event.organisation_code == "tce-komisyonu"
    assert admin_client.get("/yonetim/accounts/membershipevent/").status_code == 200
    assert admin_client.get("/yonetim/accounts/membershipevent/add/").status_code == 403


def test_plan_roles_changed_or_deleted_in_the_admin_are_logged(admin_client, make_user):
    viewer = make_user("izleyen", Role.VIEWER, "tce-komisyonu")
    membership = Membership.objects.get(user=viewer)
    assert (
        admin_client.get(f"/yonetim/accounts/membership/{membership.pk}/change/").status_code == 200
    )
    changed = admin_client.post(
        f"/yonetim/accounts/membership/{membership.pk}/change/",
        {"role": Role.REPORTER, "ends_on": "", "reason": "raportör oldu"},
    )
    assert changed.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.REPORTER
    deleted = admin_client.post(
        f"/yonetim/accounts/membership/{membership.pk}/delete/", {"post": "yes"}
    )
    assert deleted.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    kinds = list(
        MembershipEvent.objects.filter(user_ref=viewer.pk)
        .order_by("id")
        .values_list("kind", "role")
    )
    assert kinds == [
        (MembershipEvent.Kind.GRANT, Role.VIEWER),
        (MembershipEvent.Kind.CHANGE, Role.REPORTER),
        (MembershipEvent.Kind.REVOKE, Role.REPORTER),
    ]


def test_an_administrator_grants_no_plan_role_to_himself_in_the_admin(admin_client, admin_user):
    unit = Organisation.objects.get(code="tce-komisyonu")
    posted = admin_client.post(
        "/yonetim/accounts/membership/add/",
        {"user": admin_user.pk, "organisation": unit.pk, "role": Role.REPORTER, "reason": "x"},
    )
    assert posted.status_code == 200 and "kendine" in posted.content.decode()
    assert not Membership.objects.filter(user=admin_user).exists()


def test_a_centre_role_is_shown_read_only_in_the_admin(admin_client, make_user, kdm_org):
    staff = make_user("ayse", Role.CENTRE_STAFF, kdm_org.code)
    membership = Membership.objects.get(user=staff)
    page = admin_client.get(f"/yonetim/accounts/membership/{membership.pk}/change/")
    assert page.status_code == 200
    assert 'name="role"' not in page.content.decode()
    posted = admin_client.post(
        f"/yonetim/accounts/membership/{membership.pk}/change/",
        {"role": Role.CENTRE_MANAGER, "reason": "x"},
    )
    assert posted.status_code == 403
    membership.refresh_from_db()
    assert membership.role == Role.CENTRE_STAFF


# --- The rules of the services -----------------------------------------------------------------


def test_nobody_grants_a_role_to_himself(make_user, kdm_org, admin_user):
    manager = make_user("sorumlu", Role.CENTRE_MANAGER, kdm_org.code)
    with pytest.raises(InputRejected, match="kendine"):
        role_services.centre_role_grant(
            by=manager, user=manager, organisation=kdm_org, role=Role.CENTRE_STAFF, reason="x"
        )
    with pytest.raises(InputRejected, match="kendine"):
        role_services.centre_role_propose(
            by=admin_user,
            user=admin_user,
            organisation=kdm_org,
            role=Role.CENTRE_MANAGER,
            reason="x",
        )
    assert _roles(admin_user) == frozenset()


def test_a_manager_grants_staff_of_her_centre_but_not_of_another(make_user, kdm_org, other_kdm_org):
    manager = make_user("sorumlu", Role.CENTRE_MANAGER, kdm_org.code)
    ayse = make_user("ayse", None)
    role_services.centre_role_grant(
        by=manager, user=ayse, organisation=kdm_org, role=Role.CENTRE_STAFF, reason="yeni çalışan"
    )
    assert (kdm_org.pk, Role.CENTRE_STAFF) in _roles(ayse)
    with pytest.raises(PermissionDenied):
        role_services.centre_role_grant(
            by=manager, user=ayse, organisation=other_kdm_org, role=Role.CENTRE_STAFF, reason="x"
        )
    # Nor a role beyond the centre's team.
    with pytest.raises(PermissionDenied):
        role_services.centre_role_grant(
            by=manager, user=ayse, organisation=kdm_org, role=Role.NETWORK_COORDINATOR, reason="x"
        )
    assert _roles(ayse) == frozenset({(kdm_org.pk, Role.CENTRE_STAFF)})
    # Staff grant nothing.
    with pytest.raises(PermissionDenied):
        role_services.centre_role_grant(
            by=ayse,
            user=make_user("fatma", None),
            organisation=kdm_org,
            role=Role.CENTRE_STAFF,
            reason="x",
        )


def test_an_administrator_cannot_grant_a_centre_role_directly(admin_user, make_user, kdm_org):
    with pytest.raises(PermissionDenied):
        role_services.centre_role_grant(
            by=admin_user,
            user=make_user("ayse", None),
            organisation=kdm_org,
            role=Role.CENTRE_MANAGER,
            reason="x",
        )


def test_first_manager_takes_two_administrators(admin_user, second_admin, make_user, kdm_org):
    zeynep = make_user("zeynep", None)
    proposal = role_services.centre_role_propose(
        by=admin_user,
        user=zeynep,
        organisation=kdm_org,
        role=Role.CENTRE_MANAGER,
        reason="merkez açıldı",
        ends_on=timezone.localdate() + dt.timedelta(days=365),
    )
    assert _roles(zeynep) == frozenset()  # a proposal grants nothing
    with pytest.raises(PermissionDenied):
        role_services.centre_role_confirm(by=admin_user, proposal=proposal)  # the proposer
    with pytest.raises(PermissionDenied):
        role_services.centre_role_confirm(by=zeynep, proposal=proposal)  # not an administrator
    assert _roles(zeynep) == frozenset()
    membership = role_services.centre_role_confirm(by=second_admin, proposal=proposal)
    assert _roles(zeynep) == frozenset({(kdm_org.pk, Role.CENTRE_MANAGER)})
    assert membership.granted_by == second_admin and membership.ends_on == proposal.ends_on
    kinds = list(
        MembershipEvent.objects.filter(user_ref=zeynep.pk)
        .order_by("id")
        .values_list("kind", "by_username")
    )
    assert kinds == [
        (MembershipEvent.Kind.PROPOSE, "admin"),
        (MembershipEvent.Kind.CONFIRM, "admin2"),
    ]
    # A confirmed proposal is closed: it cannot be confirmed or declined again.
    with pytest.raises(InputRejected):
        role_services.centre_role_decline(by=second_admin, proposal=proposal, reason="x")


def test_no_proposal_for_a_centre_that_has_a_manager(admin_user, make_user, kdm_org):
    make_user("sorumlu", Role.CENTRE_MANAGER, kdm_org.code)
    with pytest.raises(InputRejected, match="sorumlusu"):
        role_services.centre_role_propose(
            by=admin_user,
            user=make_user("zeynep", None),
            organisation=kdm_org,
            role=Role.CENTRE_MANAGER,
            reason="x",
        )


def test_a_proposal_can_be_declined_and_grants_nothing(
    admin_user, second_admin, make_user, kdm_org
):
    zeynep = make_user("zeynep", None)
    proposal = role_services.centre_role_propose(
        by=admin_user, user=zeynep, organisation=kdm_org, role=Role.CENTRE_MANAGER, reason="x"
    )
    role_services.centre_role_decline(
        by=second_admin, proposal=proposal, reason="kimlik doğrulanmadı"
    )
    with pytest.raises(InputRejected):
        role_services.centre_role_confirm(by=second_admin, proposal=proposal)
    assert _roles(zeynep) == frozenset()
    declined = MembershipEvent.objects.get(kind=MembershipEvent.Kind.DECLINE)
    assert declined.reason == "kimlik doğrulanmadı" and declined.by_username == "admin2"


def test_network_coordinator_takes_two_administrators(admin_user, second_admin, make_user):
    unit = Organisation.objects.get(code="kadin-calismalari-sm")
    nur = make_user("nur", None)
    proposal = role_services.centre_role_propose(
        by=admin_user, user=nur, organisation=unit, role=Role.NETWORK_COORDINATOR, reason="x"
    )
    role_services.centre_role_confirm(by=second_admin, proposal=proposal)
    assert (unit.pk, Role.NETWORK_COORDINATOR) in _roles(nur)


def test_revocation_by_the_manager_is_logged_with_its_reason(make_user, kdm_org):
    manager = make_user("sorumlu", Role.CENTRE_MANAGER, kdm_org.code)
    ayse = make_user("ayse", Role.CENTRE_STAFF, kdm_org.code)
    membership = Membership.objects.get(user=ayse)
    with pytest.raises(InputRejected):
        role_services.centre_role_revoke(by=manager, membership=membership, reason="")
    role_services.centre_role_revoke(by=manager, membership=membership, reason="görev değişikliği")
    assert _roles(ayse) == frozenset()
    event = MembershipEvent.objects.get(kind=MembershipEvent.Kind.REVOKE)
    assert (event.username, event.by_username, event.reason) == (
        "ayse",
        "sorumlu",
        "görev değişikliği",
    )


def test_a_manager_of_another_centre_cannot_revoke(make_user, kdm_org, other_kdm_org):
    other = make_user("baska", Role.CENTRE_MANAGER, other_kdm_org.code)
    ayse = make_user("ayse", Role.CENTRE_STAFF, kdm_org.code)
    with pytest.raises(PermissionDenied):
        role_services.centre_role_revoke(
            by=other, membership=Membership.objects.get(user=ayse), reason="x"
        )
    assert (kdm_org.pk, Role.CENTRE_STAFF) in _roles(ayse)


# --- End dates ---------------------------------------------------------------------------------


def test_an_ended_grant_counts_for_nothing(make_user, kdm_org, enrolled, client):
    manager = make_user("sorumlu", Role.CENTRE_MANAGER, kdm_org.code)
    ayse = enrolled(make_user("ayse", None))
    today = timezone.localdate()
    membership = role_services.centre_role_grant(
        by=manager,
        user=ayse,
        organisation=kdm_org,
        role=Role.CENTRE_STAFF,
        reason="stajyer",
        ends_on=today,
    )
    client.force_login(ayse)
    assert client.get("/vakalar/").status_code == 200  # positive control: the last day counts
    Membership.objects.filter(pk=membership.pk).update(ends_on=today - dt.timedelta(days=1))
    assert client.get("/vakalar/").status_code in (403, 404)
    assert _roles(ayse) == frozenset()


def test_an_end_date_in_the_past_is_refused(make_user, kdm_org):
    manager = make_user("sorumlu", Role.CENTRE_MANAGER, kdm_org.code)
    with pytest.raises(InputRejected):
        role_services.centre_role_grant(
            by=manager,
            user=make_user("ayse", None),
            organisation=kdm_org,
            role=Role.CENTRE_STAFF,
            reason="x",
            ends_on=timezone.localdate() - dt.timedelta(days=1),
        )


def test_memberships_is_still_one_query(make_user, kdm_org, django_assert_num_queries):
    ayse = make_user("ayse", Role.CENTRE_STAFF, kdm_org.code)
    forget_memberships(ayse)
    with django_assert_num_queries(1):
        memberships(ayse)
        memberships(ayse)


# --- The log -----------------------------------------------------------------------------------


def test_the_event_log_cannot_be_changed_or_deleted(make_user, kdm_org):
    manager = make_user("sorumlu", Role.CENTRE_MANAGER, kdm_org.code)
    role_services.centre_role_grant(
        by=manager,
        user=make_user("ayse", None),
        organisation=kdm_org,
        role=Role.CENTRE_STAFF,
        reason="yeni çalışan",
    )
    event = MembershipEvent.objects.get(kind=MembershipEvent.Kind.GRANT, username="ayse")
    assert (event.by_username, event.organisation_code, event.role) == (
        "sorumlu",
        kdm_org.code,
        Role.CENTRE_STAFF,
    )
    event.reason = "değişti"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        MembershipEvent.objects.filter(pk=event.pk).update(reason="değişti")
    with pytest.raises(PermissionError):
        MembershipEvent.objects.all().delete()
    # The database refuses too, whoever asks.
    from django.db import connection

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {MembershipEvent._meta.db_table} SET reason = 'x'")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {MembershipEvent._meta.db_table}")
    assert MembershipEvent.objects.get(pk=event.pk).reason == "yeni çalışan"


def test_seeding_still_grants_without_a_person(make_user, kdm_org):
    """`make demo` and the fixtures use the low-level system grant; it is logged as such."""
    ayse = make_user("ayse", Role.CENTRE_STAFF, kdm_org.code)
    assert (kdm_org.pk, Role.CENTRE_STAFF) in _roles(ayse)
    event = MembershipEvent.objects.get(username="ayse")
    assert event.kind == MembershipEvent.Kind.GRANT and event.by_username == ""


def test_an_administrator_account_gets_no_case_role(admin_user, second_admin, make_user, kdm_org):
    """Two administrators cannot make a third administrator a centre's manager either:
    administrators reach no record."""
    with pytest.raises(InputRejected, match="yönetici"):
        role_services.centre_role_propose(
            by=admin_user,
            user=second_admin,
            organisation=kdm_org,
            role=Role.CENTRE_MANAGER,
            reason="x",
        )
    manager = make_user("sorumlu", Role.CENTRE_MANAGER, kdm_org.code)
    with pytest.raises(InputRejected, match="yönetici"):
        role_services.centre_role_grant(
            by=manager, user=admin_user, organisation=kdm_org, role=Role.CENTRE_STAFF, reason="x"
        )
    assert _roles(admin_user) == frozenset()
