"""Every title a member can type makes a story with a valid, sensible and
unique address: other scripts are transliterated, a title without letters
(emoji, punctuation) gets "verhaal-…" / "récit-…", and a title with nothing
visible in it is a clear error on the form."""

import re

import pytest
from django.core.validators import validate_slug
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext
from wagtail.models import WorkflowState

from tests.factories.accounts import MemberFactory
from tests.factories.pages import locale
from verhalen.models import StoryIndexPage, StoryPage

pytestmark = pytest.mark.django_db

FORM = {
    "teaser": "Hoe we een overbodige stap schrapten.",
    "text": "Elke aanvrager moest een attest laten tekenen.",
    "consent": "on",
}

# (title, the address it makes; None: the fallback word and random characters)
TITLES = {
    "cyrillic": ("Как мы работаем с клиентами", "kak-my-rabotaem-s-klientami"),
    "arabic": ("كيف نعمل مع العملاء", "kyf-nml-m-lml"),
    "greek": ("Πώς δουλεύουμε με τους πελάτες", "pos-doyleyoyme-me-toys-pelates"),
    "japanese": ("私たちの働き方", "sitachinodongkifang"),
    "emoji": ("🙂🎉🤝", None),
    "emoji sequence": ("👩‍👩‍👧 ❤️", None),
    "punctuation": ("!!! ??? … — « »", None),
    "digits and emoji": ("2024 🙂", "2024"),
    "accents": ("Één café, één œuvre: ça va?", "een-cafe-een-oeuvre-ca-va"),
    "mixed": ("OCMW Gent 🙂 и Брюссель", "ocmw-gent-i-bryussel"),
}


def post_story(client, title, language="nl"):
    with translation.override(language):
        url = reverse("new_story")
    return client.post(url, {**FORM, "title": title})


def fallback_pattern(language):
    with translation.override(language):
        word = pgettext("address of a story", "story")
    return rf"^{re.escape(word.replace('é', 'e'))}-[0-9a-f]{{6}}$"


def approve(story, editor):
    WorkflowState.objects.for_instance(story).get().current_task_state.approve(user=editor)
    story.refresh_from_db()
    return story


@pytest.mark.parametrize("script", TITLES)
def test_a_title_in_any_script_makes_a_page_with_a_sensible_address(
    client, story_index, editor, script
):
    title, expected = TITLES[script]
    client.force_login(MemberFactory())

    response = post_story(client, title)

    assert response.status_code == 302
    story = StoryPage.objects.get()
    validate_slug(story.slug)
    if expected:
        assert story.slug == expected
    else:
        assert re.match(fallback_pattern("nl"), story.slug), story.slug
    approve(story, editor)
    page = Client().get(story.url)
    assert page.status_code == 200
    assert title.split()[0] in page.content.decode()


@pytest.mark.parametrize("title", ["Как мы работаем", "🙂🎉", "Eerst luisteren"])
def test_the_same_title_twice_gives_two_addresses(client, story_index, editor, title):
    client.force_login(MemberFactory())

    post_story(client, title)
    post_story(client, title)

    first, second = StoryPage.objects.order_by("pk")
    assert first.slug != second.slug
    for story in [first, second]:
        assert Client().get(approve(story, editor).url).status_code == 200


def test_a_french_story_without_letters_is_addressed_in_french(client, story_index, editor):
    client.force_login(MemberFactory())

    response = post_story(client, "?!", language="fr")

    assert response.status_code == 302
    story = StoryPage.objects.get()
    assert story.locale == locale("fr")
    assert re.match(fallback_pattern("fr"), story.slug), story.slug


@pytest.mark.parametrize(
    "title",
    ["Ж" * 200, "私" * 200, "🙂" * 200, "!" * 200, "a" * 200, "woord " * 33 + "ab"],
    ids=["cyrillic", "japanese", "emoji", "punctuation", "latin", "words"],
)
def test_a_title_of_the_greatest_length_makes_a_page(client, story_index, editor, title):
    assert len(title) == 200
    client.force_login(MemberFactory())

    response = post_story(client, title)

    assert response.status_code == 302
    story = StoryPage.objects.get()
    assert story.title == title.strip()
    validate_slug(story.slug)
    assert len(story.slug) <= 80
    assert not story.slug.endswith("-")
    assert Client().get(approve(story, editor).url).status_code == 200


def test_a_title_one_character_too_long_is_a_form_error(client, story_index):
    client.force_login(MemberFactory())

    response = post_story(client, "Ж" * 201)

    assert response.status_code == 200
    assert 'id="id_title_error"' in response.content.decode()
    assert not StoryPage.objects.exists()


@pytest.mark.parametrize(
    "title",
    ["   ", "\t \n", "\u3000\u3000", "\u200b\u200b", "\u200e\u200f", "\x07\x1b", "\u0301"],
    ids=["spaces", "tab-newline", "ideographic", "zero-width", "direction", "control", "accent"],
)
def test_a_title_with_nothing_visible_is_a_clear_form_error(client, story_index, title):
    client.force_login(MemberFactory())

    response = post_story(client, title)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_title_error"' in html
    assert not StoryPage.objects.exists()


def test_control_characters_leave_the_title_and_the_feeds_work(client, story_index, editor):
    client.force_login(MemberFactory())

    client.post(
        "/nl/mijn-account/verhalen/nieuw/",
        {**FORM, "title": "Een\x07 titel\x1bmet bel", "teaser": "Regel een\x1b\r\nRegel twee"},
    )
    story = approve(StoryPage.objects.get(), editor)

    assert story.title == "Een titel met bel"
    assert story.teaser == "Regel een\nRegel twee"
    index = StoryIndexPage.objects.get(pk=story_index.pk)
    for feed in ["feed/rss/", "feed/atom/"]:
        response = Client().get(index.url + feed)
        assert response.status_code == 200
        assert "Een titel met bel" in response.content.decode()


def test_a_member_with_the_longest_names_can_share_a_story(client, story_index, editor):
    member = MemberFactory(first_name="A" * 150, last_name="B" * 150)
    member.profile.organisation_name = "O" * 200
    member.profile.save()
    client.force_login(member)

    response = post_story(client, "Eerst luisteren")

    assert response.status_code == 302
    story = approve(StoryPage.objects.get(), editor)
    assert story.author_name == f"{'A' * 150} {'B' * 150}"
    assert "A" * 150 in Client().get(story.url).content.decode()
