"""What every write to a registration does the same way: lock the session
or edition row before seats are counted, and change a status together with
its line in the history.

The pattern (as in pretix): lock the session or edition row, count the
seats, then write. On PostgreSQL the lock is `SELECT ... FOR UPDATE`;
SQLite runs its transactions IMMEDIATE (see settings), which serialises
them. Mail is asked for with portal.notifications.notify(), and goes out
once the transaction commits.
"""

from django.db.models import Max

from ..models import (
    EditionPage,
    Registration,
    RegistrationEvent,
    RegistrationStatus,
    Session,
    seats,
)
from ..models.base import source_path


def locked_offer(*, session=None, edition=None):
    """The session, or the edition, reloaded with its row locked: (session, edition)."""
    if session is not None:
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.page_id == session.page_id and Session.page.is_cached(session):
            # The lock guards the seats, not the page: the page the caller
            # has loaded (often specific already) saves two queries.
            locked.page = session.page
        return locked, None
    return None, EditionPage.objects.select_for_update().get(pk=edition.pk)


def locked_registration(registration):
    """The registration and its session or edition, all locked, in the
    order every write takes them (the offer first): (registration, session, edition)."""
    session, edition = locked_offer(session=registration.session, edition=registration.edition)
    return Registration.objects.select_for_update().get(pk=registration.pk), session, edition


def capacity_of(session, edition):
    return session.capacity if session is not None else edition.capacity


def has_free_seat(session, edition):
    """Counted now: the caller holds the offer's lock."""
    return seats.has_free_seat(
        capacity_of(session, edition), seats.taken(session=session, edition=edition)
    )


def first_start(*, session=None, edition=None):
    """When the session, or the first session of the edition, starts (None before it has any)."""
    if session is not None:
        return session.starts_at
    first = Session.objects.in_subtree_of(source_path(edition)).order_by("starts_at").first()
    return first.starts_at if first else None


def sessions_of(registration):
    """The sessions a registration gives access to, in order."""
    if registration.session_id:
        return [registration.session]
    return list(
        Session.objects.in_subtree_of(source_path(registration.edition)).order_by("starts_at")
    )


def _event(registration, actor, note, from_status=None):
    return RegistrationEvent(
        registration=registration,
        actor=actor,
        from_status=registration.status if from_status is None else from_status,
        to_status=registration.status,
        note=note,
    )


def log(registration, actor, note="", *, from_status=None):
    """A line in the registration's history; without a change of status
    unless `from_status` says what it was."""
    _event(registration, actor, note, from_status).save()


def log_each(registrations, actor, note=""):
    """The same line, without a change of status, in the history of each of
    `registrations`: written together, however many they are."""
    RegistrationEvent.objects.bulk_create(
        [_event(registration, actor, note) for registration in registrations], batch_size=500
    )


def set_status(registration, status, actor, note="", *, last_in_line=None):
    """Change the status, with its history line; a member who joins the
    waiting list is placed last in line (after `last_in_line` when the
    caller has counted it under the offer's lock)."""
    previous = registration.status
    registration.status = status
    if status == RegistrationStatus.WAITLISTED:
        if last_in_line is None:
            last_in_line = (
                Registration.objects.for_offer(
                    session=registration.session, edition=registration.edition
                ).aggregate(Max("waitlist_rank"))["waitlist_rank__max"]
                or 0
            )
        registration.waitlist_rank = last_in_line + 1
    else:
        registration.waitlist_rank = None
    registration.save()
    log(registration, actor, note, from_status=previous)


def seat_or_waiting_list(registration, session, edition, actor, note=""):
    """Confirmed while a seat is free, else on the waiting list; returns the
    status. A registration that joins the line gets `counted_place_in_line`,
    its place as counted under the lock, for the message its member reads
    next (Registration.place_in_line() counts again, as the line moves)."""
    # Seats and the end of the line in one query: the offer stays locked
    # for one round trip less (bench/registrations.py).
    joins_the_line = registration.status != RegistrationStatus.WAITLISTED
    taken, last_in_line, in_line = seats.taken_and_last_in_line(session=session, edition=edition)
    status = (
        RegistrationStatus.CONFIRMED
        if seats.has_free_seat(capacity_of(session, edition), taken)
        else RegistrationStatus.WAITLISTED
    )
    set_status(registration, status, actor, note, last_in_line=last_in_line)
    if status == RegistrationStatus.WAITLISTED and joins_the_line:
        # Last in line: behind everyone in line now (the message says so
        # without counting them again).
        registration.counted_place_in_line = in_line + 1
    return status
