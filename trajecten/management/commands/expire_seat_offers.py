"""End the seats offered from a waiting list that were not accepted in time,
and offer them to the next in line. Safe to run as often as you like."""

from django.core.management.base import BaseCommand

from trajecten.registrations import expire_offers


class Command(BaseCommand):
    help = "End unanswered seat offers and offer the seats to the next in line (idempotent)."

    def handle(self, *args, **options):
        expired = expire_offers()
        self.stdout.write(f"{expired} offer(s) ended.")
