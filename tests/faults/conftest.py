"""The portal under production settings, with services a test can break.

gunicorn (2 workers) and the task worker run as their own processes on a
fresh PostgreSQL database of the suite's server, reached through a proxy
the tests can cut (the server itself is never stopped), with a Redis server
of their own behind a second proxy, mail to an SMTP sink, and the private
uploads in a folder a test can mount a tiny or read-only disk on. The
module runs when the suite runs on PostgreSQL; on SQLite it is skipped.
"""

import atexit
import contextlib
import json
import os
import shutil
import subprocess
import sys
import uuid
from urllib.parse import urlparse

import pytest
import requests

from bench.setup import gunicorn, production_environment

from .harness import (
    ROOT,
    Client,
    Proxy,
    RedisServer,
    SmtpSink,
    die_with_parent,
    start_process,
    stop_process,
    wait_until,
)

# Members with a session: the first 13 register in the database test, the
# last one in the mail test.
MEMBERS = 15


def _skip_reason():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return (
            "the fault tests run on PostgreSQL only (they cut the portal's connection "
            "to it): run the suite with DATABASE_URL=postgres://…"
        )
    if shutil.which("redis-server") is None:
        return "the fault tests need redis-server (Debian package redis-server)"
    return None


def pytest_configure(config):
    if not config.pluginmanager.hasplugin("xdist"):
        # Run without xdist (-p no:xdist): the group marker means nothing then.
        config.addinivalue_line("markers", "xdist_group(name): tests run by one xdist worker")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    reason = _skip_reason()
    for item in items:
        if "tests/faults/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.faults)
            # One process runs them all, against one live portal (make test: --dist loadgroup).
            # pytest 9.2 with pytest-xdist 3.8 ignores the group (pytest-xdist#1386):
            # each worker then starts a portal of its own, which works but costs twice.
            item.add_marker(pytest.mark.xdist_group("faults"))
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


class Portal:
    """The running portal, its services and its database."""

    def __init__(self, *, url, env, directory, database_url, scenery, **services):
        self.url = url
        self.env = env
        self.directory = directory
        self.database_url = database_url
        self.scenery = scenery
        self.redis = services["redis"]
        self.redis_proxy = services["redis_proxy"]
        self.database_proxy = services["database_proxy"]
        self.sink = services["sink"]
        self.worker = services["worker"]
        self.logs = {"gunicorn": directory / "gunicorn.log", "worker": directory / "worker.log"}

    def client(self, timeout=15):
        return Client(self.url, timeout=timeout)

    def member(self, index):
        """A client logged in as the scenery's member `index` (an OCMW employee)."""
        client = self.client()
        client.use_session(
            self.scenery["session_cookie_name"],
            self.scenery["members"][index]["session_key"],
        )
        return client

    def demo_member(self):
        """A client logged in through the log-in form as the demo member."""
        client = self.client()
        client.log_in(self.scenery["paths"]["login"], *self.scenery["demo_member"])
        return client

    def sql(self, query, *params):
        """Rows of a query on the portal's database, straight to the server
        (not through the proxy the tests cut)."""
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as connection:
            return connection.execute(query, params).fetchall()

    def healthz(self):
        """(status, JSON body) of /healthz, or (what went wrong, None)."""
        try:
            response = self.client(timeout=10).get("/healthz")
        except requests.RequestException as error:
            return type(error).__name__, None
        try:
            body = response.json()
        except ValueError:
            body = response.text
        return response.status_code, body


@contextlib.contextmanager
def _database(server_url):
    """A fresh database on the suite's PostgreSQL server, dropped afterwards."""
    import psycopg

    name = f"portal_faults_{uuid.uuid4().hex[:8]}"
    admin_url = urlparse(server_url)._replace(path="/postgres").geturl()

    def drop():
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    # Should the test process be interrupted before the fixture ends.
    atexit.register(drop)
    try:
        yield urlparse(server_url)._replace(path=f"/{name}").geturl()
    finally:
        atexit.unregister(drop)
        drop()


@contextlib.contextmanager
def _worker(env, log_path):
    process = start_process([sys.executable, "manage.py", "worker"], log_path=log_path, env=env)
    try:
        yield process
    finally:
        stop_process(process)


@contextlib.contextmanager
def _scenery(env, log_path):
    """Build the database (tests/faults/scenery.py) in a process of its own,
    while gunicorn starts: yields a function that waits for it and returns
    what it built."""
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                f"from tests.faults.scenery import main; main({MEMBERS})",
            ],
            cwd=ROOT,
            # The demo content's own work (indexing, its mail) is done as it
            # loads: the worker starts on an empty queue.
            env={**env, "TASKS_BACKEND": "immediate"},
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            preexec_fn=die_with_parent,  # noqa: PLW1509 - prctl only, no Python state
        )

    def built():
        output, _errors = process.communicate()
        if process.returncode != 0:
            pytest.fail(f"The fault tests' database could not be built: see {log_path}")
        return json.loads(output.strip().splitlines()[-1])

    try:
        yield built
    finally:
        stop_process(process)


@pytest.fixture(scope="package")
def portal(tmp_path_factory):
    directory = tmp_path_factory.mktemp("faults")
    server = urlparse(os.environ["DATABASE_URL"])
    with contextlib.ExitStack() as stack:
        database_url = stack.enter_context(_database(os.environ["DATABASE_URL"]))
        redis = stack.enter_context(RedisServer(directory / "redis"))
        redis_proxy = stack.enter_context(Proxy(("127.0.0.1", redis.port)))
        database_proxy = stack.enter_context(Proxy((server.hostname, server.port or 5432)))
        sink = stack.enter_context(SmtpSink())
        user = server.netloc.rpartition("@")[0]
        through_proxy = f"127.0.0.1:{database_proxy.port}"
        proxied = urlparse(database_url)._replace(
            netloc=f"{user}@{through_proxy}" if user else through_proxy
        )
        (directory / "media").mkdir()
        (directory / "private").mkdir()
        env = production_environment(
            proxied.geturl(),
            DJANGO_SETTINGS_MODULE="tests.faults.settings",
            REDIS_URL=f"redis://127.0.0.1:{redis_proxy.port}/0",
            EMAIL_URL=f"smtp://127.0.0.1:{sink.port}",
            EMAIL_TIMEOUT="5",
            TASKS_BACKEND="database",
            PAGE_CACHE_SECONDS="300",
            DB_CONN_MAX_AGE="60",
            MEDIA_ROOT=str(directory / "media"),
            PRIVATE_MEDIA_ROOT=str(directory / "private"),
            # Mail that failed is tried again within seconds, not minutes.
            MAIL_RETRY_FIRST_SECONDS="1",
            MAIL_RETRY_MAX_SECONDS="2",
            LOG_FORMAT="text",
            LOG_LEVEL="WARNING",
        )
        for name in ("EMAIL_HOST", "ELASTICSEARCH_URL", "AWS_STORAGE_BUCKET_NAME", "SENTRY_DSN"):
            env.pop(name, None)
        built = stack.enter_context(_scenery(env, directory / "scenery.log"))
        # /healthz, which gunicorn waits for, reads no table: it starts meanwhile.
        url = stack.enter_context(
            gunicorn(
                env,
                workers=2,
                collect_static=False,
                log_path=directory / "gunicorn.log",
                preexec_fn=die_with_parent,
            )
        )
        scenery = built()
        # The worker reads its queue's table from the start: once it is migrated.
        worker = stack.enter_context(_worker(env, directory / "worker.log"))
        yield Portal(
            url=url,
            env=env,
            directory=directory,
            database_url=database_url,
            scenery=scenery,
            redis=redis,
            redis_proxy=redis_proxy,
            database_proxy=database_proxy,
            sink=sink,
            worker=worker,
        )


@pytest.fixture
def fault_portal(portal, request):
    """The portal, with every service running again after the test, whatever
    it broke; what its processes logged during a test that failed is shown."""
    request.node.log_offsets = {name: _size(path) for name, path in portal.logs.items()}
    yield portal
    portal.redis_proxy.restore()
    portal.database_proxy.restore()
    if not portal.redis.running:
        portal.redis.start()
    if not portal.sink.running:
        portal.sink.start()
    wait_until(
        lambda: portal.healthz()[0] == 200,
        seconds=20,
        message="the portal is not healthy again after the test",
    )


def _size(path):
    return path.stat().st_size if path.exists() else 0


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    offsets = getattr(item, "log_offsets", None)
    if report.when == "call" and report.failed and offsets is not None:
        for name, path in item.funcargs["portal"].logs.items():
            with path.open("rb") as log:
                log.seek(offsets[name])
                written = log.read().decode(errors="replace")
            report.sections.append((f"{name} log during the test", written[-8000:]))
    return report
