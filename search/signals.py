"""The index follows the content: pages published, unpublished, moved or
deleted, and documents saved or deleted. Each change is handed to a task."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from portal.tasks import later

from .tasks import index_document, index_pages, remove_document


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def page_changed(sender, instance, **kwargs):
    # A move or an unpublication changes the pages below too.
    ids = list(Page.objects.descendant_of(instance, inclusive=True).values_list("pk", flat=True))
    later(index_pages, ids)


@receiver(post_delete, sender=Page)
def page_deleted(sender, instance, **kwargs):
    # The database backend's entry cascades; another backend needs telling.
    later(index_pages, [instance.pk])


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def page_privacy_changed(sender, instance, **kwargs):
    # Made private after it was indexed, a page and those below it must leave
    # the index (and come back when the restriction goes); no page signal says so.
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        page_changed(sender, page)


@receiver(post_save, sender=CollectionViewRestriction)
@receiver(post_delete, sender=CollectionViewRestriction)
def collection_privacy_changed(sender, instance, **kwargs):
    collection = Collection.objects.filter(pk=instance.collection_id).first()
    if collection is None:
        return
    collections = Collection.objects.descendant_of(collection, inclusive=True)
    documents = get_document_model().objects.filter(collection__in=collections)
    for document_id in documents.values_list("pk", flat=True):
        later(index_document, document_id)


@receiver(post_save, sender=get_document_model())
def document_saved(sender, instance, **kwargs):
    later(index_document, instance.pk)


@receiver(post_delete, sender=get_document_model())
def document_deleted(sender, instance, **kwargs):
    later(remove_document, instance.pk)
