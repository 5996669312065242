"""The production settings, plus the benchmarks' own routes (bench/urls.py)."""

from portal.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
