"""Anonymise the registrations whose session or edition ended longer ago than
REGISTRATION_RETENTION_YEARS, as account deletion does, and remove stored
assignment files that no record points to any more. Safe to run from cron as
often as you like: a registration is anonymised once."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from trajecten.retention import anonymise_old_registrations, delete_unreferenced_files


class Command(BaseCommand):
    help = (
        "Anonymise registrations older than the retention period "
        "(REGISTRATION_RETENTION_YEARS); what invoicing needs is kept. Stored "
        "assignment files that no record points to are removed."
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
        files = delete_unreferenced_files(dry_run=dry_run)
        if dry_run:
            self.stdout.write(
                f"{count} registration(s) ended more than {years} year(s) ago "
                "would be anonymised (dry run: nothing changed)."
            )
            self.stdout.write(f"{files} stored file(s) that no record points to would be removed.")
        else:
            self.stdout.write(
                f"{count} registration(s) ended more than {years} year(s) ago anonymised."
            )
            self.stdout.write(f"{files} stored file(s) that no record points to removed.")
