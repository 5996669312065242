"""Fixtures of the stories' tests: the story index in both languages."""

import pytest

from tests.factories.pages import translate_page
from tests.factories.stories import make_story_index


@pytest.fixture
def story_index(home_pages):
    """The Dutch story index (its French translation is "Récits")."""
    index = make_story_index(home_pages[0])
    translate_page(index, "fr", title="Récits", slug="recits")
    return index
