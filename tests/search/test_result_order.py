"""The order of the results of the database backend, with few matches (all
scored) and with very many (title matches first, then the newest), and the
counts and pages that go with them."""

from datetime import UTC, datetime

import pytest

from search.backends import database, get_backend
from search.backends.base import IndexDocument, SearchRequest

pytestmark = pytest.mark.django_db


def entry(key, title, body, day, language="nl", kind="Pagina"):
    return IndexDocument(
        key=key,
        language=language,
        kind=kind,
        title=title,
        body=body,
        url=f"/{language}/{key}/",
        date=datetime(2026, 1, day, tzinfo=UTC),
    )


@pytest.fixture
def pages():
    get_backend().update(
        [
            entry("a", "Armoede in de stad", "Armoede, armoede en nog eens armoede.", 1),
            entry("b", "Budgetbeheer", "Een woord over armoede.", 2),
            entry("c", "Huisvesting", "Armoede en huisvesting hangen samen.", 3),
            entry("d", "Gezondheid", "Gezondheid en armoede.", 4),
            entry("e", "Pauvreté urbaine", "La pauvreté en ville.", 5, language="fr"),
        ]
    )


def search(query, **options):
    results = get_backend().search(SearchRequest(query=query, language="nl", **options))
    return [hit.title for hit in results.hits], results.total


def test_few_matches_are_all_scored_with_the_title_counting_most(pages):
    titles, total = search("armoede")

    assert total == 4
    assert titles[0] == "Armoede in de stad"
    assert set(titles) == {"Armoede in de stad", "Budgetbeheer", "Huisvesting", "Gezondheid"}


def test_very_many_matches_put_title_matches_first_then_the_newest(pages, monkeypatch):
    monkeypatch.setattr(database, "FULL_RANKING", 2)

    titles, total = search("armoede")

    assert total == 4
    assert titles == ["Armoede in de stad", "Gezondheid", "Huisvesting", "Budgetbeheer"]


def test_pages_of_very_many_matches_follow_on_without_gaps_or_repeats(pages, monkeypatch):
    monkeypatch.setattr(database, "FULL_RANKING", 2)

    pages_of_two = [search("armoede", offset=offset, limit=2)[0] for offset in (0, 2)]

    assert pages_of_two == [["Armoede in de stad", "Gezondheid"], ["Huisvesting", "Budgetbeheer"]]


def test_by_date_newest_first_and_facets_count_every_match(pages):
    results = get_backend().search(SearchRequest(query="armoede", language="nl", sort="date"))

    assert [hit.title for hit in results.hits] == [
        "Gezondheid",
        "Huisvesting",
        "Budgetbeheer",
        "Armoede in de stad",
    ]
    assert results.facets["kind"] == {"Pagina": 4}
    assert results.facets["language"] == {"nl": 4}


def test_a_chosen_facet_narrows_the_matches_and_their_count(pages):
    get_backend().update([entry("f", "Armoede bij jongeren", "Armoede.", 6, kind="Opleiding")])

    titles, total = search("armoede", chosen={"kind": "Opleiding"})

    assert (titles, total) == (["Armoede bij jongeren"], 1)


def test_both_languages_search_each_in_its_own_analysis(pages):
    results = get_backend().search(
        SearchRequest(query="pauvreté", language="nl", both_languages=True)
    )

    assert [hit.title for hit in results.hits] == ["Pauvreté urbaine"]
    assert results.facets["language"] == {"fr": 1}
