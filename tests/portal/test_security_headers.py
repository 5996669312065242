"""What every public response tells the browser: a strict Content-Security-
Policy without inline scripts, no MIME sniffing, a referrer policy; and the
production settings that only make sense behind HTTPS."""

import json

import pytest

from tests.portal.test_settings import PRODUCTION_ENV, load_settings

pytestmark = pytest.mark.django_db


def directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/nl/", "/fr/recherche/?q=cpas", "/nl/accounts/login/"])
def test_public_pages_forbid_inline_scripts(client, home_pages, path):
    response = client.get(path, follow=True)

    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"]
    # The page itself holds no inline script that the policy would block.
    html = response.content.decode()
    assert "<script>" not in html and "onclick=" not in html


def test_production_cookies_travel_over_https_only_and_debug_is_off():
    code = (
        "import django, json; from django.conf import settings; django.setup(); "
        "print(json.dumps([settings.DEBUG, settings.SESSION_COOKIE_SECURE, "
        "settings.CSRF_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS, settings.SECURE_SSL_REDIRECT, "
        "settings.EDITOR_MFA_REQUIRED]))"
    )
    result = load_settings("portal.settings.production", PRODUCTION_ENV, code=code)

    assert result.returncode == 0, result.stderr
    debug, session_secure, csrf_secure, hsts, ssl_redirect, mfa = json.loads(result.stdout)
    assert (debug, session_secure, csrf_secure, ssl_redirect, mfa) == (
        False,
        True,
        True,
        True,
        True,
    )
    assert hsts >= 60 * 60 * 24 * 365


def test_the_policy_built_once_follows_a_change_of_its_settings(client, home_pages, settings):
    """The policy is built once for all responses (portal/csp.py), and again
    when its settings change; the admin stays without it."""
    before = client.get("/nl/accounts/login/")["Content-Security-Policy"]
    settings.CONTENT_SECURITY_POLICY = {
        **settings.CONTENT_SECURITY_POLICY,
        "DIRECTIVES": {
            **settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
            "img-src": ["'self'", "https://images.example.org"],
        },
    }

    after = client.get("/nl/accounts/login/")["Content-Security-Policy"]

    assert "https://images.example.org" not in before
    assert directives(after)["img-src"] == ["'self'", "https://images.example.org"]
    assert "Content-Security-Policy" not in client.get("/admin/login/")
