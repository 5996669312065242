"""Registrations: the rules of the domain and every write, one module per use case.

- rules.py: the rules as values (free cancellation, promotion, reminders,
  the online link, hand-overs, who may replace whom, assignment deadlines);
- policy.py: the values editors set for an offer (its page, else the site's settings);
- registering.py: registering for a session or an edition, and why it is closed;
- waiting_list.py: seats offered to the next in line (accept, decline, expiry),
  and the editors' promote and reorder;
- cancelling.py: cancelling, late or free;
- editors.py: approving or refusing a request, attendance;
- substitution.py: handing a seat to a colleague;
- coordinator.py: a training coordinator registers and replaces colleagues;
- reminders.py: the reminder before each session;
- organiser.py: a session the organiser cancels, postpones or moves reaches its registrants;
- records.py: what every write does alike (locks, status and history).

Seats are counted in trajecten/models/seats.py; mail is asked for with
portal.notifications.notify() and composed in trajecten/notifications.py.
Each write runs in one transaction; a refusal raises RegistrationError
with a message for the member.
"""

from .cancelling import cancel
from .coordinator import (
    BatchResult,
    colleagues_of,
    register_colleagues_for_edition,
    register_colleagues_for_session,
    replace_colleague,
)
from .editors import approve, mark_attendance, refuse
from .errors import LateCancellation, RegistrationError
from .organiser import announce
from .policy import policy_for, policy_of
from .records import first_start, sessions_of
from .registering import InvoiceDetails, closed_reason, register_for_edition, register_for_session
from .reminders import send_due_reminders
from .substitution import accept_substitution, invite_substitute, why_not_accept
from .waiting_list import (
    accept_offer,
    decline_offer,
    expire_offers,
    fill_free_seats,
    move_on_waiting_list,
    promote,
)

__all__ = [
    "BatchResult",
    "colleagues_of",
    "register_colleagues_for_edition",
    "register_colleagues_for_session",
    "replace_colleague",
    "InvoiceDetails",
    "LateCancellation",
    "RegistrationError",
    "accept_offer",
    "accept_substitution",
    "announce",
    "approve",
    "cancel",
    "closed_reason",
    "decline_offer",
    "expire_offers",
    "fill_free_seats",
    "first_start",
    "invite_substitute",
    "mark_attendance",
    "move_on_waiting_list",
    "policy_for",
    "policy_of",
    "promote",
    "refuse",
    "register_for_edition",
    "register_for_session",
    "send_due_reminders",
    "sessions_of",
    "why_not_accept",
]
