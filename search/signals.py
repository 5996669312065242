"""The index follows the pages: published, unpublished or moved."""

from django.db import transaction
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


# A deleted page takes its entry with it (the entry's foreign key cascades).
@receiver(page_unpublished)
def page_gone(sender, instance, **kwargs):
    remove_page(instance)
