"""Run the task worker: django-tasks-db's `db_worker`, with the same options,
that waits out an outage of the database instead of exiting."""

import os

from django.core.management import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import valid_interval

from portal.background.worker import ResilientWorker, default_worker_id


class Command(DbWorkerCommand):
    help = (
        "Run the task worker. When the database goes away it logs a warning and tries "
        "again with back-off (doubling from --backoff-first to --backoff-max seconds) "
        "until the database answers; tasks left running are queued again."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--backoff-first",
            type=valid_interval,
            default=1.0,
            help="Seconds to wait after the database is first lost (default: %(default)r)",
        )
        parser.add_argument(
            "--backoff-max",
            type=valid_interval,
            default=30.0,
            help="Longest wait between two tries while the database is down (default: %(default)r)",
        )
        parser.add_argument(
            "--stale-after",
            type=valid_interval,
            default=3600.0,
            help=(
                "Seconds after which a task another worker left running is taken to be "
                "abandoned and queued again (default: %(default)r)"
            ),
        )
        # Stable across a restart of the same container, so that the worker
        # takes back its own unfinished task when it starts again.
        parser.set_defaults(worker_id=default_worker_id())

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        reload,
        max_tasks,
        worker_id,
        exclude_queues,
        backoff_first,
        backoff_max,
        stale_after,
        **options,
    ):
        # db_worker's handle builds its own Worker inline, so this one is
        # repeated here to build ours; the options and their checks are its.
        self.configure_logging(verbosity)
        if reload and batch:
            reload = False
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")

        worker = ResilientWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded_queue_names,
            backoff_first=backoff_first,
            backoff_max=max(backoff_max, backoff_first),
            stale_after=stale_after,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
