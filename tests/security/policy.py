"""Who may open what: the access policy of issue 14 and docs/security.md, per URL name.

Each line is (URL name pattern, who may GET, who may POST); the first line whose pattern
matches (fnmatch) decides. Everyone else must be refused: a redirect to the login page
(anonymous), 401, 403, 404 or 405, and a refused POST changes no row. The namespace lines at
the end of each block are deliberately narrow, so a new page is asked by every identity
and fails until somebody writes down who it is for.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

from .conftest import IDENTITIES

EVERYONE = frozenset(IDENTITIES)
NOBODY = frozenset()
SIGNED_IN = EVERYONE - {"anonymous"}
ANY_ROLE = SIGNED_IN - {"no_role"}  # any membership, or a superuser
ADMINS = frozenset({"admin_role", "superuser"})
PLAN_MANAGERS = ADMINS | {"coordinator"}
MEMBERS = PLAN_MANAGERS | {"reporter", "viewer"}  # the plan and monitoring side
OWN_CENTRE = frozenset({"staff_a", "manager_a"})  # centre A, whose record the URLs name
OTHER_CENTRE = frozenset({"staff_b", "manager_b"})
MANAGERS = frozenset({"manager_a", "manager_b"})
NETWORK = frozenset({"network"})
STAFF = frozenset({"superuser"})  # is_staff: the only one the admin site lets in


API_READS = (
    "plans",
    "plan",
    "areas",
    "goals",
    "subgoals",
    "activities",
    "activity",
    "indicators",
    "indicator",
    "organisations",
    "districts",
    "periods",
    "values",
)


def rule(get, post=None):
    return (frozenset(get), frozenset(get if post is None else post))


POLICY: list[tuple[str, tuple[frozenset, frozenset]]] = [
    # Plans and organisations: the plan side's members; centre roles work elsewhere.
    # The front door: a visitor is sent on to the portal, a signed-in person gets her start
    # page (with no role, a page that says so and nothing else).
    ("start:home", rule(EVERYONE)),
    ("plans:import", rule(PLAN_MANAGERS)),
    ("plans:*", rule(MEMBERS)),
    ("orgs:*", rule(MEMBERS)),
    # Monitoring: a unit's reporters enter its values (nobody else, superusers included);
    # the coordinating office and the administrators read and review.
    ("monitoring:tasks", rule(MEMBERS)),
    ("monitoring:progress", rule(MEMBERS)),
    ("monitoring:entry", rule(PLAN_MANAGERS | {"reporter"}, {"reporter"})),
    ("monitoring:evidence", rule(NOBODY, {"reporter"})),
    ("monitoring:evidence_file", rule(PLAN_MANAGERS | {"reporter"})),
    ("monitoring:*", rule(PLAN_MANAGERS)),
    ("analytics:context_upload", rule(ADMINS)),
    ("analytics:*", rule(MEMBERS)),
    # The Equality Commission's viewers read the annual report; publishing is the office's.
    ("reports:index", rule(PLAN_MANAGERS | {"viewer"})),
    ("reports:annual", rule(PLAN_MANAGERS | {"viewer"})),
    ("reports:*", rule(PLAN_MANAGERS)),
    # The public portal: everyone, signed in or not, with or without a role.
    ("portal:*", rule(EVERYONE)),
    # The centre network (URLs name centre A).
    ("centres:directory", rule(ANY_ROLE)),
    ("centres:standards", rule(ANY_ROLE)),
    ("centres:needs*", rule(ADMINS | NETWORK)),
    ("centres:events", rule(ADMINS | NETWORK, NETWORK)),
    ("centres:detail", rule(ADMINS | OWN_CENTRE | NETWORK)),
    ("centres:edit", rule({"manager_a"} | NETWORK)),
    ("centres:assessment", rule(ADMINS | OWN_CENTRE | NETWORK, {"manager_a"} | NETWORK)),
    ("centres:evidence", rule(ADMINS | OWN_CENTRE | NETWORK)),
    # Her manager builds the team; administrators see it to revoke, and propose first managers.
    ("centres:team", rule(ADMINS | {"manager_a"})),
    ("centres:proposals", rule(ADMINS)),
    ("centres:standards_draft", rule(NOBODY, NETWORK)),  # a POST makes the draft
    ("centres:*", rule(NETWORK)),  # standards editing, verification queue
    # Case records: centre staff only, never administrators, plan roles or the network
    # coordinator. Statistics and the access log are aggregates and traces, not records.
    ("cases:list", rule(OWN_CENTRE | OTHER_CENTRE)),
    ("cases:new", rule(OWN_CENTRE | OTHER_CENTRE)),
    ("cases:search", rule(OWN_CENTRE | OTHER_CENTRE)),
    ("cases:calls", rule(OWN_CENTRE | OTHER_CENTRE)),
    ("cases:export", rule(MANAGERS)),
    ("cases:statistics", rule(MANAGERS | NETWORK)),
    ("cases:access_log", rule(MANAGERS | ADMINS)),
    ("cases:access_review", rule(ADMINS)),
    # A GET of the answer endpoint only sends her back to the list; the answer itself is A's.
    ("cases:referral_respond", rule(OWN_CENTRE | OTHER_CENTRE, OWN_CENTRE)),
    ("cases:*", rule(OWN_CENTRE)),  # centre A's record, attachment, call
    # The API reads no session: its open reads are the portal's, the rest wants a token.
    ("api:openapi-*", rule(EVERYONE)),
    *[
        (f"api:{name}", rule(EVERYONE, NOBODY))  # open reads, GET only: anonymous included
        for name in API_READS
    ],
    ("api:*", rule(NOBODY)),
    ("api/v1/*", rule(NOBODY)),
    ("api_tokens:list", rule(ANY_ROLE)),
    # Her own token; administrators may revoke anybody's (the token is the reporter's).
    ("api_tokens:revoke", rule(NOBODY, ADMINS | {"reporter"})),
    # Signing in, out and the language: everyone; one's own account pages: signed in.
    ("account_reauthenticate", rule(SIGNED_IN)),
    ("account_email", rule(SIGNED_IN)),
    ("account_change_password", rule(SIGNED_IN)),
    ("account_set_password", rule(SIGNED_IN)),
    ("account_confirm_login_code", rule(SIGNED_IN)),
    ("account_*", rule(EVERYONE)),
    ("accounts_*", rule(SIGNED_IN)),  # enrolment by e-mailed link; the closed e-mail page
    ("mfa_*", rule(SIGNED_IN)),
    ("set_language", rule(EVERYONE)),
    # The admin: staff only, and even they cannot make jobs or authenticators.
    ("admin:django_q_*_add", rule(NOBODY)),
    ("admin:mfa_authenticator_add", rule(NOBODY)),
    # Append-only records and what comes from code or imports: no add, no delete.
    ("admin:django_q_*_delete", rule(NOBODY)),
    ("admin:mfa_authenticator_delete", rule(NOBODY)),
    ("admin:plans_plan_add", rule(NOBODY)),
    ("admin:plans_plan_delete", rule(NOBODY)),
    ("admin:accounts_membershipevent_add", rule(NOBODY)),
    ("admin:accounts_membershipevent_delete", rule(NOBODY)),
    ("admin:autocomplete", rule(NOBODY)),  # without its parameters: 403 to all
    ("admin:view_on_site", rule(NOBODY)),  # no model of ours has a page to view on site
    ("admin:logout", rule(SIGNED_IN)),
    ("admin:*", rule(STAFF)),
    ("yonetim/(?P<url>.*)$", rule(NOBODY)),  # the admin's catch-all: 404, or the login
    ("yonetim/*", rule(STAFF)),
    ("*", rule(NOBODY)),
]

# Pages whose answer to an allowed identity is whatever allauth makes of her state (no
# authenticator yet: 404 on the deactivate page; a link with a made-up key: an error page):
# only a server error counts there. Refusals are still checked in full.
LENIENT = ("account_*", "accounts_*", "mfa_*", "admin:logout")

# Pages that render PDFs or a whole year's report (seconds each): the refusals are asked, the
# rendering for allowed identities is left to the apps' own tests.
RENDERED_ELSEWHERE = (
    "reports:annual",
    "reports:publish",
    "centres:needs_pdf",
    "analytics:card_pdf",
)


def allowed(name: str) -> tuple[frozenset, frozenset]:
    for pattern, sets in POLICY:
        if fnmatchcase(name, pattern):
            return sets
    raise AssertionError(f"no policy line for {name}")  # unreachable: "*" ends the list


def is_lenient(name: str) -> bool:
    return any(fnmatchcase(name, pattern) for pattern in LENIENT)


# --- How a refusal answers -----------------------------------------------------------------------

API = ("api:", "api/")
# The methods each API operation takes (GET unless named): any other method is 405 for
# everyone, before any question of who asks.
API_METHODS = {
    "api:submissions": {"GET", "POST"},
    "api:submission_open": {"GET", "POST"},
    "api:entries_save": {"PUT"},
    "api:submit": {"POST"},
    "api:approve": {"POST"},
    "api:send_back": {"POST"},
    "api:token_revoke": {"DELETE"},
}
NOT_FOUND_ANYWHERE = ("api:api-root", "api/v1/*", "yonetim/(?P<url>.*)$", "admin:view_on_site")
# Steps of a login in progress: without one, allauth starts a new login, with nowhere to go back.
LOGIN_STEPS = ("mfa_authenticate", "account_confirm_login_code")


def _api_refusal(name: str, method: str) -> str:
    if any(fnmatchcase(name, p) for p in NOT_FOUND_ANYWHERE):
        return "404"
    return "401" if method in API_METHODS.get(name, {"GET"}) else "405"


# The admin site's own views (not a model's pages): these send a visitor to the admin's login.
ADMIN_SITE_VIEWS = {
    "admin:index",
    "admin:logout",
    "admin:password_change",
    "admin:password_change_done",
    "admin:autocomplete",
    "admin:jsi18n",
    "admin:view_on_site",
    "admin:app_list",
    "yonetim/(?P<url>.*)$",
}


def _admin_refusal(name: str, identity: str, method: str) -> str:
    if identity == "anonymous":
        # A model's pages go through the site's login, the admin site's own views through its.
        return "admin-login" if name in ADMIN_SITE_VIEWS else "login"
    if identity not in STAFF:
        # The admin's own login form refuses a signed-in non-staff person outright.
        return "403" if name == "admin:login" else "admin-login"
    if any(fnmatchcase(name, p) for p in NOT_FOUND_ANYWHERE):
        return "404"
    return "405" if name == "admin:autocomplete" and method == "POST" else "403"


def refusal(name: str, identity: str, method: str, has_parameters: bool) -> str:
    """The one answer a refused identity gets, as asking.outcome names it. The API reads no
    session: 404 off its map, 405 for a method the operation does not take, else 401. The
    admin site sends non-staff to its own login (anonymous visitors of a model's pages to the
    site's).
    Elsewhere anyone not signed in is sent to log in; another centre's record, and a token
    that is not hers, answer 404 as one that does not exist; a page that takes only POST
    answers GET with 405; everyone else signed in gets 403."""
    if name.startswith(API):
        return _api_refusal(name, method)
    if name.startswith(("admin:", "yonetim/")):
        return _admin_refusal(name, identity, method)
    if identity == "anonymous":
        return "login"
    if name == "api_tokens:revoke":
        return "405" if method == "GET" else ("403" if identity == "no_role" else "404")
    if identity in OTHER_CENTRE and name.startswith("cases:") and has_parameters:
        return "404"
    return "403"
