"""Every absolute address the portal gives away, in allauth's mails and its
own, the sitemap and JSON-LD, is at the configured address (BASE_URL),
whatever host a request came in on and whatever the Wagtail site says; mails
greet from the portal by its name; `make run` links to the port it serves."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.test import TestCase
from wagtail.models import get_page_models

from portal.addresses import AtPortalAddress
from tests.factories.accounts import PASSWORD, MemberFactory
from tests.factories.offer import SessionFactory, make_training
from tests.factories.pages import translate_page
from tests.factories.stories import make_story, make_story_index

pytestmark = pytest.mark.django_db

PORTAL = "https://portaal.example.org"
# The host a request came in on: a development server on another port.
REQUEST_HOST = {"HTTP_HOST": "127.0.0.1:8771"}
URL = re.compile(r"https?://[^\s\"'<>]+")


@pytest.fixture(autouse=True)
def _portal_address(settings):
    settings.WAGTAILADMIN_BASE_URL = PORTAL


def addresses(text):
    found = URL.findall(text)
    assert found, "no address in the text"
    return found


def assert_at_portal(text):
    for address in addresses(text):
        assert address.startswith(f"{PORTAL}/"), address
    assert "127.0.0.1" not in text and "testserver" not in text


def committed(request):
    # As a request's commit does: the mail leaves the outbox.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return request()


def sign_up(client, language, email):
    return committed(
        lambda: client.post(
            f"/{language}/accounts/signup/",
            {
                "email": email,
                "password1": PASSWORD,
                "password2": PASSWORD,
                "first_name": "Léa",
                "last_name": "Dubois",
            },
            **REQUEST_HOST,
        )
    )


@pytest.mark.parametrize(
    ("language", "portal_name"), [("nl", "OCMW-academie"), ("fr", "Académie CPAS")]
)
def test_sign_up_confirmation_names_the_portal_and_links_to_its_address(
    client, home_pages, language, portal_name
):
    sign_up(client, language, "lea.dubois@cpas.example.be")

    (message,) = mail.outbox
    assert_at_portal(message.body)
    assert f"{PORTAL}/{language}/accounts/confirm-email/" in message.body
    # Needs the catalogue: the portal's name in the language of the mail.
    assert portal_name in message.body
    assert "portaal.example.org" in message.body


def test_sign_up_with_a_known_address_links_to_the_portal(client, home_pages):
    MemberFactory(email="known@example.org")

    sign_up(client, "nl", "known@example.org")

    (message,) = mail.outbox
    assert_at_portal(message.body)
    assert f"{PORTAL}/nl/accounts/password/reset/" in message.body


def test_password_reset_links_to_the_portal(client, home_pages):
    MemberFactory(email="lea@example.org")

    committed(
        lambda: client.post(
            "/fr/accounts/password/reset/", {"email": "lea@example.org"}, **REQUEST_HOST
        )
    )

    (message,) = mail.outbox
    assert_at_portal(message.body)
    assert f"{PORTAL}/fr/accounts/password/reset/key/" in message.body
    assert "Académie CPAS" in message.body


def test_registration_confirmation_links_to_the_portal(client, offer_index):
    index, _ = offer_index
    training = make_training(index, sessions=0)
    session = SessionFactory(page=training)
    member = MemberFactory()
    client.force_login(member)

    committed(
        lambda: client.post(
            f"/nl/inschrijven/sessie/{session.uid}/",
            {
                "with_lunch": "no",
                "billing_organisation": "OCMW Gent",
                "billing_address": "Onderbergen 86\n9000 Gent",
                "billing_reference": "PO-2027-14",
            },
            **REQUEST_HOST,
        )
    )

    (message,) = mail.outbox
    assert_at_portal(message.body)
    assert f"{PORTAL}/nl/mijn-account/inschrijvingen/" in message.body
    calendar = message.attachments[0][1]
    calendar = calendar.decode() if isinstance(calendar, bytes) else calendar
    assert f"URL:{PORTAL}/nl/aanbod/basisopleiding/" in calendar.replace("\r\n ", "")


def test_sitemap_lists_pages_at_the_portals_address(client, home_pages):
    response = client.get("/sitemap.xml", **REQUEST_HOST)

    locations = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    assert f"{PORTAL}/nl/" in locations and f"{PORTAL}/fr/" in locations
    assert all(location.startswith(f"{PORTAL}/") for location in locations)


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert blocks
    return [json.loads(block) for block in blocks]


def test_json_ld_of_an_offer_and_a_story_is_at_the_portals_address(client, offer_index):
    index, _ = offer_index
    training = make_training(index, sessions=1)
    story_index = make_story_index(index.get_parent())
    story = make_story(story_index)
    translate_page(story_index, "fr", title="Récits", slug="recits")

    for page, path in [
        (training, "/nl/aanbod/basisopleiding/"),
        (story, "/nl/verhalen/eerst-luisteren/"),
    ]:
        html = client.get(page.url, **REQUEST_HOST).content.decode()
        data = json.dumps(json_ld(html))
        assert f"{PORTAL}{path}" in data
        assert "127.0.0.1" not in data and "localhost" not in data


def test_every_page_model_of_the_portal_has_its_full_url_at_the_portals_address():
    """A new page type without the mixin would link to the Wagtail site's host."""
    ours = [
        model
        for model in get_page_models()
        if model._meta.app_label in {"home", "trajecten", "verhalen"}
    ]
    assert ours
    assert [model for model in ours if not issubclass(model, AtPortalAddress)] == []


def dev_setting(**environment):
    """WAGTAILADMIN_BASE_URL as `make run`'s settings work it out."""
    env = {k: v for k, v in os.environ.items() if k not in {"BASE_URL", "PORT"}}
    env.update(environment, DJANGO_SETTINGS_MODULE="portal.settings.dev")
    code = "from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL)"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_the_development_address_follows_the_port():
    assert dev_setting() == "http://127.0.0.1:8000"
    assert dev_setting(PORT="8123") == "http://127.0.0.1:8123"
    assert dev_setting(PORT="8123", BASE_URL="https://dev.example.org") == (
        "https://dev.example.org"
    )


def test_make_run_gives_its_port_to_the_portal():
    commands = subprocess.run(  # noqa: S603
        ["make", "-n", "run", "PORT=8123"],  # noqa: S607
        cwd=Path(django_settings.BASE_DIR),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (runserver,) = [line for line in commands.splitlines() if " runserver " in line]
    assert "PORT=8123 " in runserver and runserver.endswith("runserver 127.0.0.1:8123")
