"""An editor writes once, in Dutch and French, to the registrants of a
session or edition, or to registrations selected in the listing: each
member gets it by mail in their language, and it stays in the history of
each registration it went to."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal.notifications import MailKind, notify

from ..models import MessageAudience, OrganiserMessage, Registration, RegistrationStatus
from ..models.registrations import ENDED_STATUSES
from .errors import RegistrationError
from .records import log_each

# The audiences of a session or edition: who each reaches.
STATUSES = {
    MessageAudience.PARTICIPANTS: [RegistrationStatus.CONFIRMED],
    MessageAudience.WAITING_LIST: [RegistrationStatus.WAITLISTED],
    MessageAudience.EVERYONE: [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.PENDING,
    ],
}

# Every member reads it in their language: nothing may be missing in either.
REQUIRED = {
    "subject_nl": _("Write the subject in Dutch too."),
    "subject_fr": _("Write the subject in French too."),
    "body_nl": _("Write the message in Dutch too."),
    "body_fr": _("Write the message in French too."),
}


def recipients(*, session=None, edition=None, audience):
    registrations = (
        Registration.objects.at_session(session)
        if session is not None
        else Registration.objects.filter(edition=edition)
    )
    return registrations.filter(status__in=STATUSES[audience], user__isnull=False).order_by("pk")


def why_not_sent(registration):
    """Why a selected registration gets no message, or None when it does:
    nobody is left to write to, or the registration holds nothing any more
    (as no audience of a session reaches it)."""
    if registration.user_id is None:
        return _("Not sent: the member's personal data has been removed.")
    if registration.status in ENDED_STATUSES:
        return _("Not sent: the registration is no longer active (%(status)s).") % {
            "status": registration.get_status_display()
        }
    return None


def check_texts(texts):
    """Refuse `texts` (subject_nl, subject_fr, body_nl, body_fr) where one
    is missing, with the error beside its field."""
    for name, missing in REQUIRED.items():
        if not texts.get(name, "").strip():
            raise RegistrationError(missing, code="text_missing", field=name)


def _send(registrations, *, texts, by, **about):
    """The message to each of `registrations`, recorded with what it was
    `about` (audience, session, edition): its line in each history, its mail
    in each member's language. The caller holds the transaction."""
    message = OrganiserMessage.objects.create(
        sent_by=by, **about, **{name: texts[name].strip() for name in REQUIRED}
    )
    log_each(registrations, by, note=f"message {message.pk}")
    for registration in registrations:
        notify(MailKind.ORGANISER_MESSAGE, registration=registration.pk, message=message.pk)
    return message


def message_registrants(*, session=None, edition=None, audience, texts, by):
    """Send the message to the `audience` of the session or edition; returns
    it and how many it went to."""
    check_texts(texts)
    with transaction.atomic():
        to = list(recipients(session=session, edition=edition, audience=audience))
        message = _send(to, texts=texts, by=by, audience=audience, session=session, edition=edition)
    return message, len(to)


def message_selection(*, registrations, texts, by):
    """Send the message to each of the selected `registrations` that still
    has a member to write to; returns it (None when it reached nobody) and
    each registration with why it was not sent (None: it was)."""
    check_texts(texts)
    results = [(registration, why_not_sent(registration)) for registration in registrations]
    to = [registration for registration, reason in results if reason is None]
    if not to:
        return None, results
    # Recorded as about the session or edition the selection is of, if only one.
    offers = {(registration.session_id, registration.edition_id) for registration in to}
    session_id, edition_id = offers.pop() if len(offers) == 1 else (None, None)
    with transaction.atomic():
        message = _send(
            to,
            texts=texts,
            by=by,
            audience=MessageAudience.SELECTION,
            session_id=session_id,
            edition_id=edition_id,
        )
    return message, results
