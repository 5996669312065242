"""The explorer's translation buttons are wagtail-localize's, worked out for
the whole listing at once (home/translation_buttons.py)."""

import inspect
import re

import pytest
from django.urls import reverse
from wagtail import hooks
from wagtail_localize import wagtail_hooks as localize_hooks
from wagtail_localize.operations import translate_object

from home.translation_buttons import HOOK, translation_buttons
from tests.factories.pages import locale, make_content_page

pytestmark = pytest.mark.django_db

BUTTON_URLS = re.compile(r'href="(/admin/localize/[^"]+)"')


@pytest.fixture
def section(home_pages):
    """A section with a page never translated, one translated through
    wagtail-localize and one that has only an alias in French."""
    home, _home_fr = home_pages
    section = make_content_page(home, title="Aanbod", slug="aanbod")
    translate_object(section, [locale("fr")])
    untranslated = make_content_page(section, title="Nieuw", slug="nieuw")
    translated = make_content_page(section, title="Vertaald", slug="vertaald")
    translate_object(translated, [locale("fr")])
    aliased = make_content_page(section, title="Alias", slug="alias")
    aliased.copy_for_translation(locale("fr"), alias=True)
    return section, {"untranslated": untranslated, "translated": translated, "aliased": aliased}


def localize_urls(page, user, next_url):
    """The addresses of the buttons wagtail-localize's own hook gives this page."""
    return {
        button.url
        for button in localize_hooks.page_listing_more_buttons(page, user, "index", next_url)
    }


def test_the_explorer_shows_the_buttons_wagtail_localize_would(client, editor, section):
    parent, pages = section
    client.force_login(editor)
    url = reverse("wagtailadmin_explore", args=[parent.pk])

    shown = set(BUTTON_URLS.findall(client.get(url).content.decode().replace("&amp;", "&")))

    # The section's own buttons, in the header, come from wagtail-localize's hook.
    expected = localize_urls(parent, editor, url)
    for page in pages.values():
        expected |= localize_urls(page, editor, url)
    assert shown == expected
    # What wagtail-localize's rules give: every page may be translated but the
    # translated one, which may be synced instead.
    submit = {
        name: reverse("wagtail_localize:submit_page_translation", args=[page.pk])
        for name, page in pages.items()
    }
    assert submit["untranslated"] in shown and submit["aliased"] in shown
    assert submit["translated"] not in shown
    assert any("/update/" in address for address in shown)


def test_the_explorer_asks_the_same_number_of_queries_for_more_pages(
    client, editor, section, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    parent, _pages = section
    client.force_login(editor)
    url = reverse("wagtailadmin_explore", args=[parent.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    # Read now: the next request empties the connection's log of queries.
    budget = len(few.captured_queries)
    for number in range(12):
        page = make_content_page(parent, title=f"Pagina {number}", slug=f"pagina-{number}")
        translate_object(page, [locale("fr")])
    # New pages change the outline (menu, site) kept for every page: read once again.
    client.get(url)

    with django_assert_max_num_queries(budget):
        client.get(url)


def test_searching_in_the_explorer_finds_the_pages_with_their_buttons(client, editor, section):
    parent, pages = section
    client.force_login(editor)
    url = reverse("wagtailadmin_explore", args=[parent.pk])

    response = client.get(url, {"q": "Nieuw"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Nieuw" in html
    untranslated = pages["untranslated"]
    assert reverse("wagtail_localize:submit_page_translation", args=[untranslated.pk]) in html


def test_the_explorer_shows_each_translation_button_once(client, editor, section):
    parent, pages = section
    client.force_login(editor)
    url = reverse("wagtailadmin_explore", args=[parent.pk])

    shown = BUTTON_URLS.findall(client.get(url).content.decode().replace("&amp;", "&"))

    expected = [
        address
        for page in [parent, *pages.values()]
        for address in localize_urls(page, editor, url)
    ]
    assert sorted(shown) == sorted(expected)


def test_the_portals_buttons_hook_stands_where_wagtail_localize_registers_its_own():
    # replace_localize_listing_buttons swaps wagtail-localize's function for
    # the portal's in Wagtail's registry: if wagtail-localize registers its
    # buttons under another name or hook, nothing is swapped and the explorer
    # is back to three queries a row.
    listing = hooks.get_hooks(HOOK)
    assert listing.count(translation_buttons) == 1
    assert localize_hooks.page_listing_more_buttons not in listing
    # Its page header keeps wagtail-localize's own.
    assert localize_hooks.page_listing_more_buttons in hooks.get_hooks(
        "register_page_header_buttons"
    )


# wagtail-localize's buttons hook (1.14) whose rules translation_buttons
# follows, reading them from the explorer's annotations.
LOCALIZE_BUTTONS = """\
def page_listing_more_buttons(page: Page, user, view_name=None, next_url=None):
    if not page.is_root() and user.has_perm("wagtail_localize.submit_translation"):
        # If there's at least one locale that we haven't translated into yet, show "Translate this page" button
        has_locale_to_translate_to = Locale.objects.exclude(
            id__in=page.get_translations(inclusive=True)
            .exclude(alias_of__isnull=False)
            .values_list("locale_id", flat=True)
        ).exists()

        if has_locale_to_translate_to:
            # note: if this is an alias page, we want to use the parent page id
            url = reverse(
                "wagtail_localize:submit_page_translation",
                args=[page.alias_of_id or page.id],
            )

            yield ListingButton(
                _("Translate this page"),
                url,
                priority=60,
                icon_name="wagtail-localize-language",
            )

        # If the page is the source for translations, show "Sync translated pages" button
        source = TranslationSource.objects.get_for_instance_or_none(page)
        if source is not None and source.translations.filter(enabled=True).exists():
            url = reverse("wagtail_localize:update_translations", args=[source.id])
            if next_url is not None:
                url += "?" + urlencode({"next": next_url})

            yield ListingButton(
                _("Sync translated pages"), url, priority=60, icon_name="resubmit"
            )
"""


def test_wagtail_localize_decides_its_buttons_as_the_portals_copy_does():
    assert inspect.getsource(localize_hooks.page_listing_more_buttons) == LOCALIZE_BUTTONS, (
        "wagtail-localize's page_listing_more_buttons changed: bring translation_buttons "
        "and annotate_translation_state (home/translation_buttons.py) in line with it, "
        "then put the new source here."
    )
