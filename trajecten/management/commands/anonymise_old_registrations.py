"""Anonymise the registrations whose session or edition ended longer ago than
REGISTRATION_RETENTION_YEARS, as account deletion does. Safe to run from cron
as often as you like: a registration is anonymised once."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from trajecten.services import anonymise_old_registrations


class Command(BaseCommand):
    help = (
        "Anonymise registrations older than the retention period "
        "(REGISTRATION_RETENTION_YEARS); what invoicing needs is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--years",
            type=int,
            default=None,
            help="Retention period in years (default: the REGISTRATION_RETENTION_YEARS setting).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only count; change nothing.")

    def handle(self, *args, years=None, dry_run=False, **options):
        years = settings.REGISTRATION_RETENTION_YEARS if years is None else years
        if years < 1:
            raise CommandError("The retention period is at least one year.")
        count = anonymise_old_registrations(years=years, dry_run=dry_run)
        if dry_run:
            self.stdout.write(
                f"{count} registration(s) ended more than {years} year(s) ago "
                "would be anonymised (dry run: nothing changed)."
            )
        else:
            self.stdout.write(
                f"{count} registration(s) ended more than {years} year(s) ago anonymised."
            )
