"""Mail each participant marked present at a session that is over the link
to its evaluation, while the evaluation is open. Safe to run from cron as
often as you like: an invitation is never sent twice."""

from django.core.management.base import BaseCommand

from trajecten.evaluations import send_invitations


class Command(BaseCommand):
    help = "Invite the participants of the sessions that are over to evaluate them (idempotent)."

    def handle(self, *args, **options):
        sent = send_invitations()
        self.stdout.write(f"{sent} evaluation invitation(s) sent.")
