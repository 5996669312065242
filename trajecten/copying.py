"""Copies of sessions: one session copied to another date or place, and the
sessions a page copied for next year takes along.

A copy is a new event: its own iCalendar UID, sequence 0, scheduled, no
registrations, no note for visitors; what its registrants are later told
starts from what it is when first published (registrations/organiser.py).

Sessions are child objects of their page, saved in its revisions: a
session row written beside a draft would be deleted when that draft is
published. So a copy goes into the page the way an editor's change does,
in a new revision (add_sessions).
"""

import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from .models import Session
from .models.base import latest_sessions

# What a copy takes of its session: when, where, how and for how many. Not
# its uid and sequence (calendars must see another event), its status and
# notes (a copy is scheduled), nor a free cancellation granted after a change.
COPIED_FIELDS = [
    "starts_at",
    "ends_at",
    "reception_time",
    "format",
    "venue_name",
    "address",
    "postal_code",
    "town",
    "province",
    "online_link",
    "capacity",
]


def copy_of(session, **changes):
    """A new, unsaved session like `session`, with `changes`."""
    values = {name: getattr(session, name) for name in COPIED_FIELDS}
    return Session(**{**values, **changes})


def moved(moment, days):
    """`moment` `days` later, at the same hour in Brussels (also across a
    change to or from summer time)."""
    return timezone.localtime(moment) + timedelta(days=days)


def publishes_at_once(page, user):
    """Whether a copy added to `page` by `user` is published at once.

    Yes when the page is live and has no unpublished changes: the page then
    shows what it showed, with the new session, and nothing anyone left
    unfinished goes live with it; the editor filled in the copy's form, which
    is the review a copy needs. Otherwise (a draft waits, the page is not
    live, a workflow is under way, or the editor may not publish) the copy
    goes into the page's draft and is published with it, as any change.
    """
    return page.live and not page.has_unpublished_changes and _may_publish(page, user)


def _may_publish(page, user):
    return not page.workflow_in_progress and page.permissions_for_user(user).can_publish()


def add_sessions(*, page, sessions, by):
    """Add new `sessions` to `page` in a new revision, published when
    `publishes_at_once`; returns whether it was published."""
    with transaction.atomic():
        # One revision after the other: two editors copying at once both keep their copy.
        page = Page.objects.select_for_update().get(pk=page.pk).specific
        published = publishes_at_once(page, by)
        latest = page.get_latest_revision_as_object()
        latest.sessions = [*latest.sessions.all(), *sessions]
        revision = latest.save_revision(user=by, log_action=True, clean=False)
        if published:
            revision.publish(user=by)
    return published


def take_sessions_along(*, original, copy, days, by):
    """Give `copy`, a page just copied from `original` (with or without its
    subpages), new sessions like those of `original` and of each subpage
    copied with it, `days` later. A page and its copy are paired by their
    path below the page copied, which copying keeps (the slugs are the same)."""
    copies = {_below(page, copy): page for page in copy.get_descendants(inclusive=True).specific()}
    for page in original.get_descendants(inclusive=True).specific():
        target = copies.get(_below(page, original))
        if target is not None and latest_sessions(page):
            _move_along(page, target, days, by)


def _move_along(original, copy, days, by):
    """Wagtail copies a page's live version and its draft: the copy's live
    version gets the sessions published on `original`, and its draft those
    of the original's draft (the same new sessions, where the draft has
    them too). A copy left unpublished, or not the editor's to publish, gets
    them all in its draft."""
    drafted = latest_sessions(original)
    published = list(Session.objects.filter(page=original))
    with transaction.atomic():
        copy = Page.objects.select_for_update().get(pk=copy.pk).specific
        draft = copy.get_latest_revision_as_object() if copy.has_unpublished_changes else None
        if not (copy.live and published and _may_publish(copy, by)):
            latest = draft or copy
            latest.sessions = [_moved(session, days) for session in drafted]
            latest.save_revision(user=by, log_action=True, clean=False)
            return
        uids = {session.uid: uuid.uuid4() for session in published}
        copy.sessions = [_moved(session, days, uid=uids[session.uid]) for session in published]
        copy.save_revision(user=by, log_action=True, clean=False).publish(user=by)
        if draft is not None:
            rows = dict(Session.objects.filter(page=copy).values_list("uid", "pk"))
            draft.sessions = [
                _moved(session, days, uid=uids[session.uid], pk=rows[uids[session.uid]])
                if session.uid in uids
                else _moved(session, days)
                for session in drafted
            ]
            draft.save_revision(user=by, clean=False)


def _moved(session, days, **fields):
    return copy_of(
        session,
        starts_at=moved(session.starts_at, days),
        ends_at=moved(session.ends_at, days),
        **fields,
    )


def _below(page, top):
    return page.url_path[len(top.url_path) :]
