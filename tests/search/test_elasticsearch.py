"""The Elasticsearch backend without a cluster: the index definitions and the
request bodies it sends, how it reads responses (canned ones here), and the
order of its calls on a small fake client."""

from collections import Counter
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured

from search.analysis import NUMBERS, POSSESSIVE, WRITTEN_WORD
from search.backends import elasticsearch as es
from search.backends.base import FACETS, IndexDocument, Results, SearchRequest, Suggestion
from search.models import SynonymGroup

SYNONYMS = ["OCMW, CPAS", "leefloon, revenu d'intégration sociale, RIS"]


def analysis(language, synonym_lines=SYNONYMS):
    return es.index_for(language, synonym_lines, f"portal-{language}-1").to_dict()["settings"][
        "analysis"
    ]


def filters_of(analysis_settings, analyzer_name):
    return analysis_settings["analyzer"][analyzer_name]["filter"]


def filter_types(analysis_settings, analyzer_name):
    definitions = analysis_settings["filter"]
    return [
        definitions[name]["type"] if name in definitions else name
        for name in filters_of(analysis_settings, analyzer_name)
    ]


def mapping(language="nl"):
    return es.index_for(language, SYNONYMS, "x").to_dict()["mappings"]


def request(query="opleiding vluchtelingen", **kwargs):
    return SearchRequest(query=query, language=kwargs.pop("language", "nl"), **kwargs)


# Analysis --------------------------------------------------------------------


TEXT_FILTERS = ["lowercase", "asciifolding", "pattern_replace", "word_delimiter_graph"]
AFTER_COMPOUNDS = ["stop", "stemmer_override", "stemmer"]


def test_dutch_analysis_folds_accents_and_stems_the_dutch_way():
    nl = analysis("nl")
    assert filter_types(nl, "text_nl") == [*TEXT_FILTERS, "flatten_graph", *AFTER_COMPOUNDS]
    assert nl["filter"]["folding"]["preserve_original"] is False
    assert nl["filter"]["stemmer_nl"]["language"] == "dutch"


def test_french_analysis_removes_elision_and_stems_the_french_way():
    fr = analysis("fr")
    assert filter_types(fr, "text_fr") == [
        "elision",
        *TEXT_FILTERS,
        "flatten_graph",
        *AFTER_COMPOUNDS,
    ]
    elision = fr["filter"]["elision_fr"]
    assert {"l", "d", "qu", "jusqu", "lorsqu", "puisqu"} <= set(elision["articles"])
    assert elision["articles_case"] is True
    assert fr["filter"]["stemmer_fr"]["language"] in {"light_french", "french"}


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_words_are_read_as_the_database_backend_reads_them(language):
    """Compounds, possessives, lone letters and numbers in words: the same
    steps as search/analysis.py, so that both backends find the same."""
    settings = analysis(language)
    for name in [f"text_{language}", f"text_{language}_search"]:
        analyzer = settings["analyzer"][name]
        # Words as written, hyphens and apostrophes inside them: the same pattern.
        tokenizer = settings["tokenizer"][analyzer["tokenizer"]]
        assert tokenizer["type"] == "pattern" and tokenizer["group"] == 0
        assert tokenizer["pattern"] == "(?U)" + WRITTEN_WORD.pattern
        assert settings["char_filter"]["apostrophes"]["mappings"] == ["’ => '"]
    # "OCMW's" is "OCMW".
    assert settings["filter"]["possessive"] == {
        "type": "pattern_replace",
        "pattern": "'s$",
        "replacement": "",
    }
    assert POSSESSIVE.pattern.replace("['’]", "'") == "'s$"
    # "Kafka-brigade" is "kafka", "brigade" and "kafkabrigade".
    compounds = settings["filter"]["compounds"]
    assert compounds["catenate_words"] is True and compounds["preserve_original"] is False
    assert compounds["split_on_case_change"] is False and compounds["split_on_numerics"] is False
    assert compounds["stem_english_possessive"] is False
    # No lone letter; "cinq" and "vijf" are "5", kept from the stemmer.
    assert settings["filter"]["letters"]["stopwords"] == list("abcdefghijklmnopqrstuvwxyz")
    rules = settings["filter"][f"numbers_{language}"]["rules"]
    assert rules == [f"{word} => {digits}" for word, digits in NUMBERS[language].items()]
    assert {"nl": "vijf => 5", "fr": "cinq => 5"}[language] in rules


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_synonyms_only_at_search_time_before_the_compounds_are_split(language):
    settings = analysis(language)
    assert "synonym_graph" not in filter_types(settings, f"text_{language}")
    search_types = filter_types(settings, f"text_{language}_search")
    # Elasticsearch refuses to parse synonym rules through word_delimiter_graph.
    assert search_types[-5:] == ["synonym_graph", "word_delimiter_graph", *AFTER_COMPOUNDS]
    synonyms = settings["filter"][f"synonyms_{language}"]
    assert synonyms["type"] == "synonym_graph"
    assert synonyms["synonyms"] == es.synonym_rules(SYNONYMS, language)


def test_without_synonyms_there_is_no_synonym_filter():
    settings = analysis("nl", synonym_lines=[])
    assert "synonym_graph" not in filter_types(settings, "text_nl_search")
    assert not any(name.startswith("synonyms") for name in settings["filter"])


def test_synonym_rules_are_written_as_the_analysis_sees_them():
    # Lower case, folded accents, no possessive; French loses the elided
    # article; words stay whole as the tokenizer keeps them; multi-word terms stay.
    lines = [*SYNONYMS, "OCMW's, CPAS-werking"]
    assert es.synonym_rules(lines, "fr") == [
        "ocmw, cpas",
        "leefloon, revenu integration sociale, ris",
        "ocmw, cpas-werking",
    ]
    assert es.synonym_rules(lines, "nl") == [
        "ocmw, cpas",
        "leefloon, revenu d'integration sociale, ris",
        "ocmw, cpas-werking",
    ]


def test_synonym_rules_keep_only_words_and_drop_groups_left_with_one_term():
    lines = [
        "sans-papiers = personnes sans séjour légal",
        "œuvre, oeuvre",  # the same after folding: nothing to say
        "Aujourd’hui, l’Été",
        "a\\b => c, #d",  # nothing that the rule syntax could take for an operator
        "seul",
    ]
    assert es.synonym_rules(lines, "fr") == [
        "sans-papiers, personnes sans sejour legal",
        "aujourd'hui, ete",
        "a b, c, d",
    ]


# Mapping ---------------------------------------------------------------------


def test_mapping_has_keyword_facets_text_date_and_completion():
    properties = mapping("fr")["properties"]
    for name in ["key", *FACETS]:
        assert properties[name]["type"] == "keyword"
    for name in ["title", "body"]:
        assert properties[name]["analyzer"] == "text_fr"
        assert properties[name]["search_analyzer"] == "text_fr_search"
    assert properties["title"]["fields"]["plain"]["analyzer"] == "plain_fr"
    assert properties["spelling"]["analyzer"] == "plain_fr"
    assert properties["date"]["type"] == "date"
    assert properties["url"] == {"type": "keyword", "index": False, "doc_values": False}
    assert properties["suggest"] == {"type": "completion", "analyzer": "plain_fr"}


def test_plain_analysis_folds_without_stemming():
    fr = analysis("fr")
    assert fr["analyzer"]["plain_fr"]["tokenizer"] == "standard"
    assert filter_types(fr, "plain_fr") == [
        "elision",
        "lowercase",
        "asciifolding",
        "pattern_replace",
    ]


# Search bodies ---------------------------------------------------------------


def test_search_requires_every_word_in_title_or_body():
    body = es.search_for(request(), "portal").to_dict()
    match = body["query"]["bool"]["must"][0]["multi_match"]
    assert match["query"] == "opleiding vluchtelingen"
    assert match["operator"] == "and"
    assert set(match["fields"]) == {"title^3", "body"}


def test_search_filters_on_chosen_facets_and_counts_every_facet():
    chosen = {"themes": "Armoede", "kind": "Opleiding", "unknown": "x"}
    body = es.search_for(request(chosen=chosen), "portal").to_dict()
    assert body["query"]["bool"]["filter"] == [
        {"term": {"themes": "Armoede"}},
        {"term": {"kind": "Opleiding"}},
    ]
    assert set(body["aggs"]) == set(FACETS)
    for facet in FACETS:
        assert body["aggs"][facet]["terms"]["field"] == facet
        assert body["aggs"][facet]["terms"]["size"] >= 50
    assert body["track_total_hits"] is True


def test_search_highlights_with_mark_and_escapes_html():
    highlight = es.search_for(request(), "portal").to_dict()["highlight"]
    assert highlight["pre_tags"] == ["<mark>"]
    assert highlight["post_tags"] == ["</mark>"]
    assert highlight["encoder"] == "html"
    assert highlight["fields"]["body"]["number_of_fragments"] == 1
    assert highlight["fields"]["body"]["no_match_size"] > 0


def test_search_pages_with_offset_and_limit():
    body = es.search_for(request(offset=20, limit=10), "portal").to_dict()
    assert (body["from"], body["size"]) == (20, 10)


def test_search_never_pages_past_the_result_window():
    body = es.search_for(request(offset=50_000, limit=10), "portal").to_dict()
    assert body["from"] + body["size"] <= es.MAX_RESULT_WINDOW


def test_search_sorts_by_date_newest_first_missing_dates_last():
    body = es.search_for(request(sort="date"), "portal").to_dict()
    assert body["sort"][0] == {"date": {"order": "desc", "missing": "_last"}}
    relevance = es.search_for(request(), "portal").to_dict()
    assert relevance["sort"][0] == "_score"


def test_search_targets_the_language_alias_or_both():
    assert es.search_for(request(), "portal")._index == ["portal-nl"]
    both = es.search_for(request(language="fr", both_languages=True), "portal")
    assert both._index == ["portal-fr", "portal-nl"]


def test_search_asks_did_you_mean_on_the_unstemmed_words():
    suggest = es.search_for(request(), "portal").to_dict()["suggest"]["did_you_mean"]
    assert suggest["text"] == "opleiding vluchtelingen"
    assert suggest["phrase"]["field"] == "spelling"


def test_suggest_body_is_a_completion_without_duplicates():
    s = es.suggest_for("opl", "nl", "portal", 5)
    assert s._index == ["portal-nl"]
    body = s.to_dict()
    assert body["suggest"]["titles"] == {
        "prefix": "opl",
        "completion": {"field": "suggest", "skip_duplicates": True, "size": 5},
    }
    assert body["size"] == 0


# Documents -------------------------------------------------------------------


def test_document_body():
    doc = IndexDocument(
        key="page-12",
        language="fr",
        kind="Formation",
        title="Agent d'intégration",
        body="Un trajet pour les agents locaux.",
        url="/fr/offre/agent/",
        date=datetime(2024, 3, 1, 9, 30, tzinfo=UTC),
        facets={"themes": ["Migration"], "provinces": ["Liège", "Namur"], "other": ["x"]},
        page_id=12,
    )
    body = es.document_body(doc)
    assert body["key"] == "page-12"
    assert body["language"] == "fr"
    assert body["kind"] == "Formation"
    assert body["themes"] == ["Migration"]
    assert body["provinces"] == ["Liège", "Namur"]
    assert body["principles"] == []
    assert "other" not in body
    assert body["date"] == "2024-03-01T09:30:00+00:00"
    assert body["suggest"] == {"input": ["Agent d'intégration", "d'intégration"]}
    assert body["page_id"] == 12


def test_document_without_date_or_title():
    body = es.document_body(IndexDocument("d-1", "nl", "Document", "", "tekst", "/nl/d/"))
    assert body["date"] is None
    assert "suggest" not in body


# Responses -------------------------------------------------------------------

CANNED = {
    "hits": {
        "total": {"value": 12, "relation": "eq"},
        "hits": [
            {
                "_id": "page-3",
                "_source": {
                    "key": "page-3",
                    "language": "nl",
                    "kind": "Opleiding",
                    "title": "Basisopleiding",
                    "url": "/nl/aanbod/basis/",
                    "date": "2024-05-02T10:00:00+02:00",
                },
                "highlight": {"body": ["Een <mark>opleiding</mark> voor &lt;iedereen&gt;"]},
            },
            {
                "_id": "document-4-nl",
                "_source": {
                    "key": "document-4-nl",
                    "language": "nl",
                    "kind": "Document",
                    "title": "Verslag",
                    "url": "/nl/verslag.pdf",
                    "date": None,
                    "body": "<script>alert(1)</script> verslag",
                },
            },
        ],
    },
    "aggregations": {
        "kind": {
            "buckets": [{"key": "Opleiding", "doc_count": 9}, {"key": "Document", "doc_count": 3}]
        },
        "language": {"buckets": [{"key": "nl", "doc_count": 12}]},
        "themes": {"buckets": []},
    },
    "suggest": {"did_you_mean": [{"text": "x", "options": [{"text": "y", "score": 1}]}]},
}


def test_results_from_a_response():
    results = es.results_from(CANNED, request())
    assert results.total == 12
    first, second = results.hits
    assert first.key == "page-3"
    assert first.title == "Basisopleiding"
    assert first.url == "/nl/aanbod/basis/"
    assert first.snippet == "Een <mark>opleiding</mark> voor &lt;iedereen&gt;"
    assert first.date == datetime(2024, 5, 2, 8, 0, tzinfo=UTC)
    assert first.date.tzinfo is not None
    assert second.date is None
    assert results.facets["kind"] == Counter({"Opleiding": 9, "Document": 3})
    assert results.facets["language"] == Counter({"nl": 12})
    assert set(results.facets) == set(FACETS)
    assert results.facets["provinces"] == Counter()
    # Something was found: no "did you mean".
    assert results.suggestion is None


def test_a_hit_without_highlight_gets_the_escaped_start_of_its_text():
    snippet = es.results_from(CANNED, request()).hits[1].snippet
    assert snippet.startswith("&lt;script&gt;alert(1)&lt;/script&gt;")
    assert "<script>" not in snippet


def zero_hits(*options):
    return {
        "hits": {"total": {"value": 0, "relation": "eq"}, "hits": []},
        "aggregations": {},
        "suggest": {
            "did_you_mean": [
                {"text": "q", "options": [{"text": text, "score": 0.5} for text in options]}
            ]
        },
    }


def test_did_you_mean_when_nothing_was_found():
    results = es.results_from(
        zero_hits("opleiding vluchtelingen"), request("Opleidng vluchtelingen")
    )
    assert results.total == 0
    assert results.hits == []
    assert results.suggestion == "opleiding vluchtelingen"


def test_did_you_mean_keeps_the_visitors_spelling_of_unchanged_words():
    results = es.results_from(
        zero_hits("l'integration refugies"), request("l'intégraton réfugiés", language="fr")
    )
    assert results.suggestion == "l'integration réfugiés"


def test_no_suggestion_without_options_or_when_it_is_the_query():
    assert es.results_from(zero_hits(), request()).suggestion is None
    assert es.results_from(zero_hits("opleiding"), request("Opleiding")).suggestion is None


def test_suggestions_from_a_completion_response():
    response = {
        "suggest": {
            "titles": [
                {
                    "text": "opl",
                    "options": [
                        {
                            "text": "Opleiding",
                            "_source": {"title": "Opleiding", "url": "/nl/o/", "kind": "Opleiding"},
                        }
                    ],
                }
            ]
        }
    }
    assert es.suggestions_from(response) == [Suggestion("Opleiding", "/nl/o/", "Opleiding")]


# Backend with a fake client --------------------------------------------------


class FakeIndices:
    def __init__(self, client):
        self.client = client

    def exists_alias(self, name):
        return name in self.client.aliases

    def get_alias(self, name):
        return {index: {"aliases": {name: {}}} for index in self.client.aliases[name]}

    def exists(self, index):
        return index in self.client.squatters

    def __getattr__(self, name):
        # create, refresh, update_aliases, delete: recorded.
        return lambda **kwargs: self.client.calls.append((name, kwargs))


class FakeClient:
    def __init__(self, aliases=None, response=None):
        self.aliases = aliases or {}  # alias -> its concrete indices
        self.squatters = set()  # concrete indices named like an alias
        self.calls = []
        self.bulked = []
        self.response = response or {}
        self.indices = FakeIndices(self)

    def search(self, **kwargs):
        self.calls.append(("search", kwargs))
        return SimpleNamespace(body=self.response)

    def named(self, name):
        return [kwargs for call, kwargs in self.calls if call == name]


@pytest.fixture
def client(monkeypatch):
    fake = FakeClient(aliases={"portal-nl": ["portal-nl-old"], "portal-fr": ["portal-fr-old"]})

    def fake_streaming_bulk(client, actions, **kwargs):
        for action in actions:
            client.bulked.append(action)
            yield True, {}

    def fake_bulk(client, actions, **kwargs):
        actions = list(actions)
        client.bulked += actions
        client.calls.append(("bulk", kwargs))
        return len(actions), []

    monkeypatch.setattr(es, "streaming_bulk", fake_streaming_bulk)
    monkeypatch.setattr(es, "bulk", fake_bulk)
    return fake


@pytest.fixture
def backend(client):
    backend = es.ElasticsearchBackend(url="http://search.invalid:9200", prefix="portal")
    backend.client = client
    return backend


def docs():
    return [
        IndexDocument("page-1", "nl", "Opleiding", "Opleiding", "tekst", "/nl/1/"),
        IndexDocument("page-2", "fr", "Formation", "Formation", "texte", "/fr/2/"),
        IndexDocument("page-3", "nl", "Verhaal", "Verhaal", "tekst", "/nl/3/"),
    ]


def test_backend_takes_url_and_prefix_from_settings(settings):
    settings.ELASTICSEARCH_URL = "http://search.invalid:9200"
    settings.SEARCH_INDEX_PREFIX = "test-portal"
    backend = es.ElasticsearchBackend()
    assert (backend.url, backend.prefix) == ("http://search.invalid:9200", "test-portal")
    del settings.SEARCH_INDEX_PREFIX
    assert es.ElasticsearchBackend().prefix == "portal"


def test_backend_connects_lazily():
    backend = es.ElasticsearchBackend(url="http://search.invalid:9200")
    assert backend.search(request("   ")) == Results()
    assert backend.suggest("  ", "nl") == []
    assert "client" not in backend.__dict__


def test_backend_without_url_says_so():
    with pytest.raises(ImproperlyConfigured):
        es.ElasticsearchBackend(url="").client  # noqa: B018


@pytest.mark.django_db
def test_rebuild_swaps_the_aliases_atomically_and_drops_the_old_indices(backend, client):
    SynonymGroup.objects.create(terms="OCMW, CPAS")
    done = []
    assert backend.rebuild(docs(), progress=done.append) == 3
    assert done == [1, 2, 3]

    created = {call["index"]: call["body"] for call in client.named("create")}
    new = {name.rsplit("-", 2)[0]: name for name in created}
    assert set(new) == {"portal-nl", "portal-fr"}
    for alias, name in new.items():
        assert name.startswith(f"{alias}-")
        assert "aliases" not in created[name]  # not searchable until filled
        rules = created[name]["settings"]["analysis"]["filter"][f"synonyms_{alias[-2:]}"]
        assert rules["synonyms"] == ["ocmw, cpas"]

    assert [action["_index"] for action in client.bulked] == [
        new["portal-nl"],
        new["portal-fr"],
        new["portal-nl"],
    ]
    assert [action["_id"] for action in client.bulked] == ["page-1", "page-2", "page-3"]

    (swap,) = client.named("update_aliases")
    assert sorted(swap["actions"], key=str) == sorted(
        [
            {"remove": {"index": "portal-nl-old", "alias": "portal-nl"}},
            {"add": {"index": new["portal-nl"], "alias": "portal-nl"}},
            {"remove": {"index": "portal-fr-old", "alias": "portal-fr"}},
            {"add": {"index": new["portal-fr"], "alias": "portal-fr"}},
        ],
        key=str,
    )
    names = [call for call, _kwargs in client.calls]
    # Filled and refreshed before the swap, old indices dropped after it.
    assert names.index("refresh") < names.index("update_aliases") < names.index("delete")
    (delete,) = client.named("delete")
    assert sorted(delete["index"]) == ["portal-fr-old", "portal-nl-old"]


@pytest.mark.django_db
def test_first_rebuild_creates_the_aliases(backend, client):
    client.aliases.clear()
    client.squatters.add("portal-fr")  # a concrete index where the alias should be
    backend.rebuild(docs())
    (swap,) = client.named("update_aliases")
    assert {"remove_index": {"index": "portal-fr"}} in swap["actions"]
    assert not any("remove" in action for action in swap["actions"])
    assert client.named("delete") == []


@pytest.mark.django_db
def test_failed_rebuild_leaves_the_aliases_alone(backend, client, monkeypatch):
    def failing_bulk(client, actions, **kwargs):
        yield True, {}
        raise RuntimeError("bulk failed")

    monkeypatch.setattr(es, "streaming_bulk", failing_bulk)
    with pytest.raises(RuntimeError):
        backend.rebuild(docs())
    assert client.named("update_aliases") == []
    (delete,) = client.named("delete")
    assert sorted(delete["index"]) == sorted(call["index"] for call in client.named("create"))


@pytest.mark.django_db
def test_update_creates_a_missing_index_behind_its_alias(backend, client):
    del client.aliases["portal-fr"]
    backend.update(docs())
    (create,) = client.named("create")
    assert create["index"].startswith("portal-fr-")
    assert create["body"]["aliases"] == {"portal-fr": {}}
    assert [(action["_index"], action["_id"]) for action in client.bulked] == [
        ("portal-nl", "page-1"),
        ("portal-fr", "page-2"),
        ("portal-nl", "page-3"),
    ]
    assert client.bulked[0]["_source"] == es.document_body(docs()[0])


def test_remove_deletes_from_every_existing_alias_ignoring_missing_ones(backend, client):
    del client.aliases["portal-fr"]
    backend.remove(["page-1", "page-2"])
    assert client.bulked == [
        {"_op_type": "delete", "_index": "portal-nl", "_id": "page-1"},
        {"_op_type": "delete", "_index": "portal-nl", "_id": "page-2"},
    ]
    assert client.named("bulk") == [{"ignore_status": 404}]


def test_search_sends_the_body_and_reads_the_response(backend, client):
    client.response = CANNED
    results = backend.search(request(both_languages=True))
    (search,) = client.named("search")
    assert search["index"] == ["portal-nl", "portal-fr"]
    assert search["body"] == es.search_for(request(both_languages=True), "portal").to_dict()
    assert results.total == 12


def test_suggest_reads_the_completion(backend, client):
    client.response = {
        "suggest": {
            "titles": [{"options": [{"_source": {"title": "A", "url": "/a/", "kind": "K"}}]}]
        }
    }
    assert backend.suggest(" opl ", "nl", limit=3) == [Suggestion("A", "/a/", "K")]
    (search,) = client.named("search")
    assert search["body"]["suggest"]["titles"]["prefix"] == "opl"
