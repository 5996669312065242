"""Production settings fail fast without the variables they cannot guess,
and the base settings are safe on their own."""

import json
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
        k: v
        for k, v in os.environ.items()
        if k not in {*PRODUCTION_ENV, "BASE_URL", "DJANGO_SETTINGS_MODULE"}
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


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "https://portal.example.org"),
        ({"ALLOWED_HOSTS": ".example.org,portal.example.org"}, "https://example.org"),
        ({"BASE_URL": "https://academie.example.be"}, "https://academie.example.be"),
    ],
    ids=["first-allowed-host", "subdomain-wildcard", "base-url"],
)
def test_production_links_lead_to_the_portal_not_to_a_development_server(env, expected):
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.WAGTAILADMIN_BASE_URL)"
    )

    result = load_settings("portal.settings.production", {**PRODUCTION_ENV, **env}, code=code)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_production_without_a_host_to_link_to_asks_for_base_url():
    result = load_settings("portal.settings.production", {**PRODUCTION_ENV, "ALLOWED_HOSTS": "*"})

    assert result.returncode != 0
    assert "BASE_URL" in result.stderr


def test_base_settings_are_safe_without_configuration():
    result = load_settings("portal.settings.base", {})

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False []"


def test_production_logs_json_keeps_connections_and_queues_background_work():
    code = (
        "import django, json; from django.conf import settings; django.setup(); "
        "print(json.dumps([settings.LOGGING['handlers']['console']['formatter'], "
        "settings.DATABASES['default']['CONN_MAX_AGE'], settings.TASKS['default']['BACKEND'], "
        "settings.STORAGES['private']['BACKEND']]))"
    )
    env = {
        **PRODUCTION_ENV,
        "AWS_STORAGE_BUCKET_NAME": "portal-media",
        "EMAIL_URL": "smtp://mailer:secret@smtp.example.org:587/?tls=True",
    }

    result = load_settings("portal.settings.production", env, code=code)

    assert result.returncode == 0, result.stderr
    formatter, conn_max_age, tasks, private = json.loads(result.stdout)
    assert formatter == "json"
    assert conn_max_age == 60
    assert tasks == "django_tasks_db.DatabaseBackend"
    assert private == "storages.backends.s3.S3Storage"


def test_private_uploads_get_a_bucket_of_their_own_when_the_env_file_leaves_it_empty():
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.STORAGES['private']['OPTIONS']['bucket_name'])"
    )
    env = {
        **PRODUCTION_ENV,
        "AWS_STORAGE_BUCKET_NAME": "portal-media",
        "AWS_PRIVATE_BUCKET_NAME": "",
    }

    result = load_settings("portal.settings.production", env, code=code)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "portal-media-private"


def test_every_variable_the_settings_read_is_documented_in_the_env_example():
    import re

    # What production reads (the test settings read what pytest-xdist sets).
    settings = ROOT / "portal" / "settings"
    sources = [settings / "base.py", settings / "production.py", ROOT / "gunicorn.conf.py"]
    read = set()
    for source in sources:
        read |= set(
            re.findall(
                r'(?:environ(?:\.get)?\(|environ\[|env_(?:bool|list)\()"([A-Z_]+)"',
                source.read_text(),
            )
        )
    documented = set(re.findall(r"^#? ?([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))

    assert read - documented == set()


def test_a_gunicorn_worker_freezes_what_it_loaded_at_start():
    """Python's collector then leaves Django, Wagtail and the portal's modules
    alone (full collections walking them paused large admin pages)."""
    import gc
    import runpy

    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    try:
        config["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
