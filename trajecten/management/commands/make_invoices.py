"""Invoice the fees that are due: seats of sessions and editions that have
ended, late cancellations, and the monthly invoices of the month that is
over. Safe to run as often as you like: a fee is invoiced once."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from trajecten.invoicing.services import InvoiceError, make_invoices


class Command(BaseCommand):
    help = "Make the invoices of the fees that are due (idempotent)."

    def handle(self, *args, **options):
        try:
            made = make_invoices(timezone.now())
        except InvoiceError as refusal:
            raise CommandError(str(refusal.message)) from None
        self.stdout.write(f"{len(made)} invoice(s) made.")
