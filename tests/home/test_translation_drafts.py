"""A page translated through wagtail-localize stays a draft until an editor
publishes it: a French visitor never reads the Dutch text it starts with,
nor that of an untranslated parent wagtail-localize copies as an alias."""

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail_localize.models import TranslationSource

from home.translation import translate_into
from tests.factories.pages import locale, make_content_page
from tests.search.results import top3

pytestmark = pytest.mark.django_db

DUTCH = "Schuldbemiddeling voor gezinnen"


@pytest.fixture
def dutch_pages(home_pages):
    """A section, untranslated, and a page below it, both live in Dutch only."""
    home, _home_fr = home_pages
    section = make_content_page(home, title="Hulpverlening", slug="hulpverlening")
    page = make_content_page(section, title=DUTCH, slug="schuld", intro="Tips voor de eerste lijn.")
    return section, page


def translate_as_editor(client, editor, page, commit):
    """The editor's "Translate this page" into French, in the admin."""
    client.force_login(editor)
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    with commit():
        response = client.post(url, {"locales": [locale("fr").pk]})
    assert response.status_code == 302
    client.logout()
    return page.get_translation(locale("fr"))


def french_search(client, query):
    with translation.override("fr"):
        return top3(client, reverse("search"), query)


def test_a_page_translated_by_an_editor_is_a_draft_no_visitor_reads(
    client, editor, dutch_pages, commit
):
    section, page = dutch_pages

    french = translate_as_editor(client, editor, page, commit)

    assert not french.live
    # The parent, untranslated, came along as an alias of the Dutch page: a draft too.
    french_section = french.get_parent()
    assert french_section.alias_of_id == section.pk and not french_section.live
    for address in [french.url_path, french_section.url_path]:
        assert client.get("/fr" + address.removeprefix("/accueil")).status_code == 404
    home_fr = client.get("/fr/").content.decode()
    assert "Hulpverlening" not in home_fr and DUTCH not in home_fr
    assert DUTCH not in french_search(client, "schuldbemiddeling")
    # The language switcher of the Dutch page leads to the French home page.
    dutch = client.get(page.url).content.decode()
    assert 'href="/fr/" hreflang="fr"' in dutch
    assert f'href="{french.url}"' not in dutch


def test_the_translation_goes_live_when_the_editor_publishes_it(
    client, editor, dutch_pages, commit
):
    section, page = dutch_pages
    translate_into(section, "fr", {"Hulpverlening": "Aide", "hulpverlening": "aide"})
    french = translate_as_editor(client, editor, page, commit)
    assert not french.live

    french.title = "Médiation de dettes pour les familles"
    french.intro = "Conseils pour la première ligne."
    with commit():
        french.save_revision(user=editor).publish()

    html = client.get("/fr/aide/schuld/").content.decode()
    assert "Médiation de dettes pour les familles" in html
    assert 'href="/fr/aide/schuld/" hreflang="fr"' in client.get(page.url).content.decode()


def test_an_alias_in_another_language_stays_offline_when_its_original_is_published(
    client, editor, dutch_pages, commit
):
    section, page = dutch_pages
    translate_as_editor(client, editor, page, commit)

    section.title = "Hulpverlening en advies"
    with commit():
        section.save_revision().publish()

    alias = section.get_translation(locale("fr"))
    assert alias.alias_of_id == section.pk and not alias.live
    assert "Hulpverlening" not in client.get("/fr/").content.decode()


def test_syncing_keeps_a_live_translation_as_the_translator_left_it(
    client, editor, home_pages, commit
):
    """ "Sync translated pages" without "Publish immediately" updates what
    translators see; the live French page keeps its French text."""
    home, _ = home_pages
    page = make_content_page(home, title="Schuld", slug="schuld", intro="Hallo.")
    with commit():
        french = translate_into(
            page, "fr", {"Schuld": "Dettes", "Hallo.": "Bonjour.", "schuld": "dettes"}
        )
    assert french.live

    page.intro = "Hallo allemaal, nieuwe tekst."
    with commit():
        page.save_revision().publish()
    client.force_login(editor)
    source = TranslationSource.objects.get(object_id=page.translation_key, locale=page.locale)
    with commit():
        response = client.post(
            reverse("wagtail_localize:update_translations", args=[source.pk]), {}
        )
    assert response.status_code == 302
    client.logout()

    french.refresh_from_db()
    assert french.live
    html = client.get("/fr/dettes/").content.decode()
    assert "Bonjour." in html and "nieuwe tekst" not in html
