"""What the organiser changes about a session reaches its registrants.

An editor cancels a session by giving it the status "cancelled" and
publishing its page: every registration of the session (seats, the waiting
list, requests) becomes "cancelled by the organiser", nothing is ever due,
and each member is told in their language, with the note the editor wrote.
A trajectory's registrations are for the whole edition and stay as they are
when one of its sessions is cancelled."""

from django.db import transaction

from portal.notifications import MailKind, notify

from ..models import Registration, RegistrationStatus, Session, SessionStatus
from .records import locked_offer, set_status


def cancelled_sessions_with_registrations(page):
    """The cancelled sessions shown on `page` that still have someone registered."""
    return (
        Session.objects.for_page(page)
        .filter(status=SessionStatus.CANCELLED, registrations__status__in=_STILL_REGISTERED)
        .distinct()
    )


_STILL_REGISTERED = [
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.PENDING,
]


def cancel_registrations_of(*, session, by=None):
    """Every registration still held for the cancelled `session` is
    cancelled by the organiser; returns them."""
    with transaction.atomic():
        session, _edition = locked_offer(session=session)
        if session.status != SessionStatus.CANCELLED:
            return []
        cancelled = list(
            Registration.objects.filter(session=session, status__in=_STILL_REGISTERED)
            .select_for_update()
            .order_by("pk")
        )
        for registration in cancelled:
            registration.late_cancellation = False
            set_status(
                registration,
                RegistrationStatus.CANCELLED_BY_ORGANISER,
                by,
                note="session cancelled by the organiser",
            )
            notify(MailKind.CANCELLED_BY_ORGANISER, registration=registration.pk)
    return cancelled
