"""The footer links to the accessibility statement the site settings name,
in the visitor's language, whatever the page is called."""

import pytest
from wagtail.models import Site

from home.models import SiteSettings
from tests.factories.pages import make_content_page, translate_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement(home_pages):
    home, _ = home_pages
    page = make_content_page(
        home, title="Toegankelijkheid", slug="toegankelijkheid", show_in_menus=False
    )
    page.save_revision().publish()
    french = translate_page(page, "fr", title="Accessibilité", slug="accessibilite")
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.accessibility_page = page
    settings.save()
    return page, french


def footer(client, url):
    return client.get(url).content.decode().split("<footer", 1)[1]


def test_the_footer_links_to_the_statement_in_the_visitors_language(client, statement):
    assert 'href="/nl/toegankelijkheid/"' in footer(client, "/nl/")
    assert 'href="/fr/accessibilite/"' in footer(client, "/fr/")
    assert 'href="/fr/accessibilite/"' in footer(client, "/fr/accessibilite/")


def test_a_renamed_statement_is_still_found(client, statement):
    page, _ = statement
    client.get("/nl/")

    page.slug = "verklaring-toegankelijkheid"
    page.save_revision().publish()

    assert 'href="/nl/verklaring-toegankelijkheid/"' in footer(client, "/nl/")


def test_without_a_statement_chosen_there_is_no_dead_link(client, statement):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.accessibility_page = None
    settings.save()

    assert "toegankelijkheid" not in footer(client, "/nl/")


def test_an_unpublished_french_statement_is_not_linked_from_french_pages(client, statement):
    _, french = statement
    french.unpublish()

    assert "accessibilite" not in footer(client, "/fr/")
    assert 'href="/nl/toegankelijkheid/"' in footer(client, "/nl/")
