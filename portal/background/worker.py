"""The task worker of django-tasks-db, made to wait out an outage of the
database instead of exiting.

django-tasks-db's worker lets any database error but a locked SQLite file
end the process: a PostgreSQL restart of a few seconds left the portal
without a worker until someone started it again. This one logs the error,
drops its connections and tries again with back-off until the database
answers, then goes on where it was.

A task whose outcome could not be recorded (the database went away while
it ran) is left RUNNING under this worker's id. When the database is back,
and whenever a worker starts, such tasks are queued again: this worker's
own, and any other worker's that has been running for longer than
`stale_after` (its worker died). So a task may run twice, never not at
all: the portal's tasks are written for that (indexing a page again gives
the same index; a mail is claimed in the outbox before it is sent, so
delivering it again sends nothing, and the outbox's sweeper takes up a mail
whose sender died). A task that has been taken up `MAX_CLAIMS` times is
marked failed rather than tried for ever.
"""

import contextlib
import logging
import os
import random
import socket
import time
from datetime import timedelta

from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

# What the database driver raises when the server cannot be reached, closed
# the connection or is shutting down ("connection refused", "server closed
# the connection unexpectedly", "terminating connection due to administrator
# command", "connection already closed").
DATABASE_LOST = (OperationalError, InterfaceError)
DATABASE_LOST_PATHS = {f"{error.__module__}.{error.__qualname__}" for error in DATABASE_LOST}

# A task claimed this often by workers that never finished it is given up.
MAX_CLAIMS = 5


class WorkerLost(Exception):
    """Recorded as the error of a task given up after MAX_CLAIMS claims."""


def default_worker_id():
    """The host and the process: unique among live workers, and the same for
    a container restarted by its restart policy (its process is again 1), so
    that the restarted worker takes back the task it was running at once."""
    return f"{socket.gethostname()[:48]}-{os.getpid()}"


def backoff_delay(failures, *, first, longest, jitter=random.random):
    """Seconds to wait after `failures` failures in a row: doubling from
    `first` up to `longest`, each drawn from the upper half of that, so that
    workers that lost the database together do not all knock at once."""
    ceiling = min(longest, first * 2 ** min(failures - 1, 32))
    return ceiling / 2 + ceiling / 2 * jitter()


def drop_connections():
    """Close every connection this thread opened; Django opens a new one on
    the next query. A connection the server already closed may raise here."""
    for connection in connections.all(initialized_only=True):
        # Broken already: Django forgets it either way.
        with contextlib.suppress(DatabaseError):
            connection.close()


def first_line(error):
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def take_back_abandoned(*, backend_name, worker_id, stale_after, now=None):
    """Queue again the tasks left RUNNING by a worker that is not running
    them any more: this worker's own (it is between tasks when it calls
    this) and any worker's claimed longer than `stale_after` ago. Returns
    how many were queued again or given up."""
    now = now or timezone.now()
    taken = 0
    running = (
        DBTaskResult.objects.running()
        .filter(backend_name=backend_name)
        .only("id", "task_path", "worker_ids", "started_at")
    )
    for result in running:
        mine = bool(result.worker_ids) and result.worker_ids[-1] == worker_id
        stale = result.started_at is None or result.started_at < now - stale_after
        if not (mine or stale):
            continue
        # Only if nobody claimed it again meanwhile (another worker doing the same).
        unchanged = DBTaskResult.objects.filter(
            pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at
        )
        claims = len(result.worker_ids)
        if claims >= MAX_CLAIMS:
            error = WorkerLost(f"claimed {claims} times by workers that stopped before it ended")
            taken += unchanged.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                traceback=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}: {error}\n",
            )
            logger.error("Task %s (%s) given up: %s", result.pk, result.task_path, error)
        elif unchanged.update(status=TaskResultStatus.READY, started_at=None):
            taken += 1
            logger.warning(
                "Task %s (%s) was left running by worker %s; queued again",
                result.pk,
                result.task_path,
                result.worker_ids[-1] if result.worker_ids else "?",
            )
    return taken


class ResilientWorker(Worker):
    """django-tasks-db's worker that survives the database going away.

    Its loop (poll, claim, run, record) is django-tasks-db's own; this
    class wraps it: a lost database ends the loop with an error, and `run`
    waits and starts it again. SIGTERM and SIGINT still stop it at once
    between tasks (also while it waits for the database) and after the
    current task otherwise, as django-tasks-db's worker does.
    """

    def __init__(self, *, backoff_first=1.0, backoff_max=30.0, stale_after=3600.0, **options):
        super().__init__(**options)
        self.backoff_first = backoff_first
        self.backoff_max = backoff_max
        self.stale_after = timedelta(seconds=stale_after)

    def run(self):
        failures = 0
        lost_at = None
        while self.running:
            try:
                self.take_back_abandoned()
                if lost_at is not None:
                    logger.info(
                        "Worker %s has the database back after %.1f s; resuming",
                        self.worker_id,
                        time.monotonic() - lost_at,
                    )
                failures, lost_at = 0, None
                super().run()
                return
            except DATABASE_LOST as error:
                failures += 1
                lost_at = lost_at or time.monotonic()
                delay = backoff_delay(failures, first=self.backoff_first, longest=self.backoff_max)
                logger.warning(
                    "Worker %s lost the database (%s: %s); trying again in %.2f s",
                    self.worker_id,
                    type(error).__name__,
                    first_line(error),
                    delay,
                )
                drop_connections()
                # The thundering-herd delay is for the first start only.
                self.startup_delay = False
                self.pause(delay)

    def pause(self, seconds):
        # A plain sleep: SIGTERM's handler ends the process from inside it.
        time.sleep(seconds)

    def take_back_abandoned(self):
        return take_back_abandoned(
            backend_name=self.backend_name, worker_id=self.worker_id, stale_after=self.stale_after
        )

    def run_task(self, db_task_result):
        super().run_task(db_task_result)
        # The task itself lost the database, and its failure could still be
        # recorded: it did not fail on its own account, so it runs again later.
        if (
            db_task_result.status == TaskResultStatus.FAILED
            and db_task_result.exception_class_path in DATABASE_LOST_PATHS
            and len(db_task_result.worker_ids) < MAX_CLAIMS
        ):
            delay = backoff_delay(
                len(db_task_result.worker_ids), first=self.backoff_first, longest=self.backoff_max
            )
            DBTaskResult.objects.filter(
                pk=db_task_result.pk, status=TaskResultStatus.FAILED
            ).update(
                status=TaskResultStatus.READY,
                started_at=None,
                finished_at=None,
                run_after=timezone.now() + timedelta(seconds=delay),
                exception_class_path="",
                traceback="",
            )
            logger.warning(
                "Task %s (%s) lost the database; queued again in %.2f s",
                db_task_result.pk,
                db_task_result.task_path,
                delay,
            )
