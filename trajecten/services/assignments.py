"""Writes of final assignments: handing in a version, and the editors'
review, extension and presentation slot. Files are checked by their
content before anything is stored."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import mail
from ..models import (
    Assignment,
    AssignmentFile,
    AssignmentStatus,
    AssignmentVersion,
    Registration,
    RegistrationEvent,
    RegistrationStatus,
)
from ..uploads import check_upload
from .registrations import RegistrationError


class AssignmentError(RegistrationError):
    """An assignment action the rules refuse."""


def deadline_for(registration):
    assignment = Assignment.objects.filter(registration=registration).first()
    return assignment.deadline() if assignment else registration.edition.assignment_deadline


def _check_participant(registration):
    if registration.edition_id is None or registration.status != RegistrationStatus.CONFIRMED:
        raise AssignmentError(
            _("Only confirmed participants of a trajectory hand in a final assignment."),
            code="not_participant",
        )


def hand_in(*, registration, title, summary, publish_summary, files, now=None):
    """A new version of the participant's final assignment; earlier ones are kept."""
    now = now or timezone.now()
    _check_participant(registration)
    deadline = deadline_for(registration)
    if deadline is not None and now > deadline:
        raise AssignmentError(
            _("The deadline has passed: ask the organisers for an extension."), code="deadline"
        )
    if not title.strip():
        raise AssignmentError(
            _("Give your assignment a title."), code="title_missing", field="title"
        )
    if not summary.strip():
        raise AssignmentError(_("Give a short summary."), code="summary_missing", field="summary")
    if not files:
        raise AssignmentError(_("Add at least one file."), code="files_missing", field="files")
    checked = []
    for upload in files:
        try:
            checked.append((upload, *check_upload(upload)))
        except ValidationError as error:
            raise AssignmentError(error.messages[0], code="file_refused", field="files") from error
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        assignment, _created = Assignment.objects.get_or_create(registration=registration)
        number = (assignment.versions.aggregate(Max("number"))["number__max"] or 0) + 1
        version = AssignmentVersion.objects.create(
            assignment=assignment,
            number=number,
            title=title.strip(),
            summary=summary.strip(),
            publish_summary=publish_summary,
            created_at=now,
        )
        for upload, original_name, content_type in checked:
            AssignmentFile.objects.create(
                version=version,
                file=upload,
                original_name=original_name,
                content_type=content_type,
                size=upload.size,
            )
        assignment.status = AssignmentStatus.HANDED_IN
        assignment.save(update_fields=["status", "updated_at"])
        RegistrationEvent.objects.create(
            registration=registration,
            actor=registration.user,
            from_status=registration.status,
            to_status=registration.status,
            note=f"final assignment, version {number}",
        )
    return version


def _assignment_for(registration):
    _check_participant(registration)
    assignment, _created = Assignment.objects.select_for_update().get_or_create(
        registration=registration
    )
    return assignment


def review(*, registration, by, status, feedback):
    """An editor's verdict and feedback; the participant gets a mail."""
    if status not in AssignmentStatus.values or status == AssignmentStatus.HANDED_IN:
        raise AssignmentError(
            _("Choose feedback, accepted or revision asked."), code="status", field="status"
        )
    with transaction.atomic():
        assignment = _assignment_for(registration)
        if not assignment.versions.exists():
            raise AssignmentError(_("Nothing has been handed in yet."), code="nothing_handed_in")
        assignment.status = status
        assignment.feedback = feedback.strip()
        assignment.save(update_fields=["status", "feedback", "updated_at"])
        RegistrationEvent.objects.create(
            registration=registration,
            actor=by,
            from_status=registration.status,
            to_status=registration.status,
            note=f"final assignment: {status}",
        )
        mail.assignment_reviewed_on_commit(assignment)
    return assignment


def grant_extension(*, registration, by, until):
    with transaction.atomic():
        assignment = _assignment_for(registration)
        assignment.extension_until = until
        assignment.save(update_fields=["extension_until", "updated_at"])
        RegistrationEvent.objects.create(
            registration=registration,
            actor=by,
            from_status=registration.status,
            to_status=registration.status,
            note=f"final assignment: extension until {until:%Y-%m-%d %H:%M}",
        )
    return assignment


def assign_slot(*, registration, by, starts_at, place):
    with transaction.atomic():
        assignment = _assignment_for(registration)
        assignment.slot_starts_at = starts_at
        assignment.slot_place = place.strip()
        assignment.save(update_fields=["slot_starts_at", "slot_place", "updated_at"])
    return assignment
