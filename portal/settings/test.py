"""Settings for the test suite: fast hashing, mail kept in memory."""

import os
import uuid

from .base import *  # noqa: F401

# `make test` runs the suite in several processes (pytest-xdist): each keeps
# its uploads in a folder of its own, so that one cleaning up does not take
# the files of another, nor a second run on the same checkout those of the first.
RUN = os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex
WORKER = f"{RUN[:8]}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"

SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DEMO_CONTENT_ALLOWED = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Mail goes through the outbox, as in production, and is delivered into
# django.core.mail.outbox. (Django's test set-up puts its own locmem backend
# in EMAIL_BACKEND; tests/conftest.py puts the outbox back.)
MAIL_TRANSPORT = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
MEDIA_ROOT = BASE_DIR / "var" / "test-media" / WORKER
WAGTAILADMIN_BASE_URL = "http://testserver"
PRIVATE_MEDIA_ROOT = BASE_DIR / "var" / "test-private" / WORKER
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT
# Tests of the admin log in without an authenticator app; the MFA tests turn it on.
EDITOR_MFA_REQUIRED = False
