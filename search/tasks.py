"""Indexing off the request (django-tasks): publishing a page returns at once,
a worker brings the index up to date. With the immediate backend of
development and tests the work happens on commit, in the same process."""

from django_tasks import task
from wagtail.documents import get_document_model
from wagtail.models import Page

from . import indexing


@task()
def index_pages(page_ids: list[int]) -> None:
    found = {page.pk: page for page in Page.objects.filter(pk__in=page_ids).specific()}
    for page_id in page_ids:
        if page_id in found:
            indexing.update_page(found[page_id])
        else:
            indexing.remove_page(page_id)


@task()
def index_document(document_id: int) -> None:
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        indexing.remove_document(document_id)
    else:
        indexing.update_document(document)


@task()
def remove_document(document_id: int) -> None:
    indexing.remove_document(document_id)
