"""What the offer holds about a member, handed up to portal.accounts for the
download of their data and the deletion of their account (the interface is
described in portal/accounts/privacy.py): their registrations with their
history, attendance and evaluation per session and final assignments, the seats they
handed to a colleague, and the messages they sent through the G50 call forms."""

from django.db.models import Prefetch
from django.template.loader import render_to_string
from wagtail.contrib.forms.models import FormSubmission

from portal.accounts.privacy import iso, money

from .models import (
    CallFormPage,
    EvaluationAnswer,
    Registration,
    SessionAttendance,
    Substitution,
)
from .registrations import rules
from .retention import forget_member

# The download ------------------------------------------------------------------------


def export(*, user, addresses):
    return {
        "registrations": _registrations(user),
        "seats_handed_over": _seats_handed_over(user),
        "call_form_messages": [
            {
                "form": submission.page.title,
                "sent_at": iso(submission.submit_time),
                "answers": submission.form_data,
            }
            for submission in _call_form_submissions(addresses)
        ],
    }


def _session(session):
    if session is None:
        return None
    return {
        "starts_at": iso(session.starts_at),
        "ends_at": iso(session.ends_at),
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
        "extension_until": iso(assignment.extension_until),
        "presentation_at": iso(assignment.slot_starts_at),
        "presentation_place": assignment.slot_place,
        "versions": [
            {
                "number": version.number,
                "title": version.title,
                "summary": version.summary,
                "publish_summary": version.publish_summary,
                "handed_in_at": iso(version.created_at),
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
        .prefetch_related(
            "events",
            "substitutions",
            "assignment__versions__files",
            Prefetch("attendances", SessionAttendance.objects.select_related("session")),
            Prefetch("evaluation_answers", EvaluationAnswer.objects.select_related("session")),
        )
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
            "price_due": money(registration.price_due),
            "billing_organisation": registration.billing_organisation,
            "billing_address": registration.billing_address,
            "billing_reference": registration.billing_reference,
            "vat_number": registration.vat_number,
            "dietary_needs": registration.dietary_needs,
            "motivation": registration.motivation,
            "tie_to_ocmw": registration.tie_to_ocmw,
            "refusal_reason": registration.refusal_reason,
            "late_cancellation": registration.late_cancellation,
            # Per session: an edition's participant has a mark for each session of its modules.
            "attendance": [
                {
                    "session": _session(mark.session),
                    "attendance": mark.attendance,
                    "marked_at": iso(mark.marked_at),
                }
                for mark in sorted(
                    registration.attendances.all(), key=lambda m: m.session.starts_at
                )
            ],
            "evaluations": [
                {
                    "session": _session(answer.session),
                    "satisfaction": answer.satisfaction,
                    "usefulness": answer.usefulness,
                    "takeaway": answer.takeaway,
                    "improvement": answer.improvement,
                    "without_name": answer.anonymous,
                    "extra_answers": answer.extra,
                    "submitted_at": iso(answer.submitted_at),
                }
                for answer in sorted(
                    registration.evaluation_answers.all(), key=lambda a: a.session.starts_at
                )
            ],
            "registered_at": iso(registration.created_at),
            "last_change": iso(registration.updated_at),
            # Who else acted (an editor, a colleague) is their data, not the member's.
            "history": [
                {
                    "at": iso(event.at),
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
        "invited_at": iso(substitution.created_at),
        "accepted_at": iso(substitution.accepted_at),
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


def _call_form_submissions(addresses):
    """Messages sent through the G50 call forms from one of the member's own
    addresses: the forms do not link a message to an account."""
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


# The deletion ------------------------------------------------------------------------


def erase(*, user, addresses):
    """Seats for what has not ended are given up and every registration is
    anonymised (see trajecten/retention.py); the call form messages go."""
    counts = forget_member(user=user, addresses=addresses)
    messages = [submission.pk for submission in _call_form_submissions(addresses)]
    counts["call_form_messages_deleted"] = FormSubmission.objects.filter(pk__in=messages).delete()[
        0
    ]
    return counts


def deletion_notice(*, user, now):
    """The seats given up with the account: the member sees which, and until
    when each is cancelled free of charge, or that the fee stays due."""
    upcoming = [
        {
            "title": registration.offer_page.localized.specific.booking_title,
            "free_until": rules.last_free_day(registration, registration.starts_at)
            if registration.starts_at and registration.price_due
            else None,
            "fee_due": rules.is_late_cancellation(registration, registration.starts_at, now),
        }
        for registration in Registration.objects.of_member(user)
        .upcoming(now)
        .select_related("session__page", "edition")
    ]
    if not upcoming:
        return ""
    return render_to_string("trajecten/member/deletion_notice.html", {"upcoming": upcoming})
