"""Final assignments: what a participant hands in for the return day of a
trajectory edition, every version kept, with the editors' feedback and a
presentation slot. Files are private (see the "private" storage)."""

import uuid

from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AssignmentStatus(models.TextChoices):
    HANDED_IN = "handed_in", _("Handed in")
    FEEDBACK = "feedback", _("Feedback given")
    ACCEPTED = "accepted", _("Accepted")
    REVISION = "revision", _("Revision asked")


def private_storage():
    return storages["private"]


def random_file_name(instance, filename):
    """Stored names are random; the original name is kept as data."""
    return f"assignments/{uuid.uuid4().hex}"


class Assignment(models.Model):
    """One participant's final assignment for one edition (through their registration)."""

    # Members' records, not content: Wagtail's reference index ("used in") leaves them out.
    wagtail_reference_index_ignore = True

    registration = models.OneToOneField(
        "trajecten.Registration",
        on_delete=models.CASCADE,
        related_name="assignment",
        verbose_name=_("registration"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.HANDED_IN,
    )
    feedback = models.TextField(_("feedback"), blank=True)
    extension_until = models.DateTimeField(_("extension until"), null=True, blank=True)
    slot_starts_at = models.DateTimeField(_("presentation at"), null=True, blank=True)
    slot_place = models.CharField(_("room or group"), max_length=100, blank=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    class Meta:
        verbose_name = _("final assignment")
        verbose_name_plural = _("final assignments")

    def __str__(self):
        return f"{self.registration.user} – {self.registration.edition}"

    def deadline(self):
        """The participant's deadline: the edition's, or a later one an editor granted."""
        edition_deadline = self.registration.edition.assignment_deadline
        if self.extension_until and (
            edition_deadline is None or self.extension_until > edition_deadline
        ):
            return self.extension_until
        return edition_deadline


class AssignmentVersion(models.Model):
    # Members' records, not content: Wagtail's reference index ("used in") leaves them out.
    wagtail_reference_index_ignore = True

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("short summary"), max_length=1500)
    publish_summary = models.BooleanField(
        _("the summary may be published on the return-day page"), default=False
    )
    created_at = models.DateTimeField(_("handed in at"), default=timezone.now)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "number"], name="one_number_per_version")
        ]

    def __str__(self):
        return f"{self.assignment} v{self.number}"


class AssignmentFile(models.Model):
    # Members' records, not content: Wagtail's reference index ("used in") leaves them out.
    wagtail_reference_index_ignore = True

    version = models.ForeignKey(AssignmentVersion, on_delete=models.CASCADE, related_name="files")
    # Addresses the file in its URL: a sequential id would let anyone with the
    # right count through every participant's files.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(storage=private_storage, upload_to=random_file_name, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self):
        return self.original_name
