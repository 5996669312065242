"""Mail to members about their registrations, in their preferred language,
as plain text with an HTML alternative, sent after the transaction commits:
by a worker when one runs (portal/tasks.py), so that neither rendering it
nor a slow mail server holds up a registration."""

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.models import Locale

from portal.addresses import absolute_url, base_url
from portal.tasks import later

from .ical import CalendarEntry, build_calendar
from .models import Registration
from .rules import free_cancellation_until, is_free_cancellation

SUBJECTS = {
    "confirmed": lambda: _("Your registration is confirmed"),
    "waitlisted": lambda: _("You are on the waiting list"),
    "promoted": lambda: _("A seat has freed up: your registration is confirmed"),
    "pending": lambda: _("We received your request to take part"),
    "approved": lambda: _("Your request to take part is approved"),
    "refused": lambda: _("Your request to take part was not accepted"),
    "cancelled": lambda: _("Your registration is cancelled"),
    "substitution_invitation": lambda: _("A colleague offers you their seat"),
    "substitution_accepted": lambda: _("The seat has been handed over"),
    "reminder": lambda: _("Reminder: your session is coming up"),
    "assignment_reviewed": lambda: _("Feedback on your final assignment"),
}


def _page_in(page, language):
    """The offer page in the member's language, where it is translated."""
    locale = Locale.objects.filter(language_code=language).first()
    translated = page.get_translation_or_none(locale) if locale else None
    return (translated or page).specific


def _send(*, to, language, kind, context, attachments=()):
    with translation.override(language):
        context = {**context, "base_url": base_url()}
        text = render_to_string(f"trajecten/mail/{kind}.txt", context)
        html = render_to_string("trajecten/mail/layout.html", {**context, "body": text})
        message = EmailMultiAlternatives(SUBJECTS[kind](), text, to=[to])
    message.attach_alternative(html, "text/html")
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    message.send()


def _registration_context(registration, language):
    page = _page_in(registration.offer_page, language)
    return {
        "registration": registration,
        "member": registration.user,
        "page": page,
        "session": registration.session,
        "edition": registration.edition,
        "title": page.booking_title,
        "my_registrations_url": _url("member_registrations", language),
    }


def _url(name, language, *args):
    with translation.override(language):
        return absolute_url(reverse(name, args=args))


def send_registration_mail(registration_id, kind):
    registration = (
        Registration.objects.with_start()
        .select_related("user__profile", "session__page", "edition")
        .get(pk=registration_id)
    )
    if registration.user is None:
        return
    language = registration.user.profile.preferred_language
    context = _registration_context(registration, language)
    if registration.starts_at is not None:
        context["free_cancellation_until"] = free_cancellation_until(registration.starts_at)
        context["cancels_free"] = is_free_cancellation(registration.starts_at, timezone.now())
    attachments = []
    if (
        registration.status == "confirmed"
        and kind in ("confirmed", "promoted", "approved")
        and registration.session_id
    ):
        # In the member's language (a session online is "En ligne" in French),
        # with the page at the portal's address.
        with translation.override(language):
            entry = CalendarEntry(registration.session, context["title"], context["page"].full_url)
            calendar = build_calendar([entry], context["title"])
        attachments.append(("session.ics", calendar.to_ical(), "text/calendar"))
    _send(
        to=registration.user.email,
        language=language,
        kind=kind,
        context=context,
        attachments=attachments,
    )


@task()
def registration_mail(registration_id: int, kind: str) -> None:
    send_registration_mail(registration_id, kind)


def on_commit(registration, kind):
    later(registration_mail, registration.pk, str(kind))


def substitution_invitation_on_commit(substitution):
    def send():
        registration = substitution.registration
        language = registration.user.profile.preferred_language
        context = _registration_context(registration, language)
        context["accept_url"] = _url("accept_substitution", language, substitution.token)
        context["inviter"] = registration.user
        _send(
            to=substitution.email,
            language=language,
            kind="substitution_invitation",
            context=context,
        )

    transaction.on_commit(send)


def substitution_accepted_on_commit(registration, previous):
    def send():
        for person in (previous, registration.user):
            language = person.profile.preferred_language
            context = {
                **_registration_context(registration, language),
                "previous": previous,
                "member": person,
            }
            _send(to=person.email, language=language, kind="substitution_accepted", context=context)

    transaction.on_commit(send)


def reminder_on_commit(registration, session):
    def send():
        language = registration.user.profile.preferred_language
        context = {**_registration_context(registration, language), "session": session}
        _send(to=registration.user.email, language=language, kind="reminder", context=context)

    transaction.on_commit(send)


def assignment_reviewed_on_commit(assignment):
    def send():
        registration = assignment.registration
        if registration.user is None:  # anonymised: nobody to tell
            return
        language = registration.user.profile.preferred_language
        context = {
            **_registration_context(registration, language),
            "assignment": assignment,
            "assignment_url": _url("assignment", language, registration.pk),
        }
        _send(
            to=registration.user.email,
            language=language,
            kind="assignment_reviewed",
            context=context,
        )

    transaction.on_commit(send)
