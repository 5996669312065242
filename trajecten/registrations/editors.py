"""What editors decide about a registration: approve or refuse a request
to take part, and record attendance. (Promoting and reordering the waiting
list: waiting_list.py.)"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal.notifications import MailKind, notify

from ..models import Registration, RegistrationStatus
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


def mark_attendance(*, registration, by, attendance):
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.CONFIRMED:
            raise RegistrationError(
                _("Only confirmed participants have an attendance."), code="not_confirmed"
            )
        registration.attendance = attendance
        registration.save(update_fields=["attendance", "updated_at"])
        log(registration, by, note=f"attendance: {attendance}")
    return registration
