"""/healthz tells a load balancer whether the database and cache answer; every
request carries an id into the response and into the JSON log lines."""

import io
import json
import logging

import pytest
from pythonjsonlogger.json import JsonFormatter

from portal import health
from portal.request_id import RequestIdFilter

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
