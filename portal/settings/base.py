"""Settings shared by every environment; safe for production on their own.

Optional services switch on only when their environment variable is set.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


# Safe by default: nothing here turns debugging on or trusts any host.
DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before accounts: its demo members work for the demo organisations.
    "portal.organisations",
    "portal.accounts",
    "portal.background",
    "portal.outbox",
    "home",
    "trajecten",
    "verhalen",
    "search",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    # TemplatesSetting renders form templates from templates/ (see FORM_RENDERER).
    "django.forms",
]

MIDDLEWARE = [
    "portal.request_id.RequestIdMiddleware",
    # Public pages for anonymous visitors, before everything but the request
    # id: a page is kept with the headers the middleware below gave it (the
    # security headers, the CSP), so a hit runs none of it.
    "home.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # /healthz, before anything reads the Host header or the cache (the
    # page cache leaves /healthz alone).
    "portal.health.HealthCheckMiddleware",
    "portal.csp.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "home.sites.CurrentSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before RedirectMiddleware, so redirects are matched per language.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.accounts.middleware.EditorsNeedTwoFactorMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite by default (embedded, for `make run`); DATABASE_URL for PostgreSQL.
# SQLite runs its transactions IMMEDIATE so that capacity checks serialise
# (select_for_update does nothing there).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            # Write-ahead log: readers go on while one writes, and a commit
            # does not wait for the disk (a crash loses at most the last
            # commits, never the file).
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that drops packets must not hold a request, /healthz or
    # the worker for the minutes of TCP's own timeout.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "connect_timeout", int(os.environ.get("DB_CONNECT_TIMEOUT", "5"))
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: a real cache is needed for allauth's rate limits, so never DummyCache.
# Redis may fail: the portal then works without it (portal/cache.py: every call
# answers "nothing kept" at once, after short timeouts; home/page_cache.py
# keeps nothing meanwhile), and /healthz says "cache": "failing". Sessions are
# kept in the database too (cached_db), so members stay logged in.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {"BACKEND": "portal.cache.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # One process's memory, bounded (the page cache keeps a page by address).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 500},
        }
    }
# What each process keeps of the values every page shows (home/page_cache.py).
CACHES["process"] = {
    "BACKEND": "home.page_cache.ProcessCache",
    "LOCATION": "process",
    "OPTIONS": {"MAX_ENTRIES": 2000},
}
# Rate limits that cannot count while Redis is down let the request through
# (fail open), as allauth's do then (portal/cache.py): refusing every call
# form and story during an outage would be an outage of its own, and what
# comes in is still moderated or read by the editors.
RATELIMIT_FAIL_OPEN = True

# How long an anonymous visitor's page stays in the shared cache (0: not at
# all). Content changes empty it at once (home/page_cache.py); the time only
# bounds what changes by itself, such as a registration window closing.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: Dutch is the source language, French the translation.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("fr", "Français")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("fr", "Français"), ("en", "English")]
# wagtail-localize publishes a new translation at once when its source is
# live, with the source's Dutch text in every segment not yet translated: a
# French visitor would read Dutch under /fr/. Off: "Translate" makes a draft,
# which an editor publishes once it is translated (home/translation.py).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Brussels"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Private uploads (final assignments) live outside MEDIA_ROOT and have no
# URL of their own: a view checks who asks before it serves them.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Mail: every mail, the portal's, allauth's and Wagtail's, waits in the
# outbox (portal/outbox) in the transaction of the change it tells of; the
# task worker delivers it through MAIL_TRANSPORT, retrying with back-off for
# MAIL_RETRY_FOR_SECONDS. Printed to the console unless SMTP is configured.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Portaal OCMW <noreply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = "portal.outbox.backend.OutboxBackend"
if os.environ.get("EMAIL_HOST"):
    MAIL_TRANSPORT = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    MAIL_TRANSPORT = "django.core.mail.backends.console.EmailBackend"
# A mail server that does not answer must not hold a worker for minutes.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
MAIL_RETRY_FIRST_SECONDS = int(os.environ.get("MAIL_RETRY_FIRST_SECONDS", "60"))
MAIL_RETRY_MAX_SECONDS = int(os.environ.get("MAIL_RETRY_MAX_SECONDS", "3600"))
MAIL_RETRY_FOR_SECONDS = int(os.environ.get("MAIL_RETRY_FOR_SECONDS", str(24 * 60 * 60)))
# Delivered mail is kept (without its text) for the administrators this long.
MAIL_SENT_KEPT_DAYS = int(os.environ.get("MAIL_SENT_KEPT_DAYS", "30"))

# Accounts (django-allauth): log in by e-mail, verified before first log-in.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "portal.accounts.forms.SignupNamesForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_ADAPTER = "portal.accounts.adapter.AccountAdapter"
# The sign-up costs the same whether or not the address has an account.
ACCOUNT_FORMS = {"signup": "portal.accounts.adapter.SignupForm"}

# Two-factor authentication (allauth's MFA): an authenticator app with
# recovery codes. Editors must set it up before they reach the Wagtail admin;
# only `make run`'s demo editor is let in without (dev settings).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "OCMW Academy"
EDITOR_MFA_REQUIRED = env_bool("EDITOR_MFA_REQUIRED", True)
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "member_dashboard"
ACCOUNT_SIGNUP_REDIRECT_URL = "member_profile"

# Wagtail
WAGTAIL_SITE_NAME = "Portaal OCMW · CPAS"
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "account_login"
# Passwords are reset through allauth (rate-limited), not a second form in the admin.
WAGTAIL_PASSWORD_RESET_ENABLED = False
# The admin's own searches (pages, snippets) use Wagtail's database backend;
# the public search has its own, language-aware index (search/).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "odp", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_MAX_UPLOAD_SIZE = 25 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 15 * 1024 * 1024
WAGTAIL_ALLOW_UNICODE_SLUGS = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Content-Security-Policy (django-csp): the public site runs no inline script
# or style; JSON-LD blocks are data, not script, so they need no exception.
# Wagtail's admin ships inline scripts of its own and is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # Videos embedded by editors (Wagtail embeds) come from their platforms.
        "frame-src": [
            "https://www.youtube.com",
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
        ],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Public search: the database unless an Elasticsearch cluster is given.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", "portal")

# Peppol: the access point to which the invoices' UBL files are posted
# (trajecten/invoicing/peppol.py), with its bearer token if it asks one.
# Empty: nothing is sent, and the portal says so.
PEPPOL_ACCESS_POINT_URL = os.environ.get("PEPPOL_ACCESS_POINT_URL", "")
PEPPOL_ACCESS_POINT_TOKEN = os.environ.get("PEPPOL_ACCESS_POINT_TOKEN", "")
PEPPOL_TIMEOUT = int(os.environ.get("PEPPOL_TIMEOUT", "30"))

# A caching proxy in front (Varnish with deploy/varnish/default.vcl): how
# long it may keep a public page for anonymous visitors (it needs the page
# cache above on: PAGE_CACHE_SECONDS > 0), and where Wagtail sends a PURGE
# of a page's addresses when it is published (wagtail.contrib.frontend_cache)
# and the portal its BANs of the pages a change shows on (home/proxy_cache.py).
FRONTEND_CACHE_SECONDS = int(os.environ.get("FRONTEND_CACHE_SECONDS", "0"))
FRONTEND_CACHE_PURGE_URL = os.environ.get("FRONTEND_CACHE_PURGE_URL", "")
if FRONTEND_CACHE_PURGE_URL:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
        }
    }

# Background work (django-tasks): in the request's process unless a worker
# runs (`manage.py worker` with TASKS_BACKEND=database).
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKENDS[os.environ.get("TASKS_BACKEND", "immediate")]}}

# Final assignments: the largest file a participant may upload.
ASSIGNMENT_MAX_UPLOAD_BYTES = int(os.environ.get("ASSIGNMENT_MAX_UPLOAD_MB", "25")) * 1024 * 1024

# Registrations whose session or edition ended longer ago than this are
# anonymised by `manage.py anonymise_old_registrations` (run it from cron).
REGISTRATION_RETENTION_YEARS = int(os.environ.get("REGISTRATION_RETENTION_YEARS", "5"))

# G50 call forms: how many messages one visitor may send (django-ratelimit).
CALL_FORM_RATE = os.environ.get("CALL_FORM_RATE", "5/h")
# django-ratelimit's key "ip" is the visitor's address as allauth finds it
# behind TRUSTED_PROXY_COUNT proxies, not the proxy's REMOTE_ADDR.
RATELIMIT_IP_META_KEY = "portal.accounts.adapter.client_ip"

# Demo content (with its well-known passwords) is only for local use.
DEMO_CONTENT_ALLOWED = False

# Logs go to the console with the request id; production writes them as JSON
# (LOG_FORMAT=json). Log messages carry ids, never names or addresses.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "portal.request_id.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": os.environ.get("LOG_FORMAT", "text"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

FORM_RENDERER = "portal.forms.PortalFormRenderer"
# Our own date and time formats per language (see portal/formats/).
FORMAT_MODULE_PATH = ["portal.formats"]
