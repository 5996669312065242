"""Visitors read stories newest first, filter them, follow them by feed,
and read meeting reports, bilingual ones side by side."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from home.taxonomy import GuidingPrinciple, Theme
from tests.factories.pages import locale, translate_page
from tests.factories.stories import make_report, make_story, make_story_index
from trajecten.models import G50TrackPage, WorkstreamPage

pytestmark = pytest.mark.django_db


def titles(response):
    assert response.status_code == 200
    return re.findall(
        r'class="offer-item__title"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


def message(language, text, **values):
    with translation.override(language):
        return translation.gettext(text) % values


@pytest.fixture
def stories(home_pages):
    home, _ = home_pages
    index = make_story_index(home)
    index_fr = translate_page(index, "fr", title="Récits", slug="recits")
    theme = Theme.objects.create(locale=locale("nl"), name="Armoede", slug="armoede")
    principle = GuidingPrinciple.objects.create(
        locale=locale("nl"), name="Politiserend werken", slug="politiserend"
    )
    track = home.add_child(instance=G50TrackPage(title="G50", slug="g50"))
    kafka = track.add_child(instance=WorkstreamPage(title="Kafka-brigade", slug="kafka-brigade"))
    oldest = make_story(index, title="Oud verhaal", days_ago=30)
    tagged = make_story(
        index,
        title="Een regel die niemand begreep",
        days_ago=10,
        themes=[theme],
        principles=[principle],
        workstreams=[kafka],
    )
    newest = make_story(index, title="Nieuw verhaal", days_ago=1)
    return index, index_fr, (oldest, tagged, newest)


def test_stories_are_listed_newest_first(client, stories):
    index, _index_fr, _ = stories

    assert titles(client.get(index.url)) == [
        "Nieuw verhaal",
        "Een regel die niemand begreep",
        "Oud verhaal",
    ]


@pytest.mark.parametrize(
    "query", [{"theme": "armoede"}, {"principle": "politiserend"}, {"workstream": "kafka-brigade"}]
)
def test_stories_filter_on_theme_principle_and_workstream(client, stories, query):
    index, _index_fr, _ = stories

    assert titles(client.get(index.url, query)) == ["Een regel die niemand begreep"]


def test_an_unknown_filter_value_is_ignored(client, stories):
    index, _index_fr, _ = stories

    response = client.get(index.url, {"theme": "bestaat-niet", "lang": "de", "page": "x"})

    assert len(titles(response)) == 3
    assert 'class="errorlist"' not in response.content.decode()


def test_language_filter_shows_stories_of_both_languages_once(client, stories):
    index, index_fr, (oldest, _tagged, _newest) = stories
    translate_page(oldest, "fr", title="Vieux récit", slug="vieux-recit")

    french_only = titles(client.get(index_fr.url))
    both = titles(client.get(index_fr.url, {"lang": "all"}))
    dutch = titles(client.get(index_fr.url, {"lang": "nl"}))

    assert french_only == ["Vieux récit"]
    assert sorted(both) == sorted(["Nieuw verhaal", "Een regel die niemand begreep", "Vieux récit"])
    assert len(dutch) == 3


def test_story_shows_author_tags_and_article_data(client, stories):
    _index, _index_fr, (_oldest, tagged, _newest) = stories

    html = client.get(tagged.url).content.decode()

    assert "Els Van den Broeck, OCMW Aalst" in html
    assert (
        '?theme=armoede">Armoede</a>' in html
        and '?principle=politiserend"' in html
        and '?workstream=kafka-brigade"' in html
    )
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["@type"] == "Article" and data["headline"] == tagged.title
    assert '<meta property="og:title" content="Een regel die niemand begreep">' in html


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_an_anonymous_author_is_a_social_worker_from_a_province(client, stories, language):
    index, _index_fr, _ = stories
    story = make_story(
        index, title="Anoniem", anonymous=True, author_province="limburg", author_name="Verborgen"
    )
    if language == "fr":
        story = translate_page(story, "fr", slug="anonyme")

    html = client.get(story.url).content.decode()

    with translation.override(language):
        province = str(translation.gettext("Limburg"))
    assert message(language, "A social worker from %(province)s", province=province) in html
    assert "Verborgen" not in html


@pytest.mark.parametrize(
    ("feed", "item_tag"), [("rss", "item"), ("atom", "{http://www.w3.org/2005/Atom}entry")]
)
def test_feeds_per_language(client, stories, feed, item_tag):
    index, index_fr, (oldest, _tagged, _newest) = stories
    translate_page(oldest, "fr", title="Vieux récit", slug="vieux-recit")

    dutch = ET.fromstring(client.get(f"{index.url}feed/{feed}/").content)
    french = ET.fromstring(client.get(f"{index_fr.url}feed/{feed}/").content)

    assert len(list(dutch.iter(item_tag))) == 3
    assert len(list(french.iter(item_tag))) == 1


def test_bilingual_report_shows_both_languages_side_by_side(client, home_pages):
    home, _ = home_pages
    report = make_report(
        home,
        bilingual=True,
        title_other_language="Rapport échange entre CPAS",
        agenda=[
            (
                "item",
                {
                    "title": "Onthaal",
                    "body": "<p>Rondleiding.</p>",
                    "title_other_language": "Accueil",
                    "body_other_language": "<p>Visite des locaux.</p>",
                },
            )
        ],
        takeaways=[("takeaway", "Creatieve activiteiten geven zelfvertrouwen.")],
    )

    html = client.get(report.url).content.decode()

    assert "agenda-item--bilingual" in html
    assert '<div lang="fr"><h2>Accueil</h2><p>Visite des locaux.</p></div>' in html
    assert "Lisa Asselman (POD MI-IS)" in html
    assert "Creatieve activiteiten geven zelfvertrouwen." in html
    assert "donderdag 16 mei 2019" in html
