"""The production settings, with the demo content allowed: the benchmarks
load it into their own databases."""

from portal.settings.production import *  # noqa: F403

DEMO_CONTENT_ALLOWED = True
