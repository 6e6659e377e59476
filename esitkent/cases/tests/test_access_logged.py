"""Every case endpoint leaves exactly one access-log row per thing it does (gbv.md §7.9).

The endpoints are the cases app's URL configuration, not a list written here: a new page
fails this test until it is asked below (with the action it must log) or named in
NOT_LOGGED with the reason. Each request is made on its own and must add exactly one row,
with the action, the person and the record expected: no row, two rows or the wrong action
all fail.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import get_resolver
from django.utils import timezone

from esitkent.accounts.models import Role
from esitkent.cases import access_services, call_services, referral_services
from esitkent.cases.models import AccessLogEntry, Case

from .conftest import APPLICATION
from .test_access_matrix import (
    EXPORT_PASSWORD,
    IDENTITY_A,
    INCIDENT_FORM,
    TODAY,
    _upload,
    full_record,
)

pytestmark = pytest.mark.django_db

# Pages that write no row, and why. Everything else must log.
NOT_LOGGED = {
    "calls": "a support-line call holds no identity and opens no record",
    "access_log": "reading the log itself: it is the record of access, not access to a record",
    "access_review": "the administrators' review of accounts reads no record",
}

# (URL name, who asks, method, address, form data, the one action it logs, names the record)
ASKED = [
    ("list", "caseworker", "get", "/vakalar/", None, "list", False),
    ("list", "caseworker", "get", "/vakalar/?kod={code}", None, "search", False),
    ("new", "caseworker", "post", "/vakalar/yeni/", APPLICATION, "create", False),
    (
        "search",
        "caseworker",
        "post",
        "/vakalar/kimlik-ara/",
        {"national_id": IDENTITY_A["national_id"]},
        "search",
        False,
    ),
    ("detail", "caseworker", "get", "/vakalar/{code}/", None, "view", True),
    (
        "reveal",
        "caseworker",
        "post",
        "/vakalar/{code}/iletisim/",
        {"reason": "tebligat"},
        "reveal",
        True,
    ),
    ("identity", "caseworker", "get", "/vakalar/{code}/kimlik/", None, "reveal", True),
    (
        "identity",
        "caseworker",
        "post",
        "/vakalar/{code}/kimlik/",
        {**IDENTITY_A, "name": "Değiştirildi Soyadı"},
        "update",
        True,
    ),
    ("incident", "caseworker", "post", "/vakalar/{code}/olay/", INCIDENT_FORM, "update", True),
    (
        "risk",
        "caseworker",
        "post",
        "/vakalar/{code}/risk/",
        {"assessed_on": f"{TODAY:%Y-%m-%d}", "factors": ["escalation"]},
        "update",
        True,
    ),
    (
        "service",
        "caseworker",
        "post",
        "/vakalar/{code}/hizmet/",
        {"service": "psychological", "status": "needed"},
        "update",
        True,
    ),
    (
        "measure",
        "caseworker",
        "post",
        "/vakalar/{code}/tedbir/",
        {
            "measure": "p_guidance",
            "authority": "judge",
            "starts_on": f"{TODAY:%Y-%m-%d}",
            "duration_days": "30",
        },
        "update",
        True,
    ),
    (
        "consent",
        "caseworker",
        "post",
        "/vakalar/{code}/onam/",
        {"kind": "statistics", "granted": "0"},
        "update",
        True,
    ),
    (
        "follow_up",
        "caseworker",
        "post",
        "/vakalar/{code}/izlem/",
        {"happened_on": f"{TODAY:%Y-%m-%d}", "kind": "phone", "note": "aradım"},
        "update",
        True,
    ),
    (
        "refer",
        "caseworker",
        "post",
        "/vakalar/{code}/yonlendir/",
        {"to_centre": "kdm-balcova", "kind": "referral", "service": "legal", "sections": []},
        "refer",
        True,
    ),
    ("attachment_upload", "caseworker", "post", "/vakalar/{code}/ek/", _upload, "attachment", True),
    (
        "attachment",
        "caseworker",
        "get",
        "/vakalar/{code}/ek/{attachment}/",
        None,
        "attachment",
        True,
    ),
    (
        "referral_respond",
        "shelter_staff",
        "post",
        "/vakalar/yonlendirme/{referral}/",
        {"action": "accept"},
        "respond",
        True,
    ),
    (
        "call_convert",
        "caseworker",
        "post",
        "/vakalar/hat/{call}/vaka/",
        APPLICATION,
        "create",
        False,
    ),
    (
        "export",
        "manager",
        "post",
        "/vakalar/disa-aktar/",
        {"password": EXPORT_PASSWORD, "reason": "denetim"},
        "export",
        False,
    ),
    ("statistics", "manager", "get", "/vakalar/istatistik/", None, "statistics", False),
    (
        "close",
        "caseworker",
        "post",
        "/vakalar/{code}/kapat/",
        {"closed_on": f"{TODAY:%Y-%m-%d}", "reason": "goals_met"},
        "update",
        True,
    ),
]


def case_url_names() -> set[str]:
    resolver = get_resolver()
    _, cases = resolver.namespace_dict["cases"]
    return {name for name in cases.reverse_dict if isinstance(name, str)}


@pytest.fixture
def world(case_user, kdm, shelter):
    caseworker = case_user("cw-a", Role.CENTRE_STAFF, kdm.code)
    case = full_record(kdm, caseworker)
    referral = referral_services.referral_create(
        case=case, by=caseworker, to_centre=shelter, service="shelter", sections=["risk"]
    )
    call = call_services.call_record(
        centre=kdm,
        by=caseworker,
        received_at=timezone.now() - dt.timedelta(hours=1),
        caller_type="self",
        forms=["physical"],
        age_band="30-44",
        district=None,
        outcome="appointment",
    )
    return SimpleNamespace(
        people={
            "caseworker": caseworker,
            "manager": case_user("mgr-a", Role.CENTRE_MANAGER, kdm.code),
            "shelter_staff": case_user("siginma", Role.CENTRE_STAFF, shelter.code),
        },
        case=case,
        attachment=case.attachments.get().pk,
        referral=referral.pk,
        call=call.pk,
    )


def rows_after(last: int) -> list[tuple[str, str, str]]:
    return list(
        AccessLogEntry.objects.filter(pk__gt=last)
        .order_by("pk")
        .values_list("action", "username", "case_code")
    )


def last_row() -> int:
    return AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_every_case_endpoint_is_asked_or_named_as_not_logging():
    asked = {name for name, *_ in ASKED}
    assert asked.isdisjoint(NOT_LOGGED)
    assert asked | set(NOT_LOGGED) == case_url_names()


def ask_all(client, world, asked) -> dict[str, tuple[int, list]]:
    """Each request of `asked` on its own; what it answered and logged, where that is not
    the one expected row."""
    code = world.case.survivor_code
    wrong = {}
    for name, who, method, url, data, action, names_record in asked:
        client.force_login(world.people[who])
        url = url.format(
            code=code, attachment=world.attachment, referral=world.referral, call=world.call
        )
        data = data() if callable(data) else data
        before = last_row()
        response = getattr(client, method)(url, data or {})
        expected = [(action, world.people[who].username, code if names_record else "")]
        got = rows_after(before)
        if not names_record:  # a new record's code is not known before the request
            got = [(a, u, "" if a == "create" else c) for a, u, c in got]
        if response.status_code not in (200, 302) or got != expected:
            wrong[f"{method.upper()} {url} [{name}]"] = (response.status_code, got)
    return wrong


def test_each_endpoint_logs_exactly_one_row_with_its_action(client, world):
    assert ask_all(client, world, ASKED) == {}
    assert Case.objects.get(pk=world.case.pk).status == "closed"  # the last step really ran


@pytest.mark.parametrize("fault", ["silent", "twice"])
def test_a_page_that_logs_nothing_or_twice_is_caught(client, world, monkeypatch, fault):
    """The control: with the record page's logging switched off, or doubled, the same check
    names the page."""
    from esitkent.cases import views

    real = access_services.access_record

    def faulty(*, action, **kwargs):
        if action != AccessLogEntry.Action.VIEW:
            return real(action=action, **kwargs)
        for _ in range(0 if fault == "silent" else 2):
            real(action=action, **kwargs)

    monkeypatch.setattr(views.access_services, "access_record", faulty)
    detail = [entry for entry in ASKED if entry[0] == "detail"]
    url = f"GET /vakalar/{world.case.survivor_code}/ [detail]"
    assert list(ask_all(client, world, detail)) == [url]


def test_not_logged_pages_really_write_nothing(client, world, admin_user):
    """What NOT_LOGGED claims is true today; if one of them starts to log, move it to ASKED."""
    asks = {
        "calls": ("caseworker", "/vakalar/hat/"),
        "access_log": ("manager", "/vakalar/erisim-kaydi/"),
        "access_review": (None, "/vakalar/erisim-incelemesi/"),
    }
    assert set(asks) == set(NOT_LOGGED)
    written = {}
    for name, (who, url) in asks.items():
        client.force_login(world.people[who] if who else admin_user)
        before = last_row()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if rows_after(before):
            written[name] = rows_after(before)
    assert written == {}
