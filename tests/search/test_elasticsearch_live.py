"""The Elasticsearch backend against a real cluster: what the analysis, the
synonyms, the facets, the highlights, the completion and the alias swap do
once Elasticsearch runs them. Each test works in indices of its own prefix
and deletes them afterwards.

Run with a cluster (8.x):
ELASTICSEARCH_URL=http://localhost:9200 pytest tests/search/test_elasticsearch_live.py -rs
"""

import os
import uuid
from collections import Counter
from datetime import UTC, datetime

import pytest

from search.backends.base import IndexDocument, SearchRequest
from search.backends.elasticsearch import ElasticsearchBackend, alias_name
from search.models import SynonymGroup

if not os.environ.get("ELASTICSEARCH_URL"):
    # One line in the test report, rather than one per test.
    pytest.skip(
        "Elasticsearch live tests: set ELASTICSEARCH_URL to a cluster (8.x) to run these, "
        "e.g. ELASTICSEARCH_URL=http://localhost:9200",
        allow_module_level=True,
    )

pytestmark = pytest.mark.django_db

SYNONYMS = ["OCMW, CPAS", "leefloon, revenu d'intégration sociale, RIS"]

DOCUMENTS = [
    IndexDocument(
        key="page-1",
        language="nl",
        kind="Opleiding",
        title="Basisopleiding psychosociale impact van migratie en vlucht",
        body="Een opleiding voor medewerkers van OCMW's over de begeleiding van een vluchteling.",
        url="/nl/aanbod/basisopleiding/",
        date=datetime(2024, 1, 15, 9, 0, tzinfo=UTC),
        facets={"themes": ["Migratie"], "provinces": ["West-Vlaanderen"]},
        page_id=1,
    ),
    IndexDocument(
        key="page-2",
        language="nl",
        kind="Verhaal",
        title="Een regel die niemand nog begreep",
        body="Over het RIS en de begeleiding <b>thuis</b>. Gemeld bij de Kafka-brigade.",
        url="/nl/verhalen/regel/",
        facets={"themes": ["Armoede"]},
        page_id=2,
    ),
    IndexDocument(
        key="page-3",
        language="fr",
        kind="Formation",
        title="Trajet de formation pour agents locaux d'intégration",
        body="Des formations pour l'intégration des réfugiés à Liège.",
        url="/fr/offre/trajet/",
        date=datetime(2024, 6, 1, 9, 0, tzinfo=UTC),
        facets={"themes": ["Migration"], "provinces": ["Liège"]},
        page_id=3,
    ),
    IndexDocument(
        key="page-4",
        language="fr",
        kind="Témoignage",
        title="Une règle que plus personne ne comprenait",
        body="Le revenu d'intégration sociale expliqué aux CPAS, en 5 principes.",
        url="/fr/temoignages/regle/",
        facets={"themes": ["Pauvreté"]},
        page_id=4,
    ),
]


def concrete_indices(backend):
    return sorted(backend.client.indices.get(index=f"{backend.prefix}-*"))


def refresh(backend):
    backend.client.indices.refresh(index=f"{backend.prefix}-*")


def new_backend():
    return ElasticsearchBackend(
        url=os.environ["ELASTICSEARCH_URL"], prefix=f"test-portal-{uuid.uuid4().hex[:8]}"
    )


@pytest.fixture
def empty_backend():
    backend = new_backend()
    yield backend
    # Explicit names: clusters refuse wildcard deletes by default.
    names = concrete_indices(backend)
    if names:
        backend.client.indices.delete(index=names)


@pytest.fixture
def backend(empty_backend):
    for terms in SYNONYMS:
        SynonymGroup.objects.create(terms=terms)
    assert empty_backend.rebuild(DOCUMENTS) == len(DOCUMENTS)
    return empty_backend


def keys(backend, query, language, **kwargs):
    results = backend.search(SearchRequest(query=query, language=language, **kwargs))
    return [hit.key for hit in results.hits]


@pytest.mark.parametrize(
    ("query", "language", "expected"),
    [
        ("opleidingen", "nl", "page-1"),  # Dutch stemming
        ("vluchtelingen", "nl", "page-1"),
        ("OCMW", "nl", "page-1"),  # "OCMW's"
        ("formation", "fr", "page-3"),  # French stemming
        ("integration", "fr", "page-3"),  # folded accents
        ("l'intégration", "fr", "page-3"),  # elision
        ("refugies Liege", "fr", "page-3"),  # every word, folded
        ("OCMW's", "nl", "page-1"),  # the possessive, not an "s" to find
        ("kafkabrigade", "nl", "page-2"),  # a compound written as one word
        ("kafka brigade", "nl", "page-2"),
        ("Kafka-brigade", "nl", "page-2"),
        ("cinq principes", "fr", "page-4"),  # a number in words
    ],
)
def test_language_analysis(backend, query, language, expected):
    assert expected in keys(backend, query, language)


def test_a_possessive_finds_what_the_word_finds(backend):
    assert set(keys(backend, "OCMW's", "nl")) == set(keys(backend, "OCMW", "nl"))


def test_every_word_must_match(backend):
    assert keys(backend, "opleiding onbestaandwoord", "nl") == []


@pytest.mark.parametrize(
    ("query", "language", "expected"),
    [
        ("CPAS", "nl", "page-1"),
        ("OCMW", "fr", "page-4"),
        ("leefloon", "nl", "page-2"),  # "RIS"
        ("leefloon", "fr", "page-4"),  # multi-word: "revenu d'intégration sociale"
        ("RIS", "fr", "page-4"),
    ],
)
def test_synonyms(backend, query, language, expected):
    assert expected in keys(backend, query, language)


def test_both_languages_analyses_the_query_in_each_language(backend):
    results = backend.search(SearchRequest("leefloon", "nl", both_languages=True))
    assert {hit.key for hit in results.hits} == {"page-2", "page-4"}
    assert results.facets["language"] == Counter({"nl": 1, "fr": 1})
    assert set(keys(backend, "formations", "nl", both_languages=True)) == {"page-3"}


def test_facets_count_and_filter(backend):
    results = backend.search(SearchRequest("begeleiding", "nl"))
    assert results.total == 2
    assert results.facets["kind"] == Counter({"Opleiding": 1, "Verhaal": 1})
    assert results.facets["themes"] == Counter({"Migratie": 1, "Armoede": 1})
    narrowed = backend.search(SearchRequest("begeleiding", "nl", chosen={"kind": "Verhaal"}))
    assert [hit.key for hit in narrowed.hits] == ["page-2"]
    assert narrowed.total == 1


def test_sort_by_date_puts_undated_last(backend):
    assert keys(backend, "begeleiding", "nl", sort="date") == ["page-1", "page-2"]


def test_highlights_are_escaped_with_marks(backend):
    (hit,) = backend.search(SearchRequest("thuis", "nl")).hits
    assert "<mark>thuis</mark>" in hit.snippet
    assert "&lt;b&gt;" in hit.snippet
    assert "<b>" not in hit.snippet
    assert hit.title == "Een regel die niemand nog begreep"
    assert hit.url == "/nl/verhalen/regel/"


def test_every_hit_has_a_snippet(backend):
    results = backend.search(SearchRequest("Basisopleiding", "nl"))
    assert all(hit.snippet for hit in results.hits)


def test_paging(backend):
    first = backend.search(SearchRequest("begeleiding", "nl", limit=1))
    second = backend.search(SearchRequest("begeleiding", "nl", offset=1, limit=1))
    assert first.total == second.total == 2
    assert len(first.hits) == len(second.hits) == 1
    assert first.hits[0].key != second.hits[0].key


def test_did_you_mean(backend):
    results = backend.search(SearchRequest("opleidnig", "nl"))
    assert results.total == 0
    assert results.suggestion == "opleiding"


def test_no_suggestion_when_found(backend):
    assert backend.search(SearchRequest("opleiding", "nl")).suggestion is None


def test_completion(backend):
    (suggestion,) = backend.suggest("basisopl", "nl")
    assert suggestion.title == "Basisopleiding psychosociale impact van migratie en vlucht"
    assert suggestion.url == "/nl/aanbod/basisopleiding/"
    assert suggestion.kind == "Opleiding"
    # From a later word of the title, accents folded, elision removed.
    assert [s.url for s in backend.suggest("integ", "fr")] == ["/fr/offre/trajet/"]
    assert backend.suggest("basisopl", "fr") == []


def test_rebuild_moves_the_alias_and_drops_the_old_index(backend):
    alias = alias_name(backend.prefix, "nl")
    before = list(backend.client.indices.get_alias(name=alias))
    backend.rebuild(DOCUMENTS[:1])
    after = list(backend.client.indices.get_alias(name=alias))
    assert len(before) == len(after) == 1
    assert before != after
    assert before[0] not in concrete_indices(backend)
    assert len(concrete_indices(backend)) == 2  # one per language
    assert keys(backend, "opleiding", "nl") == ["page-1"]
    assert keys(backend, "thuis", "nl") == []


def test_new_synonyms_apply_after_a_rebuild(backend):
    assert keys(backend, "exil", "nl") == []
    SynonymGroup.objects.create(terms="vlucht = exil")
    backend.rebuild(DOCUMENTS)
    assert keys(backend, "exil", "nl") == ["page-1"]


def test_update_and_remove(backend):
    changed = IndexDocument(
        key="page-2",
        language="nl",
        kind="Verhaal",
        title="Een nieuwe titel",
        body="Nu over huisvesting.",
        url="/nl/verhalen/regel/",
    )
    backend.update([changed])
    refresh(backend)
    assert keys(backend, "huisvesting", "nl") == ["page-2"]
    assert keys(backend, "thuis", "nl") == []
    backend.remove(["page-2", "page-3", "no-such-key"])
    refresh(backend)
    assert keys(backend, "huisvesting", "nl") == []
    assert keys(backend, "formation", "fr") == []
    assert keys(backend, "opleiding", "nl") == ["page-1"]


def test_update_creates_the_index_and_alias(empty_backend):
    empty_backend.remove(["page-1"])  # nothing there yet: nothing happens
    assert concrete_indices(empty_backend) == []
    empty_backend.update(DOCUMENTS[:1])
    refresh(empty_backend)
    assert empty_backend.client.indices.exists_alias(name=alias_name(empty_backend.prefix, "nl"))
    assert keys(empty_backend, "opleiding", "nl") == ["page-1"]
    # The French index does not exist yet: searching it finds nothing, without failing.
    assert keys(empty_backend, "opleiding", "fr", both_languages=True) == ["page-1"]
