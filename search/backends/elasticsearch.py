"""The portal's search on Elasticsearch, built with elasticsearch-dsl.

Design:

- One index per language, because each language needs its own analysis:
  Dutch words are stemmed with the Dutch Snowball stemmer, French ones lose
  their elided article ("l'intégration") and are stemmed the French way.
  Searching both languages searches both indices at once; each index analyses
  the query with its own language's analyzer, so "opleidingen" is stemmed the
  Dutch way in the Dutch index and "formations" the French way in the French one.
- Every index is reached through an alias, `<prefix>-<language>`, that points to
  a concrete index `<prefix>-<language>-<timestamp>-<random>`. A rebuild fills
  fresh concrete indices while visitors keep searching the old ones, then moves
  every alias in one atomic `update_aliases` call and drops the old indices.
- Text is analysed twice over: an index-time analyzer (tokens, lower case,
  folded accents, stemmer) and a search-time one that adds the editors'
  synonyms (`synonym_graph`) before the stemmer, the way Elasticsearch
  recommends for multi-word synonyms ("leefloon" = "revenu d'intégration
  sociale"). The synonyms are part of the index settings, so changing them
  takes a rebuild.
- A "plain" analysis (lower case and folded accents, no stemming) feeds the
  title completion ("suggest") and the "did you mean" spelling field.

The pure parts (index definition, request bodies, reading responses) are
module-level functions so they can be checked without a cluster; the backend
class only adds the client, the synonyms from the database and the sequence
of calls.
"""

import html
import re
import uuid
from collections import Counter
from datetime import UTC, datetime
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from elasticsearch import Elasticsearch
from elasticsearch.helpers import bulk, streaming_bulk
from elasticsearch_dsl import (
    Completion,
    Date,
    Index,
    Integer,
    Keyword,
    Mapping,
    Q,
    Search,
    Text,
    analyzer,
    char_filter,
    token_filter,
    tokenizer,
)

from search.analysis import ELISION, NUMBERS, fold, parse_synonyms

from .base import FACETS, Hit, IndexDocument, Results, SearchBackend, SearchRequest, Suggestion

FACET_SIZE = 50  # more values than any facet has, so every one is counted
SNIPPET_LENGTH = 200
MAX_RESULT_WINDOW = 10_000  # Elasticsearch's default index.max_result_window
MAX_COMPLETION_INPUTS = 8
SUGGEST_SOURCE = ["title", "url", "kind"]
FRENCH_ARTICLES = ["l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu"]

# What each language needs beyond lower case and folded accents.
LANGUAGE_ANALYSIS = {
    "nl": {"stemmer": "dutch", "elision": False},
    # French elides articles ("l'intégration", "d'accueil"): the elision
    # filter drops them, so "intégration" finds "l'intégration".
    "fr": {"stemmer": "light_french", "elision": True},
}
# A language without its own settings still gets lower case and folded accents.
DEFAULT_ANALYSIS = {"stemmer": None, "elision": False}

# The text and its queries are read the way search/analysis.py reads them,
# step by step, so that both backends find the same things:
# - words as written, hyphens and apostrophes inside them included: the
#   same pattern as analysis.WRITTEN_WORD ((?U) makes Java's \w Unicode);
WRITTEN_WORD_PATTERN = r"(?U)\w+(?:['’-]\w+)*"
# - the possessive or plural "'s" of a word removed ("OCMW's" is "OCMW");
POSSESSIVE_PATTERN = "'s$"
# - a compound split into its parts, and also written as one word
#   ("Kafka-brigade": "kafka", "brigade", "kafkabrigade"; a query
#   "Kafka-brigade" looks for the parts in a row or the one word);
COMPOUNDS = {
    "generate_word_parts": True,
    "generate_number_parts": True,
    "catenate_words": True,
    "catenate_numbers": False,
    "catenate_all": False,
    "split_on_case_change": False,
    "split_on_numerics": False,
    "preserve_original": False,
    "stem_english_possessive": False,
}
# - no lone letter as a token (the "s" of "'s avonds");
LETTERS = list("abcdefghijklmnopqrstuvwxyz")
# - numbers written in words as their digits (analysis.NUMBERS), kept from
#   the stemmer.

# Words of a synonym term as the search analyzer has them when they reach
# the synonym filter: written words (WRITTEN_WORD_PATTERN), not split yet.
RULE_WORD = re.compile(r"\w+(?:['-]\w+)*")
# Letters that asciifolding expands but Unicode decomposition leaves alone.
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "’": "'"})


# Names -----------------------------------------------------------------------


def languages():
    return [code for code, _name in settings.LANGUAGES]


def alias_name(prefix, language):
    """What searches and updates use: it always points at the live index."""
    return f"{prefix}-{language}"


def concrete_name(prefix, language):
    """A new index behind the alias; time first so the names sort by age."""
    stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    return f"{alias_name(prefix, language)}-{stamp}-{uuid.uuid4().hex[:6]}"


# Synonyms --------------------------------------------------------------------


def _rule_term(term, language):
    """A synonym term written as the tokens the search analyzer has when it
    reaches the synonym filter (after elision, lower case, folding and the
    possessive "'s"; compounds are split after it). Elasticsearch parses the
    rules with the filters before the synonym filter anyway; writing them
    this way keeps the rules readable and testable, and leaves only words and
    spaces, nothing the rule syntax could take for an operator."""
    options = LANGUAGE_ANALYSIS.get(language, DEFAULT_ANALYSIS)
    text = term.lower().translate(LIGATURES)
    if options["elision"]:
        text = ELISION.sub(" ", text)
    words = (re.sub(POSSESSIVE_PATTERN, "", word) for word in RULE_WORD.findall(fold(text)))
    return " ".join(word for word in words if word)


def synonym_rules(synonym_lines, language):
    """Editors' synonym groups as Solr-style rules for one language: "ocmw, cpas"."""
    rules = []
    for group in parse_synonyms(synonym_lines):
        terms = list(dict.fromkeys(filter(None, (_rule_term(t, language) for t in group))))
        if len(terms) > 1:
            rules.append(", ".join(terms))
    return rules


# Index -----------------------------------------------------------------------


def _analysis(language, rules):
    """The index-time, search-time and plain analyzers of a language."""
    options = LANGUAGE_ANALYSIS.get(language, DEFAULT_ANALYSIS)
    apostrophes = char_filter("apostrophes", "mapping", mappings=["’ => '"])
    before = []  # filters before the synonyms: also how the synonym rules are parsed
    if options["elision"]:
        before.append(
            token_filter(
                f"elision_{language}", "elision", articles=FRENCH_ARTICLES, articles_case=True
            )
        )
    before += [
        "lowercase",
        token_filter("folding", "asciifolding", preserve_original=False),
        token_filter("possessive", "pattern_replace", pattern=POSSESSIVE_PATTERN, replacement=""),
    ]
    # Compounds are split after the synonyms: Elasticsearch cannot parse
    # synonym rules through word_delimiter_graph.
    compounds = token_filter("compounds", "word_delimiter_graph", **COMPOUNDS)
    after = [token_filter("letters", "stop", stopwords=LETTERS)]
    if NUMBERS.get(language):
        after.append(
            token_filter(
                f"numbers_{language}",
                "stemmer_override",
                rules=[f"{word} => {digits}" for word, digits in NUMBERS[language].items()],
            )
        )
    if options["stemmer"]:
        after.append(token_filter(f"stemmer_{language}", "stemmer", language=options["stemmer"]))
    synonyms = []
    if rules:
        # Lenient: a rule Elasticsearch cannot parse is skipped instead of
        # failing the whole rebuild over one editor's typo.
        synonyms.append(
            token_filter(f"synonyms_{language}", "synonym_graph", synonyms=rules, lenient=True)
        )
    words = tokenizer("written_words", "pattern", pattern=WRITTEN_WORD_PATTERN, group=0)

    def custom(name, filters, tokenized_by=words):
        return analyzer(name, tokenizer=tokenized_by, char_filter=[apostrophes], filter=filters)

    return (
        # Indexing cannot store a token graph: flatten_graph after the compounds.
        custom(f"text_{language}", [*before, compounds, "flatten_graph", *after]),
        custom(f"text_{language}_search", [*before, *synonyms, compounds, *after]),
        # Unstemmed whole words for "did you mean" and the completion.
        custom(f"plain_{language}", before, tokenized_by="standard"),
    )


def mapping_for(language, rules):
    text, text_search, plain = _analysis(language, rules)
    mapping = Mapping()
    # Values are stored in _source but only the fields below are indexed:
    # an unexpected key in a document must not grow the mapping.
    mapping.meta("dynamic", False)
    for name in ["key", *FACETS]:
        mapping.field(name, Keyword())
    mapping.field(
        "title",
        Text(
            analyzer=text,
            search_analyzer=text_search,
            fields={"plain": Text(analyzer=plain)},
            copy_to="spelling",
        ),
    )
    # Offsets in the postings let the highlighter find matches without
    # analysing long bodies (documents' text) again.
    mapping.field(
        "body",
        Text(
            analyzer=text,
            search_analyzer=text_search,
            index_options="offsets",
            copy_to="spelling",
        ),
    )
    # Title and body words, unstemmed: what "did you mean" proposes from.
    mapping.field("spelling", Text(analyzer=plain))
    mapping.field("url", Keyword(index=False, doc_values=False))
    mapping.field("date", Date())
    mapping.field("page_id", Integer())
    mapping.field("document_id", Integer())
    mapping.field("suggest", Completion(analyzer=plain))
    return mapping


def index_for(language, synonym_lines, name):
    """The definition of a language's index, with the synonyms of the lines given."""
    index = Index(name)
    # A portal's pages fit one shard; one replica whenever a second node exists.
    index.settings(number_of_shards=1, auto_expand_replicas="0-1")
    index.mapping(mapping_for(language, synonym_rules(synonym_lines, language)))
    return index


# Documents -------------------------------------------------------------------


def completion_inputs(title):
    """The title, and the title from each later word on, so that typing
    "integr" offers "Agent d'intégration" too."""
    words = title.split()
    inputs = [title.strip()]
    inputs += [" ".join(words[i:]) for i in range(1, len(words)) if len(words[i]) >= 3]
    return list(dict.fromkeys(filter(None, inputs)))[:MAX_COMPLETION_INPUTS]


def _iso(date):
    if date is None:
        return None
    if timezone.is_naive(date):
        date = timezone.make_aware(date)
    return date.isoformat()


def document_body(doc: IndexDocument):
    """What is indexed for a document (its `_id` is the key)."""
    body = {
        "key": doc.key,
        "language": doc.language,
        "kind": doc.kind,
        "title": doc.title,
        "body": doc.body,
        "url": doc.url,
        "date": _iso(doc.date),
        "page_id": doc.page_id,
        "document_id": doc.document_id,
    }
    for facet in FACETS:
        if facet not in body:
            body[facet] = doc.facet_values(facet)
    inputs = completion_inputs(doc.title or "")
    if inputs:
        body["suggest"] = {"input": inputs}
    return body


# Requests --------------------------------------------------------------------


def _search_aliases(request, prefix):
    codes = [request.language]
    if request.both_languages:
        codes += [code for code in languages() if code != request.language]
    return [alias_name(prefix, code) for code in codes]


def _query(text):
    # Every word must be in the title or the body (cross_fields treats them as
    # one field), as in the database backend; a synonym may stand in for a word.
    must = Q(
        "multi_match",
        query=text,
        fields=["title^3", "body"],
        type="cross_fields",
        operator="and",
    )
    # The words exactly as typed (unstemmed) in the title rank first.
    exact_title = Q("match", **{"title.plain": {"query": text, "operator": "and", "boost": 2}})
    return Q("bool", must=[must], should=[exact_title])


def _did_you_mean(text):
    """A phrase suggester over the unstemmed words, keeping only corrections
    that would find something (collate)."""
    return {
        "field": "spelling",
        "size": 1,
        "max_errors": 2,
        "direct_generator": [{"field": "spelling", "suggest_mode": "always"}],
        "collate": {
            "query": {
                "source": {
                    "multi_match": {
                        "query": "{{suggestion}}",
                        "fields": ["title", "body"],
                        "type": "cross_fields",
                        "operator": "and",
                    }
                }
            },
            "prune": False,
        },
    }


def search_for(request: SearchRequest, prefix):
    """The search a request makes: matches, facet counts, snippets, "did you mean"."""
    text = request.text
    s = Search(index=_search_aliases(request, prefix))
    s = s.query(_query(text))
    for facet, value in request.chosen.items():
        if facet in FACETS:
            s = s.filter("term", **{facet: value})
    for facet in FACETS:
        s.aggs.bucket(facet, "terms", field=facet, size=FACET_SIZE)
    if request.sort == "date":
        s = s.sort({"date": {"order": "desc", "missing": "_last"}}, {"key": "asc"})
    else:
        s = s.sort("_score", {"key": "asc"})  # the key keeps pages stable on equal scores
    s = s.highlight_options(pre_tags=["<mark>"], post_tags=["</mark>"], encoder="html")
    s = s.highlight(
        "body", fragment_size=SNIPPET_LENGTH, number_of_fragments=1, no_match_size=SNIPPET_LENGTH
    )
    # The whole title, for documents without a body.
    s = s.highlight("title", number_of_fragments=0, no_match_size=SNIPPET_LENGTH)
    s = s.suggest("did_you_mean", text, phrase=_did_you_mean(text))
    # The body can be a whole document's text: the highlight is all a hit needs of it.
    s = s.source(excludes=["body", "suggest", "spelling"])
    s = s.extra(track_total_hits=True)
    # A language not indexed yet (before the first rebuild) finds nothing
    # rather than failing the search page.
    s = s.params(ignore_unavailable=True)
    # Elasticsearch refuses to page beyond its result window; past it, only
    # the counts are asked for.
    offset = min(max(request.offset, 0), MAX_RESULT_WINDOW)
    size = max(0, min(request.limit, MAX_RESULT_WINDOW - offset))
    return s[offset : offset + size]


def suggest_for(prefix_text, language, prefix, limit=8):
    """Titles of the language starting with what the visitor typed so far."""
    s = Search(index=alias_name(prefix, language))
    s = s.suggest(
        "titles",
        prefix_text,
        completion={"field": "suggest", "skip_duplicates": True, "size": limit},
    )
    s = s.source(SUGGEST_SOURCE).extra(size=0)
    return s.params(ignore_unavailable=True)


# Responses -------------------------------------------------------------------


def _parse_date(value):
    if not value:
        return None
    date = datetime.fromisoformat(value)
    return timezone.make_aware(date, UTC) if timezone.is_naive(date) else date


def _snippet(source, highlight):
    """HTML: what Elasticsearch highlighted (escaped by its html encoder, only
    <mark> added), else the escaped start of the text."""
    for field in ("body", "title"):
        if highlight.get(field):
            return highlight[field][0]
    text = source.get("body") or source.get("title") or ""
    return html.escape(text[:SNIPPET_LENGTH])


def _hit(raw):
    source = raw.get("_source", {})
    return Hit(
        key=source.get("key", raw.get("_id", "")),
        language=source.get("language", ""),
        kind=source.get("kind", ""),
        title=source.get("title", ""),
        url=source.get("url", ""),
        date=_parse_date(source.get("date")),
        snippet=_snippet(source, raw.get("highlight", {})),
    )


def _total(hits):
    total = hits.get("total", 0)
    return total.get("value", 0) if isinstance(total, dict) else int(total)


def _facets(aggregations):
    return {
        facet: Counter(
            {
                bucket["key"]: bucket["doc_count"]
                for bucket in aggregations.get(facet, {}).get("buckets", [])
            }
        )
        for facet in FACETS
    }


def _plain(word):
    """A word of the query roughly as the spelling field stores it."""
    text = ELISION.sub("", fold(word.lower().translate(LIGATURES)))
    return "".join(RULE_WORD.findall(text))


def corrected_query(query, correction):
    """The visitor's query with only the corrected words replaced: the
    suggester answers in lower case without accents, the unchanged words keep
    the visitor's spelling."""
    words, tokens = query.split(), correction.split()
    if len(words) != len(tokens):
        return correction
    return " ".join(
        word if _plain(word) == token else token for word, token in zip(words, tokens, strict=True)
    )


def _suggestion(response, query):
    for entry in response.get("suggest", {}).get("did_you_mean", []):
        for option in entry.get("options", []):
            corrected = corrected_query(query, option["text"])
            if corrected.lower() != query.lower():
                return corrected
    return None


def results_from(response, request: SearchRequest):
    """`Results` from a raw Elasticsearch search response (a dict)."""
    hits = response.get("hits", {})
    total = _total(hits)
    return Results(
        hits=[_hit(raw) for raw in hits.get("hits", [])],
        total=total,
        facets=_facets(response.get("aggregations", {})),
        suggestion=_suggestion(response, request.text) if total == 0 else None,
    )


def suggestions_from(response):
    suggestions = []
    for entry in response.get("suggest", {}).get("titles", []):
        for option in entry.get("options", []):
            source = option.get("_source", {})
            suggestions.append(
                Suggestion(
                    title=source.get("title", ""),
                    url=source.get("url", ""),
                    kind=source.get("kind", ""),
                )
            )
    return suggestions


# Backend ---------------------------------------------------------------------


def _synonym_lines():
    # Imported here: the backend module may be loaded before the apps are ready.
    from search.models import SynonymGroup

    return list(SynonymGroup.objects.values_list("terms", flat=True))


def _index_actions(documents, index_of):
    """Bulk actions for the documents whose language has an index."""
    for doc in documents:
        index = index_of(doc.language)
        if index:
            yield {"_index": index, "_id": doc.key, "_source": document_body(doc)}


class ElasticsearchBackend(SearchBackend):
    def __init__(self, url=None, prefix=None):
        self.url = url if url is not None else getattr(settings, "ELASTICSEARCH_URL", "")
        self.prefix = prefix or getattr(settings, "SEARCH_INDEX_PREFIX", "portal")

    @cached_property
    def client(self):
        # Made on first use: building the backend or a request never connects.
        if not self.url:
            raise ImproperlyConfigured("ELASTICSEARCH_URL is not set.")
        return Elasticsearch(self.url)

    # Indices

    def _alias_exists(self, alias):
        return bool(self.client.indices.exists_alias(name=alias))

    def _indices_behind(self, alias):
        """The concrete indices an alias points to (none if it does not exist)."""
        if not self._alias_exists(alias):
            return []
        return sorted(self.client.indices.get_alias(name=alias))

    def _create_index(self, language, synonym_lines, alias=None):
        name = concrete_name(self.prefix, language)
        index = index_for(language, synonym_lines, name)
        if alias:
            index.aliases(**{alias: {}})
        index.create(using=self.client)
        return name

    def _ensure_alias(self, language):
        alias = alias_name(self.prefix, language)
        if not self._alias_exists(alias):
            self._create_index(language, _synonym_lines(), alias=alias)
        return alias

    # SearchBackend

    def update(self, documents):
        documents = list(documents)
        aliases = {code: self._ensure_alias(code) for code in {doc.language for doc in documents}}
        bulk(self.client, _index_actions(documents, aliases.get))

    def remove(self, keys):
        keys = list(keys)
        if not keys:
            return
        # Only existing aliases: a delete on a missing name must not leave a
        # concrete index behind where the alias should go.
        aliases = [alias_name(self.prefix, code) for code in languages()]
        actions = [
            {"_op_type": "delete", "_index": alias, "_id": key}
            for alias in filter(self._alias_exists, aliases)
            for key in keys
        ]
        # A key is in one language's index only: the others answer 404.
        bulk(self.client, actions, ignore_status=404)

    def rebuild(self, documents, progress=None):
        synonym_lines = _synonym_lines()
        new = {code: self._create_index(code, synonym_lines) for code in languages()}
        try:
            done = 0
            for _ok, _item in streaming_bulk(self.client, _index_actions(documents, new.get)):
                done += 1
                if progress:
                    progress(done)
            self.client.indices.refresh(index=list(new.values()))
        except BaseException:
            # The aliases still point at the old indices: visitors saw nothing.
            self.client.indices.delete(index=list(new.values()), ignore_unavailable=True)
            raise
        old = self._swap_aliases(new)
        if old:
            self.client.indices.delete(index=old, ignore_unavailable=True)
        return done

    def _swap_aliases(self, new):
        """Point every language's alias at its new index in one atomic call;
        returns the indices the aliases left."""
        actions, old = [], []
        for code, index in new.items():
            alias = alias_name(self.prefix, code)
            behind = self._indices_behind(alias)
            old += behind
            actions += [{"remove": {"index": name, "alias": alias}} for name in behind]
            if not behind and self.client.indices.exists(index=alias):
                # A concrete index squats the alias's name (something wrote to
                # it before any alias existed): drop it in the same atomic step.
                actions.append({"remove_index": {"index": alias}})
            actions.append({"add": {"index": index, "alias": alias}})
        self.client.indices.update_aliases(actions=actions)
        return old

    def search(self, request):
        if not request.text:
            return Results()
        response = search_for(request, self.prefix).using(self.client).execute()
        return results_from(response.to_dict(), request)

    def suggest(self, prefix, language, limit=8):
        text = prefix.strip()
        if not text:
            return []
        response = suggest_for(text, language, self.prefix, limit).using(self.client).execute()
        return suggestions_from(response.to_dict())
