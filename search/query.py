"""Searching the index: the query is analysed like the pages were, every
clause must match (a synonym may stand in), the best matches come first,
and facets count what the visitor can narrow down to."""

import html
import re
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q

from .analysis import WORD, analyze, parse_synonyms, query_clauses
from .models import SearchEntry, SynonymGroup

MAX_QUERY_LENGTH = 200
MAX_CANDIDATES = 2000
FACETS = ["kind", "language", "themes", "principles", "provinces"]


@dataclass
class Results:
    entries: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    tokens: set = field(default_factory=set)


def _clause_filter(clause):
    condition = Q()
    for alternative in clause:
        all_tokens = Q()
        for token in alternative:
            all_tokens &= Q(tokens__contains=f" {token} ")
        condition |= all_tokens
    return condition


def _values(entry, facet):
    if facet == "kind":
        return [entry.kind]
    if facet == "language":
        return [entry.language]
    return entry.facets.get(facet, [])


def search(query, language, *, both_languages=False, chosen=None, sort="relevance"):
    """Entries matching the query; with `both_languages`, each language's
    entries are matched with the query analysed in that language."""
    synonyms = parse_synonyms(SynonymGroup.objects.values_list("terms", flat=True))
    languages = [language] + (
        [code for code, _name in settings.LANGUAGES if code != language] if both_languages else []
    )
    candidates = []
    tokens = set()
    for code in languages:
        clauses = query_clauses(query[:MAX_QUERY_LENGTH], code, synonyms)[:12]
        if not clauses:
            continue
        entries = SearchEntry.objects.filter(language=code)
        for clause in clauses:
            entries = entries.filter(_clause_filter(clause))
        candidates += list(entries[:MAX_CANDIDATES])
        tokens |= {token for clause in clauses for alternative in clause for token in alternative}
    if not tokens:
        return Results()
    for facet, value in (chosen or {}).items():
        candidates = [entry for entry in candidates if value in _values(entry, facet)]
    facets = {
        facet: Counter(v for entry in candidates for v in _values(entry, facet)) for facet in FACETS
    }
    for entry in candidates:
        title = entry.title_tokens.split()
        body = entry.tokens.split()
        entry.score = sum(3 * title.count(token) + min(body.count(token), 5) for token in tokens)
    if sort == "date":
        candidates.sort(
            key=lambda entry: (entry.date is None, -(entry.date.timestamp() if entry.date else 0))
        )
    else:
        candidates.sort(key=lambda entry: (-entry.score, entry.title))
    return Results(entries=candidates, facets=facets, tokens=tokens)


def highlight(text, tokens, language, words=40):
    """A piece of `text` around the first match, with the matched words in <mark>."""
    parts = re.split(r"(\W+)", text)
    matched = [
        bool(WORD.fullmatch(part)) and bool(set(analyze(part, language)) & tokens) for part in parts
    ]
    first = matched.index(True) if True in matched else 0
    start = max(first - words, 0)
    end = min(first + words * 2, len(parts))
    pieces = []
    for part, hit in zip(parts[start:end], matched[start:end], strict=True):
        escaped = html.escape(part)
        pieces.append(f"<mark>{escaped}</mark>" if hit else escaped)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(parts) else ""
    return prefix + "".join(pieces).strip() + suffix
