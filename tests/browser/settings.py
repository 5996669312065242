"""The portal as the browser tests meet it: `make run`'s demo content, but
without DEBUG (as in production: static files through whitenoise, the real
error pages, the Content-Security-Policy), mail written to files the tests
read, uploads in a temporary directory."""

import os

from portal.settings.dev import *  # noqa: F401,F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
WAGTAILADMIN_BASE_URL = os.environ["PORTAL_BASE_URL"]
MAIL_TRANSPORT = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["PORTAL_MAIL_DIR"]
MEDIA_ROOT = os.environ["PORTAL_MEDIA_ROOT"]
PRIVATE_MEDIA_ROOT = os.environ["PORTAL_PRIVATE_ROOT"]
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405
# Static files straight from the apps, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The browser has no internet: no release check nor Gravatar avatars in the
# admin, whose failed requests would show up as console errors.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
