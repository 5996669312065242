"""Settings for `make run` on a developer's machine."""

from .base import *  # noqa: F401

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
DEMO_CONTENT_ALLOWED = True
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
# The demo editor (editor@example.org) goes straight into the admin.
EDITOR_MFA_REQUIRED = False
# Templates change while developing: no page cache unless asked for.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))  # noqa: F405
