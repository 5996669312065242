"""The letters of the offer: registrations, the waiting list, approvals,
substitution, reminders and feedback on a final assignment, and to the
editors a new request to decide on. Composed by the task worker from the
committed state (portal/notifications.py), each in the language its reader
chose."""

from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale

from portal.accounts.models import User
from portal.addresses import absolute_url
from portal.notifications import Letter, MailKind, composes

from .evaluations.rules import closes_at
from .ical import CalendarEntry, build_calendar
from .models import (
    Assignment,
    MembershipStatus,
    NetworkMembership,
    OrganiserMessage,
    Registration,
    RegistrationStatus,
    Session,
    Substitution,
)
from .registrations.policy import approval_request_addresses, policy_of
from .registrations.rules import cancels_free, last_free_day

# The kinds that give a member a seat: their mail carries the session for a calendar.
SEAT_GIVEN = {MailKind.CONFIRMED, MailKind.PROMOTED, MailKind.APPROVED}


def _registration(pk):
    """The registration with what every letter about it reads, or None once
    it was anonymised (nobody left to tell) or deleted with the account."""
    registration = (
        Registration.objects.with_start()
        .select_related("user__profile", "session__page", "edition")
        .filter(pk=pk)
        .first()
    )
    if registration is None or registration.user is None:
        return None
    return registration


def _page_in(page, language):
    """The offer page in the member's language, where it is translated."""
    locale = Locale.objects.filter(language_code=language).first()
    translated = page.get_translation_or_none(locale) if locale else None
    return (translated or page).specific


def _url(name, language, *args):
    with translation.override(language):
        return absolute_url(reverse(name, args=args))


def _about(registration, language):
    """What every letter about a registration shows: the offer, in the reader's language."""
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


@composes(
    MailKind.CONFIRMED,
    MailKind.WAITLISTED,
    MailKind.PROMOTED,
    MailKind.PENDING,
    MailKind.APPROVED,
    MailKind.REFUSED,
    MailKind.CANCELLED,
    MailKind.CANCELLED_BY_ORGANISER,
)
def registration_letter(kind, *, registration):
    registration = _registration(registration)
    if registration is None:
        return []
    language = registration.user.profile.preferred_language
    context = _about(registration, language)
    policy = policy_of(registration)
    if registration.starts_at is not None:
        context["free_cancellation_until"] = last_free_day(
            registration, registration.starts_at, policy
        )
        context["cancels_free"] = cancels_free(
            registration, registration.starts_at, timezone.now(), policy
        )
    # How long a seat offered from the waiting list waits for an answer.
    context["offer_window_hours"] = int(policy.offer_window.total_seconds() // 3600)
    attachments = []
    if (
        kind in SEAT_GIVEN
        and registration.status == RegistrationStatus.CONFIRMED
        and registration.session_id
    ):
        # In the member's language (a session online is "En ligne" in French),
        # with the page at the portal's address.
        with translation.override(language):
            entry = CalendarEntry(registration.session, context["title"], context["page"].full_url)
            calendar = build_calendar([entry], context["title"])
        attachments.append(("session.ics", calendar.to_ical(), "text/calendar"))
    return [Letter(registration.user.email, language, context, attachments)]


def _editor_language(user):
    """An editor reads the mail in the language they chose for the admin,
    where its link leads; else in that of their member profile."""
    admin = getattr(user, "wagtail_userprofile", None)
    if admin is not None and admin.preferred_language:
        return admin.preferred_language
    profile = getattr(user, "profile", None)
    return profile.preferred_language if profile is not None else settings.LANGUAGE_CODE


@composes(MailKind.NEW_REQUEST)
def new_request(kind, *, registration):
    """To those who decide on a request (registrations/policy.py): who asks,
    for what, why, and a link to the registration in the admin, where
    approving or refusing is one click. An address of no account may be read
    by a Dutch- or a French-speaking colleague: it gets both, in one mail."""
    registration = _registration(registration)
    if registration is None or registration.status != RegistrationStatus.PENDING:
        return []  # decided or withdrawn before the mail was written: nothing to do
    addresses = approval_request_addresses(registration)
    if not addresses:
        return []
    accounts = {
        user.email.lower(): user
        for user in User.objects.select_related("profile", "wagtail_userprofile").filter(
            reduce(or_, (Q(email__iexact=address) for address in addresses))
        )
    }
    # The admin has no language in its addresses: one link for every reader.
    review_url = absolute_url(reverse("registration:edit", args=[registration.pk]))
    titles = {}
    letters = []
    for address in addresses:
        reader = accounts.get(address.lower())
        languages = (
            [_editor_language(reader)] if reader else [code for code, _name in settings.LANGUAGES]
        )
        for language in languages:
            if language not in titles:
                titles[language] = _page_in(registration.offer_page, language).booking_title
        context = {
            **_about(registration, languages[0]),
            "reader": reader,
            "versions": [
                {"language": language, "title": titles[language]} for language in languages
            ],
            "review_url": review_url,
        }
        subject = ""
        if len(languages) > 1:
            subject = " / ".join(_in(language, kind.label) for language in languages)
        letters.append(Letter(address, languages[0], context, subject=subject))
    return letters


def _in(language, text):
    with translation.override(language):
        return str(text)


@composes(MailKind.SEAT_OFFERED, MailKind.OFFER_EXPIRED)
def seat_offer(kind, *, registration):
    """A seat offered from the waiting list, until when, and where to answer;
    or that the offer ended unanswered."""
    registration = _registration(registration)
    if registration is None:
        return []
    language = registration.user.profile.preferred_language
    context = {
        **_about(registration, language),
        "offered_until": registration.offered_until,
        "answer_url": _url("registration_detail", language, registration.pk),
    }
    return [Letter(registration.user.email, language, context)]


@composes(MailKind.SUBSTITUTION_INVITATION)
def substitution_invitation(kind, *, substitution):
    """To the colleague, who may have no account yet: in the language of the
    member who offers the seat."""
    substitution = Substitution.objects.filter(pk=substitution).first()
    registration = _registration(substitution.registration_id) if substitution else None
    if registration is None:
        return []
    language = registration.user.profile.preferred_language
    context = {
        **_about(registration, language),
        "accept_url": _url("accept_substitution", language, substitution.token),
        "inviter": registration.user,
    }
    return [Letter(substitution.email, language, context)]


@composes(MailKind.SUBSTITUTION_ACCEPTED)
def substitution_accepted(kind, *, registration, previous):
    """To both: the member who handed the seat over and the one who has it now."""
    registration = _registration(registration)
    previous = User.objects.select_related("profile").filter(pk=previous).first()
    if registration is None:
        return []
    letters = []
    for person in filter(None, (previous, registration.user)):
        language = person.profile.preferred_language
        context = {**_about(registration, language), "previous": previous, "member": person}
        letters.append(Letter(person.email, language, context))
    return letters


@composes(MailKind.REGISTERED_BY_COORDINATOR)
def registered_by_coordinator(kind, *, registration):
    """To the colleague a coordinator registered: what for, whether it is
    confirmed, and the link to decline (their own cancellation, free or not
    as the rules say today)."""
    registration = _registration(registration)
    if registration is None:
        return []
    language = registration.user.profile.preferred_language
    context = {
        **_about(registration, language),
        "coordinator": registration.registered_by,
        "decline_url": _url("cancel_registration", language, registration.pk),
    }
    if registration.starts_at is not None:
        policy = policy_of(registration)
        context["free_cancellation_until"] = last_free_day(
            registration, registration.starts_at, policy
        )
        context["cancels_free"] = cancels_free(
            registration, registration.starts_at, timezone.now(), policy
        )
    return [Letter(registration.user.email, language, context)]


@composes(MailKind.REMINDER, MailKind.POSTPONED, MailKind.RESCHEDULED)
def about_a_session(kind, *, registration, session):
    """A letter about one session of the registration: its reminder, its
    postponement, or its new date or place (with the calendar entry that
    moves the event, for a confirmed seat)."""
    registration = _registration(registration)
    session = Session.objects.select_related("page").filter(pk=session).first()
    if registration is None or session is None:
        return []
    language = registration.user.profile.preferred_language
    context = {**_about(registration, language), "session": session}
    attachments = []
    if kind == MailKind.RESCHEDULED and registration.status == RegistrationStatus.CONFIRMED:
        with translation.override(language):
            entry = CalendarEntry(session, context["title"], context["page"].full_url)
            calendar = build_calendar([entry], context["title"])
        attachments.append(("session.ics", calendar.to_ical(), "text/calendar"))
    return [Letter(registration.user.email, language, context, attachments)]


@composes(MailKind.EVALUATION_INVITATION)
def evaluation_invitation(kind, *, registration, session):
    """The link to the evaluation of a session the member attended, and until when it is open."""
    registration = _registration(registration)
    session = Session.objects.select_related("page").filter(pk=session).first()
    if registration is None or session is None:
        return []
    if registration.evaluation_answers.filter(session=session).exists():
        return []  # answered before the mail was written: nothing to ask
    language = registration.user.profile.preferred_language
    context = {
        **_about(registration, language),
        "session": session,
        "evaluation_url": _url("evaluation_answer", language, registration.pk, session.uid),
        "closes_at": closes_at(session),
    }
    return [Letter(registration.user.email, language, context)]


@composes(MailKind.ASSIGNMENT_REVIEWED)
def assignment_reviewed(kind, *, assignment):
    assignment = Assignment.objects.filter(pk=assignment).first()
    registration = _registration(assignment.registration_id) if assignment else None
    if registration is None:
        return []
    language = registration.user.profile.preferred_language
    context = {
        **_about(registration, language),
        "assignment": assignment,
        "assignment_url": _url("assignment", language, registration.pk),
    }
    return [Letter(registration.user.email, language, context)]


@composes(MailKind.ORGANISER_MESSAGE)
def organiser_message(kind, *, registration, message):
    """What an editor wrote, in the member's language, under the editor's subject."""
    registration = _registration(registration)
    message = OrganiserMessage.objects.filter(pk=message).first()
    if registration is None or message is None:
        return []
    language = registration.user.profile.preferred_language
    context = {**_about(registration, language), "message_body": message.body_in(language)}
    return [
        Letter(registration.user.email, language, context, subject=message.subject_in(language))
    ]


@composes(MailKind.NETWORK_MEMBERSHIP_APPROVED)
def network_membership_approved(kind, *, membership):
    """To the member an editor let in: the network, in their language, and where to find it."""
    membership = (
        NetworkMembership.objects.select_related("user__profile", "network")
        .filter(pk=membership)
        .first()
    )
    if membership is None or membership.status != MembershipStatus.APPROVED:
        return []  # left or refused again before the mail was written
    language = membership.user.profile.preferred_language
    network = _page_in(membership.network, language)
    context = {"member": membership.user, "title": network.title, "url": network.full_url}
    return [Letter(membership.user.email, language, context)]


@composes(MailKind.NETWORK_MEMBERSHIP_REFUSED)
def network_membership_refused(kind, *, membership):
    """To the member whose request an editor turned down: who to ask, and that they may ask again."""
    membership = (
        NetworkMembership.objects.select_related("user__profile", "network")
        .filter(pk=membership)
        .first()
    )
    if membership is None or membership.status != MembershipStatus.LEFT:
        return []  # asked again, and perhaps let in, before the mail was written
    language = membership.user.profile.preferred_language
    network = _page_in(membership.network, language)
    context = {
        "member": membership.user,
        "title": network.title,
        "url": network.full_url,
        # A translation made before the contact was given has none of its own.
        "contact": network.contact_email or membership.network.specific.contact_email,
    }
    return [Letter(membership.user.email, language, context)]
