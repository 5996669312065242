"""A line of a registration's history in the reader's language.

The services record each change with its statuses and, where the status
alone does not say what happened, a fixed English note ("seat offered to
…", "attendance: present", "attendance: absent, session 12"): the record, also in the member's data export.
Members and editors read it here in the portal's words, in their language,
never the note itself. Older records keep their notes, so the notes are
read back by their fixed wording."""

import re
from datetime import datetime

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from home.templatetags.formatting import day, moment

from .models import AssignmentStatus, OrganiserMessage, Session
from .models.registrations import RegistrationStatus

CONFIRMED = RegistrationStatus.CONFIRMED
WAITLISTED = RegistrationStatus.WAITLISTED
PENDING = RegistrationStatus.PENDING
CANCELLED = RegistrationStatus.CANCELLED
REFUSED = RegistrationStatus.REFUSED

STATUS_NOTES = {
    "promoted by an editor": lambda: _("Confirmed by the organisers"),
    "late, fee due": lambda: _("Cancelled after the free cancellation period: the fee stays due"),
    "moved up": lambda: _("Moved up on the waiting list"),
    "moved down": lambda: _("Moved down on the waiting list"),
    "attendance: present": lambda: _("Marked present"),
    "attendance: absent": lambda: _("Marked absent"),
    "session postponed": lambda: _("The organiser postponed the session"),
    "session rescheduled": lambda: _("The organiser gave the session a new date or place"),
    "seat offered from the waiting list": lambda: _("A freed seat was offered"),
    "accepted the offered seat": lambda: _("Offered seat accepted: registration confirmed"),
    "declined the offered seat": lambda: _("Offered seat declined"),
    "offer expired": lambda: _("Offered seat not accepted in time: left the waiting list"),
    "certificate issued": lambda: _("Certificate issued"),
    "certificate revoked": lambda: _("Certificate revoked"),
    "session evaluated": lambda: _("Session evaluated"),
}


def _attendance_at(attendance, pk):
    """An edition's mark names its session: the day is what a member knows it by."""
    session = Session.objects.filter(pk=pk).only("starts_at").first()
    if session is None:
        return STATUS_NOTES[f"attendance: {attendance}"]()
    if attendance == "present":
        return _("Marked present on %(day)s") % {"day": day(session.starts_at)}
    return _("Marked absent on %(day)s") % {"day": day(session.starts_at)}


def _organiser_message(pk):
    message = OrganiserMessage.objects.filter(pk=pk).first()
    if message is None:
        return ""
    subject = message.subject_in(get_language() or "nl")
    return _("Message from the organiser: %(subject)s") % {"subject": subject}


PATTERNS = [
    (
        re.compile(r"attendance: (?P<attendance>present|absent), session (?P<pk>\d+)"),
        _attendance_at,
    ),
    (re.compile(r"message (?P<pk>\d+)"), _organiser_message),
    (
        re.compile(r"seat offered to (?P<email>.+)"),
        lambda email: _("Seat offered to %(email)s") % {"email": email},
    ),
    (
        re.compile(r"taken over from (?P<email>.+)"),
        lambda email: _("Seat taken over from %(email)s") % {"email": email},
    ),
    (
        re.compile(r"final assignment, version (?P<number>\d+)"),
        lambda number: _("Final assignment handed in (version %(number)s)") % {"number": number},
    ),
    (
        re.compile(r"final assignment: extension until (?P<until>[\d-]+ [\d:]+)"),
        lambda until: (
            _("Deadline of the final assignment extended until %(moment)s")
            % {"moment": moment(timezone.make_aware(datetime.strptime(until, "%Y-%m-%d %H:%M")))}
        ),
    ),
    (
        re.compile(r"final assignment: (?P<status>\w+)"),
        lambda status: (
            _("Final assignment: %(status)s")
            % {
                "status": AssignmentStatus(status).label
                if status in AssignmentStatus.values
                else status
            }
        ),
    ),
]


# How a seat offered from the waiting list ended: each says more than its change of status.
OFFER_ANSWERS = {"accepted the offered seat", "declined the offered seat", "offer expired"}


def _status_change(came_from, to, note):
    """A change of status, as the member lived it."""
    if note in OFFER_ANSWERS:
        return STATUS_NOTES[note]()
    if to == CANCELLED:
        if came_from == WAITLISTED:
            return _("Left the waiting list")
        if came_from == PENDING:
            return _("Request withdrawn")
        if note == "late, fee due":
            return STATUS_NOTES[note]()
        return _("Registration cancelled")
    if to == REFUSED:
        return _("Request refused")
    if to == RegistrationStatus.CANCELLED_BY_ORGANISER:
        return _("The organiser cancelled the session")
    if came_from == PENDING:
        if to == CONFIRMED:
            return _("Request approved: registration confirmed")
        return _("Request approved: on the waiting list")
    if came_from == WAITLISTED and to == CONFIRMED:
        if note == "promoted by an editor":
            return STATUS_NOTES[note]()
        return _("A seat freed up: registration confirmed")
    if to == CONFIRMED:
        return _("Registration confirmed")
    if to == WAITLISTED:
        return _("Registered on the waiting list")
    if to == PENDING:
        return _("Request to take part sent")
    return ""


def describe(event):
    """What happened, as one line: the change of status, or else what the
    note means; "" for a note no reader has words for (one only editors
    read, which the admin shows as it is)."""
    note = event.note.strip()
    if event.to_status != event.from_status:
        return _status_change(event.from_status, event.to_status, note)
    if note in STATUS_NOTES:
        return STATUS_NOTES[note]()
    for pattern, line in PATTERNS:
        found = pattern.fullmatch(note)
        if found:
            return line(**found.groupdict())
    return ""
