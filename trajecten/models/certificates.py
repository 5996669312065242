"""Attendance certificates: one per session attended (a session
registration) or per edition whose attendance rule is met. Each carries a
code anyone may check at a public address (trajecten/certificates/)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# No 0/O, 1/I/L: a code read off paper is typed without doubt.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Certificate(models.Model):
    # Members' records, not content: Wagtail's reference index ("used in") leaves them out.
    wagtail_reference_index_ignore = True
    CODE_ALPHABET = CODE_ALPHABET
    CODE_LENGTH = CODE_LENGTH

    registration = models.ForeignKey(
        "trajecten.Registration",
        on_delete=models.CASCADE,
        related_name="certificates",
        verbose_name=_("registration"),
    )
    # Empty for an edition's certificate; a session registration's names its session.
    session = models.ForeignKey(
        "trajecten.Session",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("session"),
    )
    code = models.CharField(_("verification code"), max_length=CODE_LENGTH, unique=True)
    hours = models.DecimalField(_("hours attended"), max_digits=6, decimal_places=2)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    # Empty: issued by the attendance rule, at the member's download.
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revocation_reason = models.CharField(_("reason of revocation"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="one_certificate_per_session"
            ),
            models.UniqueConstraint(
                fields=["registration"],
                condition=models.Q(session__isnull=True),
                name="one_certificate_per_edition",
            ),
        ]

    def __str__(self):
        return self.code

    @staticmethod
    def new_code():
        return new_code()

    @property
    def is_revoked(self):
        return self.revoked_at is not None
