"""Production settings: everything comes from the environment, and the
portal refuses to start without the variables it cannot guess."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401

REQUIRED = ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"]
missing = [name for name in REQUIRED if not os.environ.get(name)]
if missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables: " + ", ".join(missing)
    )

DEBUG = False

# The portal's public address for every link it gives away (portal/addresses.py):
# BASE_URL, or else the first of ALLOWED_HOSTS over HTTPS, never the
# development server's 127.0.0.1:8000 of base.py.
if not os.environ.get("BASE_URL"):
    first_host = ALLOWED_HOSTS[0].lstrip(".")  # noqa: F405
    if first_host in ("", "*"):
        raise ImproperlyConfigured("Set BASE_URL: ALLOWED_HOSTS does not name the portal's host.")
    WAGTAILADMIN_BASE_URL = f"https://{first_host}"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# A load balancer checks /healthz over plain HTTP: it gets the answer, not a
# redirect (portal/health.py answers it whatever the Host header says).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Database: persistent connections, checked before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "60"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# Mail: EMAIL_URL (smtp://user:password@host:587/?tls=True) or the EMAIL_HOST variables.
if os.environ.get("EMAIL_URL"):
    import dj_email_url

    email_settings = dj_email_url.parse(os.environ["EMAIL_URL"])
    # The URL names the transport; every mail still goes through the outbox.
    MAIL_TRANSPORT = email_settings.pop("EMAIL_BACKEND")
    if email_settings["EMAIL_TIMEOUT"] is None:  # not in the URL: keep ours
        del email_settings["EMAIL_TIMEOUT"]
    vars().update(email_settings)

# Object storage (S3-compatible, django-storages): media in one bucket, the
# participants' private uploads in another that is never public; the portal
# streams private files through its permission-checked view.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    S3_COMMON = {
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
    }
    STORAGES["default"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **S3_COMMON,
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
    STORAGES["private"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **S3_COMMON,
            # An empty variable (as in .env.example) means the default too.
            "bucket_name": os.environ.get("AWS_PRIVATE_BUCKET_NAME")
            or os.environ["AWS_STORAGE_BUCKET_NAME"] + "-private",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }

# Background work (mail, search indexing) waits in the database for `manage.py worker`.
TASKS = {"default": {"BACKEND": TASK_BACKENDS[os.environ.get("TASKS_BACKEND", "database")]}}  # noqa: F405

# Logs as JSON lines, one per event, with the request id.
LOGGING["handlers"]["console"]["formatter"] = os.environ.get("LOG_FORMAT", "json")  # noqa: F405
LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")  # noqa: F405

# Errors to Sentry when SENTRY_DSN is set, without personal data.
if os.environ.get("SENTRY_DSN"):
    import sentry_sdk

    sentry_sdk.init(
        dsn=os.environ["SENTRY_DSN"],
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
        send_default_pii=False,
    )
