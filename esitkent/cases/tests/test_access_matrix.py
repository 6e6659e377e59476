"""The case records from the attacker's side: every role against every case endpoint.

Centre A (Karşıyaka's counselling centre) holds one record with everything a record can
hold: identity, incidents with a narrative, a risk assessment and safety plan, a service, a
6284 measure, an attachment, a follow-up, a support-line call and a referral to a third
centre. Centre B (another counselling centre) holds one record of its own. Each role signs in
and asks every endpoint; the expected answer is the MATRIX below, and whatever the answer, no
response to anyone but A's own staff carries A's survivor code, her identity or her narrative.
B's staff get exactly what they would get for a code that does not exist.

Then the referral scope (gbv.md §7.2–7.3): the sections a referral grants and no more,
revoking and rejecting, a transfer moving the record, and the manager's logged override.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from types import SimpleNamespace
from urllib.parse import parse_qs, quote, urlsplit

import pytest
import pyzipper
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from esitkent.accounts.models import Role
from esitkent.accounts.policies import must_use_two_factor
from esitkent.api import services as token_services
from esitkent.cases import (
    attachment_services,
    call_services,
    care_services,
    referral_services,
    services,
)
from esitkent.cases.models import (
    AccessLogEntry,
    Case,
    CaseAttachment,
    FollowUp,
    Incident,
    ProtectiveMeasure,
    Referral,
    RiskAssessment,
)
from esitkent.centres.models import Centre

from .conftest import DEMOGRAPHICS

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 100
EXPORT_PASSWORD = "dışa-aktarma-parolası-42"
FAKE_CODE = "V-AAAA-CCCC"  # well formed, belongs to nobody
TODAY = timezone.localdate()
APPLIED = TODAY - dt.timedelta(days=30)

# A's record: every value distinctive, so a leak cannot hide behind a common word.
IDENTITY_A = {
    "name": "Zümrüt Gizlisoy",
    "national_id": "88778932822",
    "phone": "0532 987 65 43",
    "address": "Menekşe Sokak No 77 Daire 3 Bostanlı",
    "safe_contact": "Salı 14-16 arası, sesli mesaj bırakmayın",
}
NARRATIVE_A = "Kayınbiraderi bıçakla tehdit etti, Bostanlı iskelesinde bekledi"
SAFETY_PLAN_A = "Acil çanta komşu Nermin Hanımda duruyor"
SERVICE_NOTE_A = "Baro avukatı Selin Hanım ile görüşme ayarlandı"
FOLLOW_UP_NOTE_A = "Telefonda sesi titriyordu, eşi evdeydi"
IDENTITY_B = {"name": "Ayşegül Başkaköy", "phone": "0544 321 09 87"}

# Everything of A's that only A's staff may ever read (the code is checked apart).
SECRETS_A = [
    *IDENTITY_A.values(),
    "05329876543",
    NARRATIVE_A,
    SAFETY_PLAN_A,
    SERVICE_NOTE_A,
    FOLLOW_UP_NOTE_A,
]
SECRETS_B = [*IDENTITY_B.values()]

INCIDENT_FORM = {
    "occurred_on": f"{APPLIED:%Y-%m-%d}",
    "forms": ["physical"],
    "relationship": "partner",
    "perpetrator_count": "1",
    "q_physical": "on",
    "narrative": "Saldırgan yeni bir olay yazmaya çalıştı",
}

# --- The matrix ----------------------------------------------------------------------------------

ROLES = (
    "caseworker_a",
    "manager_a",
    "caseworker_b",
    "manager_b",
    "shelter_staff",
    "network_coordinator",
    "plan_coordinator",
    "reporter",
    "viewer",
    "admin_role",
    "superuser",
    "anonymous",
)
OWN = frozenset({"caseworker_a", "manager_a"})

# ok: 200, or a redirect that is not to the login page; 403 / 404; login: to the login page,
# with the address asked as where to go back to.
# The columns follow ROLES: A's caseworker and manager, B's caseworker and manager, the
# shelter's staff (no referral), the network coordinator, a plan coordinator, a reporter, a
# viewer, a member with the admin role, the superuser, nobody signed in.
MATRIX = """
                    cw_a mgr_a cw_b mgr_b shelter netco coord rep view admin super anon
list                ok   ok    ok   ok    ok      403   403   403 403  403   403   login
list_by_code        ok   ok    ok   ok    ok      403   403   403 403  403   403   login
new                 ok   ok    ok   ok    ok      403   403   403 403  403   403   login
national_id_search  ok   ok    ok   ok    ok      403   403   403 403  403   403   login
detail              ok   ok    404  404   404     403   403   403 403  403   403   login
reveal              ok   ok    404  404   404     403   403   403 403  403   403   login
identity            ok   ok    404  404   404     403   403   403 403  403   403   login
incident            ok   ok    404  404   404     403   403   403 403  403   403   login
incident_post       ok   ok    404  404   404     403   403   403 403  403   403   login
risk                ok   ok    404  404   404     403   403   403 403  403   403   login
service             ok   ok    404  404   404     403   403   403 403  403   403   login
measure             ok   ok    404  404   404     403   403   403 403  403   403   login
consent             ok   ok    404  404   404     403   403   403 403  403   403   login
follow_up           ok   ok    404  404   404     403   403   403 403  403   403   login
close               ok   ok    404  404   404     403   403   403 403  403   403   login
refer               ok   ok    404  404   404     403   403   403 403  403   403   login
attachment_upload   ok   ok    404  404   404     403   403   403 403  403   403   login
attachment          ok   ok    404  404   404     403   403   403 403  403   403   login
referral_respond    ok   ok    404  404   404     403   403   403 403  403   403   login
export              403  ok    403  ok    403     403   403   403 403  403   403   login
export_post         403  ok    403  ok    403     403   403   403 403  403   403   login
access_log          403  ok    403  ok    403     403   403   403 403  ok    ok    login
access_log_by_code  403  ok    403  ok    403     403   403   403 403  ok    ok    login
statistics          403  ok    403  ok    403     ok    403   403 403  403   403   login
calls               ok   ok    ok   ok    ok      403   403   403 403  403   403   login
call_convert        ok   ok    404  404   404     403   403   403 403  403   403   login
"""


def _matrix() -> dict[str, dict[str, str]]:
    lines = [line.split() for line in MATRIX.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    assert len(header) == len(ROLES)
    return {row[0]: dict(zip(ROLES, row[1:], strict=True)) for row in rows}


EXPECTED = _matrix()


def _upload():
    return {"file": SimpleUploadedFile("belge.png", PNG, content_type="image/png")}


# name → (method, address with {code} {attachment} {referral} {call}, form data or a maker).
ENDPOINTS: dict[str, tuple[str, str, object]] = {
    "list": ("get", "/vakalar/", None),
    "list_by_code": ("get", "/vakalar/?kod={code}", None),
    "new": ("get", "/vakalar/yeni/", None),
    "national_id_search": ("post", "/vakalar/kimlik-ara/", {"national_id": "887 789 328 22"}),
    "detail": ("get", "/vakalar/{code}/", None),
    "reveal": ("post", "/vakalar/{code}/iletisim/", {"reason": "savcılık yazısı"}),
    "identity": ("get", "/vakalar/{code}/kimlik/", None),
    "incident": ("get", "/vakalar/{code}/olay/", None),
    "incident_post": ("post", "/vakalar/{code}/olay/", INCIDENT_FORM),
    "risk": ("get", "/vakalar/{code}/risk/", None),
    "service": ("get", "/vakalar/{code}/hizmet/", None),
    "measure": ("get", "/vakalar/{code}/tedbir/", None),
    "consent": ("get", "/vakalar/{code}/onam/", None),
    "follow_up": ("get", "/vakalar/{code}/izlem/", None),
    "close": ("get", "/vakalar/{code}/kapat/", None),
    "refer": ("get", "/vakalar/{code}/yonlendir/", None),
    "attachment_upload": ("post", "/vakalar/{code}/ek/", _upload),
    "attachment": ("get", "/vakalar/{code}/ek/{attachment}/", None),
    "referral_respond": ("post", "/vakalar/yonlendirme/{referral}/", {"action": "accept"}),
    "export": ("get", "/vakalar/disa-aktar/", None),
    "export_post": (
        "post",
        "/vakalar/disa-aktar/",
        # A's centre asked for by name: B's manager must still get B's records only.
        {"password": EXPORT_PASSWORD, "reason": "denetim", "centre": "kdm-karsiyaka"},
    ),
    "access_log": ("get", "/vakalar/erisim-kaydi/", None),
    "access_log_by_code": ("get", "/vakalar/erisim-kaydi/?kod={code}", None),
    "statistics": ("get", "/vakalar/istatistik/", None),
    "calls": ("get", "/vakalar/hat/", None),
    "call_convert": ("get", "/vakalar/hat/{call}/vaka/", None),
}
RECORD_ENDPOINTS = [name for name, (_, url, _) in ENDPOINTS.items() if "{code}/" in url]
assert set(ENDPOINTS) == set(EXPECTED)


# --- The world -----------------------------------------------------------------------------------


def enrolled(user):
    if must_use_two_factor(user):
        TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def people(case_user, make_user, admin_user, kdm, other_kdm, shelter):
    return {
        "caseworker_a": case_user("cw-a", Role.CENTRE_STAFF, kdm.code),
        "manager_a": case_user("mgr-a", Role.CENTRE_MANAGER, kdm.code),
        "caseworker_b": case_user("cw-b", Role.CENTRE_STAFF, other_kdm.code),
        "manager_b": case_user("mgr-b", Role.CENTRE_MANAGER, other_kdm.code),
        "shelter_staff": case_user("siginma", Role.CENTRE_STAFF, shelter.code),
        "network_coordinator": enrolled(make_user("ag-koord", Role.NETWORK_COORDINATOR)),
        "plan_coordinator": enrolled(make_user("plan-koord", Role.COORDINATOR)),
        "reporter": enrolled(make_user("raportor", Role.REPORTER, "sosyal-projeler-db")),
        "viewer": enrolled(make_user("izleyen", Role.VIEWER, "tce-komisyonu")),
        "admin_role": enrolled(make_user("yonetici", Role.ADMIN)),
        "superuser": admin_user,
        "anonymous": None,
    }


def full_record(centre, by, **overrides):
    """A's record with one of everything, through the services as the pages make it."""
    arguments = {
        "centre": centre,
        "by": by,
        "applied_on": APPLIED,
        "channel": "walk_in",
        "demographics": dict(DEMOGRAPHICS),
        "identity": dict(IDENTITY_A),
        "referral_consent": True,
        "statistics_consent": True,
    }
    arguments.update(overrides)
    case = services.case_open(**arguments)
    care_services.incident_record(
        case=case,
        by=by,
        occurred_on=APPLIED - dt.timedelta(days=2),
        forms=["physical", "psychological"],
        answers={"physical": True},
        relationship="partner",
        narrative=NARRATIVE_A,
    )
    care_services.risk_assess(
        case=case, by=by, assessed_on=APPLIED, factors=["weapon"], safety_plan=SAFETY_PLAN_A
    )
    care_services.service_set(
        case=case, by=by, service="legal", status="needed", note=SERVICE_NOTE_A
    )
    care_services.measure_record(
        case=case,
        by=by,
        measure="p_guidance",
        authority="judge",
        starts_on=APPLIED,
        duration_days=90,
    )
    attachment_services.attachment_add(case=case, by=by, name="belge.png", content=PNG)
    care_services.follow_up_record(
        case=case, by=by, happened_on=APPLIED, kind="phone", note=FOLLOW_UP_NOTE_A
    )
    return case


@pytest.fixture
def world(people, kdm, other_kdm, shelter):
    a_staff = people["caseworker_a"]
    case_a = full_record(kdm, a_staff)
    third = Centre.objects.get(code="kdm-balcova")  # nobody of the matrix works there
    referral = referral_services.referral_create(
        case=case_a, by=a_staff, to_centre=third, service="legal", sections=["incidents"]
    )
    call = call_services.call_record(
        centre=kdm,
        by=a_staff,
        received_at=timezone.now(),
        caller_type="self",
        forms=["physical"],
        age_band="30-44",
        district=None,
        outcome="appointment",
    )
    case_b = services.case_open(
        centre=other_kdm,
        by=people["caseworker_b"],
        applied_on=APPLIED,
        channel="walk_in",
        demographics=dict(DEMOGRAPHICS),
        identity=dict(IDENTITY_B),
        referral_consent=True,
        statistics_consent=True,
    )
    return SimpleNamespace(
        people=people,
        a=case_a,
        b=case_b,
        code=case_a.survivor_code,
        attachment=case_a.attachments.get().pk,
        referral=referral.pk,
        call=call.pk,
        shelter=shelter,
        kdm=kdm,
        other_kdm=other_kdm,
    )


# --- Asking and reading --------------------------------------------------------------------------


def address(world, name: str, *, code: str | None = None) -> str:
    _, url, _ = ENDPOINTS[name]
    return url.format(
        code=code or world.code,
        attachment=world.attachment,
        referral=world.referral,
        call=world.call,
    )


def ask(client, world, name: str, *, code: str | None = None):
    method, _, data = ENDPOINTS[name]
    url = address(world, name, code=code)
    data = data() if callable(data) else data
    if method == "get":
        return url, client.get(url)
    return url, client.post(url, data or {})


LOGIN_PATH = reverse("account_login")


def outcome(response) -> str:
    """ok: 200 or a redirect elsewhere; login: to the login page, which leads back to the
    address asked; 2fa; else the status code."""
    if response.status_code == 302:
        target = urlsplit(response["Location"]).path
        if target == LOGIN_PATH:
            back = parse_qs(urlsplit(response["Location"]).query).get("next")
            asked = response.wsgi_request.get_full_path()
            return "login" if back == [asked] else f"login, then {back} instead of {asked}"
        if target == reverse("mfa_activate_totp"):
            return "2fa"
        return "ok"
    return "ok" if response.status_code == 200 else str(response.status_code)


def text_of(response) -> str:
    """Headers and body as text; an export's encrypted ZIP opened with its password."""
    parts = [str(dict(response.headers))]
    data = response.content
    if data.startswith(b"PK"):
        with pyzipper.AESZipFile(io.BytesIO(data)) as archive:
            archive.setpassword(EXPORT_PASSWORD.encode())
            parts += [archive.read(n).decode("utf-8-sig") for n in archive.namelist()]
    else:
        parts.append(data.decode("utf-8", "replace"))
    return "\n".join(parts)


def forms_of(value: str) -> set[str]:
    return {value, html.escape(value), quote(value), quote(value, safe="")}


def leaks(text: str, secrets) -> list[str]:
    folded = text.casefold()
    return sorted({s for s in secrets for f in forms_of(s) if f.casefold() in folded})


def without_echo(text: str, url: str, code: str) -> str:
    """The page minus what the asker typed: every page repeats its own address (the language
    form's `next`), the login redirect names it, and a code search repeats the code."""
    for form in sorted(forms_of(url), key=len, reverse=True):
        text = text.replace(form, "")
    return text.replace(f'name="kod" value="{code}"', "")


def login(client, world, role: str):
    client.logout()
    if role != "anonymous":
        client.force_login(world.people[role])


# --- The matrix tests ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_role_against_every_case_endpoint(client, world, role):
    login(client, world, role)
    got, leaked, seen = {}, {}, set()
    for name in ENDPOINTS:
        url, response = ask(client, world, name)
        got[name] = outcome(response)
        text = without_echo(text_of(response), url, world.code)
        secrets = [] if role in OWN else list(SECRETS_A)
        # The access log holds codes by design: administrators read it, and no case.
        codes_logged = role in {"admin_role", "superuser"} and name.startswith("access_log")
        if role not in OWN and not codes_logged:
            secrets.append(world.code)
        if role not in {"caseworker_b", "manager_b"} and not codes_logged:
            secrets.append(world.b.survivor_code)
        found = leaks(text, secrets + SECRETS_B)
        if found:
            leaked[name] = found
        seen |= set(leaks(text, SECRETS_A))
    assert got == {name: EXPECTED[name][role] for name in ENDPOINTS}
    assert leaked == {}
    if role in OWN:
        # The control: A's own staff do read what the others must not (a service line's
        # note and the national ID's digits without spaces are shown nowhere).
        assert seen == set(SECRETS_A) - {SERVICE_NOTE_A, "05329876543"}


def _same_page(response, code: str) -> tuple[int, str]:
    text = response.content.decode("utf-8", "replace").replace(code, "<KOD>")
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    text = re.sub(r'nonce="[^"]+"', "", text)
    location = response.get("Location", "").replace(quote(code), "<KOD>").replace(code, "<KOD>")
    return response.status_code, location + text


@pytest.mark.parametrize("role", ["caseworker_b", "shelter_staff"])
def test_another_centres_record_answers_exactly_like_one_that_does_not_exist(client, world, role):
    login(client, world, role)
    differences = {}
    for name in [*RECORD_ENDPOINTS, "list_by_code"]:
        _, real = ask(client, world, name)
        _, fake = ask(client, world, name, code=FAKE_CODE)
        if _same_page(real, world.code) != _same_page(fake, FAKE_CODE):
            differences[name] = (real.status_code, fake.status_code)
    assert differences == {}
    # Both attempts leave the same trace: a refusal that names no record and no centre.
    denied = AccessLogEntry.objects.filter(username=world.people[role].username, action="denied")
    assert denied.exists()
    assert set(denied.values_list("case_code", "centre_code").distinct()) == {("", "")}


def test_nothing_of_a_is_written_by_the_attempts_of_others(client, world):
    """The POSTs of the matrix made by every other role changed nothing of A's record."""
    before = (
        Incident.objects.filter(case=world.a).count(),
        CaseAttachment.objects.filter(case=world.a).count(),
        Referral.objects.get(pk=world.referral).status,
    )
    for role in ROLES:
        if role in OWN:
            continue
        login(client, world, role)
        for name in ("incident_post", "attachment_upload", "referral_respond", "reveal"):
            ask(client, world, name)
    after = (
        Incident.objects.filter(case=world.a).count(),
        CaseAttachment.objects.filter(case=world.a).count(),
        Referral.objects.get(pk=world.referral).status,
    )
    assert after == before
    assert not AccessLogEntry.objects.filter(action="reveal").exists()


def test_an_attachment_id_of_a_cannot_be_read_through_bs_own_record(client, world):
    login(client, world, "caseworker_b")
    response = client.get(f"/vakalar/{world.b.survivor_code}/ek/{world.attachment}/")
    assert response.status_code == 404
    assert PNG not in response.content


def test_a_staff_get_the_attachment_itself(client, world):
    login(client, world, "caseworker_a")
    response = client.get(address(world, "attachment"))
    assert response.status_code == 200 and response.content == PNG
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_administration_site_has_no_case_records(client, world):
    login(client, world, "superuser")
    index = client.get("/yonetim/")
    assert index.status_code == 200
    assert "/yonetim/cases/" not in index.content.decode()
    for model in ("case", "incident", "accesslogentry", "caseattachment", "referral"):
        assert client.get(f"/yonetim/cases/{model}/").status_code == 404


# --- The API -------------------------------------------------------------------------------------

API = "/api/v1"
PLAN = "izmir-yeep-2022-2024"


@pytest.mark.parametrize("role", ["anonymous", "caseworker_a", "superuser"])
def test_the_api_has_no_case_data(client, world, role):
    headers = {}
    if role != "anonymous":
        _, plaintext = token_services.token_create(
            user=world.people[role], name="test", scope="read", days=1
        )
        headers = {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}
    for path in ("/cases", f"/cases/{world.code}", "/cases/", "/vakalar", f"/vakalar/{world.code}"):
        assert client.get(API + path, **headers).status_code == 404, path

    schema = client.get(f"{API}/openapi.json", **headers)
    assert schema.status_code == 200
    paths = list(schema.json()["paths"])
    assert paths and [p for p in paths if "case" in p.lower() or "vaka" in p.lower()] == []
    assert "survivor" not in schema.content.decode().lower()

    leaked = {}
    for path, item in schema.json()["paths"].items():
        concrete = path.removeprefix(API).replace("{slug}", PLAN)
        if "get" not in item or "{" in concrete:
            continue
        found = leaks(text_of(client.get(API + concrete, **headers)), [*SECRETS_A, world.code])
        if found:
            leaked[concrete] = found
    assert leaked == {}


# --- Referral scope ------------------------------------------------------------------------------


def refer(client, world, *, by="caseworker_a", **form):
    login(client, world, by)
    data = {"kind": "referral", "service": "", "sections": [], "note": "", **form}
    return client.post(address(world, "refer"), data)


def sections_shown(page: str) -> set[str]:
    headings = {
        "contact": "Kimlik ve iletişim",
        "consent": "Onam",
        "incidents": "Olaylar",
        "risk": "Risk ve güvenlik planı",
        "services": "Hizmetler",
        "measures": "6284 tedbirleri",
        "referrals": "Yönlendirmeler ve devirler",
        "follow_ups": "İzlemler",
        "attachments": "Ek dosyalar",
    }
    return {
        name
        for name, heading in headings.items()
        if re.search(rf"<h2[^>]*>\s*{re.escape(heading)}\s*</h2>", page)
    }


WRITES = {
    "identity": {"name": "Değiştirildi", "confidential_address": ""},
    "incident": INCIDENT_FORM,
    "risk": {"assessed_on": f"{TODAY:%Y-%m-%d}", "factors": ["escalation"]},
    "service": {"service": "psychological", "status": "needed"},
    "measure": {
        "measure": "p_guidance",
        "authority": "judge",
        "starts_on": f"{TODAY:%Y-%m-%d}",
        "duration_days": "30",
    },
    "consent": {"kind": "statistics", "granted": "0"},
    "follow_up": {"happened_on": f"{TODAY:%Y-%m-%d}", "kind": "phone", "note": "yazdım"},
    "close": {"closed_on": f"{TODAY:%Y-%m-%d}", "reason": "her_choice"},
    "refer": {"to_centre": "kdm-balcova", "kind": "referral", "sections": ["contact"]},
    "reveal": {"reason": "merak"},
}
WRITE_URLS = {
    "identity": "kimlik",
    "incident": "olay",
    "risk": "risk",
    "service": "hizmet",
    "measure": "tedbir",
    "consent": "onam",
    "follow_up": "izlem",
    "close": "kapat",
    "refer": "yonlendir",
    "reveal": "iletisim",
}


def record_state(case: Case) -> tuple:
    case = Case.objects.get(pk=case.pk)
    return (
        case.name,
        case.status,
        case.statistics_consent,
        Incident.objects.filter(case=case).count(),
        RiskAssessment.objects.filter(case=case).count(),
        case.services.count(),
        ProtectiveMeasure.objects.filter(case=case).count(),
        FollowUp.objects.filter(case=case).count(),
        CaseAttachment.objects.filter(case=case).count(),
        Referral.objects.filter(case=case).count(),
    )


def test_a_risk_only_referral_shows_the_shelter_the_risk_and_nothing_else(client, world):
    response = refer(
        client, world, to_centre=world.shelter.code, service="shelter", sections=["risk"]
    )
    assert response.status_code == 302, response.content.decode()
    referral = Referral.objects.get(case=world.a, to_centre=world.shelter)
    assert referral.sections == ["risk", "summary"] and not referral.consent_override

    login(client, world, "shelter_staff")
    assert world.code in client.get("/vakalar/").content.decode()  # in her inbox
    page = client.get(address(world, "detail"))
    assert page.status_code == 200
    text = page.content.decode()
    assert sections_shown(text) == {"risk"}
    assert SAFETY_PLAN_A in text
    hidden = [s for s in SECRETS_A if s != SAFETY_PLAN_A]
    assert leaks(text, hidden) == []
    assert f"/ek/{world.attachment}/" not in text

    # Read only: the attachment, the contact step and every write are refused.
    assert client.get(address(world, "attachment")).status_code == 403
    before = record_state(world.a)
    refused = {}
    for name, data in WRITES.items():
        response = client.post(f"/vakalar/{world.code}/{WRITE_URLS[name]}/", data)
        if response.status_code != 403:
            refused[name] = response.status_code
    upload = client.post(address(world, "attachment_upload"), _upload())
    assert refused == {} and upload.status_code == 403
    assert record_state(world.a) == before
    assert not AccessLogEntry.objects.filter(action="reveal").exists()
    # Each refused attempt is in the log, under A's record.
    assert AccessLogEntry.objects.filter(
        username="siginma", action="denied", case_code=world.code
    ).count() >= len(WRITES)


def test_a_receiver_without_the_contact_section_cannot_find_her_by_national_id(client, world):
    refer(client, world, to_centre=world.shelter.code, service="shelter", sections=["risk"])
    login(client, world, "shelter_staff")
    response = client.post("/vakalar/kimlik-ara/", {"national_id": IDENTITY_A["national_id"]})
    assert response.status_code == 200
    assert world.code not in response.content.decode()


def test_a_contact_referral_shows_name_and_phone_but_never_to_a_confidential_record(client, world):
    refer(client, world, to_centre=world.shelter.code, service="shelter", sections=["contact"])
    login(client, world, "shelter_staff")
    text = client.get(address(world, "detail")).content.decode()
    assert sections_shown(text) == {"contact"}
    assert IDENTITY_A["name"] in text and IDENTITY_A["phone"] in text
    assert leaks(text, [NARRATIVE_A, SAFETY_PLAN_A, IDENTITY_A["national_id"]]) == []

    Case.objects.filter(pk=world.a.pk).update(confidential_address=True)
    text = client.get(address(world, "detail")).content.decode()
    assert leaks(text, list(IDENTITY_A.values())) == []
    assert client.post(address(world, "reveal"), {"reason": "acil"}).status_code == 403


@pytest.mark.parametrize("how", ["revoked by the sender", "rejected by the shelter"])
def test_a_revoked_or_rejected_referral_closes_the_record_to_the_shelter_again(client, world, how):
    refer(client, world, to_centre=world.shelter.code, service="shelter", sections=["risk"])
    referral = Referral.objects.get(case=world.a, to_centre=world.shelter)
    login(client, world, "shelter_staff")
    assert client.get(address(world, "detail")).status_code == 200

    if how == "revoked by the sender":
        login(client, world, "caseworker_a")
        response = client.post(f"/vakalar/yonlendirme/{referral.pk}/", {"action": "revoke"})
        assert response.status_code == 302
        expected = Referral.Status.REVOKED
    else:
        # A rejection needs a note: without one nothing changes.
        client.post(f"/vakalar/yonlendirme/{referral.pk}/", {"action": "reject"})
        referral.refresh_from_db()
        assert referral.status == Referral.Status.PENDING
        response = client.post(
            f"/vakalar/yonlendirme/{referral.pk}/",
            {"action": "reject", "note": "Yerimiz yok"},
        )
        assert response.status_code == 302 and response["Location"] == "/vakalar/"
        expected = Referral.Status.REJECTED
    referral.refresh_from_db()
    assert referral.status == expected

    login(client, world, "shelter_staff")
    assert client.get(address(world, "detail")).status_code == 404
    assert world.code not in client.get("/vakalar/").content.decode()
    response = client.post(f"/vakalar/yonlendirme/{referral.pk}/", {"action": "accept"})
    referral.refresh_from_db()
    assert referral.status == expected  # a closed referral cannot be reopened by the receiver
    assert response.status_code == 302 and response["Location"] == "/vakalar/"


def test_a_referral_cannot_be_answered_or_revoked_by_a_third_centre(client, world):
    refer(client, world, to_centre=world.shelter.code, service="shelter", sections=["risk"])
    referral = Referral.objects.get(case=world.a, to_centre=world.shelter)
    login(client, world, "caseworker_b")
    for action in ("accept", "reject", "revoke", "done"):
        response = client.post(
            f"/vakalar/yonlendirme/{referral.pk}/", {"action": action, "note": "x"}
        )
        assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.status == Referral.Status.PENDING


def test_an_accepted_transfer_moves_the_record_and_the_right_to_edit(client, world):
    response = refer(
        client, world, to_centre=world.other_kdm.code, kind="transfer", sections=["incidents"]
    )
    assert response.status_code == 302, response.content.decode()
    transfer = Referral.objects.get(case=world.a, kind="transfer")

    # Pending, B reads what was granted but edits nothing.
    login(client, world, "caseworker_b")
    text = client.get(address(world, "detail")).content.decode()
    assert sections_shown(text) == {"incidents"} and NARRATIVE_A in text
    assert client.post(address(world, "incident_post"), INCIDENT_FORM).status_code == 403
    # The sender cannot accept her own transfer.
    login(client, world, "caseworker_a")
    client.post(f"/vakalar/yonlendirme/{transfer.pk}/", {"action": "accept"})
    transfer.refresh_from_db()
    assert transfer.status == Referral.Status.PENDING

    login(client, world, "caseworker_b")
    response = client.post(f"/vakalar/yonlendirme/{transfer.pk}/", {"action": "accept"})
    assert response.status_code == 302
    world.a.refresh_from_db()
    assert world.a.centre == world.other_kdm
    assert world.a.caseworker == world.people["caseworker_b"]

    # B now owns every section and edits.
    text = client.get(address(world, "detail")).content.decode()
    assert {"contact", "incidents", "risk", "attachments"} <= sections_shown(text)
    assert client.get(address(world, "attachment")).content == PNG
    incidents = Incident.objects.filter(case=world.a).count()
    assert client.post(address(world, "incident_post"), INCIDENT_FORM).status_code == 302
    assert Incident.objects.filter(case=world.a).count() == incidents + 1

    # A's staff lost it: 404 as for any other centre's record, and they cannot take it back.
    for role in ("caseworker_a", "manager_a"):
        login(client, world, role)
        assert client.get(address(world, "detail")).status_code == 404
        assert client.post(address(world, "incident_post"), INCIDENT_FORM).status_code == 404
        assert world.code not in client.get("/vakalar/").content.decode()
    client.post(f"/vakalar/yonlendirme/{transfer.pk}/", {"action": "revoke"})
    world.a.refresh_from_db()
    assert world.a.centre == world.other_kdm
    assert Incident.objects.filter(case=world.a).count() == incidents + 1


def test_a_referral_without_consent_needs_the_managers_logged_override(client, world):
    login(client, world, "caseworker_a")
    client.post(address(world, "consent"), {"kind": "referral", "granted": "0"})
    world.a.refresh_from_db()
    assert not world.a.referral_consent
    target = {"to_centre": world.shelter.code, "service": "shelter", "sections": ["risk"]}

    # The caseworker: refused, with or without a reason.
    for reason in ("", "Hayati tehlike var"):
        response = refer(client, world, override_reason=reason, **target)
        assert response.status_code == 200
        assert "onam" in response.content.decode()
    # The manager without a reason: refused too.
    response = refer(client, world, by="manager_a", **target)
    assert response.status_code == 200 and "gerekçe" in response.content.decode()
    assert not Referral.objects.filter(to_centre=world.shelter).exists()
    assert not AccessLogEntry.objects.filter(action="override").exists()

    reason = "Hayati tehlike: eşi sığınmaevini arıyor"
    response = refer(client, world, by="manager_a", override_reason=reason, **target)
    assert response.status_code == 302, response.content.decode()
    referral = Referral.objects.get(to_centre=world.shelter)
    assert referral.consent_override and referral.override_reason == reason
    override = AccessLogEntry.objects.get(action="override")
    assert (override.username, override.case_code, override.reason) == (
        "mgr-a",
        world.code,
        reason,
    )
    assert override.centre_code == world.kdm.code
    # The manager reads the override in her access log.
    text = client.get(f"/vakalar/erisim-kaydi/?kod={world.code}").content.decode()
    assert html.escape(reason) in text or reason in text


def test_as_manager_sees_every_read_of_as_record_in_her_access_log(client, world):
    """A receiver's reads are written under the receiver's centre; the owning centre's manager
    reads them too, and B's manager, who has nothing to do with the record, does not."""
    refer(client, world, to_centre=world.shelter.code, service="shelter", sections=["risk"])
    login(client, world, "shelter_staff")
    client.get(address(world, "detail"))
    row = AccessLogEntry.objects.get(username="siginma", action="view")
    assert (row.case_code, row.centre_code) == (world.code, world.shelter.code)
    login(client, world, "manager_a")
    text = client.get(f"/vakalar/erisim-kaydi/?kod={world.code}").content.decode()
    assert re.search(r"<td[^>]*>siginma</td>", text)
    login(client, world, "manager_b")
    text = client.get("/vakalar/erisim-kaydi/").content.decode()
    assert "siginma" not in text and world.code not in text


def test_after_a_transfer_the_new_owner_and_not_the_old_one_controls_the_referrals(client, world):
    refer(client, world, to_centre=world.shelter.code, service="shelter", sections=["risk"])
    to_shelter = Referral.objects.get(case=world.a, to_centre=world.shelter)
    refer(client, world, to_centre=world.other_kdm.code, kind="transfer")
    transfer = Referral.objects.get(case=world.a, kind="transfer")
    login(client, world, "caseworker_b")
    client.post(f"/vakalar/yonlendirme/{transfer.pk}/", {"action": "accept"})
    world.a.refresh_from_db()
    assert world.a.centre == world.other_kdm

    login(client, world, "caseworker_a")  # the old owner
    client.post(f"/vakalar/yonlendirme/{to_shelter.pk}/", {"action": "revoke"})
    to_shelter.refresh_from_db()
    assert to_shelter.status == Referral.Status.PENDING

    login(client, world, "caseworker_b")  # the new owner
    response = client.post(f"/vakalar/yonlendirme/{to_shelter.pk}/", {"action": "revoke"})
    assert response.status_code == 302
    to_shelter.refresh_from_db()
    assert to_shelter.status == Referral.Status.REVOKED
