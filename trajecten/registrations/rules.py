"""The rules of registration, as values: constants and functions that
decide and change nothing. The services act on them, and the pages, mails
and calendars say them, so that no text restates a rule: change a value
here and every place that states it follows.

"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import ModulePage, RegistrationStatus, RegistrationWindow, SessionStatus
from .errors import RegistrationError
from .policy import policy_of

# The values editors set (free cancellation, reminders, offers from the
# waiting list) come with each offer's Policy (policy.py): the functions
# below that need one take it, or find the registration's.

# The link of an online session is shown to confirmed participants from this
# long before it starts until it ends.
ONLINE_LINK_FROM = timedelta(days=1)

# Each hand-over mails an address the member typed, perhaps of someone who
# never heard of the portal: a member offers seats to at most this many
# addresses within HAND_OVER_WINDOW.
HAND_OVERS_PER_WINDOW = 10
HAND_OVER_WINDOW = timedelta(days=1)


def free_cancellation_until(start, policy):
    """The last day a seat can be cancelled free of charge: the policy's
    number of days before the day of the (first) session, by the calendar in
    Brussels."""
    return timezone.localtime(start).date() - timedelta(days=policy.free_cancellation_days)


def is_free_cancellation(start, now, policy):
    """Free until the end of the day free_cancellation_until() names."""
    return timezone.localdate(now) <= free_cancellation_until(start, policy)


def why_closed(*, session=None, edition=None, now):
    """Why registration for the session or edition is closed now, as the
    refusal to raise (RegistrationError); None while it is open."""
    if session is not None:
        return _why_session_closed(session, now)
    return _why_edition_closed(edition, now)


def _why_session_closed(session, now):
    if session.ends_at < now or session.starts_at <= now:
        return RegistrationError(_("This session has already started or taken place."), code="past")
    if session.status == SessionStatus.CANCELLED:
        return RegistrationError(_("This session is cancelled."), code="cancelled")
    if session.status == SessionStatus.POSTPONED:
        return RegistrationError(
            _("This session is postponed. You can register once it has a new date."),
            code="postponed",
        )
    if isinstance(session.page.specific, ModulePage):
        return RegistrationError(
            _("This session is part of a trajectory: register for the whole edition."),
            code="module",
        )
    return None


def _why_edition_closed(edition, now):
    window = edition.registration_window(now)
    if window == RegistrationWindow.NOT_YET_OPEN:
        return RegistrationError(
            _("Registration for this edition is not open yet."), code="not_yet_open"
        )
    if window == RegistrationWindow.CLOSED:
        return RegistrationError(_("Registration for this edition is closed."), code="closed")
    return None


def is_postponed(registration):
    """The organiser postponed the session: until it has a new date,
    cancelling is free whatever the date."""
    return bool(registration.session_id) and registration.session.status == SessionStatus.POSTPONED


def last_free_day(registration, start, policy=None):
    """The last day the registration is cancelled free of charge: by the
    rule before its (first) session, or later where the organiser moved the
    session and gave its registrants until a day of their choosing
    (Session.cancel_free_until); None before there is a session."""
    days = []
    if start is not None:
        days.append(free_cancellation_until(start, policy or policy_of(registration)))
    if registration.session_id and registration.session.cancel_free_until:
        days.append(registration.session.cancel_free_until)
    return max(days, default=None)


def cancels_free(registration, start, now, policy=None):
    """Whether cancelling now costs nothing: until the last free day, and
    while the session is postponed."""
    until = last_free_day(registration, start, policy)
    return until is None or timezone.localdate(now) <= until or is_postponed(registration)


def is_late_cancellation(registration, start, now, policy=None):
    """Cancelling now keeps the full fee due: a confirmed, paying seat
    cancelled after the last free day. Leaving the waiting list, withdrawing
    a request or cancelling something free never is."""
    return (
        registration.status == RegistrationStatus.CONFIRMED
        and bool(registration.price_due)
        and not cancels_free(registration, start, now, policy)
    )


def fee_due(registration):
    """What the member owes for the registration: its price once it holds a
    seat (or would, when confirmed), and after a late cancellation; nothing
    after a free cancellation, a refusal, or when the organiser cancelled."""
    if registration.status == RegistrationStatus.CANCELLED_BY_ORGANISER:
        return None
    if registration.status in (RegistrationStatus.CANCELLED, RegistrationStatus.REFUSED):
        return registration.price_due if registration.late_cancellation else None
    return registration.price_due


def promotes_by_itself(start, now, policy):
    """Whether a freed seat is offered to the first in line without an
    editor: until the policy's offers_stop_before the start."""
    return start is not None and start - now >= policy.offers_stop_before


def offer_ends(start, now, policy):
    """Until when a member may accept a seat offered from the waiting list:
    the policy's window, shorter when the start is near, so that every offer
    has ended when automatic offers stop."""
    return min(now + policy.offer_window, start - policy.offers_stop_before)


def reminds_from(session, policy):
    """When the confirmed participants of the session are reminded of it."""
    return session.starts_at - policy.reminder_before


def may_replace(original, candidate):
    """Who may take over a seat: an OCMW employee is replaced by an OCMW
    employee; anyone else by an OCMW employee or by someone already approved."""
    if original.profile.works_for_ocmw:
        return candidate.profile.works_for_ocmw
    return candidate.profile.registers_directly


def who_may_replace(original):
    """may_replace() as the member who hands over their seat reads it: said
    up front, whichever address they are about to type."""
    if original.profile.works_for_ocmw:
        return _(
            "An employee of an OCMW / CPAS can only be replaced by another employee of an OCMW / CPAS."
        )
    return _(
        "You can only be replaced by an employee of an OCMW / CPAS or by someone already approved."
    )


def online_link_from(session):
    """When the link of an online session appears to its confirmed participants."""
    return session.starts_at - ONLINE_LINK_FROM


def shows_online_link(registration, session, now):
    """The online link is for confirmed participants, from online_link_from()
    until the session ends."""
    return (
        registration.status == RegistrationStatus.CONFIRMED
        and bool(session.online_link)
        and online_link_from(session) <= now <= session.ends_at
    )


def hands_in_assignments(registration):
    """A final assignment is handed in by the confirmed participants of a
    trajectory edition."""
    return (
        registration.edition_id is not None and registration.status == RegistrationStatus.CONFIRMED
    )


def before_deadline(deadline, now):
    """Until the deadline of a final assignment (the edition's, or the
    member's extension), if it has one."""
    return deadline is None or now <= deadline
