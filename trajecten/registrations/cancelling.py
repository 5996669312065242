"""A member cancels a registration, or leaves the waiting list; an editor
may cancel on their behalf. A seat freed goes to the waiting list."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from home.templatetags.formatting import day
from portal.notifications import MailKind, notify

from ..models import RegistrationStatus
from . import rules
from .errors import LateCancellation, RegistrationError
from .records import first_start, locked_registration, set_status
from .waiting_list import offer_free_seats


def cancel(*, registration, by, confirm_late=False, now=None):
    """Cancel a registration (or leave the waiting list). A late cancellation
    is recorded only once confirmed, and the full fee stays due."""
    now = now or timezone.now()
    with transaction.atomic():
        registration, session, edition = locked_registration(registration)
        if not registration.is_active:
            raise RegistrationError(_("This registration is already cancelled."), code="not_active")
        # A seat offered from the waiting list is held too: it passes on.
        held_seat = (
            registration.status == RegistrationStatus.CONFIRMED or registration.has_open_offer
        )
        start = first_start(session=session, edition=edition)
        late = rules.is_late_cancellation(registration, start, now)
        if late and not confirm_late:
            raise LateCancellation(
                gettext(
                    "Free cancellation ended on %(date)s: the cancellation is recorded, but the full fee stays due."
                )
                % {"date": day(rules.last_free_day(registration, start))},
                code="late",
            )
        registration.late_cancellation = late
        registration.offered_until = None
        set_status(
            registration, RegistrationStatus.CANCELLED, by, note="late, fee due" if late else ""
        )
        notify(MailKind.CANCELLED, registration=registration.pk)
        if held_seat:
            offer_free_seats(session, edition, now, actor=by)
    return registration
