"""Language-aware text analysis for the portal's own search index.

Wagtail's search has no per-language analysis (wagtail/wagtail#1177), so
text is analysed here, the same way for the index and for queries, before
it reaches the database: lower case, French elision removed ("l'intégration"),
accents folded, then words stemmed with the Snowball stemmer of the language
("opleidingen" and "opleiding" meet, as do "formations" and "formation").
Folding comes first so that a word typed without its accents stems the same
way: "precarite" and "précarité" both become "precarit", whereas stemming
"précarité" first would strip a suffix "precarite" does not have. The database only compares tokens,
so SQLite and PostgreSQL find the same things.
"""

import re
import unicodedata
from functools import cache, lru_cache

import snowballstemmer

STEMMERS = {"nl": "dutch", "fr": "french"}
WORD = re.compile(r"\w+", re.UNICODE)
# French elided articles and pronouns before an apostrophe: l'intégration, d'accueil, qu'il.
ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)


@cache
def _stemmer(language):
    return snowballstemmer.stemmer(STEMMERS.get(language, "dutch"))


def fold(word):
    """Remove accents: "intégration" → "integration"."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=200_000)
def token(word, language):
    """The token of one lower-case word. Memoised: the Snowball stemmers are
    pure Python, and a few thousand words make up most of any text, so that
    indexing 40,000 pages stems each distinct word once, not every time."""
    return _stemmer(language).stemWord(fold(word))


def analyze(text, language):
    """The tokens of a text in a language, as the index stores them."""
    text = ELISION.sub(" ", (text or "").lower().replace("’", "'"))
    words = WORD.findall(text.replace("_", " "))
    return [stem for stem in (token(word, language) for word in words) if stem]


def parse_synonyms(lines):
    """Editors write one group a line, terms separated by commas or "=":
    "OCMW = CPAS", "leefloon, revenu d'intégration sociale, RIS"."""
    groups = []
    for line in lines:
        terms = [term.strip() for term in re.split(r"[,=]", line) if term.strip()]
        if len(terms) > 1:
            groups.append(terms)
    return groups


def query_clauses(query, language, synonym_groups=()):
    """A query as clauses that must all match; each clause is a set of
    alternatives (token sequences), so that a synonym can stand in for a word.

    Synonym terms are analysed in both languages: "leefloon" in a French query
    still meets "revenu d'intégration sociale".
    """
    tokens = analyze(query, language)
    clauses = [{(token,)} for token in tokens]
    for group in synonym_groups:
        variants = {tuple(analyze(term, lang)) for term in group for lang in STEMMERS}
        variants.discard(())
        for variant in list(variants):
            length = len(variant)
            for start in range(len(tokens) - length + 1):
                if tuple(tokens[start : start + length]) == variant:
                    # The words of this variant become one clause with every variant as alternative.
                    merged = set(variants)
                    clauses[start] = merged
                    for position in range(start + 1, start + length):
                        clauses[position] = None
    return [clause for clause in clauses if clause]
