"""The task worker waits out an outage of the database and goes on by itself;
the scheduler runs each command when it is due, whatever another one does;
both stop at once when told to."""

import logging
import os
import signal
import threading
import time
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command, get_commands
from django.db import OperationalError, connection, connections
from django.utils import timezone
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portal.background import schedule as schedule_module
from portal.background.schedule import SCHEDULE, Entry, Scheduler
from portal.background.worker import MAX_CLAIMS, ResilientWorker, take_back_abandoned

BRUSSELS = ZoneInfo("Europe/Brussels")
# Seconds: small enough for a test, and the worker's own options.
FAST = ["--interval", "0", "--no-startup-delay", "--backoff-first", "0.01", "--backoff-max", "0.08"]

RUNS = []
RELEASE = threading.Event()
PENDING_SIGTERMS = []


class Outage:
    """Makes the queries of one connection fail as they do when PostgreSQL
    restarts, for the next `failing` queries."""

    def __init__(self, failing=0):
        self.failing = failing

    def __call__(self, execute, sql, params, many, context):
        if self.failing:
            self.failing -= 1
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)


OUTAGE = Outage()


@pytest.fixture
def transactional_db(django_db_serialized_rollback, transactional_db):
    """The worker commits for real; what the migrations made (content types,
    the page tree, groups) is put back afterwards, as the tests that follow in
    this process expect it."""
    return transactional_db


@task()
def remember(word: str) -> str:
    RUNS.append(word)
    return word


@task(takes_context=True)
def lose_the_database_after_the_work(context, word: str) -> str:
    """Does its work, then the database goes away before the result is
    recorded (three tries to record success, three to record failure)."""
    RUNS.append(word)
    if context.attempt == 1:
        OUTAGE.failing = 6
    return word


@task(takes_context=True)
def lose_the_database_during_the_work(context) -> str:
    if context.attempt == 1:
        raise OperationalError("terminating connection due to administrator command")
    RUNS.append("done")
    return "done"


@task()
def hold_until_released() -> str:
    RELEASE.wait(10)
    RUNS.append("held")
    return "held"


@pytest.fixture
def queue(settings):
    """Tasks wait in the database for a worker, as in production."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    RUNS.clear()
    OUTAGE.failing = 0
    RELEASE.clear()
    yield
    RELEASE.set()


@pytest.fixture
def signals_restored():
    """The commands install their own SIGTERM and SIGINT handlers: give
    pytest its own back afterwards, once no SIGTERM of a test is pending."""
    kept = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    yield
    for timer in PENDING_SIGTERMS:
        timer.cancel()
    PENDING_SIGTERMS.clear()
    for number, handler in kept.items():
        signal.signal(number, handler)


def _result(task_result):
    return DBTaskResult.objects.get(pk=task_result.id)


def _wait_for(condition, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_the_worker_waits_out_a_database_outage_then_runs_what_is_queued_afterwards(
    transactional_db, queue, monkeypatch, signals_restored, caplog
):
    caplog.set_level(logging.INFO, logger="portal.background")
    outage = Outage(failing=3)
    waits = []
    queued = []

    def pause(worker, seconds):
        waits.append(seconds)
        if outage.failing == 0 and not queued:  # the database is back
            queued.append(remember.enqueue("after the outage"))

    monkeypatch.setattr(ResilientWorker, "pause", pause)
    with connection.execute_wrapper(outage):
        call_command("worker", *FAST, "--max-tasks", "1")

    assert RUNS == ["after the outage"]
    assert _result(queued[0]).status == TaskResultStatus.SUCCESSFUL
    # Three warnings, waits growing from 0.01 s (with jitter) towards 0.08 s.
    assert len(waits) == 3 and waits == sorted(waits)
    assert 0.005 <= waits[0] <= 0.01 and 0.02 <= waits[2] <= 0.04
    lost = [r for r in caplog.records if "lost the database" in r.getMessage()]
    assert len(lost) == 3 and all(r.levelname == "WARNING" for r in lost)
    assert any("has the database back" in r.getMessage() for r in caplog.records)


def test_a_task_whose_result_could_not_be_recorded_runs_again_when_the_database_is_back(
    transactional_db, queue, monkeypatch, signals_restored
):
    monkeypatch.setattr(ResilientWorker, "pause", lambda worker, seconds: None)
    queued = lose_the_database_after_the_work.enqueue("indexed")

    with connection.execute_wrapper(OUTAGE):
        call_command("worker", *FAST, "--max-tasks", "2", "--worker-id", "worker-1")

    result = _result(queued)
    assert result.status == TaskResultStatus.SUCCESSFUL
    # It ran twice (its work is idempotent), claimed twice by the same worker.
    assert RUNS == ["indexed", "indexed"]
    assert result.worker_ids == ["worker-1", "worker-1"]


def test_a_task_that_lost_the_database_itself_is_queued_again(
    transactional_db, queue, signals_restored
):
    queued = lose_the_database_during_the_work.enqueue()

    # --batch: runs what is ready, then ends; the retry is ready at once.
    call_command(
        "worker", "--batch", "--no-startup-delay", "--backoff-first", "0", "--backoff-max", "0"
    )

    assert _result(queued).status == TaskResultStatus.SUCCESSFUL
    assert RUNS == ["done"]


def test_on_postgresql_the_worker_outlives_the_server_terminating_its_connection(
    transactional_db, queue, caplog
):
    """For real: the worker's backend is terminated (pg_terminate_backend,
    as a restart or an administrator does) while it runs a task."""
    if connection.vendor != "postgresql":
        pytest.skip("terminates a PostgreSQL backend")
    worker = ResilientWorker(
        queue_names=["default"],
        interval=0.05,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="worker-pg",
        excluded_queue_names=[],
        backoff_first=0.05,
        backoff_max=0.2,
    )

    def work():
        try:
            worker.run()
        finally:
            connections.close_all()

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    try:
        held = hold_until_released.enqueue()
        assert _wait_for(lambda: _result(held).status == TaskResultStatus.RUNNING)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            assert cursor.fetchone()[0] >= 1
        RELEASE.set()

        assert _wait_for(lambda: _result(held).status == TaskResultStatus.SUCCESSFUL)
        after = remember.enqueue("after the cut")
        assert _wait_for(lambda: _result(after).status == TaskResultStatus.SUCCESSFUL)
        assert thread.is_alive()
        assert any("lost the database" in r.getMessage() for r in caplog.records)
    finally:
        worker.running = False
        thread.join(10)
    assert not thread.is_alive()


def _stop_soon(monkeypatch, klass):
    """SIGTERM to this process half a second after the command has put its
    handlers in place (never before: it would end pytest)."""
    installed = klass.configure_signals

    def configure_signals(self):
        installed(self)
        timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGTERM))
        PENDING_SIGTERMS.append(timer)
        timer.start()

    monkeypatch.setattr(klass, "configure_signals", configure_signals)


@pytest.mark.parametrize("database", ["up", "down"])
def test_the_worker_stops_at_once_on_sigterm(
    transactional_db, queue, monkeypatch, signals_restored, database
):
    """Idle, or waiting for the database: SIGTERM ends it at once, not after
    its 30 seconds of waiting."""
    _stop_soon(monkeypatch, ResilientWorker)
    outage = Outage(failing=10_000 if database == "down" else 0)
    slow = ["--interval", "30", "--backoff-first", "30", "--backoff-max", "30"]
    started = time.monotonic()

    with connection.execute_wrapper(outage), pytest.raises(SystemExit) as stopped:
        call_command("worker", *slow, "--no-startup-delay")

    assert stopped.value.code == 0
    assert time.monotonic() - started < 5


def test_tasks_left_running_by_a_lost_worker_are_queued_again_or_given_up(db, queue):
    now = timezone.now()

    def running(worker_ids, started_at):
        queued = remember.enqueue("x")
        DBTaskResult.objects.filter(pk=queued.id).update(
            status=TaskResultStatus.RUNNING, worker_ids=worker_ids, started_at=started_at
        )
        return queued

    mine = running(["me"], now - timedelta(seconds=5))
    busy_elsewhere = running(["other"], now - timedelta(minutes=5))
    dead_elsewhere = running(["gone"], now - timedelta(hours=2))
    hopeless = running(["me"] * MAX_CLAIMS, now - timedelta(seconds=5))

    take_back_abandoned(
        backend_name="default", worker_id="me", stale_after=timedelta(hours=1), now=now
    )

    assert _result(mine).status == TaskResultStatus.READY
    assert _result(mine).started_at is None
    assert _result(busy_elsewhere).status == TaskResultStatus.RUNNING
    assert _result(dead_elsewhere).status == TaskResultStatus.READY
    given_up = _result(hopeless)
    assert given_up.status == TaskResultStatus.FAILED
    assert given_up.exception_class_path == "portal.background.worker.WorkerLost"


# The scheduler. It closes the connections a command leaves, as a request
# does, so these tests need a database they may close.


def _simulate(entries, start, minutes, run_command=None):
    """Runs a scheduler on a clock of its own, minute by minute; returns
    (local time, command) of every run."""
    now = [start]
    runs = []

    def record(name, *args, **options):
        runs.append((timezone.localtime(now[0], BRUSSELS), name))
        if run_command:
            run_command(name, now)

    scheduler = Scheduler(entries, clock=lambda: now[0], run_command=record)
    scheduler.start(start)
    for minute in range(1, minutes + 1):
        # A command may have taken the clock further (a long run).
        now[0] = max(now[0], start + timedelta(minutes=minute))
        scheduler.run_due(now[0])
    return runs


@pytest.mark.parametrize(
    "day",
    [datetime(2026, 3, 2), datetime(2026, 3, 29), datetime(2026, 10, 25)],
    ids=["ordinary day", "clocks go forward", "clocks go back"],
)
def test_the_scheduler_runs_each_command_when_it_is_due(transactional_db, settings, day):
    settings.TIME_ZONE = "Europe/Brussels"
    start = day.replace(second=30, tzinfo=BRUSSELS)
    runs = _simulate(SCHEDULE, start, 24 * 60)

    def times(command):
        return [when for when, name in runs if name == command]

    assert len(times("publish_scheduled")) == 24 * 60
    assert len(times("send_queued_mail")) == 24 * 12
    assert all(when.minute % 5 == 0 for when in times("send_queued_mail"))
    assert len(times("send_session_reminders")) == 24
    assert [(w.hour, w.minute) for w in times("anonymise_old_registrations")] == [(3, 30)]
    assert [(w.hour, w.minute) for w in times("send_evaluation_invitations")] == [(9, 0)]
    assert [(w.hour, w.minute) for w in times("prune_db_task_results")] == [(3, 45)]
    assert [(w.hour, w.minute) for w in times("make_invoices")] == [(6, 15)]


def test_every_scheduled_command_exists_and_cron_gets_the_same_schedule():
    commands = get_commands()
    assert {entry.command for entry in SCHEDULE} <= set(commands)
    assert {
        "publish_scheduled",
        "send_queued_mail",
        "send_session_reminders",
        "anonymise_old_registrations",
    } <= {entry.command for entry in SCHEDULE}

    out = StringIO()
    call_command("scheduler", "--crontab", stdout=out)
    lines = [line for line in out.getvalue().splitlines() if not line.startswith("#")]
    assert lines == [entry.crontab_line for entry in SCHEDULE]
    assert "*/5 * * * * python manage.py send_queued_mail" in lines


def test_the_scheduler_goes_on_when_a_command_fails_or_the_database_is_down(
    transactional_db, caplog
):
    entries = [
        Entry("* * * * *", "broken"),
        Entry("* * * * *", "needs_the_database"),
        Entry("* * * * *", "not_installed"),
        Entry("* * * * *", "fine"),
    ]

    def run_command(name, now):
        if name == "broken":
            raise RuntimeError("a bug")
        if name == "needs_the_database":
            raise OperationalError('connection to server at "db" failed: Connection refused')
        if name == "not_installed":
            call_command("not_installed")

    runs = _simulate(entries, datetime(2026, 3, 2, 10, 0, 30, tzinfo=BRUSSELS), 3, run_command)

    assert [name for _, name in runs].count("fine") == 3
    assert [name for _, name in runs].count("broken") == 3
    messages = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert ("ERROR", "Scheduled broken failed") in messages
    assert ("ERROR", "Scheduled not_installed failed") in messages
    assert any(
        level == "WARNING" and "needs_the_database did not run" in text for level, text in messages
    )


def test_a_long_run_is_not_followed_by_the_runs_it_overlapped(transactional_db):
    """Nothing runs twice at once, and an entry does not catch up: the
    every-minute entry kept waiting by a run of three minutes runs once when
    it is done, then at its own times again."""
    entries = [Entry("0 * * * *", "slow"), Entry("* * * * *", "publish_scheduled")]

    def run_command(name, now):
        if name == "slow":
            now[0] += timedelta(minutes=3)

    runs = _simulate(entries, datetime(2026, 3, 2, 9, 58, 30, tzinfo=BRUSSELS), 7, run_command)

    publish = [(w.hour, w.minute) for w, name in runs if name == "publish_scheduled"]
    assert publish == [(9, 59), (10, 3), (10, 4), (10, 5)]


def test_the_scheduler_stops_at_once_on_sigterm(monkeypatch, signals_restored):
    _stop_soon(monkeypatch, Scheduler)
    # Nothing to run in the half second: every entry waits for 03:00 tomorrow.
    monkeypatch.setattr(schedule_module, "SCHEDULE", (Entry("0 3 * * *", "fine"),))
    monkeypatch.setattr(
        "portal.background.management.commands.scheduler.SCHEDULE", schedule_module.SCHEDULE
    )
    started = time.monotonic()

    with pytest.raises(SystemExit) as stopped:
        call_command("scheduler")

    assert stopped.value.code == 0
    assert time.monotonic() - started < 5
