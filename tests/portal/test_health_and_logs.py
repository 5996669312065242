"""/healthz tells a load balancer whether the database and cache answer; every
request carries an id into the response and into the JSON log lines."""

import io
import json
import logging

import pytest
from pythonjsonlogger.json import JsonFormatter

from portal import health
from portal.request_id import RequestIdFilter
from tests.portal.test_settings import PRODUCTION_ENV, load_settings

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_database_and_cache_work(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_says_which_part_fails(client, monkeypatch):
    def broken():
        raise ConnectionError("cache down")

    monkeypatch.setitem(health.CHECKS, "cache", broken)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "failing"}


def test_each_response_carries_a_request_id_and_the_proxys_is_kept(client):
    own = client.get("/healthz")["X-Request-ID"]
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="lb-1234abcd")["X-Request-ID"]
    injected = client.get("/healthz", HTTP_X_REQUEST_ID="x\nFAKE LOG LINE")["X-Request-ID"]

    assert len(own) == 32
    assert kept == "lb-1234abcd"
    assert "\n" not in injected and injected != "x\nFAKE LOG LINE"


def test_log_lines_are_json_with_the_request_id(client, monkeypatch):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter("%(levelname)s %(name)s %(request_id)s %(message)s"))
    logger = logging.getLogger("portal.health")
    logger.addHandler(handler)
    monkeypatch.setitem(health.CHECKS, "cache", lambda: 1 / 0)
    try:
        client.get("/healthz", HTTP_X_REQUEST_ID="req-0000feed")
    finally:
        logger.removeHandler(handler)

    line = json.loads(stream.getvalue().splitlines()[0])
    assert line["request_id"] == "req-0000feed"
    assert line["levelname"] == "ERROR"
    assert line["message"] == "Health check cache failed"


def test_a_probe_by_ip_address_gets_healthz_and_nothing_else(client):
    """A load balancer or the container's check asks by address or internal
    name: /healthz answers it; every other path still checks the host."""
    probe = {"HTTP_HOST": "10.0.0.7:8000"}

    assert client.get("/healthz", **probe).json() == {"database": "ok", "cache": "ok"}
    assert client.head("/healthz", **probe).status_code == 200
    assert client.get("/nl/", **probe).status_code == 400
    assert client.get("/healthz/", **probe).status_code == 400
    assert client.post("/healthz", **probe).status_code == 400


def test_production_answers_a_plain_http_probe_and_redirects_the_rest(tmp_path):
    """Under the production settings, HTTPS redirect on: a probe over plain
    HTTP by IP address gets the answer, not a 301 nor a 400."""
    code = (
        "import django; django.setup(); from django.test import Client; client = Client(); "
        "probe = client.get('/healthz', HTTP_HOST='10.0.0.7'); "
        "page = client.get('/nl/', HTTP_HOST='portal.example.org'); "
        "stranger = client.get('/nl/', HTTP_HOST='10.0.0.7'); "
        "print(probe.status_code, probe.content.decode(), page.status_code, page['Location'], "
        "stranger.status_code)"
    )
    env = {**PRODUCTION_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}"}

    result = load_settings("portal.settings.production", env, code=code)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "200",
        '{"database":',
        '"ok",',
        '"cache":',
        '"ok"}',
        "301",
        "https://portal.example.org/nl/",
        "400",
    ]
