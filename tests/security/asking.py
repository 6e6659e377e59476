"""Asking one address as one identity, and reading the answer as the matrix writes it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from django.db import connection
from django.urls import reverse

# Tables a refused request may write by design: the refusal's own trace (the case access log,
# the lockout's attempts), sessions (whatever their store's table) and caches. Everything
# else must stay as it was.
TRACE_TABLES = {
    "esitkent_cache",
    "cases_accesslogentry",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
}


def login_paths() -> set[str]:
    return {reverse("account_login"), reverse("admin:login")}


def second_factor_paths() -> set[str]:
    return {reverse("mfa_activate_totp"), reverse("mfa_authenticate")}


def outcome(response) -> str:
    """ok: 2xx, or a redirect elsewhere than a login; login (the site's), admin-login; 2fa;
    else the status code."""
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        target = urlsplit(response["Location"]).path
        if target == reverse("admin:login"):
            return "admin-login"
        if target in login_paths():
            return "login"
        if target in second_factor_paths():
            return "2fa"
        return "ok"
    return "ok" if 200 <= status < 300 else str(status)


def back_after_login(response) -> bool:
    """A login redirect names the address asked, so signing in leads back to it."""
    query = parse_qs(urlsplit(response["Location"]).query)
    return query.get("next") == [response.wsgi_request.get_full_path()]


def row_counts() -> dict[str, int]:
    """Rows per table (trace tables left out), in one query: cheap enough to take around
    every refused POST."""
    tables = sorted(
        t
        for t in connection.introspection.table_names()
        if t not in TRACE_TABLES and "session" not in t and not t.startswith("sqlite_")
    )
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


def changed(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {t: (before[t], after[t]) for t in before if before[t] != after[t]}
