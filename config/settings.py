"""Settings, read from the environment so one codebase serves the demo, tests and production."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ESITKENT_VAR_DIR", BASE_DIR / "var"))

# Before anything is written: files the app creates are its user's only (0600, folders 0700),
# whatever the shell's umask; a database an older version left world-readable is tightened.
from esitkent.core.private_files import keep_private  # noqa: E402

keep_private(VAR_DIR)


def _env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    # The demo generates a key once into var/ (ignored by git) instead of shipping one.
    if key := os.environ.get("DJANGO_SECRET_KEY"):
        return key
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        from django.utils.crypto import get_random_string

        path.write_text(get_random_string(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()


def _say_generated(path: Path) -> None:
    # Not silently: on a restored host this line is the first sign that a key is missing.
    import sys

    print(f"EşitKent: {path} yoktu, yeni anahtar üretildi / generated a new key.", file=sys.stderr)


def _field_encryption_keys() -> list[str]:
    # Comma-separated Fernet keys, newest first. Kept apart from SECRET_KEY and from the
    # database: the demo generates one into var/ (git-ignored, mode 0600); production sets
    # the variable from its secret store.
    if keys := os.environ.get("FIELD_ENCRYPTION_KEYS"):
        return [k.strip() for k in keys.split(",") if k.strip()]
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "field_encryption_keys"
    if not path.exists():
        # A fresh install needs one. After a restore into an empty var/ the new key opens
        # nothing: esitkent.core.keys then refuses to start (wsgi, system check) until the
        # keys the data was written with are put back, instead of serving unreadable fields.
        from cryptography.fernet import Fernet

        path.write_text(Fernet.generate_key().decode())
        path.chmod(0o600)
        _say_generated(path)
    return [k.strip() for k in path.read_text().split(",") if k.strip()]


FIELD_ENCRYPTION_KEYS = _field_encryption_keys()


def _blind_index_key() -> str:
    # The HMAC key for exact lookups of encrypted values (a national ID number). Separate
    # from the encryption keys, so rotating those does not invalidate the index.
    if key := os.environ.get("FIELD_BLIND_INDEX_KEY"):
        return key
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "field_blind_index_key"
    if not path.exists():
        import secrets

        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
        _say_generated(path)
    return path.read_text().strip()


FIELD_BLIND_INDEX_KEY = _blind_index_key()
DEBUG = _env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rules",
    "django_htmx",
    "django_q",
    "esitkent.core",
    "esitkent.accounts",
    "esitkent.orgs",
    "esitkent.plans",
    "esitkent.monitoring",
    "esitkent.analytics",
    "esitkent.reports",
    "esitkent.portal",
    "esitkent.centres",
    "esitkent.cases",
    "esitkent.api",
    "esitkent.start",
    "esitkent.seeding",
    "ninja",  # serves its own Swagger UI files, so /api/v1/docs loads nothing from a CDN
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "esitkent.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "esitkent.core.nul.RefuseNulCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "esitkent.accounts.middleware.IdleTimeoutMiddleware",
    "esitkent.accounts.middleware.RequireTwoFactorMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "esitkent.core.context_processors.site",
                "esitkent.cases.context_processors.case_menu",
                "esitkent.monitoring.context_processors.sample_periods",
            ],
        },
    }
]

# SQLite by default; PostgreSQL through DATABASE_URL.
_default_sqlite = f"sqlite:///{VAR_DIR / 'esitkent.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        # Workers keep their connection for a minute: opening one (and SQLite's PRAGMAs) on
        # every request cost the portal a third of its throughput in bench/portal_load.py.
        os.environ.get("DATABASE_URL", _default_sqlite),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so concurrent writers wait (busy_timeout)
        # instead of failing half-way through a transaction.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache for all workers, so login rate limits (allauth) count every attempt.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "esitkent_cache",
    },
    # Rendered public pages and anonymous API answers, per worker, keyed by the publication
    # stamp (esitkent/core/published.py): nothing shared is needed, a stale key is never asked.
    "published": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "esitkent-published",
        "TIMEOUT": 300,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
# Accounts are created by the administrator: a municipality does not take self sign-up.
ACCOUNT_ADAPTER = "esitkent.accounts.adapters.NoSignupAccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "EşitKent"
# TOTP secrets and recovery-code seeds under the field keys, not in the clear (issue 14).
MFA_ADAPTER = "esitkent.accounts.adapters.EncryptingMFAAdapter"
# Failed logins: five per account (its owner's brute-force guard), and per client address a
# bound no single account's failures reach, so one person's typos or an attacker aiming at one
# account do not lock out colleagues behind the same NAT or proxy. The account's count comes
# first: tries against an already locked account do not use up the address's allowance.
# enrolment_link: the one-time link for a first authenticator (accounts/enrolment.py).
ACCOUNT_RATE_LIMITS = {"login_failed": "5/5m/key,30/5m/ip", "enrolment_link": "3/15m/user"}
# Password reset for an address with no account sends nothing (and answers the same page).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# allauth refuses a first authenticator while an unverified e-mail address exists (a guard
# against sign-up squatting); there is no sign-up here and no e-mail verification, and a
# stale unverified row would otherwise leave a case role unable ever to enrol.
MFA_ALLOW_UNVERIFIED_EMAIL = True
# A first authenticator for a role that must have one opens only through a link e-mailed to
# the registered address, valid this long and once (accounts/enrolment.py).
ENROLMENT_LINK_TIMEOUT_SECONDS = 24 * 3600
# Case roles are signed out after this many seconds without a request (KVKK 2018/10; Primero
# uses an hour). accounts.middleware.IdleTimeoutMiddleware.
CASE_IDLE_TIMEOUT_SECONDS = int(os.environ.get("CASE_IDLE_TIMEOUT_SECONDS", "900"))
# Administrators too, a little longer: they can change every account and setting.
ADMIN_IDLE_TIMEOUT_SECONDS = int(os.environ.get("ADMIN_IDLE_TIMEOUT_SECONDS", "1800"))
# The periodic access review flags accounts not used for this many days (KVKK 2018/10).
ACCESS_REVIEW_IDLE_DAYS = int(os.environ.get("ACCESS_REVIEW_IDLE_DAYS", "90"))
# Where the survivor-facing page's quick-exit control sends her: a neutral site.
QUICK_EXIT_URL = os.environ.get("QUICK_EXIT_URL", "https://www.mgm.gov.tr/")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "tr"
LANGUAGES = [("tr", "Türkçe"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Istanbul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = VAR_DIR / "media"
# Django chmods uploads to 0644 after saving, whatever the umask: keep them private too.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# Stored keyed by a hash of the session key, data encrypted: a copied database replays no
# session (esitkent/core/sessions.py, issue 14).
SESSION_ENGINE = "esitkent.core.sessions"
# A working day at most (Django's default is two weeks), and the cookie dies with the
# browser: shared office computers.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 12 * 3600))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = _env_bool("DJANGO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Behind a reverse proxy (docs/deployment.md) every request comes from the proxy's address.
# Declare how many proxies append to X-Forwarded-For (or the one header the proxy sets with the
# client's address); only then are the proxy's headers believed, by allauth's rate limits and by
# Django for the scheme and host. Undeclared, a client could write the headers herself.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("ESITKENT_TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ.get("ESITKENT_TRUSTED_CLIENT_IP_HEADER") or None
if ALLAUTH_TRUSTED_PROXY_COUNT or ALLAUTH_TRUSTED_CLIENT_IP_HEADER:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True

from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Background jobs (reminders, locking expired periods) with the database as the broker, so
# the same setup works on SQLite and PostgreSQL with nothing else to run but the worker.
Q_CLUSTER = {
    "name": "esitkent",
    "orm": "default",
    "workers": 1,
    "timeout": 600,
    "retry": 900,
    "catch_up": False,
    "label": "Arka plan işleri",
}

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "esitkent@localhost")
# For DJANGO_EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend (browser tests).
EMAIL_FILE_PATH = os.environ.get("DJANGO_EMAIL_FILE_PATH", str(VAR_DIR / "mail"))

DATA_DIR = BASE_DIR / "data"
PLAN_UPLOAD_MAX_BYTES = 5 * 1024 * 1024
# Value files: up to 200 MB are taken; above 1 MB an import runs as a background job (django-q2)
# with a progress page; a workbook may unpack to at most 100 MB (zip bombs).
VALUES_UPLOAD_MAX_BYTES = int(os.environ.get("VALUES_UPLOAD_MAX_BYTES", 200 * 1024 * 1024))
VALUES_IMPORT_INLINE_BYTES = int(os.environ.get("VALUES_IMPORT_INLINE_BYTES", 1024 * 1024))
VALUES_XLSX_MAX_UNPACKED_BYTES = 100 * 1024 * 1024
# A unit's entry form holds every assigned indicator's breakdown cells (30 districts each):
# well over Django's default of 1,000 fields, still bounded.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# The API's pages (limit/offset, see esitkent/api/pagination.py) and nothing else of ninja's.
NINJA_PAGINATION_PER_PAGE = 100
