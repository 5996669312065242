"""The index follows the pages: published, unpublished, moved or deleted."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .indexing import remove_page, update_page


@receiver(page_published)
@receiver(post_page_move)
def page_changed(sender, instance, **kwargs):
    page_id = instance.pk

    def refresh():
        # A move changes the addresses below the page too.
        for page in (
            Page.objects.filter(pk=page_id).first().get_descendants(inclusive=True).specific()
        ):
            update_page(page)

    transaction.on_commit(refresh)


@receiver(page_unpublished)
@receiver(post_delete, sender=Page)
def page_gone(sender, instance, **kwargs):
    remove_page(instance)
