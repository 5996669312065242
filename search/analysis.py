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

Words are read as they are written, hyphens and apostrophes inside them
included, then split (see `word_tokens`): a possessive or plural "'s" goes
("OCMW's" is "OCMW"), the parts of a compound are tokens of their own and so
is the compound written as one word ("Kafka-brigade" gives "kafka",
"brigade" and "kafkabrigade"), a lone letter is no token (the "s" of "'s
avonds", the "n" of "zo'n"), and numbers up to twelve written in words are
their digits ("cinq" and "5" meet). The Elasticsearch backend builds the
same steps from its own filters (backends/elasticsearch.py).
"""

import re
import unicodedata
from functools import cache, lru_cache

import snowballstemmer

STEMMERS = {"nl": "dutch", "fr": "french"}
WORD = re.compile(r"\w+", re.UNICODE)
# A word as written: letters and digits, with hyphens or apostrophes inside
# it ("Kafka-brigade", "OCMW's", "aujourd'hui"). Elasticsearch's tokenizer uses
# the same pattern (backends/elasticsearch.py WRITTEN_WORD_PATTERN).
WRITTEN_WORD = re.compile(r"\w+(?:['’-]\w+)*", re.UNICODE)
JOINS = re.compile(r"['’-]")
# Dutch writes the plural and the genitive of abbreviations and of words
# ending in a vowel with "'s" ("OCMW's", "cv's", "auto's"): the word is the same.
POSSESSIVE = re.compile(r"['’]s$")
# French elided articles and pronouns before an apostrophe: l'intégration, d'accueil, qu'il.
ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)
# Numbers written in words, as digits: "cinq principes" finds "5 principes".
# Not "one": "een" and "un" are the articles of every sentence.
NUMBER_WORDS = {
    "nl": "twee drie vier vijf zes zeven acht negen tien elf twaalf",
    "fr": "deux trois quatre cinq six sept huit neuf dix onze douze",
}
NUMBERS = {
    language: {word: str(number) for number, word in enumerate(words.split(), start=2)}
    for language, words in NUMBER_WORDS.items()
}


@cache
def _stemmer(language):
    return snowballstemmer.stemmer(STEMMERS.get(language, "dutch"))


def fold(word):
    """Remove accents: "intégration" → "integration"."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=200_000)
def token(word, language):
    """The token of one lower-case word (no hyphen or apostrophe). Memoised:
    the Snowball stemmers are pure Python, and a few thousand words make up
    most of any text, so that indexing 40,000 pages stems each distinct word
    once, not every time."""
    folded = fold(word)
    number = NUMBERS.get(language, {}).get(folded)
    if number:
        return number
    return _stemmer(language).stemWord(folded)


def is_letter(part):
    """A lone letter carries no meaning of its own: it is never a token."""
    return len(part) == 1 and part.isalpha()


def parts_of(written):
    """The parts of a lower-case written word, its possessive "'s" removed."""
    return [part for part in JOINS.split(POSSESSIVE.sub("", written)) if part]


def joined_parts(parts):
    """Each run of two or more parts of letters, written as one word:
    "kafka-brigade" → "kafkabrigade"; "covid-19" has none."""
    runs, run = [], []
    for part in [*parts, ""]:
        if part.isalpha():
            run.append(part)
            continue
        if len(run) > 1:
            runs.append("".join(run))
        run = []
    return runs


@lru_cache(maxsize=200_000)
def word_tokens(written, language):
    """The tokens of one written word: each compound of its parts written as
    one word, then the parts. The parts come last and together, so that a
    phrase running on after the word ("Kafka-brigade werkt") stays a
    sequence of tokens. Memoised like `token`."""
    parts = parts_of(written)
    tokens = [token(joined, language) for joined in joined_parts(parts)] if len(parts) > 1 else []
    tokens += [token(part, language) for part in parts if not is_letter(part)]
    return tuple(tokenised for tokenised in tokens if tokenised)


def written_words(text):
    """The words of a text as written, in lower case, French elision removed."""
    text = ELISION.sub(" ", (text or "").lower().replace("’", "'"))
    return WRITTEN_WORD.findall(text.replace("_", " "))


def analyze(text, language):
    """The tokens of a text in a language, as the index stores them."""
    return [
        tokenised for written in written_words(text) for tokenised in word_tokens(written, language)
    ]


def parse_synonyms(lines):
    """Editors write one group a line, terms separated by commas or "=":
    "OCMW = CPAS", "leefloon, revenu d'intégration sociale, RIS"."""
    groups = []
    for line in lines:
        terms = [term.strip() for term in re.split(r"[,=]", line) if term.strip()]
        if len(terms) > 1:
            groups.append(terms)
    return groups


def segments(parts):
    """The parts of a written word in groups: each run of parts of letters,
    and each other part on its own."""
    groups, run = [], []
    for part in parts:
        if part.isalpha():
            run.append(part)
            continue
        if run:
            groups.append(run)
            run = []
        groups.append([part])
    if run:
        groups.append(run)
    return groups


def query_units(query, language):
    """A query as (tokens, alternatives) in the order of its words. A
    compound typed with a hyphen is one unit: its parts as a phrase, or the
    compound written as one word ("Kafka-brigade" finds "kafkabrigade" too),
    as Elasticsearch reads the word_delimiter_graph of a query."""
    units = []
    for written in written_words(query):
        for group in segments(parts_of(written)):
            tokens = tuple(
                tokenised
                for tokenised in (token(part, language) for part in group if not is_letter(part))
                if tokenised
            )
            alternatives = {tokens} if tokens else set()
            if len(group) > 1:
                alternatives.add((token("".join(group), language),))
            if alternatives:
                units.append((tokens, alternatives))
    return units


def query_tokens(text, language):
    """The tokens of a query or a synonym term in order, compounds in their parts."""
    return [
        tokenised for tokens, _alternatives in query_units(text, language) for tokenised in tokens
    ]


def query_clauses(query, language, synonym_groups=()):
    """A query as clauses that must all match; each clause is a set of
    alternatives (token sequences), so that a synonym can stand in for a word.

    Synonym terms are analysed in both languages: "leefloon" in a French query
    still meets "revenu d'intégration sociale".
    """
    units = query_units(query, language)
    clauses = [alternatives for _tokens, alternatives in units]
    # Where each unit's tokens start in the query's sequence of tokens.
    starts, position = [], 0
    for tokens, _alternatives in units:
        starts.append(position)
        position += len(tokens)
    sequence = [tokenised for tokens, _alternatives in units for tokenised in tokens]
    for group in synonym_groups:
        variants = {tuple(query_tokens(term, lang)) for term in group for lang in STEMMERS}
        variants.discard(())
        for variant in list(variants):
            length = len(variant)
            for start in range(len(sequence) - length + 1):
                end = start + length
                covered = [
                    index
                    for index, first in enumerate(starts)
                    if start <= first and first + len(units[index][0]) <= end and units[index][0]
                ]
                whole = sum(len(units[index][0]) for index in covered) == length
                if tuple(sequence[start:end]) == variant and covered and whole:
                    # The words of this variant become one clause with every variant as alternative.
                    clauses[covered[0]] = set(variants)
                    for index in covered[1:]:
                        clauses[index] = None
    return [clause for clause in clauses if clause]
