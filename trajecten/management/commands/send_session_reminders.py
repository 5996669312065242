"""Mail a reminder to every confirmed participant two days before each of
their sessions. Safe to run from cron as often as you like: a reminder is
never sent twice."""

from django.core.management.base import BaseCommand

from trajecten.registrations import send_due_reminders


class Command(BaseCommand):
    help = "Send the reminders of sessions starting within two days (idempotent)."

    def handle(self, *args, **options):
        sent = send_due_reminders()
        self.stdout.write(f"{sent} reminder(s) sent.")
