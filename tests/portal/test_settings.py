"""Production settings fail fast without the variables they cannot guess,
and the base settings are safe on their own."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "a-production-secret-for-the-test",
    "ALLOWED_HOSTS": "portal.example.org",
    "DATABASE_URL": "postgres://portal:secret@db.example.org:5432/portal",
}


def load_settings(module, env, code=None):
    clean_env = {
        k: v for k, v in os.environ.items() if k not in {*PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE"}
    }
    clean_env.update(env)
    clean_env["DJANGO_SETTINGS_MODULE"] = module
    code = code or (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.DEBUG, settings.ALLOWED_HOSTS)"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean_env, capture_output=True, text=True
    )


@pytest.mark.parametrize("missing", sorted(PRODUCTION_ENV))
def test_production_refuses_to_start_without_a_required_variable(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}

    result = load_settings("portal.settings.production", env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_production_starts_with_its_variables():
    result = load_settings("portal.settings.production", PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['portal.example.org']"


def test_base_settings_are_safe_without_configuration():
    result = load_settings("portal.settings.base", {})

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False []"
