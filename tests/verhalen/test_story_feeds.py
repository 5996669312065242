"""The story feeds as a feed reader reads them (feedparser): well formed, in
their language, with the stories of that language only, their dates, and
links to the portal's address."""

from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.utils import timezone

from tests.factories.pages import translate_page
from tests.factories.stories import make_story

pytestmark = pytest.mark.django_db

PORTAL = "https://portaal.example.org"


@pytest.fixture(autouse=True)
def _portal_address(settings):
    settings.WAGTAILADMIN_BASE_URL = PORTAL


@pytest.fixture
def stories(story_index):
    older = make_story(story_index, title="Eerst luisteren", days_ago=20)
    newer = make_story(story_index, title="Een regel die niemand begreep", days_ago=3)
    translated = translate_page(older, "fr", title="D'abord écouter", slug="d-abord-ecouter")
    return older, newer, translated


def read(client, path):
    response = client.get(path)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


FEEDS = [("rss", "rss20"), ("atom", "atom10")]


@pytest.mark.parametrize(("kind", "version"), FEEDS)
def test_dutch_feed_is_dutch_with_the_dutch_stories_newest_first(
    client, story_index, stories, kind, version
):
    older, newer, _translated = stories

    feed = read(client, f"/nl/verhalen/feed/{kind}/")

    assert feed.version == version
    assert feed.feed.language == "nl"
    assert feed.feed.title == "Verhalen"
    assert feed.feed.link == f"{PORTAL}/nl/verhalen/"
    assert [entry.title for entry in feed.entries] == [newer.title, older.title]
    assert [entry.link for entry in feed.entries] == [
        f"{PORTAL}/nl/verhalen/een-regel-die-niemand-begreep/",
        f"{PORTAL}/nl/verhalen/eerst-luisteren/",
    ]
    assert feed.entries[0].author == "Els Van den Broeck, OCMW Aalst"
    assert feed.entries[0].summary == newer.teaser


@pytest.mark.parametrize(("kind", "version"), FEEDS)
def test_french_feed_is_french_with_the_french_stories_only(
    client, story_index, stories, kind, version
):
    _older, _newer, translated = stories

    feed = read(client, f"/fr/recits/feed/{kind}/")

    assert feed.version == version
    assert feed.feed.language == "fr"
    assert feed.feed.title == "Récits"
    assert feed.feed.link == f"{PORTAL}/fr/recits/"
    assert [entry.title for entry in feed.entries] == ["D'abord écouter"]
    assert [entry.link for entry in feed.entries] == [f"{PORTAL}/fr/recits/d-abord-ecouter/"]
    assert translated.url == "/fr/recits/d-abord-ecouter/"


@pytest.mark.parametrize(("kind", "_version"), FEEDS)
def test_each_story_has_the_date_it_was_published(client, stories, kind, _version):
    _older, newer, _translated = stories

    entry = read(client, f"/nl/verhalen/feed/{kind}/").entries[0]

    published = datetime(*entry.published_parsed[:6], tzinfo=UTC)
    assert abs(published - newer.first_published_at) < timedelta(seconds=1)
    assert newer.first_published_at < timezone.now() - timedelta(days=2)


@pytest.mark.parametrize(("kind", "_version"), FEEDS)
def test_the_feed_names_itself_at_the_portals_address_whatever_the_host_asked(
    client, stories, kind, _version
):
    response = client.get(f"/nl/verhalen/feed/{kind}/", HTTP_HOST="localhost")
    feed = feedparser.parse(response.content)

    links = [link.href for link in feed.feed.links] + [entry.id for entry in feed.entries]
    assert f"{PORTAL}/nl/verhalen/feed/{kind}/" in links
    assert all(link.startswith(f"{PORTAL}/") for link in links)
