"""The portal as the fault tests run it: the production settings, every
service from the environment, plus what only a test needs."""

from portal.settings.production import *  # noqa: F403

# The module loads the demo content into a database of its own.
DEMO_CONTENT_ALLOWED = True
# Static files straight from the apps, as the browser tests serve them: no
# collectstatic into the checkout's var/static, which other runs share.
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
