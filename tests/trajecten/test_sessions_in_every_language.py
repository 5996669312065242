"""A session is one real-world event in every language: translating a page
never copies its sessions, and the translation shows the Dutch page's sessions."""

import pytest
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource
from wagtail_localize.operations import translate_object

from tests.factories.offer import SessionFactory, make_training, make_trajectory
from tests.factories.pages import locale, translate_page
from trajecten.models import Session

pytestmark = pytest.mark.django_db


def translate_with_localize(page, titles, capture):
    """Translate `page` into French the way the admin's "Translate" action does."""
    source, _ = TranslationSource.get_or_create_from_instance(page)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=locale("fr"),
            context=segment.context,
            data=titles.get(segment.string.data, segment.string.data),
        )
    with capture(execute=True):
        translate_object(page, [locale("fr")])
    # The translation is a draft (WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE):
    # the editor publishes it, once translated.
    french = page.get_translation(locale("fr"))
    with capture(execute=True):
        french.get_latest_revision().publish()
    french.refresh_from_db()
    return french


def test_translating_with_wagtail_localize_does_not_copy_sessions(
    client, offer_index, django_capture_on_commit_callbacks
):
    index, _ = offer_index
    training = make_training(index, sessions=3, slug="opleiding")

    french = translate_with_localize(
        training, {"opleiding": "formation"}, django_capture_on_commit_callbacks
    )

    assert Session.objects.count() == 3
    assert french.sessions.count() == 0
    assert list(french.get_sessions()) == list(training.get_sessions())
    html = client.get(french.url).content.decode()
    assert html.count('class="session ') == 3


def test_updating_the_translation_after_a_new_session_still_copies_nothing(
    offer_index, django_capture_on_commit_callbacks
):
    index, _ = offer_index
    training = make_training(index, sessions=1, slug="opleiding")
    translate_with_localize(
        training, {"opleiding": "formation"}, django_capture_on_commit_callbacks
    )
    SessionFactory(page=training)

    with django_capture_on_commit_callbacks(execute=True):
        translate_object(training, [locale("fr")])

    assert Session.objects.count() == 2
    assert Session.objects.filter(page__locale__language_code="fr").count() == 0


def test_wagtails_own_copy_for_translation_does_not_copy_sessions(offer_index):
    index, _ = offer_index
    training = make_training(index, sessions=2)

    french = translate_page(training, "fr", slug="formation")

    assert Session.objects.count() == 2
    assert french.get_sessions().count() == 2


def test_trajectory_translation_shows_the_module_sessions_once(client, offer_index):
    index, _ = offer_index
    trajectory, edition = make_trajectory(index, modules=3)
    french = translate_page(trajectory, "fr", slug="trajet")
    french_edition = translate_page(edition, "fr", slug="edition")
    for module in edition.get_children():
        translate_page(module.specific, "fr")

    html = client.get(french.url).content.decode()

    assert Session.objects.count() == 3
    assert html.count('class="timeline__item') == 3
    assert french_edition.get_sessions().count() == 3
