"""The catalogue: upcoming offer by default, filters that combine over plain
GET parameters, a result count and pagination; bad values never break it."""

import re

import pytest

from home.taxonomy import GuidingPrinciple, Theme
from tests.factories.offer import (
    SessionFactory,
    in_days,
    make_network,
    make_training,
    make_trajectory,
)
from tests.factories.pages import locale, translate_page

pytestmark = pytest.mark.django_db


def titles(response):
    assert response.status_code == 200
    return re.findall(
        r'class="offer-item__title"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


def count(response):
    return int(re.search(r'class="results__count"[^>]*>(\d+)', response.content.decode()).group(1))


@pytest.fixture
def offer(offer_index):
    index, _ = offer_index
    ghent = make_training(index, sessions=0, title="Opleiding Gent", slug="gent")
    SessionFactory(page=ghent, town="Gent", province="east_flanders")
    online = make_training(index, sessions=0, title="Opleiding online", slug="online")
    SessionFactory(
        page=online,
        format="online",
        online_link="https://teams.example.org/x",
        town="",
        province="",
    )
    past = make_training(index, sessions=0, title="Opleiding voorbij", slug="voorbij")
    SessionFactory(page=past, starts_at=in_days(-40), province="limburg")
    full = make_training(index, sessions=0, title="Opleiding volzet", slug="volzet")
    SessionFactory(page=full, capacity=0, province="antwerp")
    make_trajectory(index)
    make_network(index)
    return index


def test_catalogue_lists_what_is_upcoming_soonest_first(client, offer):
    found = titles(client.get(offer.url))

    assert found[0] == "Leernetwerk zonder wettig verblijf"  # its meeting is in 20 days
    assert set(found) == {
        "Opleiding Gent",
        "Opleiding online",
        "Opleiding volzet",
        "Vormingstraject integratie",
        "Leernetwerk zonder wettig verblijf",
    }
    assert count(client.get(offer.url)) == 5


def test_past_offer(client, offer):
    assert titles(client.get(offer.url, {"when": "past"})) == ["Opleiding voorbij"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "trajectory"}, {"Vormingstraject integratie"}),
        ({"kind": "network"}, {"Leernetwerk zonder wettig verblijf"}),
        ({"province": "east_flanders"}, {"Opleiding Gent", "Leernetwerk zonder wettig verblijf"}),
        ({"province": "east_flanders", "kind": "training"}, {"Opleiding Gent"}),
        ({"format": "online"}, {"Opleiding online", "Vormingstraject integratie"}),
        ({"format": "online", "kind": "training"}, {"Opleiding online"}),
        ({"free": "on", "kind": "training"}, {"Opleiding Gent", "Opleiding online"}),
        ({"province": "limburg"}, set()),
        ({"province": "limburg", "when": "past"}, {"Opleiding voorbij"}),
    ],
)
def test_filters_combine(client, offer, query, expected):
    response = client.get(offer.url, query)

    assert set(titles(response)) == expected
    assert count(response) == len(expected)


UPCOMING_TRAININGS = {"Opleiding Gent", "Opleiding online", "Opleiding volzet"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"province": "atlantis", "kind": "training"}, UPCOMING_TRAININGS),
        ({"kind": "training", "format": "teleport"}, UPCOMING_TRAININGS),
        (
            {"kind": "training", "theme": "bestaat-niet", "principle": "<script>"},
            UPCOMING_TRAININGS,
        ),
        ({"kind": "training", "when": "yesterday", "page": "abc"}, UPCOMING_TRAININGS),
        ({"kind": "training", "page": "9999"}, UPCOMING_TRAININGS),
        (
            {"kind": "lecture", "province": "east_flanders"},
            {"Opleiding Gent", "Leernetwerk zonder wettig verblijf"},
        ),
        # A repeated parameter counts once (the last), as Django reads query strings.
        (
            {"kind": ["training", "network"], "province": "x" * 5000},
            {"Leernetwerk zonder wettig verblijf"},
        ),
    ],
)
def test_a_value_that_does_not_exist_is_ignored_and_the_rest_applies(
    client, offer, query, expected
):
    response = client.get(offer.url, query)

    assert set(titles(response)) == expected
    html = response.content.decode()
    assert 'class="errorlist"' not in html
    assert "<script>" not in html


def test_theme_and_principle_filters_in_french(client, offer_index):
    index, index_fr = offer_index
    theme = Theme.objects.create(locale=locale("nl"), name="Migratie", slug="migratie")
    theme_fr = theme.copy_for_translation(locale("fr"))
    theme_fr.name, theme_fr.slug = "Migration", "migration"
    theme_fr.save()
    principle = GuidingPrinciple.objects.create(
        locale=locale("nl"), name="Politiserend werken", slug="politiserend"
    )
    principle_fr = principle.copy_for_translation(locale("fr"))
    principle_fr.name, principle_fr.slug = "Travail politisant", "politisant"
    principle_fr.save()
    tagged = make_training(
        index, sessions=1, title="Migratie", slug="migratie", themes=[theme], principles=[principle]
    )
    make_training(index, sessions=1, title="Ander thema", slug="ander")
    translate_page(tagged, "fr", title="Migration et exil", slug="migration")

    by_theme = client.get(index_fr.url, {"theme": "migration"})
    by_principle = client.get(index_fr.url, {"principle": "politisant"})

    assert titles(by_theme) == ["Migration et exil"]
    assert titles(by_principle) == ["Migration et exil"]
    html = client.get(tagged.get_translation(locale("fr")).url).content.decode()
    assert '?theme=migration">Migration</a>' in html


def test_catalogue_paginates_and_keeps_the_filters(client, offer_index):
    index, _ = offer_index
    for number in range(14):
        make_training(index, sessions=1, title=f"Opleiding {number:02}", slug=f"opleiding-{number}")

    first = client.get(index.url, {"kind": "training"})
    second = client.get(index.url, {"kind": "training", "page": "2"})

    assert len(titles(first)) == 12 and len(titles(second)) == 2
    assert count(first) == 14
    assert "?kind=training&amp;page=2" in first.content.decode()
