"""Who may do what in the centre network: every permission for every role, as a table, and
the same table through the pages (status codes), the steps of an assessment that a centre
manager may not take, and the second factor the centre roles must enrol first."""

import csv
import io

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from esitkent.accounts.models import Role
from esitkent.accounts.policies import must_use_two_factor
from esitkent.centres import assessment_services, policies
from esitkent.centres.models import Assessment, Centre
from esitkent.core.policies import may

pytestmark = pytest.mark.django_db

ANON = "anonymous"
VIEWER = "viewer"
REPORTER = "reporter"
PLAN_COORD = "plan_coordinator"
ADMIN = "admin_superuser"
KDM_STAFF = "kdm_staff"
KDM_MANAGER = "kdm_manager"
SHELTER_STAFF = "shelter_staff"
NET_COORD = "network_coordinator"
ROLES = [
    ANON,
    VIEWER,
    REPORTER,
    PLAN_COORD,
    ADMIN,
    KDM_STAFF,
    KDM_MANAGER,
    SHELTER_STAFF,
    NET_COORD,
]
SIGNED_IN = [r for r in ROLES if r != ANON]

OWN, OTHER, SHELTER = "kdm-karsiyaka", "kdm-buca", "izbb-siginmaevi"
THIS_YEAR = timezone.localdate().year

# (username, role, organisation) for each role that is a membership. A centre's organisation
# has the centre's code.
MEMBERSHIPS = {
    VIEWER: ("izleyen", Role.VIEWER, "tce-komisyonu"),
    REPORTER: ("raportor", Role.REPORTER, "sosyal-projeler-db"),
    PLAN_COORD: ("plan-koord", Role.COORDINATOR, "kadin-calismalari-sm"),
    KDM_STAFF: ("kdm-calisani", Role.CENTRE_STAFF, "kdm-karsiyaka"),
    KDM_MANAGER: ("kdm-sorumlusu", Role.CENTRE_MANAGER, "kdm-karsiyaka"),
    SHELTER_STAFF: ("siginmaevi-calisani", Role.CENTRE_STAFF, "izbb-kadin-siginmaevi"),
    NET_COORD: ("ag-koord", Role.NETWORK_COORDINATOR, "kadin-calismalari-sm"),
}


@pytest.fixture
def person(request, make_user):
    """person(role) → that role's user (created once per test), AnonymousUser for anonymous.
    Every role that must use a second factor has enrolled one."""
    made = {}

    def get(role: str):
        if role == ANON:
            return AnonymousUser()
        if role not in made:
            if role == ADMIN:
                made[role] = request.getfixturevalue("admin_user")
            else:
                username, member_role, org = MEMBERSHIPS[role]
                user = make_user(username, member_role, org)
                if must_use_two_factor(user):
                    TOTP.activate(user, generate_totp_secret())
                made[role] = user
        return made[role]

    return get


def centre(code: str) -> Centre:
    return Centre.objects.select_related("organisation").get(code=code)


# --- The permission table ------------------------------------------------------------------------

ALL_SIGNED_IN = frozenset(SIGNED_IN)

# permission, the centre it is asked about (None: the network), the roles allowed, as the views
# ask it (`esitkent.core.policies.may`: the rule itself, so a superuser holds only what her
# administrator role gives her, never a centre manager's or the network coordinator's duties).
PERMISSIONS = [
    ("centres.view_directory", None, ALL_SIGNED_IN),
    ("centres.view_centre", OWN, {ADMIN, KDM_STAFF, KDM_MANAGER, NET_COORD}),
    ("centres.view_centre", OTHER, {ADMIN, NET_COORD}),
    ("centres.view_centre", SHELTER, {ADMIN, SHELTER_STAFF, NET_COORD}),
    ("centres.edit_centre", OWN, {KDM_MANAGER, NET_COORD}),
    ("centres.edit_centre", OTHER, {NET_COORD}),
    ("centres.edit_centre", SHELTER, {NET_COORD}),  # the shelter's staff is not a manager
    ("centres.assess", OWN, {KDM_MANAGER}),
    ("centres.assess", OTHER, set()),
    ("centres.assess", SHELTER, set()),
    ("centres.verify", None, {NET_COORD}),
    ("centres.verify", OWN, {NET_COORD}),
    ("centres.manage_standards", None, {NET_COORD}),
    ("centres.view_network", None, {ADMIN, NET_COORD}),
    ("centres.record_event", None, {NET_COORD}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("perm", "target", "allowed"),
    PERMISSIONS,
    ids=[f"{p.removeprefix('centres.')}-{t or 'network'}" for p, t, _ in PERMISSIONS],
)
def test_permission_table(person, role, perm, target, allowed):
    user = person(role)
    obj = centre(target) if target else None

    assert may(user, perm, obj) is (role in allowed)


# Who sees a shelter's address: that shelter's staff and the network coordinator; nobody for a
# centre that is not a shelter. Not the administrator, whatever `has_perm` says for her.
ADDRESS = [
    (SHELTER, {SHELTER_STAFF, NET_COORD}),
    (OWN, set()),
    (OTHER, set()),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("target", "allowed"), ADDRESS, ids=[t for t, _ in ADDRESS])
def test_who_sees_a_shelter_address(person, role, target, allowed):
    assert policies.sees_shelter_address(person(role), centre(target)) is (role in allowed)


def test_the_address_rule_holds_for_no_centre(person):
    assert policies.sees_shelter_address(person(NET_COORD), None) is False


def test_a_shelters_staff_do_not_see_another_shelters_address(person, sample_network):
    other_shelter = Centre.objects.filter(kind=Centre.Kind.SHELTER).exclude(code=SHELTER).first()
    staff = person(SHELTER_STAFF)

    assert policies.sees_shelter_address(staff, centre(SHELTER)) is True
    assert policies.sees_shelter_address(staff, other_shelter) is False
    assert policies.sees_shelter_address(person(NET_COORD), other_shelter) is True
    assert policies.sees_shelter_address(person(ADMIN), other_shelter) is False


def test_an_organisation_admin_who_is_no_superuser_holds_only_the_network_wide_rules(make_user):
    user = make_user("kurum-yoneticisi", Role.ADMIN, "izbb")
    TOTP.activate(user, generate_totp_secret())
    kdm, shelter = centre(OWN), centre(SHELTER)

    assert may(user, "centres.view_centre", kdm)
    assert may(user, "centres.view_centre", shelter)
    assert may(user, "centres.view_network")
    assert not may(user, "centres.edit_centre", kdm)
    assert not may(user, "centres.assess", kdm)
    assert not may(user, "centres.verify")
    assert not may(user, "centres.manage_standards")
    assert not may(user, "centres.record_event")
    assert not policies.sees_shelter_address(user, shelter)


# --- The same table through the pages -------------------------------------------------------------

LOGIN = "login"  # a redirect to the login page
R403, R404 = 403, 404


def _expected(everyone=R403, **by_role) -> dict[str, object]:
    """Each role's status for one page: anonymous is sent to log in, the rest as given."""
    table = {role: everyone for role in SIGNED_IN}
    table.update({role: status for role, status in by_role.items()})
    table[ANON] = LOGIN
    return table


NETWORK_WIDE = {ADMIN: 200, NET_COORD: 200}
PAGES = {
    "/merkezler/": _expected(200),
    "/merkezler/?tur=shelter": _expected(200),
    "/merkezler/standartlar/": _expected(200),
    f"/merkezler/{OWN}/": _expected(**NETWORK_WIDE, kdm_staff=200, kdm_manager=200),
    f"/merkezler/{OTHER}/": _expected(**NETWORK_WIDE),
    f"/merkezler/{SHELTER}/": _expected(**NETWORK_WIDE, shelter_staff=200),
    # Editing is the centre's manager's or the network coordinator's duty, not an administrator's.
    f"/merkezler/{OWN}/duzenle/": _expected(network_coordinator=200, kdm_manager=200),
    f"/merkezler/{OTHER}/duzenle/": _expected(network_coordinator=200),
    f"/merkezler/{SHELTER}/duzenle/": _expected(network_coordinator=200),
    # No assessment this year yet: only who may start one sees the page; the rest who may see
    # the centre get "not found", the others "forbidden".
    f"/merkezler/{OWN}/degerlendirme/{THIS_YEAR}/": _expected(
        admin_superuser=R404, kdm_manager=200, kdm_staff=R404, network_coordinator=R404
    ),
    f"/merkezler/{OTHER}/degerlendirme/{THIS_YEAR}/": _expected(
        admin_superuser=R404, network_coordinator=R404
    ),
    "/merkezler/dogrulama/": _expected(network_coordinator=200),
    "/merkezler/ihtiyac-analizi/": _expected(**NETWORK_WIDE),
    "/merkezler/etkinlikler/": _expected(**NETWORK_WIDE),
    "/merkezler/yok-boyle-merkez/": _expected(R404),
}


def _status(response) -> object:
    if response.status_code == 302 and response["Location"].startswith(reverse("account_login")):
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_pages_answer_each_role_as_the_table_says(client, person, role):
    if role != ANON:
        client.force_login(person(role))

    got = {url: _status(client.get(url)) for url in PAGES}

    assert got == {url: table[role] for url, table in PAGES.items()}


def test_once_an_assessment_exists_the_centres_staff_and_the_coordinator_may_read_it(
    client, person
):
    assessment_services.assessment_start(centre=centre(OWN), year=THIS_YEAR, by=person(KDM_MANAGER))
    url = f"/merkezler/{OWN}/degerlendirme/{THIS_YEAR}/"
    expected = _expected(
        admin_superuser=200, kdm_staff=200, kdm_manager=200, network_coordinator=200
    )
    got = {}
    for role in ROLES:
        client.logout()
        if role != ANON:
            client.force_login(person(role))
        got[role] = _status(client.get(url))

    assert got == expected


@pytest.mark.parametrize(
    ("role", "expected"), [(ANON, LOGIN), (KDM_MANAGER, R403), (VIEWER, R403), (NET_COORD, 200)]
)
def test_the_needs_analysis_pdf_is_for_the_network_only(client, person, role, expected):
    if role != ANON:
        client.force_login(person(role))

    response = client.get("/merkezler/ihtiyac-analizi.pdf")

    assert _status(response) == expected
    if expected == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("role", [VIEWER, KDM_MANAGER, NET_COORD])
def test_the_directory_map_downloads_as_csv_counting_no_shelter(client, person, role):
    client.force_login(person(role))
    client.raise_request_exception = False

    response = client.get("/merkezler/?tur=shelter&csv=merkez-haritasi")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["İlçe", "Danışma merkezi"]
    counted = Centre.objects.filter(
        kind__in=[Centre.Kind.COUNSELLING, Centre.Kind.INTEGRATED], district__isnull=False
    )
    assert sum(int(n) for _, n in rows[1:]) == counted.count()
    assert dict(rows[1:])["Karşıyaka"] == "1"


# --- Steps of an assessment a centre manager may not take ----------------------------------------


def _rated_and_submitted(code: str, by) -> Assessment:
    record = assessment_services.assessment_start(centre=centre(code), year=THIS_YEAR, by=by)
    answers = {a.item_id: ("met", "") for a in record.answers.all()}
    assessment_services.assessment_save(assessment=record, answers=answers, by=by)
    assessment_services.assessment_submit(assessment=record, by=by)
    record.refresh_from_db()
    return record


@pytest.mark.parametrize("step", ["baslat", "kaydet", "gonder", "dogrula", "geri", "kanit"])
def test_a_manager_cannot_post_any_step_for_another_centre(client, person, make_user, step):
    other_manager = make_user(
        "buca-sorumlusu", Role.CENTRE_MANAGER, centre(OTHER).organisation.code
    )
    if step != "baslat":
        assessment_services.assessment_start(centre=centre(OTHER), year=THIS_YEAR, by=other_manager)
    client.force_login(person(KDM_MANAGER))
    before = list(Assessment.objects.filter(centre__code=OTHER).values_list("status", flat=True))

    response = client.post(
        f"/merkezler/{OTHER}/degerlendirme/{THIS_YEAR}/", {"adim": step, "gerekce": "x"}
    )

    assert response.status_code == 403
    after = list(Assessment.objects.filter(centre__code=OTHER).values_list("status", flat=True))
    assert after == before


def test_a_manager_cannot_verify_or_return_her_own_centres_assessment(client, person):
    manager = person(KDM_MANAGER)
    record = _rated_and_submitted(OWN, manager)
    client.force_login(manager)
    url = f"/merkezler/{OWN}/degerlendirme/{THIS_YEAR}/"
    item = record.answers.first().item_id

    verify = client.post(url, {"adim": "dogrula", f"v-{item}": "not_met", f"g-{item}": "x"})
    give_back = client.post(url, {"adim": "geri", "gerekce": "kendim"})

    assert (verify.status_code, give_back.status_code) == (403, 403)
    record.refresh_from_db()
    assert record.status == Assessment.Status.SUBMITTED
    assert record.verified_by is None
    assert not record.answers.exclude(verified_rating="").exists()
    # The page she reads has no verification controls either.
    page = client.get(url).content.decode()
    assert 'value="dogrula"' not in page and 'name="v-' not in page


def test_the_network_coordinator_verifies_what_the_manager_cannot(client, person):
    record = _rated_and_submitted(OWN, person(KDM_MANAGER))
    client.force_login(person(NET_COORD))
    item = record.answers.first().item_id

    response = client.post(
        f"/merkezler/{OWN}/degerlendirme/{THIS_YEAR}/",
        {"adim": "dogrula", f"v-{item}": "not_met", f"g-{item}": "Kanıt yok"},
    )

    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == Assessment.Status.VERIFIED
    assert record.actions.count() == 1


def test_centre_staff_cannot_start_or_fill_their_centres_assessment(client, person):
    client.force_login(person(KDM_STAFF))
    url = f"/merkezler/{OWN}/degerlendirme/{THIS_YEAR}/"

    assert client.post(url, {"adim": "baslat"}).status_code == 403
    assert not Assessment.objects.filter(centre__code=OWN).exists()

    record = assessment_services.assessment_start(
        centre=centre(OWN), year=THIS_YEAR, by=person(KDM_MANAGER)
    )
    item = record.answers.first().item_id
    assert client.post(url, {"adim": "kaydet", f"r-{item}": "met"}).status_code == 403
    assert record.answers.get(item_id=item).self_rating == ""


@pytest.mark.parametrize("role", [KDM_MANAGER, KDM_STAFF, SHELTER_STAFF, VIEWER, PLAN_COORD])
def test_only_the_network_coordinator_writes_the_network(client, person, role):
    client.force_login(person(role))

    assert client.post("/merkezler/standartlar/taslak/").status_code == 403
    assert client.post("/merkezler/standartlar/yayimla/1/").status_code == 403
    assert (
        client.post(
            "/merkezler/etkinlikler/",
            {"kind": "training", "title": "Gizli eğitim", "held_on": "2025-05-05"},
        ).status_code
        == 403
    )
    assert client.post(f"/merkezler/{SHELTER}/duzenle/", {"phone": "1"}).status_code == 403


# --- The second factor ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "org"),
    [
        (Role.CENTRE_STAFF, OWN),
        (Role.CENTRE_MANAGER, OWN),
        (Role.CENTRE_STAFF, SHELTER),
        (Role.NETWORK_COORDINATOR, None),
    ],
)
@pytest.mark.parametrize(
    "url", ["/merkezler/", f"/merkezler/{OWN}/", f"/merkezler/{SHELTER}/", "/merkezler/dogrulama/"]
)
def test_a_centre_role_without_a_second_factor_is_sent_to_enrol_one(
    client, make_user, role, org, url
):
    organisation = centre(org).organisation.code if org else "kadin-calismalari-sm"
    client.force_login(make_user("iki-adimsiz", role, organisation))

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert response["Location"].startswith("/hesap/2fa/")


def test_the_shelter_address_is_not_shown_before_the_second_factor(client, make_user, shelter):
    from esitkent.centres import services

    user = make_user("iki-adimsiz", Role.CENTRE_STAFF, shelter.organisation.code)
    services.shelter_address_set(centre=shelter, address="İKİ-ADIM-ÖNCE Sokak 1", by=user)
    client.force_login(user)

    response = client.get(f"/merkezler/{SHELTER}/", follow=True)

    assert response.redirect_chain[0] == (reverse("mfa_activate_totp"), 302)
    assert "İKİ-ADIM-ÖNCE" not in response.content.decode()

    TOTP.activate(user, generate_totp_secret())
    assert "İKİ-ADIM-ÖNCE Sokak 1" in client.get(f"/merkezler/{SHELTER}/").content.decode()


def test_a_plan_role_without_a_second_factor_reads_the_directory(client, make_user):
    client.force_login(make_user("izleyen", Role.VIEWER, "tce-komisyonu"))

    assert client.get("/merkezler/").status_code == 200


def test_every_sample_assessment_opens_for_the_network_coordinator(client, person, sample_network):
    """The demo's verified assessments were written by no one (by=None): their history must
    still read "sistem" rather than fail."""
    client.force_login(person(NET_COORD))
    client.raise_request_exception = False
    urls = [
        f"/merkezler/{a.centre.code}/degerlendirme/{a.year}/"
        for a in Assessment.objects.select_related("centre")
    ]

    got = {url: client.get(url).status_code for url in urls}

    assert len(urls) >= 5
    assert got == dict.fromkeys(urls, 200)


@pytest.mark.parametrize("role", [KDM_STAFF, KDM_MANAGER, SHELTER_STAFF, NET_COORD])
def test_a_centre_roles_landing_page_after_login_is_not_a_refusal(client, person, role):
    """LOGIN_REDIRECT_URL is "/": a person whose only role is in the centre network must land
    somewhere she may be (her network's pages), not on "403 Forbidden"."""
    client.force_login(person(role))

    response = client.get(settings.LOGIN_REDIRECT_URL, follow=True)

    assert response.status_code == 200
