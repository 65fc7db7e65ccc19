"""Settings shared by every environment; the environment-specific modules import from here."""

from __future__ import annotations

from pathlib import Path

from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from digipuff.config.env import (
    BASE_DIR,
    data_dir,
    database_config,
    env_bool,
    env_int,
    env_list,
    env_networks,
    env_str,
)

DATA_DIR = data_dir()

SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-change-me")
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "digipuff.core.admin_site.PolicyAdminConfig",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "axes",
    "auditlog",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "digipuff.core",
    "digipuff.organisation",
    "digipuff.goals",
    "digipuff.followup",
    "digipuff.indicators",
    "digipuff.activities",
    "digipuff.internal_control",
    "digipuff.economy",
    "digipuff.integrations.kolada",
    "digipuff.reports",
    "digipuff.meetings",
    "digipuff.search",
    "digipuff.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "digipuff.core.memo.RequestScopeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "digipuff.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "digipuff.core.middleware.AuditMiddleware",
    "digipuff.core.middleware.ContextMiddleware",
    "digipuff.core.middleware.OutOfRangeMiddleware",
    # Axes last, as its documentation requires, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "digipuff.config.urls"
WSGI_APPLICATION = "digipuff.config.wsgi.application"

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
                "digipuff.organisation.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": database_config(DATA_DIR / "digipuff.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Single sign-on with OpenID Connect (docs/sso.md): on when an issuer is named. The endpoints come from the issuer's
# discovery document unless set; the groups claim maps to roles through the group mappings (/org/sso/). Local
# accounts keep working beside it (small municipalities, the demo, the administrators' way in).
DIGIPUFF_OIDC_ISSUER = env_str("DIGIPUFF_OIDC_ISSUER").strip().rstrip("/")
OIDC_RP_CLIENT_ID = env_str("DIGIPUFF_OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("DIGIPUFF_OIDC_CLIENT_SECRET")
OIDC_RP_SIGN_ALGO = env_str("DIGIPUFF_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("DIGIPUFF_OIDC_SCOPES", "openid email profile")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("DIGIPUFF_OIDC_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env_str("DIGIPUFF_OIDC_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env_str("DIGIPUFF_OIDC_USERINFO_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env_str("DIGIPUFF_OIDC_JWKS_ENDPOINT")
DIGIPUFF_OIDC_END_SESSION_ENDPOINT = env_str("DIGIPUFF_OIDC_END_SESSION_ENDPOINT")
DIGIPUFF_OIDC_USERNAME_CLAIM = env_str("DIGIPUFF_OIDC_USERNAME_CLAIM", "preferred_username")
DIGIPUFF_OIDC_GROUPS_CLAIM = env_str("DIGIPUFF_OIDC_GROUPS_CLAIM", "groups")
DIGIPUFF_OIDC_LEEWAY_SECONDS = env_int("DIGIPUFF_OIDC_LEEWAY_SECONDS", default=60)
OIDC_USE_PKCE = env_bool("DIGIPUFF_OIDC_USE_PKCE", default=True)
OIDC_TIMEOUT = env_int("DIGIPUFF_OIDC_TIMEOUT", default=10, minimum=1)
OIDC_STORE_ID_TOKEN = True  # the hint that signs the user out of the provider too
OIDC_AUTHENTICATION_CALLBACK_URL = "sso:callback"
if DIGIPUFF_OIDC_ISSUER:
    AUTHENTICATION_BACKENDS.append("digipuff.organisation.sso.backend.SingleSignOnBackend")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:start"
LOGOUT_REDIRECT_URL = "login"

# Failed logins are throttled per user name and address: five failures lock for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client's address, for the lockout and the audit history: the connection's address unless the operator says
# how many proxies (load balancers) stand in front; then the entry the outermost one added to the header
# (see digipuff.core.clientaddress). A client cannot choose its address by sending the header itself.
DIGIPUFF_TRUSTED_PROXY_COUNT = env_int("DIGIPUFF_TRUSTED_PROXY_COUNT", default=0)
DIGIPUFF_TRUSTED_PROXIES = env_networks("DIGIPUFF_TRUSTED_PROXIES")
DIGIPUFF_PROXY_HEADER = env_str("DIGIPUFF_PROXY_HEADER", "X-Forwarded-For")
AXES_CLIENT_IP_CALLABLE = "digipuff.core.clientaddress.client_address"

# Content-Security-Policy (django-csp): scripts, styles and everything else only from DigiPUFF itself, never inline,
# so that injected markup cannot run or restyle anything; not framed by other sites; forms post only here. Images
# may be data: URIs (Bootstrap draws its icons so). Views that need more say so with csp.decorators (the API docs).
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
if DIGIPUFF_OIDC_ISSUER:
    # Signing out posts here and is sent on to the provider's end-session endpoint, which browsers check against
    # form-action too.
    from urllib.parse import urlsplit

    _issuer = urlsplit(DIGIPUFF_OIDC_ISSUER)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(f"{_issuer.scheme}://{_issuer.netloc}")

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT: Path | None = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": DATA_DIR / "media"}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Drawn charts (SVG for pages and PDF, PNG for Word), keyed by a hash of their data and shared by every process:
    # a report's charts are drawn once, whichever worker or command renders it next.
    "charts": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": DATA_DIR / "cache" / "charts",
        "TIMEOUT": 30 * 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 20000},
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # A token, when the request carries one, wins over the browser's session (core.api.authentication).
        "digipuff.core.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["digipuff.core.api.permissions.PolicyPermission"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "digipuff.core.api.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "digipuff.core.api.schema.DigipuffAutoSchema",
    "EXCEPTION_HANDLER": "digipuff.core.api.errors.api_exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "DigiPUFF API",
    "DESCRIPTION": "Plans, follow-up and reports of a Swedish municipality (digital planering och uppföljning): "
    "read access, and batch writes of measure values, follow-up statuses and forecasts from other systems. Every "
    "endpoint answers through the same permission policy as the web pages; programs sign in with a personal API "
    "token (Authorization: Bearer dp_...) whose scopes narrow what it may do.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "AssessmentEnum": "digipuff.goals.choices.Assessment",
        "CaseStatusEnum": "digipuff.meetings.choices.CaseStatus",
        "StatusEnum": "digipuff.reports.choices.Status",
    },
}

# Social statistics: counts below this are shown as "--" (see DESIGN, small counts); the municipality may override.
DIGIPUFF_SUPPRESSION_THRESHOLD = 7

# The public portal's accessibility statement (tillgänglighetsredogörelse): where the public reports a problem.
DIGIPUFF_ACCESSIBILITY_CONTACT = {
    "email": env_str("DIGIPUFF_ACCESSIBILITY_EMAIL", "tillganglighet@kommunen.example"),
    "phone": env_str("DIGIPUFF_ACCESSIBILITY_PHONE", "08-123 456 00"),
    "reviewed": env_str("DIGIPUFF_ACCESSIBILITY_REVIEWED", "2026-11-28"),
}
# How a case's registry number (diarienummer) is written: {committee} (its code), {year}, {number}.
DIGIPUFF_CASE_NUMBER_PATTERN = env_str("DIGIPUFF_CASE_NUMBER_PATTERN", "{committee}-{year}/{number}")

# Background work (the Kolada sync, deciding a report, batch rendering) is queued in the database and run by
# `digipuff db_worker` processes beside the web server: one machine needs nothing more, and a production worker pool
# runs the same code.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running task shows it lives every TASK_HEARTBEAT_SECONDS (0: no heartbeat thread); one without a sign of life for
# TASK_STALE_AFTER_SECONDS lost its worker and is marked failed (`digipuff tasks reap`, the task status page).
TASK_HEARTBEAT_SECONDS = float(env_str("DIGIPUFF_TASK_HEARTBEAT_SECONDS", "15"))
TASK_STALE_AFTER_SECONDS = float(env_str("DIGIPUFF_TASK_STALE_AFTER_SECONDS", "120"))

# Word files: the municipality's Word template (a .docx or .dotx whose styles, fonts, headers and logo every report
# uses unless its report template has a Word template of its own), and LibreOffice (where installed) filling in the
# contents list's page numbers of kept Word files (decided reports, batch renders) within this many seconds; 0 turns
# that off. Word fills them in on opening either way.
DIGIPUFF_WORD_TEMPLATE = env_str("DIGIPUFF_WORD_TEMPLATE")
DIGIPUFF_LIBREOFFICE_TIMEOUT = env_int("DIGIPUFF_LIBREOFFICE_TIMEOUT", default=60, minimum=0)

# Imports (values, budget, SIE): limits checked before a file is parsed, so that no file can take the server down.
# The upload pages state them. Bytes per file; data rows per file; seconds a parse and apply may take; an Excel file
# (a zip) may unpack to at most this many bytes (a "zip bomb" of a few kB can otherwise unpack to gigabytes).
DIGIPUFF_IMPORT_MAX_BYTES = env_int("DIGIPUFF_IMPORT_MAX_BYTES", default=10 * 1024 * 1024, minimum=1)
DIGIPUFF_IMPORT_MAX_ROWS = env_int("DIGIPUFF_IMPORT_MAX_ROWS", default=20_000, minimum=1)
# A year of a large committee's ledger transactions is bigger than any spreadsheet.
DIGIPUFF_IMPORT_SIE_MAX_BYTES = env_int("DIGIPUFF_IMPORT_SIE_MAX_BYTES", default=100 * 1024 * 1024, minimum=1)
DIGIPUFF_IMPORT_SIE_MAX_ROWS = env_int("DIGIPUFF_IMPORT_SIE_MAX_ROWS", default=2_000_000, minimum=1)
DIGIPUFF_IMPORT_XLSX_MAX_UNPACKED = env_int("DIGIPUFF_IMPORT_XLSX_MAX_UNPACKED", default=100 * 1024 * 1024, minimum=1)
DIGIPUFF_IMPORT_TIME_BUDGET = env_int("DIGIPUFF_IMPORT_TIME_BUDGET", default=120, minimum=1)

KOLADA_BASE_URL = env_str("KOLADA_BASE_URL", "https://api.kolada.se/v3")
# Seconds between two requests to Kolada (a polite rate).
KOLADA_MIN_INTERVAL = float(env_str("KOLADA_MIN_INTERVAL", "0.2"))
# Requests to Kolada in flight at once during a sync; they share the rate above.
KOLADA_MAX_WORKERS = int(env_str("KOLADA_MAX_WORKERS", "4"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# E-mail notices (core.notices): links in them start with the installation's address; the daily reminders remind a
# writer this many days before a text's deadline (`digipuff reminders send`, run by cron). Production sends through
# SMTP (settings/production.py, from the environment); development and the demo print mails on the console.
DIGIPUFF_BASE_URL = env_str("DIGIPUFF_BASE_URL", "http://127.0.0.1:8000")
DIGIPUFF_REMINDER_DAYS = env_int("DIGIPUFF_REMINDER_DAYS", default=7)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "DigiPUFF <digipuff@localhost>")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
