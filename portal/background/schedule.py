"""The portal's scheduled work, in one place: what runs when (SCHEDULE), and
the loop of `manage.py scheduler` that runs it.

SCHEDULE is written as crontab lines so that the same text serves a
machine without compose (`manage.py scheduler --crontab` prints it).

Why a small loop of our own rather than a library: APScheduler 3 (the
maintained in-process scheduler) would bring two new dependencies for four
fixed entries, runs jobs on a thread pool (each thread with a database
connection of its own to look after) and leaves signal handling to us all
the same; croniter would only parse the lines. Here each command runs in the
main thread, one after the other, which is also what guarantees that no
command runs twice at once: a run that overlaps the next slot simply makes
the entry skip it.
"""

import logging
import signal
import sys
import time
from dataclasses import dataclass, field
from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.db import close_old_connections
from django.utils import timezone

from .worker import DATABASE_LOST, drop_connections, first_line

logger = logging.getLogger(__name__)


def _field(text, lowest, highest):
    """The values of one crontab field; this loop knows `*`, `*/n`, `n` and `n,m`."""
    if text == "*":
        return frozenset(range(lowest, highest + 1))
    if text.startswith("*/"):
        return frozenset(range(lowest, highest + 1, int(text[2:])))
    values = frozenset(int(part) for part in text.split(","))
    if not all(lowest <= value <= highest for value in values):
        raise ValueError(f"{text!r} is outside {lowest}-{highest}")
    return values


@dataclass(frozen=True)
class Entry:
    """A management command and when it runs: a crontab time ("minute hour
    * * *", in TIME_ZONE). Only minutes and hours may be set."""

    when: str
    command: str
    args: tuple = ()
    # Its routine output is logged at DEBUG (it runs every minute).
    quiet: bool = False
    minutes: frozenset = field(init=False, repr=False, compare=False)
    hours: frozenset = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        minute, hour, *days = self.when.split()
        if days != ["*", "*", "*"]:
            raise ValueError(f"{self.when!r}: only the minute and the hour may be set")
        object.__setattr__(self, "minutes", _field(minute, 0, 59))
        object.__setattr__(self, "hours", _field(hour, 0, 23))

    def next_after(self, moment):
        """The first minute strictly after `moment` at which the entry runs."""
        candidate = moment.replace(second=0, microsecond=0) + timedelta(minutes=1)
        # Every entry matches within a day; two cover a change of clock.
        for _ in range(2 * 24 * 60):
            local = timezone.localtime(candidate)
            if local.minute in self.minutes and local.hour in self.hours:
                return candidate
            candidate += timedelta(minutes=1)
        raise ValueError(f"{self.when!r} never matches")

    @property
    def command_line(self):
        return " ".join(["python", "manage.py", self.command, *self.args])

    @property
    def crontab_line(self):
        return f"{self.when} {self.command_line}"


# Everything the portal needs done on a clock. Each command is safe to run
# again (and late): a reminder is sent once, a registration anonymised once,
# a revision published once, a mail claimed before it is sent.
SCHEDULE = (
    # Wagtail: publish the revisions whose go-live time has come, unpublish expired pages.
    Entry("* * * * *", "publish_scheduled", quiet=True),
    # The outbox's safety net: mail the worker should have sent by now.
    Entry("*/5 * * * *", "send_queued_mail"),
    Entry("0 * * * *", "send_session_reminders"),
    # Seats offered from a waiting list and not accepted in time pass to the next in line.
    Entry("* * * * *", "expire_seat_offers", quiet=True),
    # The evaluation of yesterday's sessions (and any still open, not yet asked).
    Entry("0 9 * * *", "send_evaluation_invitations"),
    Entry("30 3 * * *", "anonymise_old_registrations"),
    # Invoices once a day, before office hours: a day's invoices share their date, the
    # month's gathered invoices are made on the morning of the 1st, and finance finds
    # them at the start of the day instead of trickling in while it works.
    Entry("15 6 * * *", "make_invoices"),
    # The worker's record of finished tasks (ids only) would grow for ever.
    Entry(
        "45 3 * * *",
        "prune_db_task_results",
        ("--min-age-days", "14", "--failed-min-age-days", "30"),
    ),
)


class Scheduler:
    """Runs each entry of a schedule when it is due, one command at a time.
    A command that fails (the database is down, a bug) is logged and the
    schedule goes on; SIGTERM and SIGINT stop it at once while it waits, and
    after the command that is running otherwise (twice: at once)."""

    def __init__(self, entries=SCHEDULE, *, clock=timezone.now, run_command=call_command):
        self.entries = tuple(entries)
        self.clock = clock
        self.run_command = run_command
        self.running = True
        self.running_command = None
        self.next_at = {}

    def start(self, now):
        """Nothing runs at start: each entry waits for its next time, as cron's do."""
        self.next_at = {entry: entry.next_after(now) for entry in self.entries}

    def run_due(self, now):
        """Runs the entries due at `now`, in the order of the schedule. An
        entry whose times went by during a long run runs once, not once per
        time missed."""
        due = [entry for entry in self.entries if self.next_at[entry] <= now]
        for entry in due:
            if not self.running:
                break
            self.run(entry)
            self.next_at[entry] = entry.next_after(max(now, self.clock()))
        return due

    def run(self, entry):
        output = StringIO()
        started = time.monotonic()
        self.running_command = entry.command
        try:
            close_old_connections()
            self.run_command(entry.command, *entry.args, stdout=output, stderr=output)
        except DATABASE_LOST as error:
            logger.warning(
                "Scheduled %s did not run: the database is unavailable (%s: %s)",
                entry.command,
                type(error).__name__,
                first_line(error),
            )
            drop_connections()
            return False
        except Exception:
            # Whatever one command does wrong, the others still run on time.
            logger.exception("Scheduled %s failed", entry.command)
            drop_connections()
            return False
        finally:
            self.running_command = None
        close_old_connections()
        logger.log(
            logging.DEBUG if entry.quiet else logging.INFO,
            "Scheduled %s done in %.1f s: %s",
            entry.command,
            time.monotonic() - started,
            " ".join(output.getvalue().split())[:500],
        )
        return True

    def loop(self):
        self.start(self.clock())
        logger.info(
            "Scheduler started: %s", "; ".join(entry.crontab_line for entry in self.entries)
        )
        while self.running:
            self.run_due(self.clock())
            if not self.running:
                break
            wait = (min(self.next_at.values()) - self.clock()).total_seconds()
            if wait > 0:
                self.pause(wait)

    def pause(self, seconds):
        # A plain sleep: the signal handler ends the process from inside it.
        time.sleep(seconds)

    def shutdown(self, signum, frame):
        if not self.running:
            logger.warning("Received %s again: stopping now", signal.strsignal(signum))
            sys.exit(1)
        self.running = False
        if self.running_command is None:
            sys.exit(0)
        logger.warning(
            "Received %s: stopping once %s is done (again to stop now)",
            signal.strsignal(signum),
            self.running_command,
        )

    def configure_signals(self):
        signal.signal(signal.SIGINT, self.shutdown)
        signal.signal(signal.SIGTERM, self.shutdown)
