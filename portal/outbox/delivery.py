"""Delivering the outbox: one attempt per mail at a time, retried with
back-off for a day when the mail server fails, then left for an
administrator to send again (Settings > Outgoing mail).

An attempt claims its mail with a conditional update rather than a lock
held while the mail server answers: a worker and the sweeper may both look
at a mail, only one sends it. A mail whose sender died mid-attempt is taken
up again by the sweeper (it may then arrive twice, never not at all)."""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.utils import timezone

from portal.tasks import later

from . import message as stored
from .models import MailStatus, OutgoingMail

logger = logging.getLogger(__name__)

# The sweeper leaves a due mail to the worker for this long first.
WORKER_GRACE = timedelta(minutes=2)
# A mail claimed this long ago and not finished: its sender died.
STUCK_AFTER = timedelta(minutes=10)


def retry_delay(attempts):
    """How long to wait after the attempts made so far: doubling from the
    first delay up to the longest."""
    first = settings.MAIL_RETRY_FIRST_SECONDS
    seconds = min(first * 2 ** max(attempts - 1, 0), settings.MAIL_RETRY_MAX_SECONDS)
    return timedelta(seconds=seconds)


def gives_up(created_at, now):
    return now - created_at >= timedelta(seconds=settings.MAIL_RETRY_FOR_SECONDS)


def is_permanent(error):
    """The mail server refused the mail itself (no such address, 5xx):
    sending it again would fail the same way."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return True
    return isinstance(error, smtplib.SMTPResponseException) and 500 <= error.smtp_code < 600


def _transport():
    return get_connection(settings.MAIL_TRANSPORT, fail_silently=False)


def _schedule(mail):
    """Hand the next attempt to the worker, at its time; a backend that
    cannot defer (the immediate one of development) leaves it to the sweeper."""
    from .tasks import deliver_mail

    if deliver_mail.get_backend().supports_defer:
        later(deliver_mail.using(run_after=mail.next_attempt_at), mail.pk)


def _failed(mail, error, now):
    mail.attempts += 1
    mail.last_error = f"{type(error).__name__}: {error}"[:2000]
    mail.claimed_at = None
    if is_permanent(error) or gives_up(mail.created_at, now):
        mail.status = MailStatus.FAILED
        logger.error("Mail %s failed for good after %s attempts", mail.pk, mail.attempts)
    else:
        mail.status = MailStatus.WAITING
        mail.next_attempt_at = now + retry_delay(mail.attempts)
        logger.warning(
            "Mail %s not delivered (attempt %s), next attempt at %s",
            mail.pk,
            mail.attempts,
            mail.next_attempt_at,
        )
    mail.save(update_fields=["attempts", "last_error", "claimed_at", "status", "next_attempt_at"])
    if mail.status == MailStatus.WAITING:
        _schedule(mail)
    return mail.status


def deliver(*, mail_id, now=None):
    """One attempt at one mail, if it is due and nobody else is at it.
    Returns the mail's status afterwards, or "" when there was nothing to do."""
    now = now or timezone.now()
    claimed = (
        OutgoingMail.objects.due(now)
        .filter(pk=mail_id)
        .update(status=MailStatus.SENDING, claimed_at=now)
    )
    if not claimed:
        return ""
    mail = OutgoingMail.objects.get(pk=mail_id)
    try:
        with _transport() as connection:
            connection.send_messages([stored.from_data(mail.content, connection=connection)])
    except Exception as error:  # noqa: BLE001 - whatever the transport raises, the mail waits
        return _failed(mail, error, now)
    mail.status = MailStatus.SENT
    mail.attempts += 1
    mail.sent_at = timezone.now()
    mail.claimed_at = None
    # Delivered: keep what shows that it went, not what it said.
    mail.content = {}
    mail.save(update_fields=["status", "attempts", "sent_at", "claimed_at", "content"])
    return mail.status


def send_again(*, mail, now=None):
    """An administrator sends a waiting or failed mail again, now."""
    now = now or timezone.now()
    updated = OutgoingMail.objects.filter(
        pk=mail.pk, status__in=[MailStatus.WAITING, MailStatus.FAILED]
    ).update(status=MailStatus.WAITING, next_attempt_at=now)
    if updated:
        from .tasks import deliver_mail

        later(deliver_mail, mail.pk)
    return bool(updated)


def deliver_overdue(*, now=None):
    """The safety net, run by the scheduler: mail the worker should have sent
    by now (the worker is down, or its task was lost) is sent from here, and
    mail whose sender died mid-attempt is tried again. Returns counts."""
    now = now or timezone.now()
    revived = OutgoingMail.objects.filter(
        status=MailStatus.SENDING, claimed_at__lt=now - STUCK_AFTER
    ).update(status=MailStatus.WAITING, claimed_at=None, next_attempt_at=now - WORKER_GRACE)
    overdue = list(
        OutgoingMail.objects.due(now - WORKER_GRACE)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)
    )
    results = [deliver(mail_id=pk, now=now) for pk in overdue]
    kept = timedelta(days=settings.MAIL_SENT_KEPT_DAYS)
    pruned, _ = OutgoingMail.objects.filter(status=MailStatus.SENT, sent_at__lt=now - kept).delete()
    return {
        "revived": revived,
        "sent": results.count(MailStatus.SENT),
        "waiting": results.count(MailStatus.WAITING),
        "failed": results.count(MailStatus.FAILED),
        "pruned": pruned,
    }


def forget_address(email):
    """A member's account is deleted: the record of mail sent to them goes.
    Mail still waiting is delivered (it may be the confirmation of the
    deletion itself) and forgotten once sent, as all mail is."""
    deleted, _ = OutgoingMail.objects.to_address(email).filter(status=MailStatus.SENT).delete()
    return deleted
