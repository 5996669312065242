"""When an editor publishes a page with more seats, the waiting list moves
up, and a session cancelled, postponed or moved reaches its registrants; when
seats are taken or freed, or the return day's programme changes, cached pages
showing them are stale."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from home.page_cache import invalidate_content_on_commit, invalidate_seats_on_commit
from home.proxy_cache import session_tag

from .models import (
    Assignment,
    AssignmentVersion,
    EditionPage,
    MeetingPage,
    ProductVisibility,
    Registration,
    RegistrationStatus,
    Session,
)
from .models.base import source_page
from .networks.documents import hide_file
from .registrations import announce, fill_free_seats
from .registrations.organiser import record_as_created, sessions_of_page


@receiver(page_published)
def session_status_published(sender, instance, **kwargs):
    """An editor cancels, postpones or moves a session by publishing its page
    with the session's new status, date or place: its registrants are told
    once the publication is committed (registrations/organiser.py)."""
    sessions = sessions_of_page(instance)
    if sessions:
        revision = kwargs.get("revision")
        editor = revision.user if revision is not None else None

        def tell():
            for session in sessions:
                announce(session=session, by=editor)

        transaction.on_commit(tell)


@receiver(page_published)
def capacity_published(sender, instance, **kwargs):
    """An editor changes a capacity by publishing: the edition's own, or
    that of a session on the page (sessions are edited with their page).
    The sessions and editions with someone waiting get their free seats
    filled, once the publication is committed."""
    sessions = list(
        Session.objects.for_page(instance)
        .filter(registrations__status=RegistrationStatus.WAITLISTED)
        .distinct()
    )
    # Seats are counted on the source (Dutch) edition, whichever language is published.
    edition = source_page(instance).specific if isinstance(instance, EditionPage) else None

    def fill():
        for session in sessions:
            fill_free_seats(session=session)
        if edition is not None:
            fill_free_seats(edition=edition)

    if sessions or edition is not None:
        transaction.on_commit(fill)


@receiver(post_save, sender=Session)
def session_created(sender, instance, created, raw=False, **kwargs):
    # What its registrants will be told of later changes is compared with this.
    if created and not raw:
        record_as_created(instance)


@receiver(post_save, sender=Registration)
@receiver(post_delete, sender=Registration)
def seats_changed(sender, instance, **kwargs):
    # Pages show "n seats left" and "full": the page cache must not keep the
    # old count, nor a caching proxy the pages that show the session. (An
    # edition's seats show in the lists chosen by seats left only.)
    shown = [session_tag(instance.session_id)] if instance.session_id else []
    invalidate_seats_on_commit(shown=shown)


@receiver(post_save, sender=Assignment)
@receiver(post_delete, sender=Assignment)
@receiver(post_save, sender=AssignmentVersion)
@receiver(post_delete, sender=AssignmentVersion)
def programme_changed(sender, **kwargs):
    # The return day's programme shows the slots and what each participant's
    # latest version allows: a member who withdraws the permission must not
    # stay named in a cached copy. Members change it, as they change seats:
    # the seats' generation, which leaves the menu and the footer kept.
    invalidate_seats_on_commit()


@receiver(post_save, sender=Session)
@receiver(post_delete, sender=Session)
def session_changed(sender, **kwargs):
    # A session shows on its page, in the agenda and in the catalogue's
    # filters; never in the outline (the menu, the footer).
    invalidate_content_on_commit()


@receiver(page_published)
def members_only_product_hidden(sender, instance, **kwargs):
    """A meeting published with a members-only product document: its file
    leaves the guessable media address (networks/documents.py)."""
    if not isinstance(instance, MeetingPage):
        return
    if instance.product_visibility == ProductVisibility.MEMBERS and instance.product_document_id:
        document = instance.product_document
        transaction.on_commit(lambda: hide_file(document))
