"""Mail a reminder to every confirmed participant before each of their
sessions, the offer's reminder lead time ahead (Settings › Registration rules). Safe to run from cron as often as you like: a reminder is
never sent twice."""

from django.core.management.base import BaseCommand

from trajecten.registrations import send_due_reminders


class Command(BaseCommand):
    help = "Send the reminders of the sessions that are due for one (idempotent)."

    def handle(self, *args, **options):
        sent = send_due_reminders()
        self.stdout.write(f"{sent} reminder(s) sent.")
