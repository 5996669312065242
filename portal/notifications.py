"""Every mail the portal writes to its members (and to the editors, of a
request that waits for them), on one path.

A change asks for a mail by its kind and the ids of what it is about
(`notify(MailKind.CONFIRMED, registration=12)`). The task worker, once the
change has committed, reads the committed state, lets the app that knows the
kind compose the letter (its `notifications.py`, found like each app's
`demo.py`), renders it in the recipient's language (plain text, with the
same HTML frame for all) and hands it to the outbox, which delivers it
(portal/outbox). Nothing is rendered or sent inside a request, and the
worker composing a mail twice writes it twice at most, never loses it.

Django's and allauth's own mails (address confirmation, password reset)
and Wagtail's mails to editors keep their own path, through the outbox too.
"""

from dataclasses import dataclass, field

from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from portal.addresses import base_url
from portal.tasks import later


class MailKind(models.TextChoices):
    """Every mail to a member, with its subject. The body is the template
    `mail/<kind>.txt`. NEW_REQUEST alone goes to the editors."""

    CONFIRMED = "confirmed", _("Your registration is confirmed")
    WAITLISTED = "waitlisted", _("You are on the waiting list")
    PROMOTED = "promoted", _("A seat has freed up: your registration is confirmed")
    PENDING = "pending", _("We received your request to take part")
    APPROVED = "approved", _("Your request to take part is approved")
    REFUSED = "refused", _("Your request to take part was not accepted")
    NEW_REQUEST = "new_request", _("A new request to take part waits for your decision")
    CANCELLED = "cancelled", _("Your registration is cancelled")
    SEAT_OFFERED = "seat_offered", _("A seat has freed up for you: accept it in time")
    OFFER_EXPIRED = "offer_expired", _("The seat offered to you went to the next person")
    CANCELLED_BY_ORGANISER = "cancelled_by_organiser", _("The session is cancelled")
    POSTPONED = "postponed", _("The session is postponed")
    RESCHEDULED = "rescheduled", _("The session has a new date or place")
    # Its subject is the one the editor wrote.
    ORGANISER_MESSAGE = "organiser_message", _("A message from the organiser")
    SUBSTITUTION_INVITATION = "substitution_invitation", _("A colleague offers you their seat")
    SUBSTITUTION_ACCEPTED = "substitution_accepted", _("The seat has been handed over")
    REGISTERED_BY_COORDINATOR = (
        "registered_by_coordinator",
        _("Your training coordinator registered you"),
    )
    REMINDER = "reminder", _("Reminder: your session is coming up")
    EVALUATION_INVITATION = (
        "evaluation_invitation",
        _("How was the session? Tell us in two minutes"),
    )
    ASSIGNMENT_REVIEWED = "assignment_reviewed", _("Feedback on your final assignment")
    STORY_PUBLISHED = "story_published", _("Your story is published")
    STORY_CHANGES_ASKED = "story_changes_asked", _("The editors ask you to change your story")
    NETWORK_MEMBERSHIP_APPROVED = (
        "network_membership_approved",
        _("You are now a member of the learning network"),
    )
    NETWORK_MEMBERSHIP_REFUSED = (
        "network_membership_refused",
        _("Your request to join the learning network"),
    )
    ORGANISATION_APPROVED = "organisation_approved", _("Your organisation is approved")
    ORGANISATION_REFUSED = "organisation_refused", _("Your organisation was not accepted")


@dataclass
class Letter:
    """One mail as its app composes it: to whom, in which language, and what
    the template of its kind reads."""

    to: str
    language: str
    context: dict
    attachments: list = field(default_factory=list)
    # Where the letter has a subject of its own (a message an editor wrote).
    subject: str = ""


# kind -> the function of an app that composes its letters from the ids notify() was given.
_composers = {}


def composes(*kinds):
    """Register the decorated function as the composer of `kinds`: called
    with the kind and the ids given to notify(), it returns the letters to
    send (none when there is nobody left to tell)."""

    def register(function):
        for kind in kinds:
            _composers[MailKind(kind)] = function
        return function

    return register


def notify(kind, **ids):
    """Ask for the mail `kind` about the objects `ids` (names to primary
    keys or other JSON values): composed and sent by the worker once the
    current transaction commits, and not at all if it rolls back."""
    later(send_notification, str(MailKind(kind)), ids)


@task()
def send_notification(kind: str, ids: dict) -> None:
    kind = MailKind(kind)
    for letter in _composer_of(kind)(kind, **ids):
        _letter_message(kind, letter).send()


def _composer_of(kind):
    if kind not in _composers:
        # Each installed app's `notifications` module registers its composers.
        autodiscover_modules("notifications")
    return _composers[kind]


def _letter_message(kind, letter):
    with translation.override(letter.language):
        context = {**letter.context, "base_url": base_url()}
        text = render_to_string(f"mail/{kind.value}.txt", context)
        html = render_to_string("mail/layout.html", {**context, "body": text})
        subject = letter.subject or str(kind.label)
        message = EmailMultiAlternatives(subject, text, to=[letter.to])
    message.attach_alternative(html, "text/html")
    for name, content, mimetype in letter.attachments:
        message.attach(name, content, mimetype)
    return message
