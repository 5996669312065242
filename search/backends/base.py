"""What every search backend of the portal offers, and the shapes it trades in.

The portal has two backends: the database one (SQLite FTS5 or PostgreSQL
full-text search over tokens analysed in Python, see analysis.py) and
Elasticsearch (elasticsearch-dsl, one index per language). Indexing code
(documents.py) builds `IndexDocument`s; the search page asks a backend with a
`SearchRequest` and renders the `Results`.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

# Facets visitors can narrow down on, in the order the page shows them.
FACETS = ["kind", "language", "themes", "principles", "provinces"]
MAX_QUERY_LENGTH = 200


@dataclass
class IndexDocument:
    """One searchable thing in one language: a page, or a document's text."""

    key: str  # "page-12", "document-3-nl": unique across the index
    language: str
    kind: str  # a label in `language`: "Opleiding", "Témoignage", "Document"
    title: str
    body: str
    url: str
    date: datetime | None = None
    facets: dict[str, list[str]] = field(default_factory=dict)  # themes, principles, provinces
    page_id: int | None = None
    document_id: int | None = None

    def facet_values(self, facet):
        if facet == "kind":
            return [self.kind]
        if facet == "language":
            return [self.language]
        return list(self.facets.get(facet, []))


@dataclass
class SearchRequest:
    query: str
    language: str
    both_languages: bool = False
    chosen: dict[str, str] = field(default_factory=dict)  # facet -> value
    sort: str = "relevance"  # or "date", newest first
    offset: int = 0
    limit: int = 10

    @property
    def text(self):
        return self.query.strip()[:MAX_QUERY_LENGTH]


@dataclass
class Hit:
    key: str
    language: str
    kind: str
    title: str
    url: str
    date: datetime | None
    snippet: str  # HTML: the text escaped, matched words in <mark>


@dataclass
class Results:
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, Counter] = field(default_factory=dict)
    # "Did you mean": the query with its unknown words corrected, when nothing matched.
    suggestion: str | None = None


@dataclass
class Suggestion:
    """A title offered while the visitor types."""

    title: str
    url: str
    kind: str


class SearchBackend:
    def update(self, documents: list[IndexDocument]) -> None:
        """Add the documents, replacing those with the same key."""
        raise NotImplementedError

    def remove(self, keys: list[str]) -> None:
        raise NotImplementedError

    def rebuild(self, documents, progress=None) -> int:
        """Replace the whole index with `documents` (an iterable); `progress(done)`
        is told along the way. Returns how many were indexed."""
        raise NotImplementedError

    def search(self, request: SearchRequest) -> Results:
        raise NotImplementedError

    def suggest(self, prefix: str, language: str, limit: int = 8) -> list[Suggestion]:
        """Titles of the language that start with what the visitor typed so far."""
        raise NotImplementedError
