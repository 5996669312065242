"""What the index holds about a page or a document, read generically.

A page's text comes from its Wagtail `search_fields`, plus optional hooks a
page type may define (`search_extra_text`, `search_facets`, `search_date`),
so that this app does not need to know the offer or the stories. The date a
result shows, and the search sorts by, is the content's (a report's meeting,
an offer's session); without `search_date`, the page's first publication. A Wagtail
document is searchable by its title and, for a PDF, its text; documents have
no language, so each is indexed once per language, analysed as such.
"""

import logging
from datetime import datetime, time

from django.conf import settings
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction
from wagtail.search import index

from .backends.base import IndexDocument

logger = logging.getLogger(__name__)

# Enough for the search to find a long report, without storing whole books.
MAX_DOCUMENT_TEXT = 100_000


def page_key(page_id):
    return f"page-{page_id}"


def document_keys(document_id):
    return [f"document-{document_id}-{code}" for code, _name in settings.LANGUAGES]


def _field_text(page, search_field):
    name = search_field.field_name
    try:
        field = page._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a method or property, not a model field
        field = None
    value = getattr(page, name, "")
    if callable(value):
        value = value()
    if isinstance(field, StreamField):
        return " ".join(str(part) for part in field.stream_block.get_searchable_content(value))
    if isinstance(field, RichTextField):
        return strip_tags(value or "")
    return strip_tags(str(value or ""))


def moment(date):
    """A page's date as the index keeps it: a day (a meeting report's) is its
    start in the portal's time zone, so that it shows as that same day."""
    if date is None or isinstance(date, datetime):
        return date
    return timezone.make_aware(datetime.combine(date, time.min))


def page_text(page):
    parts = [page.search_description]
    for search_field in page.search_fields:
        if isinstance(search_field, index.SearchField) and search_field.field_name != "title":
            parts.append(_field_text(page, search_field))
    extra = getattr(page, "search_extra_text", None)
    if extra is not None:
        parts.append(extra())
    return " ".join(part for part in parts if part).strip()


def restricted_paths():
    """Paths of pages behind a view restriction: they and their subpages stay out."""
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def is_searchable(page, restricted=None):
    if not page.live or page.depth <= 1:
        return False
    if restricted is None:
        restricted = restricted_paths()
    return not any(page.path.startswith(path) for path in restricted)


def for_page(page, restricted=None):
    """The page as the index holds it, or None when it is not public."""
    page = page.specific
    if not is_searchable(page, restricted):
        return None
    language = page.locale.language_code
    # Labels (kinds, provinces) in the page's own language.
    with translation.override(language):
        body = page_text(page)
        facets = page.search_facets() if hasattr(page, "search_facets") else {}
        kind = str(page.get_verbose_name())
    date = page.search_date() if hasattr(page, "search_date") else page.first_published_at
    return IndexDocument(
        key=page_key(page.pk),
        language=language,
        kind=kind,
        title=page.title,
        body=body,
        url=page.get_url() or page.url_path,
        date=moment(date),
        facets=facets,
        page_id=page.pk,
    )


def pdf_text(document):
    """The text of a PDF, or "" when it is not one or cannot be read."""
    if document.file_extension.lower() != "pdf":
        return ""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    parts, length = [], 0
    try:
        with document.open_file() as handle:
            for pdf_page in PdfReader(handle).pages:
                text = pdf_page.extract_text() or ""
                parts.append(text)
                length += len(text)
                if length >= MAX_DOCUMENT_TEXT:
                    break
    except (PyPdfError, OSError, ValueError) as error:
        # A damaged upload must not stop the indexing of everything else.
        logger.warning("Could not read the text of document %s: %s", document.pk, error)
    return " ".join(parts)[:MAX_DOCUMENT_TEXT]


def is_public_document(document):
    return not CollectionViewRestriction.objects.filter(
        collection__path__in=[
            document.collection.path[:length]
            for length in range(4, len(document.collection.path) + 1, 4)
        ]
    ).exists()


def for_document(document):
    """The document once per language, or [] when its collection is private."""
    if not is_public_document(document):
        return []
    text = pdf_text(document)
    entries = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            kind = gettext("Document")
        entries.append(
            IndexDocument(
                key=f"document-{document.pk}-{code}",
                language=code,
                kind=kind,
                title=document.title,
                body=text,
                url=document.url,
                date=document.created_at,
                document_id=document.pk,
            )
        )
    return entries


def everything():
    """Every public page and document, for a rebuild."""
    restricted = restricted_paths()
    pages = Page.objects.live().filter(depth__gt=1).specific().order_by("path")
    for page in pages.iterator(chunk_size=500):
        entry = for_page(page, restricted)
        if entry is not None:
            yield entry
    for document in get_document_model().objects.select_related("collection").iterator():
        yield from for_document(document)


def count():
    """About how many entries a rebuild writes (private pages are left out later)."""
    pages = Page.objects.live().filter(depth__gt=1).count()
    return pages + get_document_model().objects.count() * len(settings.LANGUAGES)
