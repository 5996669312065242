"""Attendance, kept per session: a registration for a session has at most
one mark, a registration for a trajectory edition one for each session of
its modules (thirteen sessions, thirteen marks). Certificates and the hours
actually attended are read from here.

Marks are never written here: registrations.mark_attendance() checks who
may have one, under the registration's lock, and records the history line.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Attendance(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")


class SessionAttendance(models.Model):
    # Members' records, not content: Wagtail's reference index ("used in") leaves them out.
    wagtail_reference_index_ignore = True

    registration = models.ForeignKey(
        "trajecten.Registration",
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("registration"),
    )
    # PROTECT, as a registration's session: a session that someone attended
    # is cancelled, not deleted (SessionsPageForm says so to the editor).
    session = models.ForeignKey(
        "trajecten.Session",
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name=_("session"),
    )
    attendance = models.CharField(_("attendance"), max_length=10, choices=Attendance.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked by"),
    )
    # Not auto_now: the migration that made these rows kept the moment of the old mark.
    marked_at = models.DateTimeField(_("marked at"), default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="one_attendance_per_session"
            )
        ]

    def __str__(self):
        return f"{self.registration_id} @ {self.session_id}: {self.attendance}"
