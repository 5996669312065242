"""Reminders: confirmed participants hear of each of their sessions the
offer's reminder lead time before it starts (rules.reminds_from; the
scheduler runs this every few minutes)."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from portal.notifications import MailKind, notify

from ..models import Registration, ReminderSent, Session, SessionStatus
from . import rules
from .policy import OFFER_PAGE_TYPES, policy_for, site_defaults


def send_due_reminders(*, now=None):
    """Remind confirmed participants before each of their sessions. Each
    (registration, session) is reminded once, however often this runs."""
    now = now or timezone.now()
    defaults = site_defaults()
    window = Session.objects.filter(
        starts_at__gt=now, starts_at__lte=now + _longest_lead(defaults)
    ).exclude(status=SessionStatus.CANCELLED)
    sent = 0
    for session in window.select_related("page"):
        if rules.reminds_from(session, policy_for(session=session, defaults=defaults)) > now:
            continue
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


def _longest_lead(defaults):
    """The longest reminder lead time of any offer: the sessions that may be
    due for a reminder start within it."""
    days = [defaults.reminder_days]
    for page_type in OFFER_PAGE_TYPES:
        days.append(page_type.objects.aggregate(most=Max("reminder_days"))["most"] or 0)
    return timedelta(days=max(days))
