"""Keeps the search index in step with the pages and documents, whichever
backend holds it."""

from django.db import transaction

from . import documents as sources
from .backends import get_backend


def update_page(page):
    """Index a page as it is now, or drop it when it is no longer public."""
    document = sources.for_page(page)
    if document is None:
        get_backend().remove([sources.page_key(page.pk)])
    else:
        get_backend().update([document])
    return document


def remove_page(page_id):
    get_backend().remove([sources.page_key(page_id)])


def update_document(document):
    entries = sources.for_document(document)
    if entries:
        get_backend().update(entries)
    else:
        remove_document(document.pk)


def remove_document(document_id):
    get_backend().remove(sources.document_keys(document_id))


def rebuild(progress=None):
    """Index every public page and document again; `progress(done, total)` is
    told along the way."""
    total = sources.count()
    with transaction.atomic():
        return get_backend().rebuild(
            sources.everything(), progress and (lambda done: progress(min(done, total), total))
        )
