"""Run the portal's scheduled work (portal/background/schedule.py) in one
process: the `scheduler` service of compose.yaml. Run exactly one."""

from django.conf import settings
from django.core.management.base import BaseCommand

from portal.background.schedule import SCHEDULE, Scheduler


class Command(BaseCommand):
    help = (
        "Run the scheduled management commands (publishing, reminders, the mail outbox, "
        "retention) when each is due, until stopped. --crontab prints the schedule as "
        "crontab lines instead."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--crontab",
            action="store_true",
            help="Print the schedule as crontab lines (for a machine that runs cron instead).",
        )

    def handle(self, *args, crontab=False, **options):
        if crontab:
            self.stdout.write(
                f"# The portal's schedule; times in {settings.TIME_ZONE}. Run each line "
                "in the project's folder with the portal's environment."
            )
            for entry in SCHEDULE:
                self.stdout.write(entry.crontab_line)
            return
        scheduler = Scheduler(SCHEDULE)
        scheduler.configure_signals()
        scheduler.loop()
