"""How a registration reads to its member: the place in line on the waiting
list, and the history in words of what happened rather than a status
repeated on every line."""

from django import template
from django.utils.translation import gettext as _

from ..models import AssignmentStatus, Attendance, RegistrationStatus

register = template.Library()

CONFIRMED = RegistrationStatus.CONFIRMED
WAITLISTED = RegistrationStatus.WAITLISTED
PENDING = RegistrationStatus.PENDING
CANCELLED = RegistrationStatus.CANCELLED
REFUSED = RegistrationStatus.REFUSED


@register.simple_tag
def place_in_line(registration):
    """ "You are number 3 in line." for a waiting registration, else nothing."""
    place = registration.place_in_line()
    if place is None:
        return ""
    if place == 1:
        return _("You are first in line.")
    # Translators: a place in the queue; Dutch and French write it as an ordinal, "3e".
    return _("You are number %(place)s in line.") % {"place": place}


def _status_change(came_from, to, note):
    if to == CANCELLED:
        if came_from == WAITLISTED:
            return _("Left the waiting list")
        if came_from == PENDING:
            return _("Request withdrawn")
        if note == "late, fee due":
            return _("Cancelled after the free cancellation ended: the full fee stays due")
        return _("Registration cancelled")
    if to == REFUSED:
        return _("Request refused")
    if came_from == PENDING:
        if to == CONFIRMED:
            return _("Request approved: registration confirmed")
        return _("Request approved: on the waiting list")
    if came_from == WAITLISTED and to == CONFIRMED:
        return _("A seat freed up: registration confirmed")
    if to == CONFIRMED:
        return _("Registration confirmed")
    if to == WAITLISTED:
        return _("Registered on the waiting list")
    if to == PENDING:
        return _("Request to take part sent")
    return ""


def _same_status(note):
    """What the services noted (in English, for editors) when the status stayed."""
    head, _colon, value = note.partition(": ")
    if note in ("moved up", "moved down"):
        return _("Place on the waiting list changed")
    if head == "attendance" and value in Attendance.values:
        return _("Marked present") if value == Attendance.PRESENT else _("Marked absent")
    if note.startswith("seat offered to "):
        return _("Seat offered to %(email)s") % {"email": note.removeprefix("seat offered to ")}
    if note.startswith("taken over from "):
        return _("Seat taken over from %(email)s") % {
            "email": note.removeprefix("taken over from ")
        }
    if note.startswith("final assignment, version "):
        return _("Final assignment handed in (version %(number)s)") % {
            "number": note.removeprefix("final assignment, version ")
        }
    if head == "final assignment" and value.startswith("extension until"):
        return _("Deadline of the final assignment extended")
    if head == "final assignment" and value in AssignmentStatus.values:
        return _("Final assignment: %(status)s") % {"status": AssignmentStatus(value).label}
    return ""


@register.filter
def what_happened(event):
    """One line of a registration's history for its member, or "" for a change
    that a member has no words for (nothing they would notice)."""
    if event.to_status != event.from_status:
        return _status_change(event.from_status, event.to_status, event.note)
    return _same_status(event.note)
