"""When an editor publishes more seats, the waiting list moves up; when
seats are taken or freed, cached pages showing the seats left are stale."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from home.page_cache import invalidate_on_commit, invalidate_seats_on_commit

from .models import EditionPage, Registration, Session
from .services import fill_free_seats


@receiver(post_save, sender=Session)
def session_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        transaction.on_commit(lambda: fill_free_seats(session=instance))


@receiver(page_published, sender=EditionPage)
def edition_published(sender, instance, **kwargs):
    transaction.on_commit(lambda: fill_free_seats(edition=instance))


@receiver(post_save, sender=Registration)
@receiver(post_delete, sender=Registration)
def seats_changed(sender, **kwargs):
    # Pages show "n seats left" and "full": the page cache must not keep the old count.
    invalidate_seats_on_commit()


@receiver(post_save, sender=Session)
@receiver(post_delete, sender=Session)
def session_changed(sender, **kwargs):
    # A session shows on its page, in the agenda and in the catalogue's filters.
    invalidate_on_commit()
