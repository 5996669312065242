"""A line of a registration's history in the reader's language.

The services record each change with its statuses and, where the status
alone does not say what happened, a fixed English note ("seat offered to
…", "attendance: present"): the record, also in the member's data export.
Members and editors read it here in the portal's words, in their language,
never the note itself. Older records keep their notes, so the notes are
read back by their fixed wording."""

import re
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from home.templatetags.formatting import moment

from .models.assignments import AssignmentStatus
from .models.registrations import RegistrationStatus

STATUS_NOTES = {
    "promoted from the waiting list": lambda: _("A seat freed up: confirmed from the waiting list"),
    "promoted by an editor": lambda: _("Confirmed by the organisers"),
    "refused": lambda: _("Request to take part refused"),
    "late, fee due": lambda: _("Cancelled after the free cancellation period: the fee stays due"),
    "moved up": lambda: _("Moved up on the waiting list"),
    "moved down": lambda: _("Moved down on the waiting list"),
    "attendance: present": lambda: _("Marked present"),
    "attendance: absent": lambda: _("Marked absent"),
}

PATTERNS = [
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


def _status(value):
    return RegistrationStatus(value).label if value in RegistrationStatus.values else ""


def describe(event):
    """What happened, as one line: the note's meaning, or else the new status."""
    note = event.note.strip()
    if note == "approved":
        # Approved into a seat or onto the waiting list.
        return _("Request to take part approved: %(status)s") % {"status": _status(event.to_status)}
    if note in STATUS_NOTES:
        return STATUS_NOTES[note]()
    for pattern, line in PATTERNS:
        found = pattern.fullmatch(note)
        if found:
            return line(**found.groupdict())
    if not event.from_status and event.to_status:
        return _("Registered: %(status)s") % {"status": _status(event.to_status)}
    return _status(event.to_status) or _status(event.from_status)
