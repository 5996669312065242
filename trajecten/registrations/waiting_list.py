"""The waiting list: in order of joining (1 is first in line), moved up by
itself while seats free up and the session is more than a day away, and by
editors (promote, reorder) at any time, never beyond the capacity.

fill_free_seats() is called by name wherever capacity frees up: a
cancellation (cancelling.py) and an editor publishing a larger capacity
(trajecten/signals.py)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.notifications import MailKind, notify

from ..models import Registration, RegistrationStatus, seats
from . import rules
from .errors import RegistrationError
from .records import (
    capacity_of,
    first_start,
    has_free_seat,
    locked_offer,
    locked_registration,
    log,
    set_status,
)


def promote_while_seats_free(session, edition, now, actor=None):
    """Promote waiting members in order while seats are free, unless editors
    decide by now (rules.promotes_by_itself). The caller holds the offer's lock."""
    if not rules.promotes_by_itself(first_start(session=session, edition=edition), now):
        return []
    promoted = []
    capacity = capacity_of(session, edition)
    taken = seats.taken(session=session, edition=edition)
    for registration in Registration.objects.for_offer(
        session=session, edition=edition
    ).waitlisted():
        if not seats.has_free_seat(capacity, taken):
            break
        set_status(
            registration, RegistrationStatus.CONFIRMED, actor, note="promoted from the waiting list"
        )
        notify(MailKind.PROMOTED, registration=registration.pk)
        taken += 1
        promoted.append(registration)
    return promoted


def fill_free_seats(*, session=None, edition=None, now=None):
    """After the capacity of a session or edition was raised."""
    now = now or timezone.now()
    with transaction.atomic():
        session, edition = locked_offer(session=session, edition=edition)
        return promote_while_seats_free(session, edition, now)


def promote(*, registration, by):
    """An editor promotes a waiting member, also within the last 24 hours; never beyond the capacity."""
    with transaction.atomic():
        registration, session, edition = locked_registration(registration)
        if registration.status != RegistrationStatus.WAITLISTED:
            raise RegistrationError(
                _("Only a member on the waiting list can be promoted."), code="not_waitlisted"
            )
        if not has_free_seat(session, edition):
            raise RegistrationError(
                _("There is no free seat: raise the capacity first."), code="full"
            )
        set_status(registration, RegistrationStatus.CONFIRMED, by, note="promoted by an editor")
        notify(MailKind.PROMOTED, registration=registration.pk)
    return registration


def move_on_waiting_list(*, registration, by, up):
    """Swap a waiting member with the one before (up) or after them."""
    with transaction.atomic():
        registration, session, edition = locked_registration(registration)
        queue = list(
            Registration.objects.for_offer(session=session, edition=edition)
            .waitlisted()
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
