"""The default backend: the portal's database, SQLite or PostgreSQL.

Text is analysed in Python (analysis.py) so both databases see the same
tokens; each database then finds them with its own full-text index (see
migration 0003): FTS5 with bm25 on SQLite, a tsvector with ts_rank on
PostgreSQL. Facets are counted over every match from a compact column, and
only the page of results shown is read in full.
"""

import difflib
import html
from collections import Counter
from contextlib import nullcontext
from functools import lru_cache
from operator import itemgetter

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

from ..analysis import WORD, WRITTEN_WORD, analyze, parse_synonyms, query_clauses
from ..models import SearchEntry, SynonymGroup
from .base import FACETS, Hit, Results, SearchBackend, Suggestion

# A query is at most this many clauses (words or synonym groups); more adds nothing.
MAX_CLAUSES = 12
VOCABULARY_CACHE_KEY = "search:vocabulary:{language}:{version}"
VERSION_CACHE_KEY = "search:version"
# One chosen "facet=value": a whole line of facet_keys, so found between newlines.
POSTGRESQL_FACET_FILTER = " AND strpos(chr(10) || facts.facet_keys || chr(10), %s) > 0"
SQLITE_FACET_FILTER = " AND instr(char(10) || facts.facet_keys || char(10), %s) > 0"
# Up to this many matches, every one is scored for relevance (see ordered_ids).
FULL_RANKING = 500


def facet_keys(document):
    return "\n".join(
        f"{facet}={value}" for facet in FACETS for value in document.facet_values(facet)
    )


def entry_fields(document):
    return {
        "page_id": document.page_id,
        "document_id": document.document_id,
        "language": document.language,
        "kind": document.kind,
        "title": document.title,
        "body": document.body,
        "url": document.url,
        "date": document.date,
        "facets": document.facets,
        "tokens": " ".join(analyze(f"{document.title} {document.body}", document.language)),
        # The kind weighs like the title: "opleidingen" looks for trainings.
        "title_tokens": " ".join(analyze(f"{document.title} {document.kind}", document.language)),
        "facet_keys": facet_keys(document),
    }


def fts5_expression(clauses):
    """FTS5 MATCH syntax: every clause, each an alternative of phrases. Tokens
    are word characters only (analysis.py), so quoting them is enough to keep
    the visitor's text from ever being read as FTS5 syntax."""
    return " AND ".join(
        "(" + " OR ".join('"' + " ".join(phrase) + '"' for phrase in sorted(clause)) + ")"
        for clause in clauses
    )


def tsquery_expression(clauses):
    """The same for PostgreSQL's to_tsquery: & between clauses, | between
    alternatives, <-> inside a phrase."""
    return " & ".join(
        "("
        + " | ".join(" <-> ".join(f"'{token}'" for token in phrase) for phrase in sorted(clause))
        + ")"
        for clause in clauses
    )


class Matches:
    """The entries of one language that match every clause of a query and
    carry every chosen "facet=value", as the database finds them: FTS5 on
    SQLite (the language is an indexed column, the facts a narrow table, see
    migration 0006), a tsvector and a GIN index on PostgreSQL.

    `part` narrows the matches down: "all", "title" (the query matches the
    title), or "text" (it matches the text, not the title). Only fixed SQL
    fragments are put together here; every value is a parameter.
    """

    def __init__(self, clauses, language, chosen=()):
        self.language = language
        self.sqlite = connection.vendor != "postgresql"
        self.expression = fts5_expression(clauses) if self.sqlite else tsquery_expression(clauses)
        self.needles = ["\n" + key + "\n" for key in sorted(chosen)]
        # No line of facet_keys holds a newline: such a value chooses nothing.
        self.impossible = any("\n" in key for key in chosen)

    def _where(self, part):
        facet = SQLITE_FACET_FILTER if self.sqlite else POSTGRESQL_FACET_FILTER
        facets = facet * len(self.needles)
        if self.sqlite:
            expression = {
                "all": "({q})",
                "title": "{{title_tokens}} : ({q})",
                "text": "({q}) NOT {{title_tokens}} : ({q})",
            }[part].format(q=self.expression)
            # The language is a word of its own column: "nl" or "fr".
            match = f'({expression}) AND {{language}} : "{self.language}"'
            return (
                " FROM portal_search_fts CROSS JOIN portal_search_facts AS facts"
                " ON facts.id = portal_search_fts.rowid"
                f" WHERE portal_search_fts MATCH %s{facets}",
                [match, *self.needles],
            )
        vector = {
            "all": "search_vector @@ query",
            "title": "title_vector @@ query",
            "text": "search_vector @@ query AND NOT title_vector @@ query",
        }[part]
        return (
            " FROM portal_search_searchentry AS facts, to_tsquery('simple', %s) AS query"
            f" WHERE facts.language = %s AND {vector}{facets}",
            [self.expression, self.language, *self.needles],
        )

    def _rows(self, select, part, tail="", tail_params=(), through_index=False):
        if self.impossible:
            return []
        where, params = self._where(part)
        forced = through_index and not self.sqlite
        with transaction.atomic() if forced else nullcontext(), connection.cursor() as cursor:
            if forced:
                # PostgreSQL's planner prices testing a row's text vector as
                # nothing, though a long one is read from the TOAST table
                # first: for a word that a third of the pages hold, it scans
                # the whole table (0.5 s at 100,000 pages a language) rather
                # than the GIN index (0.07 s). No setting says so for one
                # query: SET LOCAL ends with this transaction, and the second
                # one after this query when it runs inside a wider one.
                cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"SELECT {select}{where}{tail}", [*params, *tail_params])
            rows = cursor.fetchall()
            if forced:
                cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")
        return rows

    def facet_counts(self):
        """(facet keys, how many matches have exactly these) for every match:
        read through the full-text index, however many they are."""
        return self._rows(
            "facts.facet_keys, COUNT(*)", "all", " GROUP BY facts.facet_keys", through_index=True
        )

    def ranked(self, part, limit):
        """(id, score) of the best `limit` matches, best first. The title counts
        three times the text; for `part="title"` the title alone is scored."""
        if self.sqlite:
            # bm25 is lower for better matches.
            weights = "3.0, 1.0, 0.0" if part != "title" else "1.0, 0.0, 0.0"
            score = f"-bm25(portal_search_fts, {weights})"
        else:
            score = (
                "ts_rank(title_vector, query)"
                if part == "title"
                else "ts_rank(search_vector, query)"
            )
        return self._rows(
            f"facts.id, {score} AS score", part, " ORDER BY score DESC, facts.id LIMIT %s", [limit]
        )

    def newest(self, part, limit):
        """(id, date) of the `limit` newest matches, undated ones last: read
        through the full-text index, as the facet counts are."""
        # Dates stay the text SQLite stores (ISO 8601, which sorts the same way).
        date = "CAST(facts.date AS TEXT)" if self.sqlite else "facts.date"
        return self._rows(
            f"facts.id, {date} AS date",
            part,
            " ORDER BY facts.date IS NULL, facts.date DESC, facts.id DESC LIMIT %s",
            [limit],
            through_index=True,
        )


def count_facets(rows):
    """Facet → Counter of values over the matches, from (facet keys, count)
    rows: each distinct set of keys is split once."""
    facets = {facet: Counter() for facet in FACETS}
    for keys, count in rows:
        for key in keys.split("\n"):
            facet, _sep, value = key.partition("=")
            if value:
                facets[facet][value] += count
    return facets


def newest_first(rows):
    """(id, date) rows of several languages, newest first, undated ones last."""
    dated = sorted((row for row in rows if row[1] is not None), key=itemgetter(1), reverse=True)
    return dated + [row for row in rows if row[1] is None]


def best_first(rows):
    # Stable: equal scores keep the order the database gave.
    return sorted(rows, key=itemgetter(1), reverse=True)


def ordered_ids(matches, total, by_date, want):
    """The ids of the first `want` matches in the order the visitor asked for.

    By relevance, every match is scored while there are at most
    FULL_RANKING matches. Beyond that, scoring them all takes longer than a
    visitor should wait (on PostgreSQL each score reads the page's whole
    token vector) and says little (a word that a third of the pages
    contain): the pages whose title matches come first, scored on the
    title, then the others, newest first.
    """
    if by_date:
        rows = newest_first([row for m in matches for row in m.newest("all", want)])
        return [row[0] for row in rows[:want]]
    if total <= FULL_RANKING:
        return [
            row[0] for row in best_first([row for m in matches for row in m.ranked("all", want)])
        ][:want]
    titled = best_first([row for m in matches for row in m.ranked("title", want)])[:want]
    ids = [row[0] for row in titled]
    if len(ids) < want:
        # Every page whose title matches is in `ids`: the others follow.
        rest = want - len(ids)
        others = newest_first([row for m in matches for row in m.newest("text", rest)])
        ids += [row[0] for row in others[:rest]]
    return ids


@lru_cache(maxsize=50_000)
def tokens_of_written(word, language):
    """The tokens of one word of a text as written ("OCMW's", "Kafka-brigade",
    "l'intégration"). Memoised: snippets keep showing the same words, and
    stemming each word of ten texts again took longer than the whole search."""
    return frozenset(analyze(word, language))


def highlight(text, tokens, language, words=40):
    """A piece of `text` around the first match, with the matched words in
    <mark>: each word whole, as written ("<mark>OCMW's</mark>",
    "<mark>Kafka-brigade</mark>"), never a piece of one (the "s" of "OCMW's")."""
    # Words as written and what lies between them, alternately.
    parts = WRITTEN_WORD.split(text)
    found = WRITTEN_WORD.findall(text)
    pieces_of_text = [piece for pair in zip(parts, [*found, ""], strict=True) for piece in pair]

    def matched(index):
        return index % 2 == 1 and not tokens_of_written(pieces_of_text[index], language).isdisjoint(
            tokens
        )

    # Only the words up to the end of the piece shown need analysing.
    first = next((index for index in range(len(pieces_of_text)) if matched(index)), 0)
    start = max(first - words, 0)
    end = min(first + words * 2, len(pieces_of_text))
    pieces = []
    for index in range(start, end):
        escaped = html.escape(pieces_of_text[index])
        pieces.append(f"<mark>{escaped}</mark>" if matched(index) else escaped)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(pieces_of_text) else ""
    return prefix + "".join(pieces).strip() + suffix


def _index_changed():
    # New words may have come in: the "did you mean" vocabulary is read again.
    try:
        cache.incr(VERSION_CACHE_KEY)
    except ValueError:
        cache.set(VERSION_CACHE_KEY, 1, None)


class DatabaseBackend(SearchBackend):
    def update(self, documents):
        for document in documents:
            SearchEntry.objects.update_or_create(key=document.key, defaults=entry_fields(document))
        _index_changed()

    def remove(self, keys):
        SearchEntry.objects.filter(key__in=keys).delete()
        _index_changed()

    def rebuild(self, documents, progress=None):
        done = 0
        batch = []
        with transaction.atomic():
            SearchEntry.objects.all().delete()
            for document in documents:
                batch.append(SearchEntry(key=document.key, **entry_fields(document)))
                done += 1
                if len(batch) == 500:
                    SearchEntry.objects.bulk_create(batch)
                    batch = []
                if progress:
                    progress(done)
            SearchEntry.objects.bulk_create(batch)
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                # Merge the FTS5 segments written in batches: faster queries from the start.
                cursor.execute(
                    "INSERT INTO portal_search_fts(portal_search_fts) VALUES ('optimize')"
                )
            else:
                # The planner's statistics describe the new rows at once, not
                # when autovacuum comes by (until then it guesses a few rows a
                # language and sorts the facets of thousands).
                cursor.execute("ANALYZE portal_search_searchentry")
        _index_changed()
        return done

    def search(self, request):
        synonyms = parse_synonyms(SynonymGroup.objects.values_list("terms", flat=True))
        languages = [request.language]
        if request.both_languages:
            languages += [code for code, _name in settings.LANGUAGES if code != request.language]
        chosen = {f"{facet}={value}" for facet, value in request.chosen.items()}
        matches, tokens = [], {}
        for code in languages:
            clauses = query_clauses(request.text, code, synonyms)[:MAX_CLAUSES]
            if clauses:
                matches.append(Matches(clauses, code, chosen))
                tokens[code] = {
                    token for clause in clauses for phrase in clause for token in phrase
                }
        if not tokens:
            return Results()
        counted = [row for m in matches for row in m.facet_counts()]
        total = sum(count for _keys, count in counted)
        if not total:
            return Results(suggestion=self.did_you_mean(request.text, request.language))
        # Never more than there are: a page number far past the end (any
        # integer in the address) would otherwise reach the database as a
        # LIMIT past 64 bits, which PostgreSQL and SQLite refuse.
        want = min(request.offset + request.limit, total)
        if request.offset >= want:
            return Results(total=total, facets=count_facets(counted))
        ids = ordered_ids(matches, total, request.sort == "date", want)
        shown = ids[request.offset : want]
        entries = SearchEntry.objects.in_bulk(shown)
        hits = [
            self._hit(entries[pk], tokens[entries[pk].language]) for pk in shown if pk in entries
        ]
        return Results(hits=hits, total=total, facets=count_facets(counted))

    def _hit(self, entry, tokens):
        return Hit(
            key=entry.key,
            language=entry.language,
            kind=entry.kind,
            title=entry.title,
            url=entry.url,
            date=entry.date,
            snippet=highlight(entry.body or entry.title, tokens, entry.language),
        )

    def vocabulary(self, language):
        """The words of the titles of a language, by their first letter, for
        "did you mean". Titles only: reading the text of every page again
        after each change of the index takes seconds on a large portal."""
        version = cache.get(VERSION_CACHE_KEY, 0)
        key = VOCABULARY_CACHE_KEY.format(language=language, version=version)
        words = cache.get(key)
        if words is None:
            found = set()
            titles = SearchEntry.objects.filter(language=language).values_list("title", flat=True)
            for title in titles.iterator(chunk_size=2000):
                found.update(WORD.findall(title.lower()))
            words = {}
            for word in sorted(found):
                if len(word) > 2 and not word.isdigit():
                    words.setdefault(word[0], []).append(word)
            cache.set(key, words, 60 * 60)
        return words

    def did_you_mean(self, text, language):
        """The query with each word that finds nothing replaced by the closest
        known word, or None when there is nothing better to offer. A typing
        error seldom hits the first letter: only words starting with it are
        compared."""
        words = WORD.findall(text.lower())
        if not words or len(words) > 6:
            return None
        vocabulary = self.vocabulary(language)
        corrected = []
        for word in words:
            candidates = vocabulary.get(word[0], [])
            if len(word) < 3 or word in candidates:
                corrected.append(word)
                continue
            close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.75)
            corrected.append(close[0] if close else word)
        suggestion = " ".join(corrected)
        return suggestion if suggestion != " ".join(words) else None

    def suggest(self, prefix, language, limit=8):
        prefix = prefix.strip()[:100]
        if len(prefix) < 2:
            return []
        entries = (
            SearchEntry.objects.filter(language=language, title__istartswith=prefix)
            | SearchEntry.objects.filter(language=language, title__icontains=f" {prefix}")
        ).order_by("title")[:limit]
        return [Suggestion(title=e.title, url=e.url, kind=e.kind) for e in entries]
