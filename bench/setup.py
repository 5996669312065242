"""What the benchmarks share: a fresh database, Django on it, the machine's
description, timing helpers, and a gunicorn server to load over HTTP."""

import math
import os
import platform
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
POSTGRESQL_SERVER = "postgres://postgres@127.0.0.1:5432/"
# Redis database 15: the benchmarks' own, emptied by nothing else.
BENCH_REDIS = "redis://127.0.0.1:6379/15"
# The demo's basic training (the demo has two follow-up trainings beside it).
BASIC_TRAINING_SLUG = "basisopleiding-psychosociale-impact-migratie"


def add_database_arguments(parser, name):
    """--database and --database-url; a benchmark's own database is `portal_bench_<name>`."""
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument(
        "--database-url",
        help=f"PostgreSQL only (default {POSTGRESQL_SERVER}portal_bench_{name}): dropped and created again",
    )


def fresh_database(args, name):
    """A new, empty database for the benchmark `name`; returns its URL."""
    if args.database_url and args.database != "postgresql":
        raise SystemExit("--database-url goes with --database postgresql")
    if args.database == "sqlite":
        return fresh_sqlite(ROOT / "var" / "bench" / f"{name}.sqlite3")
    return fresh_postgresql(args.database_url or f"{POSTGRESQL_SERVER}portal_bench_{name}")


def fresh_sqlite(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ["", "-journal", "-wal", "-shm"]:
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def fresh_postgresql(url):
    """Drop and create the database of `url`, from the server's `postgres` database."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    with psycopg.connect(
        dbname="postgres",
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        autocommit=True,
    ) as server:
        name = sql.Identifier(config["NAME"])
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        server.execute(sql.SQL("CREATE DATABASE {}").format(name))
    return url


def setup_django(url, settings="portal.settings.test"):
    # var/static/ only exists after collectstatic; WhiteNoise's warning about it is noise here.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = settings
    import django

    django.setup()
    from django.conf import settings as django_settings
    from django.db import connection

    # DEBUG would keep every query in memory (and slow every one down).
    assert not django_settings.DEBUG, "the benchmark needs DEBUG off"
    connection.force_debug_cursor = False


def migrate():
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def load_demo():
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo_content", stdout=StringIO())


def timed(label, function, *args):
    print(f"{label} …", end=" ", flush=True)
    start = time.perf_counter()
    result = function(*args)
    elapsed = time.perf_counter() - start
    print(f"{elapsed:.1f} s")
    return result, elapsed


def percentile(values, share):
    """Nearest-rank percentile: the smallest value at least `share` of them do not exceed."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def load():
    """Other work on the machine skews the figures: say how busy it is."""
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.1f} (1 min) {five:.1f} (5 min)"


def environment():
    import django
    import wagtail
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    return (
        f"{connection.vendor} {version}, Python {platform.python_version()}, "
        f"Django {django.get_version()}, Wagtail {wagtail.__version__}, "
        f"{os.cpu_count()} CPUs, {platform.system()} {platform.machine()}, {load()}"
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_environment(database_url, **extra):
    """The environment of portal.settings.production on this machine: a local
    address over plain HTTP, the given database, Redis when it answers."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "bench-" + "x" * 60,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "SECURE_SSL_REDIRECT": "false",
        "TASKS_BACKEND": "immediate",
        "LOG_LEVEL": "WARNING",
        "EDITOR_MFA_REQUIRED": "false",
        "PYTHONPATH": str(ROOT),
        **extra,
    }
    if "REDIS_URL" not in extra and redis_answers():
        env["REDIS_URL"] = BENCH_REDIS
    return env


def redis_answers():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


@contextmanager
def gunicorn(
    env,
    workers=2,
    threads=1,
    *,
    app="portal.wsgi",
    collect_static=True,
    log_path=None,
    **popen_options,
):
    """gunicorn with the portal's config file, on a free local port: yields its
    base URL. `app` is the WSGI module it serves (the portal, or a yardstick
    under the same configuration). The static files are collected first, as
    they are at a build (unless the settings serve them from the apps:
    collect_static=False).
    Its log goes to `log_path` (default var/bench/gunicorn.log); further
    options go to subprocess.Popen."""
    if collect_static:
        manage(env, "collectstatic", "--no-input", "-v0")
    port = free_port()
    env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_THREADS": str(threads),
        # No worker restarts in the middle of a measurement.
        "GUNICORN_MAX_REQUESTS": "0",
    }
    # Its log goes to a file: the figures stay readable, and errors can be read after.
    log_path = log_path or ROOT / "var" / "bench" / "gunicorn.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = log_path.open("a")
    server = subprocess.Popen(  # noqa: S603 - our own server
        [str(VENV_BIN / "gunicorn"), "-c", "gunicorn.conf.py", app],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
        **popen_options,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2):  # noqa: S310
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def wrk_command():
    """wrk, from Debian's package; installed when missing (as `make` does for Chromium)."""
    found = shutil.which("wrk")
    if found:
        return found
    print("Installing Debian's wrk package for the load …", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    install = [*sudo, "apt-get", "install", "-y", "-q", "wrk"]
    if subprocess.run(install, stdout=subprocess.DEVNULL, check=False).returncode != 0:
        subprocess.run([*sudo, "apt-get", "update", "-q"], stdout=subprocess.DEVNULL, check=True)
        subprocess.run(install, stdout=subprocess.DEVNULL, check=True)
    return shutil.which("wrk")


def wrk(url, connections, seconds, threads=2):
    """Requests per second and the latency distribution wrk reports, for `url`."""
    result = subprocess.run(  # noqa: S603
        [wrk_command(), f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = {"requests_per_second": 0.0, "non_2xx": 0}
    for line in result.stdout.splitlines():
        words = line.split()
        if line.startswith("Requests/sec:"):
            figures["requests_per_second"] = float(words[1])
        elif line.strip().startswith("Non-2xx or 3xx responses:"):
            figures["non_2xx"] = int(words[-1])
        elif words and words[0] in ("50%", "99%"):
            figures[f"p{words[0][:-1]}"] = words[1]
    return figures
