"""What editors decide about a registration: approve or refuse a request
to take part, and record attendance, per session. (Promoting and
reordering the waiting list: waiting_list.py.)"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.notifications import MailKind, notify

from ..models import Attendance, RegistrationStatus, Session, SessionAttendance, SessionStatus
from ..models.base import source_path
from .errors import RegistrationError
from .records import locked_registration, log, seat_or_waiting_list, set_status


def approve(*, registration, by, remember=False):
    """Approve a request: confirmed or on the waiting list, by the seats at
    this moment. `remember` approves the member for every later registration."""
    with transaction.atomic():
        registration, session, edition = locked_registration(registration)
        if registration.status != RegistrationStatus.PENDING:
            raise RegistrationError(
                _("Only a request waiting for approval can be approved."), code="not_pending"
            )
        # An anonymised registration has no member left to remember.
        if remember and registration.user is not None:
            profile = registration.user.profile
            profile.is_approved_participant = True
            profile.save(update_fields=["is_approved_participant"])
        seat_or_waiting_list(registration, session, edition, by, note="approved")
        notify(MailKind.APPROVED, registration=registration.pk)
    return registration


def refuse(*, registration, by, reason):
    """Refuse a request, with the reason the member reads. A request holds
    no seat, so nobody moves up."""
    if not reason.strip():
        raise RegistrationError(
            _("Give the reason for the refusal."), code="reason_missing", field="reason"
        )
    with transaction.atomic():
        registration, _session, _edition = locked_registration(registration)
        if registration.status != RegistrationStatus.PENDING:
            raise RegistrationError(
                _("Only a request waiting for approval can be refused."), code="not_pending"
            )
        registration.refusal_reason = reason.strip()
        set_status(registration, RegistrationStatus.REFUSED, by, note="refused")
        notify(MailKind.REFUSED, registration=registration.pk)
    return registration


def mark_attendance(*, registration, session, by, attendance):
    """Mark a confirmed participant present or absent at one of their
    sessions: that of a session registration, or any session of the
    edition's modules, each kept on its own. Marking again what is marked
    changes nothing (a second tap at the door writes no second history line).
    Returns the SessionAttendance."""
    if attendance not in Attendance.values:
        raise RegistrationError(_("Mark the participant present or absent."), code="attendance")
    with transaction.atomic():
        # The offer's row, then the registration's, as every write takes them.
        registration, own_session, edition = locked_registration(registration)
        if registration.status != RegistrationStatus.CONFIRMED:
            raise RegistrationError(
                _("Only confirmed participants have an attendance."), code="not_confirmed"
            )
        if not _gives_a_place_at(session, own_session, edition):
            raise RegistrationError(
                _("This session is not one of the sessions of this registration."),
                code="other_session",
            )
        if session.status == SessionStatus.CANCELLED:
            raise RegistrationError(
                _("This session was cancelled: nobody attends it."), code="session_cancelled"
            )
        mark = SessionAttendance.objects.filter(registration=registration, session=session).first()
        if mark is not None and mark.attendance == attendance:
            return mark
        mark = mark or SessionAttendance(registration=registration, session=session)
        mark.attendance = attendance
        mark.marked_by = by
        mark.marked_at = timezone.now()
        mark.save()
        log(registration, by, note=attendance_note(registration, session, attendance))
    return mark


def _gives_a_place_at(session, own_session, edition):
    """Whether a registration for `own_session`, or for `edition`, is for
    `session` (records.sessions_of(), asked for one session)."""
    if own_session is not None:
        return session.pk == own_session.pk
    return Session.objects.in_subtree_of(source_path(edition)).filter(pk=session.pk).exists()


def attendance_note(registration, session, attendance):
    """The history's fixed note (trajecten/history.py reads it back): an
    edition's line names the session, a session registration has only one."""
    if registration.session_id:
        return f"attendance: {attendance}"
    return f"attendance: {attendance}, session {session.pk}"
