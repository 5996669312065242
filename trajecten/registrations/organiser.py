"""What the organiser changes about a session reaches its registrants.

An editor changes a session's status, date, time or place in the page
editor and publishes the page; once the publication is committed, each
session of the page is compared with what its registrants were last told
(its latest SessionAnnouncement; the first records the session as it was
created, and tells nobody):

- cancelled: every registration of the session (seats, the waiting list,
  requests) becomes "cancelled by the organiser", nothing is ever due, and
  each member is told. A trajectory's registrations are for the whole
  edition and stay as they are when one of its sessions is cancelled;
- postponed: every registrant and waiting member is told, keeps their
  place, and may cancel free of charge until the session has a new date
  (rules.cancels_free);
- a new date, time or place (or scheduled again after a postponement):
  every registrant is told, a confirmed seat with the calendar entry that
  moves the event (the same UID, a higher SEQUENCE); they keep their place
  and may cancel free of charge until the day the editor gave
  (Session.cancel_free_until), or else by the usual rule.

The registrants of a trajectory's session are those of the session and of
the edition above its module. Publishing again, or publishing an older
revision, tells nobody twice.
"""

from django.db import transaction

from portal.notifications import MailKind, notify

from ..models import (
    Registration,
    RegistrationStatus,
    Session,
    SessionAnnouncement,
    SessionStatus,
)
from .records import locked_offer, log, set_status

STILL_REGISTERED = [
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.PENDING,
]


def sessions_of_page(page):
    return list(Session.objects.for_page(page))


def _as_told(session):
    """What the registrants would be told of the session now."""
    return {
        "status": session.status,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "place": session.place if session.format != "online" else session.format,
    }


def record_as_created(session):
    """A new session has nobody to tell: what it is now is the first announcement."""
    SessionAnnouncement.objects.create(session=session, **_as_told(session))


def announce(*, session, by=None):
    """Tell the registrants of `session` what changed since they were last told (see above)."""
    with transaction.atomic():
        session, _edition = locked_offer(session=session)
        last = session.announcements.first()
        now_told = _as_told(session)
        if last is None:
            # Made before announcements were kept: its registrants knew it scheduled.
            last = SessionAnnouncement(**{**now_told, "status": SessionStatus.SCHEDULED})
        before = {field: getattr(last, field) for field in now_told}
        if now_told != before:
            _tell(session, before, by)
            last = SessionAnnouncement.objects.create(
                session=session, sequence=last.sequence + 1, **now_told
            )
        # A revision published writes back the sequence it saved: put back the latest.
        if session.sequence != last.sequence:
            Session.objects.filter(pk=session.pk).update(sequence=last.sequence)


def _tell(session, before, by):
    status = session.status
    if status == SessionStatus.CANCELLED:
        if before["status"] != SessionStatus.CANCELLED:
            _cancel_registrations(session, by)
    elif status == SessionStatus.POSTPONED:
        if before["status"] != SessionStatus.POSTPONED:
            for registration in _registrants(session):
                log(registration, by, note="session postponed")
                notify(MailKind.POSTPONED, registration=registration.pk, session=session.pk)
    else:
        for registration in _registrants(session):
            log(registration, by, note="session rescheduled")
            notify(MailKind.RESCHEDULED, registration=registration.pk, session=session.pk)


def _cancel_registrations(session, by):
    for registration in (
        Registration.objects.filter(session=session, status__in=STILL_REGISTERED)
        .select_for_update()
        .order_by("pk")
    ):
        registration.late_cancellation = False
        set_status(
            registration,
            RegistrationStatus.CANCELLED_BY_ORGANISER,
            by,
            note="session cancelled by the organiser",
        )
        notify(MailKind.CANCELLED_BY_ORGANISER, registration=registration.pk)


def _registrants(session):
    return (
        Registration.objects.at_session(session).filter(status__in=STILL_REGISTERED).order_by("pk")
    )
