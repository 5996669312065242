"""Reminders: confirmed participants hear of each of their sessions
rules.REMINDER_BEFORE it starts (the scheduler runs this every few minutes)."""

from django.db import transaction
from django.utils import timezone

from portal.notifications import MailKind, notify

from ..models import EditionPage, Registration, ReminderSent, Session, SessionStatus
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
        registrations = list(Registration.objects.confirmed().filter(session=session))
        # Trajectory sessions: the participants of the edition above the module.
        edition = EditionPage.objects.filter(
            locale=session.page.locale, path=session.page.path[: -session.page.steplen]
        ).first()
        if edition is not None:
            registrations += list(Registration.objects.confirmed().filter(edition=edition))
        for registration in registrations:
            with transaction.atomic():
                _reminder, created = ReminderSent.objects.get_or_create(
                    registration=registration, session=session
                )
                if created:
                    notify(MailKind.REMINDER, registration=registration.pk, session=session.pk)
                    sent += 1
    return sent
