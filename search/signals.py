"""The index follows the content: pages published, unpublished, moved or
deleted, and documents saved or deleted. Each change is handed to a task."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .tasks import index_document, index_pages, later, remove_document


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


@receiver(post_save, sender=get_document_model())
def document_saved(sender, instance, **kwargs):
    later(index_document, instance.pk)


@receiver(post_delete, sender=get_document_model())
def document_deleted(sender, instance, **kwargs):
    later(remove_document, instance.pk)
