"""The waiting list: in order of joining (1 is first in line). As in
pretix, a freed seat is offered to the first in line, who has until
rules.offer_ends() to accept it; a declined or expired offer passes to the
next. The seat is kept for them meanwhile (models.HOLDS_SEAT). Offers go
out by themselves until the offer's policy stops them before the start;
editors promote and reorder at any time, never beyond the capacity.

fill_free_seats() is called by name wherever capacity frees up: a
cancellation (cancelling.py) and an editor publishing a larger capacity
(trajecten/signals.py); expire_offers() by the scheduler."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.templatetags.formatting import moment
from portal.notifications import MailKind, notify

from ..models import Registration, RegistrationStatus, seats
from . import rules
from .errors import RegistrationError
from .policy import policy_for
from .records import (
    capacity_of,
    first_start,
    has_free_seat,
    locked_offer,
    locked_registration,
    log,
    set_status,
)


def offer_free_seats(session, edition, now, actor=None):
    """Offer each free seat to the next in line, unless editors decide by
    now (rules.promotes_by_itself). The caller holds the offer's lock."""
    policy = policy_for(session=session, edition=edition)
    start = first_start(session=session, edition=edition)
    if not rules.promotes_by_itself(start, now, policy):
        return []
    offered = []
    capacity = capacity_of(session, edition)
    taken = seats.taken(session=session, edition=edition)
    for registration in Registration.objects.for_offer(session=session, edition=edition).in_line():
        if not seats.has_free_seat(capacity, taken):
            break
        registration.offered_until = rules.offer_ends(start, now, policy)
        registration.save(update_fields=["offered_until", "updated_at"])
        log(registration, actor, note="seat offered from the waiting list")
        notify(MailKind.SEAT_OFFERED, registration=registration.pk)
        taken += 1
        offered.append(registration)
    return offered


def fill_free_seats(*, session=None, edition=None, now=None):
    """After the capacity of a session or edition was raised."""
    now = now or timezone.now()
    with transaction.atomic():
        session, edition = locked_offer(session=session, edition=edition)
        return offer_free_seats(session, edition, now)


def _locked_offer_to(registration, now):
    """The registration with its offer, locked; refused when no seat is
    offered to it (any more)."""
    registration, session, edition = locked_registration(registration)
    if not registration.has_open_offer:
        raise RegistrationError(_("No seat is offered to you for this."), code="no_offer")
    if registration.offered_until < now:
        raise RegistrationError(
            _("The offer ended on %(moment)s: the seat goes to the next in line.")
            % {"moment": moment(registration.offered_until)},
            code="offer_ended",
        )
    return registration, session, edition


def accept_offer(*, registration, by, now=None):
    """The member takes the seat offered to them."""
    now = now or timezone.now()
    with transaction.atomic():
        registration, _session, _edition = _locked_offer_to(registration, now)
        registration.offered_until = None
        set_status(registration, RegistrationStatus.CONFIRMED, by, note="accepted the offered seat")
        notify(MailKind.PROMOTED, registration=registration.pk)
    return registration


def decline_offer(*, registration, by, now=None):
    """The member lets the seat go, and leaves the waiting list: the seat
    is offered to the next in line."""
    now = now or timezone.now()
    with transaction.atomic():
        registration, session, edition = _locked_offer_to(registration, now)
        registration.offered_until = None
        set_status(registration, RegistrationStatus.CANCELLED, by, note="declined the offered seat")
        offer_free_seats(session, edition, now, actor=by)
    return registration


def expire_offers(*, now=None):
    """Offers not answered in time end: the member leaves the waiting list
    and is told, and the seat is offered to the next in line (run by the
    scheduler). Each in a transaction of its own."""
    now = now or timezone.now()
    expired = 0
    due = Registration.objects.with_open_offer().filter(offered_until__lt=now)
    for registration in due.select_related("session", "edition").order_by("offered_until"):
        with transaction.atomic():
            registration, session, edition = locked_registration(registration)
            if not registration.has_open_offer or registration.offered_until >= now:
                continue  # answered meanwhile
            registration.offered_until = None
            set_status(registration, RegistrationStatus.CANCELLED, None, note="offer expired")
            notify(MailKind.OFFER_EXPIRED, registration=registration.pk)
            offer_free_seats(session, edition, now)
            expired += 1
    return expired


def promote(*, registration, by):
    """An editor promotes a waiting member, also within the last 24 hours; never beyond the capacity."""
    with transaction.atomic():
        registration, session, edition = locked_registration(registration)
        if registration.status != RegistrationStatus.WAITLISTED:
            raise RegistrationError(
                _("Only a member on the waiting list can be promoted."), code="not_waitlisted"
            )
        # A member offered a seat holds it already.
        if not registration.has_open_offer and not has_free_seat(session, edition):
            raise RegistrationError(
                _("There is no free seat: raise the capacity first."), code="full"
            )
        registration.offered_until = None
        set_status(registration, RegistrationStatus.CONFIRMED, by, note="promoted by an editor")
        notify(MailKind.PROMOTED, registration=registration.pk)
    return registration


def move_on_waiting_list(*, registration, by, up):
    """Swap a waiting member with the one before (up) or after them."""
    with transaction.atomic():
        registration, session, edition = locked_registration(registration)
        # Those offered a seat are out of line: the line is the others.
        queue = list(
            Registration.objects.for_offer(session=session, edition=edition)
            .in_line()
            .select_for_update()
        )
        index = next((i for i, r in enumerate(queue) if r.pk == registration.pk), None)
        if index is None:
            raise RegistrationError(
                _("Only a member on the waiting list can be moved."), code="not_waitlisted"
            )
        other_index = index - 1 if up else index + 1
        if not 0 <= other_index < len(queue):
            return registration
        other = queue[other_index]
        ranks = [r.waitlist_rank or n for n, r in enumerate(queue, start=1)]
        registration.waitlist_rank, other.waitlist_rank = ranks[other_index], ranks[index]
        Registration.objects.bulk_update([registration, other], ["waitlist_rank"])
        log(registration, by, note="moved up" if up else "moved down")
    return registration
