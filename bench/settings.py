"""The production settings, plus the benchmarks' own routes (bench/urls.py)
and the demo content."""

from portal.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# The benchmarks load the demo content into their own databases.
DEMO_CONTENT_ALLOWED = True
