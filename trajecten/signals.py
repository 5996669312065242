"""When an editor publishes more seats, the waiting list moves up."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from .models import EditionPage, Session
from .services import fill_free_seats


@receiver(post_save, sender=Session)
def session_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        transaction.on_commit(lambda: fill_free_seats(session=instance))


@receiver(page_published, sender=EditionPage)
def edition_published(sender, instance, **kwargs):
    transaction.on_commit(lambda: fill_free_seats(edition=instance))
