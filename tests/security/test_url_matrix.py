"""Issue 14, deliver 7: every URL of the URL configuration, GET and POST, as every identity.

The URLs come from `get_resolver()`, their parameters from real objects (urls.PROVIDERS), the
expectations from policy.POLICY. Each identity asks every address once with GET and once with
an empty POST, and the failures of all addresses come back as one list: an allowed identity
must get its page (2xx or a redirect that is not to a login), anyone else the one refusal
policy.refusal names for that address, identity and method (the login page with the address
to come back to, the admin's login, 401, 403, 404 or 405: no other refusal passes), never a
server error, and a refused POST must leave every table's row count as it was.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

import pytest

from .asking import back_after_login, changed, outcome, row_counts
from .conftest import IDENTITIES
from .policy import (
    ADMINS,
    LOGIN_STEPS,
    NETWORK,
    POLICY,
    RENDERED_ELSEWHERE,
    allowed,
    is_lenient,
    refusal,
)
from .urls import UnknownParameter, address, parameters, routes

pytestmark = pytest.mark.django_db

# Findings this suite has shown and that are not fixed yet: (URL name, identity, method) →
# why. Left out of the matrix and asserted, one by one, as strict xfails below.
KNOWN: dict[tuple[str, str, str], str] = {}


def _login(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.cookies.get("sessionid") and client.cookies["sessionid"].value


def verdict(route, identity: str, method: str, response) -> str | None:
    """What is wrong with this answer, or None."""
    route_name, got = route.name, outcome(response)
    if response.status_code >= 500:
        return f"server error {response.status_code}"
    gets, posts = allowed(route_name)
    if identity in (gets if method == "GET" else posts):
        if is_lenient(route_name):  # her own account: anything but a server error or a login
            return None if got not in ("login", "admin-login") else f"allowed, got {got}"
        if method == "POST":
            return None if got not in ("login", "admin-login", "2fa") else f"allowed, got {got}"
        return None if got == "ok" else f"allowed, got {got}"
    expected = refusal(route_name, identity, method, bool(parameters(route)))
    if got != expected:
        return f"should be refused with {expected}, got {got}"
    leads_back = got not in ("login", "admin-login") or route_name in LOGIN_STEPS
    if not (leads_back or back_after_login(response)):
        return f"the login does not lead back: {response['Location']}"
    return None


def ask_everything(client, world, identity: str) -> list[str]:
    client.raise_request_exception = False  # a server error is a finding, not a crash
    user = world.people[identity]
    session = _login(client, user)
    failures, asked = [], []
    for route in routes():
        try:
            asked.append((route, address(world, route)))
        except UnknownParameter as missing:
            failures.append(
                f"{route.route}: no value for the parameter '{missing}' in urls.PROVIDERS"
            )
    # Every GET first, on the untouched world; then the POSTs, which may publish, withdraw
    # or sign out.
    for method in ("GET", "POST"):
        for route, url in asked:
            gets, posts = allowed(route.name)
            allowed_here = gets if method == "GET" else posts
            if (route.name, identity, method) in KNOWN:
                continue
            if identity in allowed_here and route.name in RENDERED_ELSEWHERE:
                continue
            before = None if identity in allowed_here or method == "GET" else row_counts()
            response = client.get(url) if method == "GET" else client.post(url, {})
            problem = verdict(route, identity, method, response)
            if problem is None and before is not None and (diff := changed(before, row_counts())):
                problem = f"refused, but rows changed: {diff}"
            if problem:
                failures.append(f"{method} {url} [{route.name}]: {problem}")
            # A logout, a password change or an idle timeout ends the session: sign in again.
            if client.cookies.get("sessionid") is None or (
                client.cookies["sessionid"].value != session
            ):
                session = _login(client, user)
    return failures


@pytest.mark.parametrize("identity", IDENTITIES)
def test_every_url_answers_every_identity_as_the_policy_says(client, world, identity):
    failures = ask_everything(client, world, identity)
    assert not failures, f"{identity}: {len(failures)} answers off the policy\n" + "\n".join(
        failures
    )


if KNOWN:  # pytest would report an empty parametrisation as a skip

    @pytest.mark.parametrize(
        ("name", "identity", "method"),
        [
            pytest.param(*key, marks=pytest.mark.xfail(strict=True, reason=reason))
            for key, reason in KNOWN.items()
        ],
    )
    def test_known_finding(client, world, name, identity, method):
        client.raise_request_exception = False
        route = next(r for r in routes() if r.name == name)
        url = address(world, route)
        _login(client, world.people[identity])
        response = client.get(url) if method == "GET" else client.post(url, {})
        assert verdict(route, identity, method, response) is None


# --- The policy itself keeps the rules -------------------------------------------------

PUBLIC_FOR_NO_ROLE = (
    "portal:*",
    "start:home",
    "account_*",
    "accounts_*",
    "mfa_*",
    "set_language",
    "api:openapi-*",
    "admin:logout",
)


def test_every_url_has_a_value_for_each_of_its_parameters(world):
    """A URL whose parameter nobody knows how to fill fails here, named, instead of being
    quietly left out of the matrix."""
    missing = []
    for route in routes():
        try:
            address(world, route)
        except UnknownParameter as parameter:
            missing.append(f"{route.route}: '{parameter}'")
    assert missing == []


def test_a_user_with_no_role_is_given_only_public_pages():
    opened = {
        route.name
        for route in routes()
        if "no_role" in allowed(route.name)[0] | allowed(route.name)[1]
    }
    off = {
        name
        for name in opened
        if not any(fnmatchcase(name, p) for p in PUBLIC_FOR_NO_ROLE)
        and not name.startswith("api:")  # the API's anonymous reads, checked just below
    }
    assert off == set()
    assert all("anonymous" in allowed(n)[0] for n in opened if n.startswith("api:"))


def test_no_administrator_plan_role_or_network_coordinator_reaches_a_case_record():
    outsiders = ADMINS | NETWORK | {"coordinator", "reporter", "viewer", "no_role"}
    aggregates = {"cases:statistics", "cases:access_log", "cases:access_review"}
    reached = {
        (name, who)
        for name in {r.name for r in routes() if r.name.startswith("cases:")} - aggregates
        for who in outsiders & (allowed(name)[0] | allowed(name)[1])
    }
    assert reached == set()
    assert POLICY[-1] == ("*", (frozenset(), frozenset()))  # an unknown page is nobody's


def test_the_matrix_sees_a_page_opened_or_closed_against_the_policy(client, world, monkeypatch):
    """The control: had the policy said the superuser reads A's record and the portal is
    closed, today's answers (403 and 200) would both be reported."""
    from . import policy

    wrong = [
        ("cases:detail", policy.rule(policy.EVERYONE)),
        ("portal:home", policy.rule(policy.NOBODY)),
    ]
    monkeypatch.setattr(policy, "POLICY", wrong + policy.POLICY)
    by_name = {r.name: r for r in routes()}
    _login(client, world.people["superuser"])
    detail = by_name["cases:detail"]
    response = client.get(address(world, detail))
    assert verdict(detail, "superuser", "GET", response) == "allowed, got 403"
    _login(client, None)
    home = by_name["portal:home"]
    response = client.get(address(world, home))
    assert verdict(home, "anonymous", "GET", response) == "should be refused with login, got ok"


def test_the_matrix_sees_the_wrong_refusal_and_a_login_that_does_not_lead_back(
    client, world, monkeypatch
):
    """The control for the refusals: B's caseworker gets 404 for A's record, so a policy
    that said 403 is reported; a login redirect that forgot the address asked is too."""
    import sys

    matrix = sys.modules[__name__]
    by_name = {r.name: r for r in routes()}
    detail = by_name["cases:detail"]
    _login(client, world.people["staff_b"])
    response = client.get(address(world, detail))
    assert verdict(detail, "staff_b", "GET", response) is None
    monkeypatch.setattr(matrix, "refusal", lambda *args: "403")
    assert verdict(detail, "staff_b", "GET", response) == "should be refused with 403, got 404"
    monkeypatch.undo()

    _login(client, None)
    listing = by_name["cases:list"]
    response = client.get(address(world, listing))
    assert verdict(listing, "anonymous", "GET", response) is None
    response["Location"] = response["Location"].split("?")[0]
    assert verdict(listing, "anonymous", "GET", response) == (
        f"the login does not lead back: {response['Location']}"
    )
