"""Every mail the portal sends, kept in the database until it is delivered.

The mail is written in the same transaction as the change it tells of (a
registration, a sign-up): if the change is rolled back, so is the mail; if
it is committed, the mail can no longer be lost, whatever the mail server
or the task worker does. Once delivered, only what an administrator needs
to follow delivery is kept (no body, no attachments)."""

from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MailStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutgoingMailQuerySet(models.QuerySet):
    def due(self, now):
        return self.filter(status=MailStatus.WAITING, next_attempt_at__lte=now)

    def to_address(self, email):
        """Mail with this address among its recipients."""
        return self.filter(recipients__icontains=f"\n{email}\n")


def recipients_text(addresses):
    """Recipients one a line, with a line break around each, so that one
    address is found whole (`to_address`), never as part of another."""
    return "\n" + "".join(f"{address}\n" for address in addresses)


class OutgoingMail(models.Model):
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    from_email = models.CharField(_("from"), max_length=320)
    recipients = models.TextField(_("to"))
    subject = models.TextField(_("subject"))
    # The message as the transport needs it (portal/outbox/message.py);
    # emptied once it is delivered.
    content = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MailStatus.choices, default=MailStatus.WAITING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("written at"), db_index=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = pgettext_lazy("plural", "outgoing mail")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self):
        return self.subject

    @property
    def recipient_list(self):
        return [line for line in self.recipients.splitlines() if line]

    @property
    def pending_attempt_at(self):
        """When it is tried next; nothing for mail that is sent or failed."""
        return self.next_attempt_at if self.status == MailStatus.WAITING else None

    @property
    def last_error_in_short(self):
        """The error of the last failed attempt, as long as a listing shows it;
        nothing for mail that has been sent since."""
        if self.status == MailStatus.SENT:
            return ""
        return Truncator(self.last_error).chars(80)

    @property
    def can_be_sent_again(self):
        return self.status in (MailStatus.WAITING, MailStatus.FAILED) and bool(self.content)
