"""An editor writes to the registrants of a session or edition once, in
Dutch and French: each member gets it by mail in their language, and it
stays in the history of each registration it went to."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal.notifications import MailKind, notify

from ..models import MessageAudience, OrganiserMessage, Registration, RegistrationStatus
from .errors import RegistrationError
from .records import log

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


def message_registrants(*, session=None, edition=None, audience, texts, by):
    """Send the message (`texts`: subject_nl, subject_fr, body_nl, body_fr)
    to the `audience` of the session or edition; returns it and how many it went to."""
    for name, missing in REQUIRED.items():
        if not texts.get(name, "").strip():
            raise RegistrationError(missing, code="text_missing", field=name)
    with transaction.atomic():
        message = OrganiserMessage.objects.create(
            session=session,
            edition=edition,
            audience=audience,
            sent_by=by,
            **{name: texts[name].strip() for name in REQUIRED},
        )
        sent = 0
        for registration in recipients(session=session, edition=edition, audience=audience):
            log(registration, by, note=f"message {message.pk}")
            notify(MailKind.ORGANISER_MESSAGE, registration=registration.pk, message=message.pk)
            sent += 1
    return message, sent
