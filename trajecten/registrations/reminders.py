"""Reminders: confirmed participants hear of each of their sessions
rules.REMINDER_BEFORE it starts (the scheduler runs this every few minutes)."""

from django.db import transaction
from django.utils import timezone

from portal.notifications import MailKind, notify

from ..models import Registration, ReminderSent, Session, SessionStatus
from . import rules


def send_due_reminders(*, now=None):
    """Remind confirmed participants before each of their sessions. Each
    (registration, session) is reminded once, however often this runs."""
    now = now or timezone.now()
    window = Session.objects.filter(
        starts_at__gt=now, starts_at__lte=now + rules.REMINDER_BEFORE
    ).exclude(status=SessionStatus.CANCELLED)
    sent = 0
    for session in window.select_related("page"):
        # Trajectory sessions: the participants of the edition above the module too.
        for registration in Registration.objects.at_session(session).confirmed():
            with transaction.atomic():
                _reminder, created = ReminderSent.objects.get_or_create(
                    registration=registration, session=session
                )
                if created:
                    notify(MailKind.REMINDER, registration=registration.pk, session=session.pk)
                    sent += 1
    return sent
