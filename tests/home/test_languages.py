"""The root redirects by browser language; the switcher leads to the same
page in the other language, or to that language's home page."""

import re

import pytest

from tests.factories.pages import make_content_page, translate_page

pytestmark = pytest.mark.django_db


def switcher_links(html):
    block = re.search(r'<ul class="language-switcher".*?</ul>', html, re.S).group(0)
    return {code: href for href, code in re.findall(r'href="([^"]+)" hreflang="(\w+)"', block)}


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("fr-BE,fr;q=0.9,en;q=0.5", "/fr/"),
        ("nl-BE,nl;q=0.9", "/nl/"),
        ("de-DE,de;q=0.9", "/nl/"),
        ("", "/nl/"),
    ],
)
def test_root_sends_the_visitor_to_their_browser_language(
    client, home_pages, accept_language, expected
):
    response = client.get("/", headers={"accept-language": accept_language})

    assert response.status_code == 302
    assert response["Location"] == expected


def test_switcher_leads_to_the_translation_of_the_same_page(client, home_pages):
    home, _ = home_pages
    about = make_content_page(home, title="Over ons", slug="over-ons")
    translate_page(about, "fr", title="À propos", slug="a-propos")

    links = switcher_links(client.get("/nl/over-ons/").content.decode())

    assert links == {"nl": "/nl/over-ons/", "fr": "/fr/a-propos/"}


def test_switcher_falls_back_to_the_home_page_without_translation(client, home_pages):
    home, _ = home_pages
    make_content_page(home, title="Alleen in het Nederlands", slug="alleen-nl")

    links = switcher_links(client.get("/nl/alleen-nl/").content.decode())

    assert links["fr"] == "/fr/"


def test_switcher_ignores_an_unpublished_translation(client, home_pages):
    home, _ = home_pages
    about = make_content_page(home, title="Over ons", slug="over-ons")
    translated = translate_page(about, "fr", title="À propos", slug="a-propos")
    translated.unpublish()

    links = switcher_links(client.get("/nl/over-ons/").content.decode())

    assert links["fr"] == "/fr/"


def test_switcher_on_a_member_page_leads_to_its_translated_address(client, home_pages):
    links = switcher_links(client.get("/nl/accounts/login/").content.decode())

    assert links["fr"] == "/fr/accounts/login/"
