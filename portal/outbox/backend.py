"""The portal's EMAIL_BACKEND: every mail, ours, allauth's and Wagtail's,
is written to the outbox in the caller's transaction, and handed to the task
worker once that transaction commits. Nothing talks to the mail server in a
request, so a mail server that is down never turns a saved change into an
error page, and a mail is never lost (portal/outbox/delivery.py)."""

import logging
from functools import partial

from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from . import message as stored
from .models import OutgoingMail, recipients_text

logger = logging.getLogger(__name__)


def _enqueue(mail_id):
    from .tasks import deliver_mail

    try:
        deliver_mail.enqueue(mail_id)
    except Exception:  # noqa: BLE001 - the change is committed; the sweeper sends it
        logger.exception(
            "Mail %s could not be handed to the worker; it waits in the outbox", mail_id
        )


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        now = timezone.now()
        written = []
        for message in email_messages:
            recipients = message.recipients()
            if not recipients:
                continue
            message_id = stored.fix_identity(message)
            written.append(
                OutgoingMail.objects.create(
                    message_id=message_id,
                    from_email=message.from_email,
                    recipients=recipients_text(recipients),
                    subject=message.subject,
                    content=stored.to_data(message),
                    created_at=now,
                    next_attempt_at=now,
                )
            )
        for mail in written:
            transaction.on_commit(partial(_enqueue, mail.pk))
        return len(written)
