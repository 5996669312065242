"""The default backend: the portal's database, SQLite or PostgreSQL.

Text is analysed in Python (analysis.py) so both databases see the same
tokens; each database then finds them with its own full-text index (see
migration 0003): FTS5 with bm25 on SQLite, a tsvector with ts_rank on
PostgreSQL. Facets are counted over every match from a compact column, and
only the page of results shown is read in full.
"""

import difflib
import html
import re
from collections import Counter
from functools import lru_cache
from operator import itemgetter

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

from ..analysis import WORD, analyze, parse_synonyms, query_clauses
from ..models import SearchEntry, SynonymGroup
from .base import FACETS, Hit, Results, SearchBackend, Suggestion

# A query is at most this many clauses (words or synonym groups); more adds nothing.
MAX_CLAUSES = 12
VOCABULARY_CACHE_KEY = "search:vocabulary:{language}:{version}"
VERSION_CACHE_KEY = "search:version"
# One chosen "facet=value": a whole line of facet_keys, so found between newlines.
POSTGRESQL_FACET_FILTER = " AND strpos(chr(10) || facet_keys || chr(10), %s) > 0"
SQLITE_FACET_FILTER = " AND instr(char(10) || entry.facet_keys || char(10), %s) > 0"


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


def matches(clauses, language, chosen=(), by_date=False):
    """(id, sort key, facet keys) of every entry of the language that matches
    every clause and has every chosen "facet=value" among its facet keys.

    The sort key is the relevance, or the date when sorting by date: only what
    the sort needs is computed, as ranking thousands of matches is the larger
    part of the work. Chosen facets are filtered here rather than in Python,
    so that entries left out are never ranked nor sent over.
    """
    needles = ["\n" + key + "\n" for key in sorted(chosen)]
    if any("\n" in key for key in chosen):
        return []  # no line holds a newline
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            key = "date" if by_date else "ts_rank(search_vector, query)"
            facet_filter = POSTGRESQL_FACET_FILTER * len(needles)
            cursor.execute(
                # Only fixed fragments are interpolated; the values are parameters.
                f"SELECT id, {key}, facet_keys"  # noqa: S608
                " FROM portal_search_searchentry, to_tsquery('simple', %s) AS query"
                f" WHERE language = %s AND search_vector @@ query{facet_filter}",
                [tsquery_expression(clauses), language, *needles],
            )
        else:
            # bm25 is lower for better matches; the title counts three times the body.
            # Dates stay the text SQLite stores (ISO 8601, which sorts the same
            # way) instead of being parsed one by one for thousands of matches.
            key = "CAST(entry.date AS TEXT)" if by_date else "-bm25(portal_search_fts, 3.0, 1.0)"
            facet_filter = SQLITE_FACET_FILTER * len(needles)
            # CROSS JOIN keeps the full-text index first: with a plain JOIN SQLite
            # walks the language index and runs the MATCH once per entry of the
            # language (seconds on 20,000 pages instead of milliseconds).
            cursor.execute(
                f"SELECT entry.id, {key}, entry.facet_keys"  # noqa: S608
                " FROM portal_search_fts CROSS JOIN portal_search_searchentry AS entry"
                " ON entry.id = portal_search_fts.rowid"
                f" WHERE portal_search_fts MATCH %s AND entry.language = %s{facet_filter}",
                [fts5_expression(clauses), language, *needles],
            )
        return cursor.fetchall()


def count_facets(rows):
    """Facet → Counter of values over the matches. Many matches share the
    same facet keys: each distinct set is split once, and counted as often
    as it occurs."""
    facets = {facet: Counter() for facet in FACETS}
    for keys, count in Counter(row[2] for row in rows).items():
        for key in keys.split("\n"):
            facet, _sep, value = key.partition("=")
            if value:
                facets[facet][value] += count
    return facets


def in_order(rows, by_date):
    """The matches best first, or newest first (undated ones last)."""
    if by_date:
        dated = sorted((row for row in rows if row[1] is not None), key=itemgetter(1))
        return dated[::-1] + [row for row in rows if row[1] is None]
    # reverse=True keeps equal scores in the order found, as a key of -score did.
    return sorted(rows, key=itemgetter(1), reverse=True)


@lru_cache(maxsize=50_000)
def word_tokens(word, language):
    """The tokens of one word of a text. Memoised: snippets keep showing the
    same words, and stemming each word of ten texts again took longer than
    the whole search."""
    return frozenset(analyze(word, language))


def highlight(text, tokens, language, words=40):
    """A piece of `text` around the first match, with the matched words in <mark>."""
    parts = re.split(r"(\W+)", text)

    def matched(part):
        return bool(WORD.fullmatch(part)) and not word_tokens(part, language).isdisjoint(tokens)

    # Only the words up to the end of the piece shown need analysing.
    first = next((index for index, part in enumerate(parts) if matched(part)), 0)
    start = max(first - words, 0)
    end = min(first + words * 2, len(parts))
    pieces = []
    for part in parts[start:end]:
        escaped = html.escape(part)
        pieces.append(f"<mark>{escaped}</mark>" if matched(part) else escaped)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(parts) else ""
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
        if connection.vendor == "sqlite":
            # Merge the FTS5 segments written in batches: faster queries from the start.
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO portal_search_fts(portal_search_fts) VALUES ('optimize')"
                )
        _index_changed()
        return done

    def search(self, request):
        synonyms = parse_synonyms(SynonymGroup.objects.values_list("terms", flat=True))
        languages = [request.language]
        if request.both_languages:
            languages += [code for code, _name in settings.LANGUAGES if code != request.language]
        chosen = {f"{facet}={value}" for facet, value in request.chosen.items()}
        by_date = request.sort == "date"
        rows, tokens = [], {}
        for code in languages:
            clauses = query_clauses(request.text, code, synonyms)[:MAX_CLAUSES]
            if clauses:
                rows += matches(clauses, code, chosen, by_date)
                tokens[code] = {
                    token for clause in clauses for phrase in clause for token in phrase
                }
        if not tokens:
            return Results()
        facets = count_facets(rows)
        rows = in_order(rows, by_date)
        shown = [row[0] for row in rows[request.offset : request.offset + request.limit]]
        entries = SearchEntry.objects.in_bulk(shown)
        hits = [self._hit(entries[pk], tokens[entries[pk].language]) for pk in shown]
        suggestion = None if rows else self.did_you_mean(request.text, request.language)
        return Results(hits=hits, total=len(rows), facets=facets, suggestion=suggestion)

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
        """Every word of the titles and texts of a language, for "did you mean"."""
        version = cache.get(VERSION_CACHE_KEY, 0)
        key = VOCABULARY_CACHE_KEY.format(language=language, version=version)
        words = cache.get(key)
        if words is None:
            words = set()
            texts = SearchEntry.objects.filter(language=language).values_list("title", "body")
            for title, body in texts.iterator(chunk_size=1000):
                words.update(WORD.findall(f"{title} {body}".lower()))
            words = sorted(word for word in words if len(word) > 2 and not word.isdigit())
            cache.set(key, words, 60 * 60)
        return words

    def did_you_mean(self, text, language):
        """The query with each word that finds nothing replaced by the closest
        known word, or None when there is nothing better to offer."""
        words = WORD.findall(text.lower())
        if not words or len(words) > 6:
            return None
        vocabulary = self.vocabulary(language)
        known = set(vocabulary)
        corrected = []
        for word in words:
            if word in known or len(word) < 3:
                corrected.append(word)
                continue
            close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
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
