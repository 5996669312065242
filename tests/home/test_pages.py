"""Visitors see the home and content pages in the language of the URL."""

import pytest

from tests.factories.pages import make_content_page, translate_page

pytestmark = pytest.mark.django_db


def test_dutch_home_page_renders_in_dutch(client, home_pages):
    response = client.get("/nl/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "Welkom bij de academie" in html
    assert "Naar de inhoud" in html  # the skip link, from the Dutch catalogue


def test_french_home_page_renders_in_french(client, home_pages):
    response = client.get("/fr/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Bienvenue à l&#x27;académie" in html or "Bienvenue à l'académie" in html
    assert "Aller au contenu" in html


def test_main_menu_lists_the_pages_of_the_active_language(client, home_pages):
    home, home_fr = home_pages
    about = make_content_page(home, title="Over ons", slug="over-ons")
    translate_page(about, "fr", title="À propos", slug="a-propos")

    dutch = client.get("/nl/").content.decode()
    french = client.get("/fr/").content.decode()

    assert 'href="/nl/over-ons/"' in dutch and "À propos" not in dutch
    assert 'href="/fr/a-propos/"' in french and "Over ons" not in french


def test_content_page_shows_its_blocks(client, home_pages):
    home, _ = home_pages
    make_content_page(
        home,
        title="Veelgestelde vragen",
        slug="faq",
        body=[
            ("heading", {"text": "Inschrijven", "level": "h2"}),
            (
                "accordion",
                {
                    "title": "",
                    "items": [
                        {"question": "Kan ik annuleren?", "answer": "<p>Tot een week vooraf.</p>"}
                    ],
                },
            ),
            (
                "contact",
                {
                    "name": "Nathalie",
                    "role": "",
                    "organisation": "VVSG",
                    "email": "n@example.org",
                    "phone": "",
                },
            ),
        ],
    )

    html = client.get("/nl/faq/").content.decode()

    assert "<h2>Inschrijven</h2>" in html
    assert "<summary>Kan ik annuleren?</summary>" in html
    assert 'href="mailto:n@example.org"' in html


def test_unknown_url_gets_the_portals_404_in_the_visitors_language(client, home_pages):
    dutch = client.get("/nl/bestaat-niet/")
    french = client.get("/fr/existe-pas/")

    assert dutch.status_code == 404
    assert "Pagina niet gevonden" in dutch.content.decode()
    assert french.status_code == 404
    assert "Page introuvable" in french.content.decode()


def test_footer_shows_the_contact_details_of_the_site_settings(client, home_pages):
    from wagtail.models import Site

    from home.models import SiteSettings

    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.email = "academie@example.org"
    settings.phone = "+32 2 211 55 00"
    settings.save()

    html = client.get("/fr/").content.decode()

    assert 'href="mailto:academie@example.org"' in html
    assert 'href="tel:+3222115500"' in html


@pytest.mark.parametrize(
    ("language", "text"), [("nl", "Er ging iets mis"), ("fr", "Une erreur s'est produite")]
)
def test_server_error_page_renders_without_request_in_the_active_language(language, text):
    from django.template.loader import render_to_string
    from django.utils import translation

    # Django renders 500.html with an empty context: no request, no database.
    with translation.override(language):
        html = render_to_string("500.html")

    assert f'<html lang="{language}">' in html
    assert text in html.replace("&#x27;", "'")
