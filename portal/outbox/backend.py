"""The portal's EMAIL_BACKEND: every mail, ours, allauth's and Wagtail's,
is written to the outbox in the caller's transaction, and handed to the task
worker with it (portal/tasks.py `later`). Nothing talks to the mail server in a
request, so a mail server that is down never turns a saved change into an
error page, and a mail is never lost (portal/outbox/delivery.py)."""

from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from portal.tasks import later

from . import message as stored
from .models import OutgoingMail, recipients_text
from .tasks import deliver_mail


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
            later(deliver_mail, mail.pk)
        return len(written)
