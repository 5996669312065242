"""Writes of final assignments: handing in a version, and the editors'
review, extension and presentation slot. Files are checked by their
content before anything is stored."""

import logging

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.notifications import MailKind, notify

from ..models import (
    Assignment,
    AssignmentFile,
    AssignmentStatus,
    AssignmentVersion,
    Registration,
)
from ..registrations import rules
from ..registrations.errors import RegistrationError
from ..registrations.records import log
from .uploads import check_upload

logger = logging.getLogger(__name__)


class AssignmentError(RegistrationError):
    """An assignment action the rules refuse."""


def _not_stored():
    return AssignmentError(
        _("We could not store your files, so nothing was handed in. Please try again later."),
        code="not_stored",
        field="files",
    )


def _file_field():
    return AssignmentFile._meta.get_field("file")


def remove_stored_files(names):
    """Remove files from the private storage; one that cannot be removed is
    logged and left for `delete_unreferenced_files` (never fatal: the caller
    has already decided that the files go)."""
    storage = _file_field().storage
    for name in names:
        try:
            storage.delete(name)
        except Exception:
            # Any backend's error (OSError on disk, botocore's on S3).
            logger.warning("Could not delete the stored assignment file %s", name, exc_info=True)


def _store_files(checked):
    """Write the files to the private storage, before the transaction that
    records them: a file is never written inside a transaction that could
    still roll back without it. If one cannot be written (disk full,
    read-only, the object store down), every file written so far, and the
    part of the one that failed, is removed and the member is told."""
    field = _file_field()
    stored = []
    try:
        for upload, original_name, _content_type in checked:
            name = field.storage.get_available_name(
                field.generate_filename(None, original_name), max_length=field.max_length
            )
            # Listed before writing: a write that fails halfway leaves part of a file.
            stored.append(name)
            stored[-1] = field.storage.save(name, upload, max_length=field.max_length)
    except Exception as error:
        # Any backend's error: the storage is pluggable (disk, S3).
        logger.exception("Could not store the files of a final assignment")
        remove_stored_files(stored)
        raise _not_stored() from error
    return stored


def deadline_for(registration, assignment=None):
    """The member's deadline: their extension, else the edition's."""
    assignment = assignment or Assignment.objects.filter(registration=registration).first()
    return assignment.deadline() if assignment else registration.edition.assignment_deadline


def _check_participant(registration):
    if not rules.hands_in_assignments(registration):
        raise AssignmentError(
            _("Only confirmed participants of a trajectory hand in a final assignment."),
            code="not_participant",
        )


def hand_in(*, registration, title, summary, publish_summary, files, now=None):
    """A new version of the participant's final assignment; earlier ones are kept."""
    now = now or timezone.now()
    _check_participant(registration)
    if not rules.before_deadline(deadline_for(registration), now):
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
    stored = _store_files(checked)
    try:
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
            for (upload, original_name, content_type), name in zip(checked, stored, strict=True):
                AssignmentFile.objects.create(
                    version=version,
                    file=name,
                    original_name=original_name,
                    content_type=content_type,
                    size=upload.size,
                )
            assignment.status = AssignmentStatus.HANDED_IN
            assignment.save(update_fields=["status", "updated_at"])
            log(registration, registration.user, note=f"final assignment, version {number}")
    except BaseException as error:
        # Nothing was recorded: no file may stay without its record.
        remove_stored_files(stored)
        if isinstance(error, DatabaseError):
            logger.exception("Could not record a final assignment")
            raise _not_stored() from error
        raise
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
        log(registration, by, note=f"final assignment: {status}")
        notify(MailKind.ASSIGNMENT_REVIEWED, assignment=assignment.pk)
    return assignment


def grant_extension(*, registration, by, until):
    with transaction.atomic():
        assignment = _assignment_for(registration)
        assignment.extension_until = until
        assignment.save(update_fields=["extension_until", "updated_at"])
        log(registration, by, note=f"final assignment: extension until {until:%Y-%m-%d %H:%M}")
    return assignment


def assign_slot(*, registration, by, starts_at, place):
    limit = Assignment._meta.get_field("slot_place").max_length
    if len(place.strip()) > limit:
        # Typed by an editor: refused with a message, never cut or left to the database.
        raise AssignmentError(
            _("Give the room or group in at most %(limit)d characters.") % {"limit": limit},
            code="place_too_long",
            field="place",
        )
    with transaction.atomic():
        assignment = _assignment_for(registration)
        assignment.slot_starts_at = starts_at
        assignment.slot_place = place.strip()
        assignment.save(update_fields=["slot_starts_at", "slot_place", "updated_at"])
    return assignment
