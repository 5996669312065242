"""Sends the mail the task worker should have sent by now, and forgets
delivered mail after MAIL_SENT_KEPT_DAYS. Run it every few minutes (the
scheduler does)."""

from django.core.management.base import BaseCommand

from portal.outbox.delivery import deliver_overdue


class Command(BaseCommand):
    help = "Send overdue mail from the outbox and prune the record of delivered mail."

    def handle(self, *args, **options):
        counts = deliver_overdue()
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in counts.items()))
