"""Settings for `make run` on a developer's machine."""

import os

from .base import *  # noqa: F401

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# Links in mails, calendars, feeds and the sitemap lead to the server that
# `make run` starts, on whatever port it was given (PORT), unless BASE_URL
# names another address (portal/addresses.py).
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL") or (
    f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}"
)
DEMO_CONTENT_ALLOWED = True
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
# The demo editor (editor@example.org) goes straight into the admin.
EDITOR_MFA_REQUIRED = False
# Templates change while developing: no page cache unless asked for.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))  # noqa: F405
