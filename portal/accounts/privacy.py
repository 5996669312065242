"""Members' data rights: everything the portal holds about a member, as
JSON, and the deletion of their account.

A member's data is spread over the apps (the offer, the stories, the G50
call forms), so this is the one module of portal.accounts that reads them;
each app does its own writes (trajecten.retention.forget_member,
verhalen.services.forget_author).
"""

import logging
from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import transaction
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission
from wagtail.images import get_image_model

from portal.outbox.delivery import forget_address
from trajecten.models import CallFormPage, Registration, Substitution
from trajecten.retention import forget_member
from verhalen.models import StoryPage, StoryPicture
from verhalen.services import forget_author

from .models import AccountDeletion, User

logger = logging.getLogger("portal.accounts.privacy")

FORMAT = "portal-member-data/1"


def _iso(moment):
    return moment.isoformat() if moment else None


def _money(amount):
    return str(amount) if amount is not None else None


# Reading -------------------------------------------------------------------------


def _addresses(user):
    """The member's own addresses: the login and the other verified ones. An
    unverified address may be someone else's, so it never selects data."""
    verified = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    return {user.email.lower(), *(address.lower() for address in verified)}


def _account(user):
    return {
        "id": user.pk,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
    }


def _email_addresses(user):
    return [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    ]


def _authenticators(user):
    # Only what they are and when they were used: the secrets stay out of the
    # file, which would otherwise be a second factor lying in a download folder.
    return [
        {
            "type": item.type,
            "created_at": _iso(item.created_at),
            "last_used_at": _iso(item.last_used_at),
        }
        for item in Authenticator.objects.filter(user=user).order_by("created_at")
    ]


def _profile(user):
    profile = user.profile
    return {
        "organisation_name": profile.organisation_name,
        "organisation_kind": profile.organisation_kind,
        "is_ocmw_employee": profile.is_ocmw_employee,
        "is_approved_participant": profile.is_approved_participant,
        "municipality": profile.municipality,
        "job_title": profile.job_title,
        "phone": profile.phone,
        "preferred_language": profile.preferred_language,
    }


def _session(session):
    if session is None:
        return None
    return {
        "starts_at": _iso(session.starts_at),
        "ends_at": _iso(session.ends_at),
        "format": session.format,
        "place": session.place,
    }


def _assignment(registration):
    assignment = getattr(registration, "assignment", None)
    if assignment is None:
        return None
    return {
        "status": assignment.status,
        "feedback": assignment.feedback,
        "extension_until": _iso(assignment.extension_until),
        "presentation_at": _iso(assignment.slot_starts_at),
        "presentation_place": assignment.slot_place,
        "versions": [
            {
                "number": version.number,
                "title": version.title,
                "summary": version.summary,
                "publish_summary": version.publish_summary,
                "handed_in_at": _iso(version.created_at),
                # What was handed in, not the files themselves: those are downloaded
                # from the assignment page.
                "files": [
                    {
                        "name": item.original_name,
                        "content_type": item.content_type,
                        "size": item.size,
                    }
                    for item in version.files.all()
                ],
            }
            for version in sorted(assignment.versions.all(), key=lambda v: v.number)
        ],
    }


def _registrations(user):
    registrations = (
        Registration.objects.of_member(user)
        .select_related("session__page", "edition", "assignment")
        .prefetch_related("events", "substitutions", "assignment__versions__files")
        .order_by("created_at", "pk")
    )
    return [
        {
            "id": registration.pk,
            "offer": registration.offer_title,
            "session": _session(registration.session),
            "edition": registration.edition.title if registration.edition_id else None,
            "status": registration.status,
            "waitlist_rank": registration.waitlist_rank,
            "with_lunch": registration.with_lunch,
            "price_due": _money(registration.price_due),
            "billing_organisation": registration.billing_organisation,
            "billing_address": registration.billing_address,
            "billing_reference": registration.billing_reference,
            "vat_number": registration.vat_number,
            "dietary_needs": registration.dietary_needs,
            "motivation": registration.motivation,
            "tie_to_ocmw": registration.tie_to_ocmw,
            "refusal_reason": registration.refusal_reason,
            "late_cancellation": registration.late_cancellation,
            "attendance": registration.attendance,
            "registered_at": _iso(registration.created_at),
            "last_change": _iso(registration.updated_at),
            # Who else acted (an editor, a colleague) is their data, not the member's.
            "history": [
                {
                    "at": _iso(event.at),
                    "from_status": event.from_status,
                    "to_status": event.to_status,
                    "note": event.note,
                    "by_you": event.actor_id == user.pk,
                }
                for event in registration.events.all()
            ],
            "hand_overs": [_hand_over(item, user) for item in registration.substitutions.all()],
            "final_assignment": _assignment(registration),
        }
        for registration in registrations
    ]


def _hand_over(substitution, user):
    return {
        "colleague_email": substitution.email,
        "status": substitution.status,
        "invited_at": _iso(substitution.created_at),
        "accepted_at": _iso(substitution.accepted_at),
        "invited_by_you": substitution.invited_by_id == user.pk,
        "accepted_by_you": substitution.accepted_by_id == user.pk,
    }


def _seats_handed_over(user):
    """Seats the member handed to a colleague: the registration is the
    colleague's now, only the hand-over itself is the member's."""
    substitutions = (
        Substitution.objects.filter(invited_by=user)
        .exclude(registration__user=user)
        .select_related("registration__session__page", "registration__edition")
        .order_by("created_at", "pk")
    )
    return [
        {"offer": item.registration.offer_title, **_hand_over(item, user)} for item in substitutions
    ]


def _stories(user):
    stories = []
    for story in StoryPage.objects.filter(author=user).select_related("locale").order_by("pk"):
        # A story in moderation is newer in its latest revision than on the page.
        latest = story.get_latest_revision_as_object()
        stories.append(
            {
                "id": story.pk,
                "language": story.locale.language_code,
                "published": story.live,
                "url": story.get_full_url() if story.live else None,
                "title": latest.title,
                "teaser": latest.teaser,
                "text": latest.body.get_prep_value(),
                "anonymous": latest.anonymous,
                "province": latest.author_province,
                "author_name": latest.author_name,
                "author_organisation": latest.author_organisation,
                "themes": [theme.name for theme in latest.themes.all()],
                "guiding_principles": [item.name for item in latest.principles.all()],
                "first_published_at": _iso(story.first_published_at),
                "last_change": _iso(story.latest_revision_created_at),
            }
        )
    return stories


def _images(user):
    images = [
        {"title": image.title, "file_name": image.filename, "uploaded_at": _iso(image.created_at)}
        for image in get_image_model().objects.filter(uploaded_by_user=user).order_by("pk")
    ]
    # Pictures of stories not published yet, kept privately (not yet images).
    pictures = StoryPicture.objects.filter(story__author=user).select_related("story")
    return images + [
        {
            "title": picture.story.get_latest_revision_as_object().title,
            "file_name": picture.original_name,
            "uploaded_at": _iso(picture.uploaded_at),
        }
        for picture in pictures.order_by("pk")
    ]


def _call_form_submissions(user):
    """Messages sent through the G50 call forms from one of the member's own
    addresses: the forms do not link a message to an account."""
    addresses = _addresses(user)
    submissions = FormSubmission.objects.filter(
        page_id__in=CallFormPage.objects.values("pk")
    ).select_related("page")
    return [
        submission
        for submission in submissions.order_by("submit_time", "pk")
        if any(
            isinstance(value, str) and value.strip().lower() in addresses
            for value in submission.form_data.values()
        )
    ]


def member_data(user):
    """Everything the portal holds about `user`, JSON-serialisable."""
    return {
        "format": FORMAT,
        "exported_at": _iso(timezone.now()),
        "account": _account(user),
        "email_addresses": _email_addresses(user),
        "two_factor_authenticators": _authenticators(user),
        "profile": _profile(user),
        "registrations": _registrations(user),
        "seats_handed_over": _seats_handed_over(user),
        "stories": _stories(user),
        "images": _images(user),
        "call_form_messages": [
            {
                "form": submission.page.title,
                "sent_at": _iso(submission.submit_time),
                "answers": submission.form_data,
            }
            for submission in _call_form_submissions(user)
        ],
    }


# Deleting --------------------------------------------------------------------------


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def _session_keys(user):
    """The keys of the member's open sessions, where the sessions are in the
    database (db, cached_db). Sessions kept only in a cache or a cookie cannot
    be listed; they log no one in once the user row is gone."""
    store = _session_store()
    if not hasattr(store, "get_model_class"):
        return []
    sessions = store.get_model_class().objects.filter(expire_date__gt=timezone.now())
    return [
        session.session_key
        for session in sessions.iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]


def _end_sessions(keys):
    store = _session_store()
    for key in keys:
        # Through the store, so that a cached_db session leaves the cache too.
        store(session_key=key).delete()


def delete_account(*, user):
    """Delete the member's account in one transaction. What invoicing and the
    history of the offer need stays, anonymised (see trajecten.retention);
    published stories stay without a byline (see verhalen.services.forget_author);
    the rest goes. The deletion is logged and recorded, without personal data.
    Returns the counts."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user_id = user.pk
        addresses = _addresses(user)
        counts = {
            **forget_member(user=user, addresses=addresses),
            **forget_author(user=user),
        }
        submissions = [submission.pk for submission in _call_form_submissions(user)]
        counts["call_form_messages_deleted"] = FormSubmission.objects.filter(
            pk__in=submissions
        ).delete()[0]
        counts["email_addresses_deleted"] = EmailAddress.objects.filter(user=user).delete()[0]
        counts["authenticators_deleted"] = Authenticator.objects.filter(user=user).delete()[0]
        counts["sent_mail_forgotten"] = sum(forget_address(address) for address in addresses)
        session_keys = _session_keys(user)
        counts["sessions_ended"] = len(session_keys)
        # The profile, Wagtail's user profile and anything else tied to the row
        # go with it (CASCADE); links from kept records are set to NULL.
        user.delete()
        AccountDeletion.objects.create(former_user_id=user_id, counts=counts)
        transaction.on_commit(lambda: _end_sessions(session_keys))
        transaction.on_commit(
            lambda: logger.info(
                "Account %s deleted: %s",
                user_id,
                ", ".join(f"{name}={count}" for name, count in sorted(counts.items())),
            )
        )
    return counts
