"""How the case records are protected when access control is not the question: what the
database holds, the blind index, key rotation, the append-only access log, two-factor login,
the idle timeout, lockout, caching, the confidential address, error reports, the encrypted
export, retention and escaping (gbv.md §7.4–7.11)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import zipfile
from collections import Counter
from io import StringIO
from types import SimpleNamespace

import pytest
import pyzipper
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.views.debug import ExceptionReporter

from esitkent.accounts import middleware
from esitkent.accounts.models import Role
from esitkent.cases import (
    call_services,
    care_services,
    referral_services,
    services,
)
from esitkent.cases.models import (
    AccessLogEntry,
    Case,
    CaseAttachment,
    CaseService,
    Consent,
    FollowUp,
    Incident,
    ProtectiveMeasure,
    Referral,
    RiskAssessment,
    SupportLineCall,
)
from esitkent.core import crypto

from .conftest import APPLICATION, CLOSURE_NOTE, DEMOGRAPHICS, synthetic_cases
from .test_access_matrix import (
    APPLIED,
    EXPORT_PASSWORD,
    FOLLOW_UP_NOTE_A,
    IDENTITY_A,
    NARRATIVE_A,
    SAFETY_PLAN_A,
    SERVICE_NOTE_A,
    TODAY,
    full_record,
    leaks,
)

pytestmark = pytest.mark.django_db

APPLICATION_IDENTITY = [APPLICATION[f] for f in ("name", "national_id", "phone", "address")]


# --- The blind index -----------------------------------------------------------------------------


def test_the_national_id_is_found_by_the_exact_number_only(client, record, centre_a):
    number = IDENTITY_A["national_id"]
    stored = Case.objects.get(pk=record.pk).national_id_index
    assert stored and stored != number and number not in stored
    assert stored not in {
        hashlib.sha256(number.encode()).hexdigest(),
        hashlib.sha256(number.encode()).hexdigest()[:40],
        hashlib.sha1(number.encode()).hexdigest(),
        hashlib.md5(number.encode()).hexdigest(),
    }
    assert stored == crypto.blind_index(number)

    client.force_login(centre_a.caseworker)

    def found(typed: str) -> bool:
        response = client.post("/vakalar/kimlik-ara/", {"national_id": typed})
        assert response.status_code == 200
        return record.survivor_code in response.content.decode()

    assert found("887 789 328 22")
    assert found(" 88778932822 ")
    assert not found(number[:6])  # a prefix finds nothing
    assert not found(number[:-1])
    assert not found("88778932823")  # one digit off
    assert not found(stored)  # nor the index itself
    # The number never reaches an address or the log.
    assert not AccessLogEntry.objects.filter(detail__contains=number[:6]).exists()


def test_the_blind_index_depends_on_its_own_key(settings):
    number = IDENTITY_A["national_id"]
    first = crypto.blind_index(number)
    settings.FIELD_BLIND_INDEX_KEY = "başka-bir-anahtar"
    assert crypto.blind_index(number) != first


# --- The access log ------------------------------------------------------------------------------


def test_the_access_log_cannot_be_changed_or_deleted(record):
    entry = AccessLogEntry.objects.order_by("pk").first()
    original = (entry.pk, entry.action, entry.detail, entry.case_code)
    count = AccessLogEntry.objects.count()

    entry.detail = "değiştirildi"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    # (bulk_update's own atomic block has no savepoint: each attempt gets one here.)
    attempts = {
        "update": lambda: AccessLogEntry.objects.filter(pk=entry.pk).update(detail="x"),
        "delete": lambda: AccessLogEntry.objects.filter(pk=entry.pk).delete(),
        "delete all": lambda: AccessLogEntry.objects.all().delete(),
        "bulk_update": lambda: AccessLogEntry.objects.bulk_update([entry], ["detail"]),
        "update_or_create": lambda: AccessLogEntry.objects.update_or_create(
            pk=entry.pk, defaults={"detail": "x"}
        ),
    }
    for name, attempt in attempts.items():
        with pytest.raises(PermissionError), transaction.atomic():
            attempt()
            pytest.fail(name)

    # The database refuses too, whoever asks: raw SQL, and the ORM's raw delete.
    table = AccessLogEntry._meta.db_table
    for statement in (
        f"UPDATE {table} SET detail = 'değiştirildi' WHERE id = %s",
        f"UPDATE {table} SET case_code = ''",
        f"DELETE FROM {table} WHERE id = %s",
        f"DELETE FROM {table}",
    ):
        params = [entry.pk] if "%s" in statement else []
        with (
            pytest.raises(DatabaseError) as refused,
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, params)
        assert "append-only" in str(refused.value), statement
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk)._raw_delete(connection.alias)
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {table}")

    fresh = AccessLogEntry.objects.get(pk=entry.pk)
    assert (fresh.pk, fresh.action, fresh.detail, fresh.case_code) == original
    assert AccessLogEntry.objects.count() == count


def test_a_full_flow_leaves_no_sensitive_value_in_the_log(client, centre_a, kdm):
    """An application, an incident, a risk assessment, a search by number, the identity form,
    a reveal, a follow-up, a closure and an export, all through the pages."""
    client.force_login(centre_a.caseworker)
    application = {**APPLICATION, "applied_on": f"{APPLIED:%Y-%m-%d}", "confidential_address": "on"}
    assert client.post("/vakalar/yeni/", application).status_code == 302
    case = Case.objects.get()
    code = case.survivor_code
    narrative, plan, note = "Gizli anlatım ÇŞĞ", "Gizli plan ÇŞĞ", "Gizli izlem ÇŞĞ"
    steps = [
        (
            f"/vakalar/{code}/olay/",
            {"forms": ["physical"], "relationship": "partner", "perpetrator_count": "1"}
            | {"narrative": narrative, "q_physical": "on"},
        ),
        (f"/vakalar/{code}/risk/", {"assessed_on": f"{TODAY:%Y-%m-%d}", "safety_plan": plan}),
        (
            f"/vakalar/{code}/izlem/",
            {"happened_on": f"{TODAY:%Y-%m-%d}", "kind": "phone", "note": note},
        ),
        (f"/vakalar/{code}/iletisim/", {"reason": "Mahkeme tebligatı için"}),
        ("/vakalar/kimlik-ara/", {"national_id": APPLICATION["national_id"]}),
        (
            f"/vakalar/{code}/kapat/",
            {"closed_on": f"{TODAY:%Y-%m-%d}", "reason": "goals_met", "note": CLOSURE_NOTE},
        ),
    ]
    for url, data in steps:
        assert client.post(url, data).status_code in (200, 302), url
    assert client.get(f"/vakalar/{code}/kimlik/").status_code == 200
    assert client.get(f"/vakalar/?kod={code}").status_code == 200
    assert client.get(f"/vakalar/{code}/").status_code == 200
    client.force_login(centre_a.manager)
    export = client.post("/vakalar/disa-aktar/", {"password": EXPORT_PASSWORD, "reason": "denetim"})
    assert export["Content-Type"] == "application/zip"
    log_page = client.get("/vakalar/erisim-kaydi/").content.decode()

    case.refresh_from_db()
    assert case.status == "closed" and case.incidents.get().narrative == narrative
    rows = list(AccessLogEntry.objects.values_list("username", "detail", "reason", "case_code"))
    # One row per thing done: the four writes after the application, the reveal, the number
    # search and the code search, the record view and the export (the identity page of a
    # confidential record asks for a reason first and logs nothing; reading the log neither).
    actions = Counter(AccessLogEntry.objects.values_list("action", flat=True))
    assert actions == Counter(create=1, update=4, reveal=1, search=2, view=1, export=1)
    values = [*APPLICATION_IDENTITY, APPLICATION["safe_contact"], "05551112233", narrative]
    values += [plan, note, CLOSURE_NOTE, EXPORT_PASSWORD]
    assert leaks("\n".join(map(str, rows)), values) == []
    assert leaks(log_page, values) == []


def test_a_number_typed_into_a_record_address_is_not_written_to_the_log(client, centre_a):
    client.force_login(centre_a.caseworker)
    assert client.get(f"/vakalar/{IDENTITY_A['national_id']}/").status_code == 404
    rows = AccessLogEntry.objects.values_list("detail", "reason")
    assert leaks(str(list(rows)), [IDENTITY_A["national_id"]]) == []


# --- Two-factor login, idle timeout, lockout ---------------------------------------------------------


@pytest.mark.parametrize("role", [Role.CENTRE_STAFF, Role.CENTRE_MANAGER])
def test_a_case_role_without_an_authenticator_is_sent_to_enrol(client, make_user, record, role):
    user = make_user("kayitsiz", role, "kdm-karsiyaka")
    client.force_login(user)
    activate = reverse("mfa_activate_totp")
    for url in (
        f"/vakalar/{record.survivor_code}/",
        "/vakalar/",
        f"/vakalar/?kod={record.survivor_code}",
        "/vakalar/erisim-kaydi/",
        "/vakalar/istatistik/",
    ):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, activate), url
        assert record.survivor_code not in response.content.decode()
    response = client.post("/vakalar/kimlik-ara/", {"national_id": IDENTITY_A["national_id"]})
    assert (response.status_code, response["Location"]) == (302, activate)
    page = client.get(activate, follow=True)
    assert record.survivor_code not in page.content.decode()
    assert not AccessLogEntry.objects.filter(username="kayitsiz").exists()


def test_a_network_coordinator_without_an_authenticator_is_sent_to_enrol(client, make_user):
    client.force_login(make_user("ag-kayitsiz", Role.NETWORK_COORDINATOR))
    response = client.get("/vakalar/istatistik/")
    assert (response.status_code, response["Location"]) == (302, reverse("mfa_activate_totp"))


@pytest.fixture
def clock(monkeypatch):
    """The idle-timeout middleware's clock, moved by hand."""
    now = [1_800_000_000.0]
    monkeypatch.setattr(middleware, "time", SimpleNamespace(time=lambda: now[0]))
    return now


def test_an_idle_case_session_is_signed_out(client, settings, clock, record, centre_a):
    settings.CASE_IDLE_TIMEOUT_SECONDS = 1
    client.force_login(centre_a.caseworker)
    detail = f"/vakalar/{record.survivor_code}/"
    assert client.get("/vakalar/").status_code == 200
    clock[0] += 1  # within the limit: still in
    assert client.get(detail).status_code == 200

    clock[0] += 5
    response = client.get(detail)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")
    assert record.survivor_code not in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Signed out for good: the next request, even at once, goes to the login page.
    again = client.get("/vakalar/")
    assert again.status_code == 302 and again["Location"].startswith(reverse("account_login"))


def test_a_plan_coordinator_is_not_timed_out(client, settings, clock, make_user):
    settings.CASE_IDLE_TIMEOUT_SECONDS = 1
    client.force_login(make_user("plan-koord", Role.COORDINATOR))
    assert client.get("/planlar/").status_code == 200
    clock[0] += 3600
    assert client.get("/planlar/").status_code == 200
    assert "_auth_user_id" in client.session


TOO_MANY = "Çok fazla hatalı giriş yapıldı"  # allauth's too_many_login_attempts, in Turkish


def _sign_in(client, username: str, password: str):
    return client.post(reverse("account_login"), {"login": username, "password": password})


def test_five_failed_logins_lock_a_case_account(client, centre_a):
    """allauth's login_failed limit (5 in 5 minutes per account): the sixth
    attempt is refused even with the right password, with a form error (allauth answers 200,
    not 429). The count lives in the database cache, shared by every worker."""
    username = centre_a.caseworker.username
    for _ in range(5):
        wrong = _sign_in(client, username, "yanlış-parola")
        assert wrong.status_code == 200 and TOO_MANY not in wrong.content.decode()
    locked = _sign_in(client, username, "parola-uzun-123")
    assert locked.status_code == 200
    assert TOO_MANY in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("mfa_authenticate")).status_code != 200  # no second step either
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {django_settings.CACHES['default']['LOCATION']}")
        assert cursor.fetchone()[0] >= 1
    # The manager, from the same address, is not locked out by her colleague's failures: the
    # per-address bound is higher (issue 14, finding 4; accounts/tests/test_proxy_lockout.py).
    other = _sign_in(client, centre_a.manager.username, "parola-uzun-123")
    assert other.status_code == 302 and other["Location"] == reverse("mfa_authenticate")


def test_the_right_password_before_the_limit_goes_on_to_the_second_factor(client, centre_a):
    """The control of the lockout test: after four failures the password still works, and a
    case role is asked for her authenticator code next."""
    for _ in range(4):
        _sign_in(client, centre_a.caseworker.username, "yanlış")
    response = _sign_in(client, centre_a.caseworker.username, "parola-uzun-123")
    assert (response.status_code, response["Location"]) == (302, reverse("mfa_authenticate"))
    assert "_auth_user_id" not in client.session  # not before the code


# --- No caching ----------------------------------------------------------------------------------


def test_every_case_page_is_no_store(client, record, centre_a):
    services.case_reopen(case=record, by=centre_a.caseworker, reason="yeniden başvurdu")
    call = call_services.call_record(
        centre=centre_a.centre,
        by=centre_a.caseworker,
        received_at=timezone.now(),
        caller_type="self",
        forms=[],
        age_band="30-44",
        district=None,
        outcome="information",
    )
    code = record.survivor_code
    attachment = record.attachments.get().pk
    client.force_login(centre_a.manager)
    pages = {
        f"/vakalar/{code}/{part}/"
        for part in ("kimlik", "olay", "risk", "hizmet", "tedbir", "onam", "izlem", "kapat")
    }
    pages |= {"/vakalar/", f"/vakalar/?kod={code}", "/vakalar/yeni/", f"/vakalar/{code}/"}
    pages |= {"/vakalar/hat/", f"/vakalar/hat/{call.pk}/vaka/", "/vakalar/disa-aktar/"}
    pages |= {"/vakalar/erisim-kaydi/", "/vakalar/istatistik/", f"/vakalar/{code}/yonlendir/"}
    pages |= {f"/vakalar/{code}/ek/{attachment}/"}
    missing = {}
    for url in sorted(pages):
        response = client.get(url)
        assert response.status_code == 200, url
        if "no-store" not in response.get("Cache-Control", ""):
            missing[url] = response.get("Cache-Control")
    posts = {
        f"/vakalar/{code}/iletisim/": {"reason": "tebligat"},
        "/vakalar/kimlik-ara/": {"national_id": IDENTITY_A["national_id"]},
        "/vakalar/disa-aktar/": {"password": EXPORT_PASSWORD, "reason": "denetim"},
        f"/vakalar/{code}/olay/": {"forms": []},  # refused: the form comes back filled in
    }
    for url, data in posts.items():
        response = client.post(url, data)
        assert response.status_code == 200, url
        if "no-store" not in response.get("Cache-Control", ""):
            missing[f"POST {url}"] = response.get("Cache-Control")
    assert missing == {}


# --- The confidential address ------------------------------------------------------------------


@pytest.fixture
def confidential(centre_a):
    return full_record(centre_a.centre, centre_a.caseworker, confidential_address=True)


def test_a_confidential_address_is_shown_only_through_the_logged_reveal(
    client, confidential, centre_a
):
    code = confidential.survivor_code
    identity = list(IDENTITY_A.values())
    client.force_login(centre_a.caseworker)
    page = client.get(f"/vakalar/{code}/")
    assert page.status_code == 200
    assert leaks(page.content.decode(), identity) == []
    assert f"/vakalar/{code}/iletisim/" in page.content.decode()  # the reveal form

    # No reason, no reveal (and nothing logged).
    response = client.post(f"/vakalar/{code}/iletisim/", {"reason": ""})
    assert response.status_code == 302 and response["Location"] == f"/vakalar/{code}/"
    assert not AccessLogEntry.objects.filter(action="reveal").exists()
    assert client.get(f"/vakalar/{code}/iletisim/").status_code == 302

    reason = "Koruma kararı tebligatı"
    shown = client.post(f"/vakalar/{code}/iletisim/", {"reason": reason})
    assert shown.status_code == 200 and "no-store" in shown["Cache-Control"]
    assert sorted(leaks(shown.content.decode(), identity)) == sorted(identity)
    row = AccessLogEntry.objects.get(action="reveal")
    assert (row.username, row.case_code, row.reason) == ("cw-a", code, reason)
    # Shown once: the record's page hides it again.
    assert leaks(client.get(f"/vakalar/{code}/").content.decode(), identity) == []

    # Never in the list, the search results, the access log or the export.
    pages = [
        client.get("/vakalar/"),
        client.get(f"/vakalar/?kod={code}"),
        client.post("/vakalar/kimlik-ara/", {"national_id": IDENTITY_A["national_id"]}),
    ]
    client.force_login(centre_a.manager)
    pages.append(client.get("/vakalar/erisim-kaydi/"))
    for response in pages:
        assert response.status_code == 200
        assert leaks(response.content.decode(), identity) == []
    assert code in pages[0].content.decode()
    export = client.post("/vakalar/disa-aktar/", {"password": EXPORT_PASSWORD, "reason": "denetim"})
    text = exported_csv(export.content)
    assert code in text and leaks(text, identity) == []


def test_the_identity_form_does_not_bypass_the_reveal_reason(client, confidential, centre_a):
    client.force_login(centre_a.caseworker)
    page = client.get(f"/vakalar/{confidential.survivor_code}/kimlik/")
    assert page.status_code == 200
    assert leaks(page.content.decode(), list(IDENTITY_A.values())) == []


# --- Error reports -------------------------------------------------------------------------------


def _error_report(caplog) -> str:
    """The report Django's AdminEmailHandler would send (text and HTML), built from the
    logged error as that handler builds it."""
    record = next(r for r in caplog.records if r.name == "django.request" and r.exc_info)
    reporter = ExceptionReporter(record.request, *record.exc_info, is_email=True)
    return reporter.get_traceback_text() + reporter.get_traceback_html()


def _logged(caplog) -> str:
    lines = [caplog.text]
    for record in caplog.records:
        lines += [record.getMessage(), repr(record.args), str(record.exc_text or "")]
    return "\n".join(lines)


def _fail_application(client, user, monkeypatch, where: str):
    def broken(*args, **kwargs):
        raise RuntimeError("veritabanı yanıt vermiyor")

    # Signed in first: sessions are encrypted too, and the failure under test is the intake's.
    client.force_login(user)
    if where == "service":
        monkeypatch.setattr(services, "case_open", broken)
    elif where == "database":
        monkeypatch.setattr(services, "_new_code", broken)
    else:
        keys = crypto._current()

        class Unwritable:  # reads as before; any write fails
            encrypt = staticmethod(broken)
            decrypt = staticmethod(keys.decrypt)

        monkeypatch.setattr(crypto, "_current", Unwritable)
    client.raise_request_exception = False
    return client.post("/vakalar/yeni/", APPLICATION, HTTP_ACCEPT="text/html")


ERROR_REPORT_HOLE = (
    "HOLE: views.case_page hides the POSTed fields (sensitive_post_parameters) but not the "
    "local variables of the frames below the view, which Django's error report prints: the "
    "identity dict and `number` in services.case_open, QuerySet.create(**kwargs), a service's "
    "arguments. Fix: add @sensitive_variables() to case_page's wrapper (checked: Django looks "
    "for the decorator among every frame's callers, so all frames under a case view are "
    "cleansed and these three tests pass)."
)


@pytest.mark.parametrize("where", ["service", "database", "encryption"])
def test_an_error_in_the_application_puts_no_identity_in_the_error_report(
    client, settings, centre_a, monkeypatch, caplog, where
):
    """The intake fails in the service (its first line), while it writes (making the code),
    or in the encryption; the error e-mail Django would send must carry no identity."""
    settings.DEBUG = False
    caplog.set_level(logging.DEBUG)

    response = _fail_application(client, centre_a.caseworker, monkeypatch, where)

    assert response.status_code == 500
    assert not Case.objects.exists()
    assert leaks(response.content.decode(), APPLICATION_IDENTITY) == []
    assert leaks(_logged(caplog), APPLICATION_IDENTITY) == []
    report = _error_report(caplog)
    assert "veritabanı yanıt vermiyor" in report and "national_id" in report
    assert leaks(report, APPLICATION_IDENTITY) == []


def test_an_error_in_the_view_itself_hides_the_posted_identity(
    client, settings, centre_a, monkeypatch, caplog
):
    """What case_page already does: the POSTed fields are starred in the report."""
    from esitkent.cases import forms

    def broken(self):
        raise RuntimeError("form bozuk")

    settings.DEBUG = False
    caplog.set_level(logging.DEBUG)
    monkeypatch.setattr(forms.ApplicationForm, "application", broken)
    client.force_login(centre_a.caseworker)
    client.raise_request_exception = False
    response = client.post("/vakalar/yeni/", APPLICATION)
    assert response.status_code == 500
    report = _error_report(caplog)
    assert "form bozuk" in report and "national_id" in report
    assert leaks(report, APPLICATION_IDENTITY) == []


# --- The export ----------------------------------------------------------------------------------


def exported_csv(data: bytes, password: str = EXPORT_PASSWORD) -> str:
    with pyzipper.AESZipFile(io.BytesIO(data)) as archive:
        archive.setpassword(password.encode())
        names = archive.namelist()
        assert len(names) == 1 and names[0].endswith(".csv")
        return archive.read(names[0]).decode("utf-8-sig")


def test_the_export_is_an_aes_zip_of_codes_without_identity(client, record, centre_a, other_kdm):
    other = services.case_open(
        centre=other_kdm,
        by=centre_a.manager,
        applied_on=APPLIED,
        channel="walk_in",
        demographics=dict(DEMOGRAPHICS),
        referral_consent=False,
        statistics_consent=False,
        log=False,
    )
    synthetic_cases(centre_a.centre, count=5)
    client.force_login(centre_a.manager)
    reason = "Bakanlık denetimi"
    response = client.post("/vakalar/disa-aktar/", {"password": EXPORT_PASSWORD, "reason": reason})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="vakalar-kdm-karsiyaka')
    assert "no-store" in response["Cache-Control"]
    data = response.content

    text = exported_csv(data)
    assert record.survivor_code in text and other.survivor_code not in text
    assert len(text.strip().splitlines()) == 1 + 1 + 5
    secrets = [*IDENTITY_A.values(), NARRATIVE_A, SAFETY_PLAN_A, SERVICE_NOTE_A, FOLLOW_UP_NOTE_A]
    secrets += [CLOSURE_NOTE, "Örnek Kişi", "Örnek Mahallesi"]
    assert leaks(text, secrets) == []
    for password in ("", "yanlış-parola-1234", EXPORT_PASSWORD.upper()):
        with pytest.raises(RuntimeError):
            exported_csv(data, password)
    with zipfile.ZipFile(io.BytesIO(data)) as plain:  # no tool opens it without the password
        info = plain.infolist()[0]
        assert info.flag_bits & 0x1  # encrypted
        with pytest.raises(RuntimeError):
            plain.read(info)
    assert leaks(data.decode("latin-1"), [record.survivor_code, *secrets]) == []

    row = AccessLogEntry.objects.get(action="export")
    assert (row.username, row.centre_code, row.reason) == ("mgr-a", "kdm-karsiyaka", reason)
    assert EXPORT_PASSWORD not in str(AccessLogEntry.objects.values_list().all()[:1000])


def test_the_export_needs_a_long_password_and_a_manager(client, record, centre_a):
    client.force_login(centre_a.manager)
    short = client.post("/vakalar/disa-aktar/", {"password": "kısa-parola", "reason": "x"})
    assert short.status_code == 200 and short["Content-Type"].startswith("text/html")
    assert not AccessLogEntry.objects.filter(action="export").exists()

    client.force_login(centre_a.caseworker)
    for response in (
        client.get("/vakalar/disa-aktar/"),
        client.post("/vakalar/disa-aktar/", {"password": EXPORT_PASSWORD, "reason": "x"}),
    ):
        assert response.status_code == 403
        assert not response.content.startswith(b"PK")
    assert not AccessLogEntry.objects.filter(action="export").exists()
    assert (
        AccessLogEntry.objects.filter(
            username="cw-a", action="denied", detail="dışa aktarma"
        ).count()
        == 2
    )


# --- Retention -----------------------------------------------------------------------------------


def _years_ago(years: int) -> dt.date:
    return TODAY.replace(year=TODAY.year - years, day=min(TODAY.day, 28))


def test_records_past_retention_are_destroyed_and_the_log_keeps_their_codes(centre_a, shelter):
    by = centre_a.caseworker
    old = full_record(centre_a.centre, by, applied_on=_years_ago(12))
    referral_services.referral_create(case=old, by=by, to_centre=shelter, sections=["risk"])
    call = call_services.call_record(
        centre=centre_a.centre,
        by=by,
        received_at=timezone.now(),
        caller_type="self",
        forms=[],
        age_band="30-44",
        district=None,
        outcome="information",
    )
    SupportLineCall.objects.filter(pk=call.pk).update(case=old)
    services.case_close(case=old, by=by, closed_on=_years_ago(11), reason="goals_met")
    recent = full_record(centre_a.centre, by, applied_on=_years_ago(3))
    services.case_close(case=recent, by=by, closed_on=_years_ago(1), reason="goals_met")
    still_open = full_record(centre_a.centre, by, applied_on=_years_ago(12))
    children = (Incident, RiskAssessment, CaseService, ProtectiveMeasure, FollowUp, Consent)
    children += (CaseAttachment, Referral)

    out = StringIO()
    call_command("purge_expired_cases", stdout=out)

    assert not Case.objects.filter(pk=old.pk).exists()
    assert {c: c.objects.filter(case_id=old.pk).count() for c in children} == dict.fromkeys(
        children, 0
    )
    assert set(Case.objects.values_list("pk", flat=True)) == {recent.pk, still_open.pk}
    for kept in (recent, still_open):
        assert Incident.objects.filter(case=kept).exists()
        assert CaseAttachment.objects.filter(case=kept).exists()
    call.refresh_from_db()
    assert call.case is None  # the anonymous call stays, unlinked
    purge = AccessLogEntry.objects.get(action="purge")
    assert purge.case_code == old.survivor_code and purge.centre_code == "kdm-karsiyaka"
    assert leaks(purge.detail + purge.reason, [*IDENTITY_A.values(), NARRATIVE_A]) == []
    # The rest of her log stays too: the log is never rewritten.
    assert AccessLogEntry.objects.filter(case_code=old.survivor_code).count() > 1
    assert old.survivor_code in out.getvalue()
    # A second run finds nothing more.
    call_command("purge_expired_cases", stdout=StringIO())
    assert AccessLogEntry.objects.filter(action="purge").count() == 1


# --- Escaping ------------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"


def test_free_text_is_escaped_wherever_it_is_shown(client, case_user, centre_a, shelter):
    by = centre_a.caseworker
    case = services.case_open(
        centre=centre_a.centre,
        by=by,
        applied_on=APPLIED,
        channel="walk_in",
        demographics=dict(DEMOGRAPHICS),
        identity={"name": SCRIPT, "phone": SCRIPT, "address": SCRIPT, "safe_contact": SCRIPT},
        referral_consent=True,
        statistics_consent=True,
    )
    client.force_login(by)
    code = case.survivor_code
    posted = client.post(
        f"/vakalar/{code}/olay/",
        {
            "forms": ["physical"],
            "relationship": "partner",
            "perpetrator_count": "1",
            "narrative": SCRIPT,
        },
    )
    assert posted.status_code == 302
    care_services.risk_assess(case=case, by=by, assessed_on=TODAY, factors=[], safety_plan=SCRIPT)
    care_services.follow_up_record(case=case, by=by, happened_on=TODAY, kind="phone", note=SCRIPT)
    referral_services.referral_create(
        case=case, by=by, to_centre=shelter, sections=["risk", "contact"], note=SCRIPT
    )
    assert case.incidents.get().narrative == SCRIPT

    pages = {
        "detail": client.get(f"/vakalar/{code}/"),
        "reveal": client.post(f"/vakalar/{code}/iletisim/", {"reason": SCRIPT}),
        "identity": client.get(f"/vakalar/{code}/kimlik/"),
        "list": client.get(f"/vakalar/?kod={SCRIPT}"),
    }
    client.force_login(centre_a.manager)
    pages["log"] = client.get(f"/vakalar/erisim-kaydi/?kod={SCRIPT}")
    pages["log_all"] = client.get("/vakalar/erisim-kaydi/")
    client.force_login(case_user("siginma", Role.CENTRE_STAFF, shelter.code))
    pages["receiver"] = client.get(f"/vakalar/{code}/")
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    for name, response in pages.items():
        text = response.content.decode()
        assert response.status_code == 200, name
        assert SCRIPT not in text, name
    assert pages["detail"].content.decode().count(escaped) >= 4  # narrative, plan, note, name
    assert escaped in pages["receiver"].content.decode()
    assert escaped in pages["reveal"].content.decode()
    assert escaped in pages["log_all"].content.decode()  # the reveal's reason


# --- CSRF ----------------------------------------------------------------------------------------


def test_a_case_form_posted_from_another_site_is_refused(record, centre_a):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(centre_a.caseworker)
    code = record.survivor_code
    incidents = Incident.objects.filter(case=record).count()
    for url, data in {
        f"/vakalar/{code}/olay/": {"forms": ["physical"], "relationship": "partner"}
        | {"perpetrator_count": "1", "narrative": "sahte"},
        f"/vakalar/{code}/iletisim/": {"reason": "sahte"},
        "/vakalar/kimlik-ara/": {"national_id": IDENTITY_A["national_id"]},
    }.items():
        response = browser.post(url, data)
        assert response.status_code == 403, url
        assert leaks(response.content.decode(), [*IDENTITY_A.values(), code]) == [], url
    assert Incident.objects.filter(case=record).count() == incidents
    assert not AccessLogEntry.objects.filter(action__in=["reveal", "search"]).exists()
