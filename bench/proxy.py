"""Benchmark of public pages behind Varnish, beside nginx serving the same bytes.

    .venv/bin/python bench/proxy.py [--database sqlite|postgresql] [--seconds 10]

Builds a fresh database with the demo content and 30 sessions on the demo
training (as bench/pages.py), runs gunicorn (2 workers, production settings,
the page cache on, Redis when it answers) behind Varnish with the
repository's VCL (deploy/varnish/default.vcl), and nginx serving the
training page's bytes, as Varnish serves them, as a static file. Then:

1. wrk with 8 connections on the training page through Varnish and on
   nginx's file, in turns: requests per second of each and their ratio
   (target: Varnish at least 50 % of nginx);
2. "visible after": a member registers for a session of the training; the
   time from the commit to the first anonymous request through Varnish that
   shows the new count of seats left (target: at most one second), for
   several registrations.

Varnish and nginx are Debian's packages (installed when missing, as wrk),
started by this script on free local ports with their own files in a
temporary folder. Not part of `make test`; tests/home/test_varnish.py uses
`varnishd()` to prove the same behaviour in a few seconds.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

# Run as a script: the project's packages (portal, bench) must import.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.setup import (  # noqa: E402
    BENCH_REDIS,
    ROOT,
    add_database_arguments,
    environment,
    free_port,
    fresh_database,
    gunicorn,
    load,
    load_demo,
    migrate,
    production_environment,
    redis_answers,
    setup_django,
    timed,
    wrk,
)

VCL = ROOT / "deploy" / "varnish" / "default.vcl"
VARNISHD = "/usr/sbin/varnishd"
NGINX = "/usr/sbin/nginx"
CONNECTIONS = 8
TURNS = 3
TARGET_RATIO = 0.50
TARGET_VISIBLE_SECONDS = 1.0
REGISTRATIONS = 5


def debian_package(command, package):
    """`command`, from Debian's `package`; installed when missing (as `make` does)."""
    if Path(command).exists():
        return command
    print(f"Installing Debian's {package} package …", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    install = [*sudo, "apt-get", "install", "-y", "-q", package]
    if subprocess.run(install, stdout=subprocess.DEVNULL, check=False).returncode != 0:  # noqa: S603
        subprocess.run([*sudo, "apt-get", "update", "-q"], stdout=subprocess.DEVNULL, check=True)  # noqa: S603
        subprocess.run(install, stdout=subprocess.DEVNULL, check=True)  # noqa: S603
    return command


def vcl_for(backend_port):
    """The repository's VCL with the portal on this machine's `backend_port`
    (compose.yaml's is the `web` service)."""
    text = VCL.read_text()
    text = re.sub(r'\.host = "[^"]*";', '.host = "127.0.0.1";', text, count=1)
    return re.sub(r'\.port = "[^"]*";', f'.port = "{backend_port}";', text, count=1)


def _wait_for(port, process, name, seconds=30):
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):  # noqa: S310
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not start") from None
            time.sleep(0.05)


@contextmanager
def varnishd(backend_port, *, memory="64m"):
    """Varnish with the repository's VCL in front of the portal on
    `backend_port`, on a free local port, its files in a temporary folder:
    yields its base URL."""
    command = debian_package(VARNISHD, "varnish")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="varnish-") as folder:
        vcl = Path(folder) / "portal.vcl"
        vcl.write_text(vcl_for(backend_port))
        log = (Path(folder) / "varnishd.log").open("w")
        process = subprocess.Popen(  # noqa: S603 - our own proxy
            [
                command,
                "-F",
                # No jail: it runs as whoever starts it, root or not.
                "-j",
                "none",
                "-n",
                str(Path(folder) / "state"),
                "-a",
                f"127.0.0.1:{port}",
                "-f",
                str(vcl),
                "-s",
                f"malloc,{memory}",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            try:
                _wait_for(port, process, "varnishd")
            except RuntimeError:
                log.flush()
                raise RuntimeError((Path(folder) / "varnishd.log").read_text()) from None
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=30)
            log.close()


@contextmanager
def nginx(folder, *, workers="auto"):
    """Debian's nginx serving the files of `folder` on a free local port, as
    a plain process (no daemon, no root, its own temporary files): yields
    its base URL."""
    command = debian_package(NGINX, "nginx")
    port = free_port()
    folder = Path(folder)
    conf = folder / "nginx.conf"
    conf.write_text(
        f"""
worker_processes {workers};
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {folder}/client;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    default_type text/html;
    server {{
        listen 127.0.0.1:{port};
        root {folder}/files;
        location / {{ try_files $uri $uri/index.html =404; }}
    }}
}}
"""
    )
    process = subprocess.Popen(  # noqa: S603 - our own server
        [command, "-p", str(folder), "-c", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port, process, "nginx")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def get(url, **headers):
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - our own servers
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.headers, response.read()


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_arguments(parser, "proxy")
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    return parser.parse_args()


def throughput(proxy, path, seconds):
    """Requests per second of the page through Varnish and of its bytes from nginx."""
    headers, body = get(f"{proxy}{path}")
    headers, body = get(f"{proxy}{path}")
    if headers["X-Cache"] != "hit":
        raise RuntimeError("the training page is not kept by Varnish")
    with tempfile.TemporaryDirectory(prefix="nginx-") as folder:
        # nginx's workers may run as another user (nobody, when started by root).
        os.chmod(folder, 0o755)  # noqa: S103
        page = Path(folder) / "files" / path.strip("/") / "index.html"
        page.parent.mkdir(parents=True)
        page.write_bytes(body)
        for parent in page.parents:
            if parent == Path(folder):
                break
            parent.chmod(0o755)
        page.chmod(0o644)
        with nginx(folder) as static:
            if get(f"{static}{path}")[1] != body:
                raise RuntimeError("nginx does not serve the same bytes")
            figures = {"nginx, the same bytes": [], "Varnish": []}
            for _turn in range(TURNS):
                for name, url in [
                    ("nginx, the same bytes", f"{static}{path}"),
                    ("Varnish", f"{proxy}{path}"),
                ]:
                    result = wrk(url, CONNECTIONS, seconds)
                    if result["non_2xx"]:
                        raise RuntimeError(f"{name}: {result['non_2xx']} answers were not 2xx")
                    figures[name].append(result)
    return figures, len(body)


def seats_left(body):
    return re.findall(rb"(\d+) plaatsen vrij", body)


def visible_after(proxy, path):
    """Seconds from each registration's commit to the first anonymous
    request through Varnish that shows its seat taken."""
    from django.db import transaction

    from bench.setup import BASIC_TRAINING_SLUG
    from tests.factories.accounts import MemberFactory
    from trajecten import registrations
    from trajecten.models import TrainingPage

    training = TrainingPage.objects.get(locale__language_code="nl", slug=BASIC_TRAINING_SLUG)
    session = next(
        s for s in training.get_sessions() if s.is_open_for_registration and not s.is_full
    )
    delays = []
    for _registration in range(REGISTRATIONS):
        get(f"{proxy}{path}")
        before = seats_left(get(f"{proxy}{path}")[1])
        committed = []
        record = committed.append
        with transaction.atomic():
            registrations.register_for_session(
                user=MemberFactory(),
                session=session,
                invoice=registrations.InvoiceDetails(organisation="OCMW Gent", address="Markt 1"),
            )
            # After the portal's own on-commit work (the bans among it).
            transaction.on_commit(lambda: record(time.monotonic()))  # noqa: B023 - run in this turn
        while True:
            body = get(f"{proxy}{path}")[1]
            if seats_left(body) != before:
                delays.append(time.monotonic() - committed[0])
                break
            if time.monotonic() - committed[0] > 30:
                raise RuntimeError("the registration never showed through Varnish")
            time.sleep(0.01)
    return delays


def main():
    args = parse_args()
    url = fresh_database(args, "proxy")
    if redis_answers():
        # The page cache of the servers behind Varnish must learn of the
        # registrations this process makes (visible_after).
        os.environ["REDIS_URL"] = BENCH_REDIS
    setup_django(url)
    print(environment())
    timed("migrate", migrate)
    timed("demo content", load_demo)
    from bench.pages import SESSIONS, thirty_sessions

    path, _elapsed = timed(f"training with {SESSIONS} sessions", thirty_sessions)
    env = production_environment(
        url,
        PYTHONUNBUFFERED="1",
        PAGE_CACHE_SECONDS="300",
        FRONTEND_CACHE_SECONDS="300",
    )
    print(f"cache: {'Redis' if 'REDIS_URL' in env else 'local memory of each worker'}")
    with gunicorn(env) as base, varnishd(int(base.rsplit(":", 1)[1])) as proxy:
        from django.conf import settings

        # This process registers members: it bans pages as the portal's servers do.
        settings.FRONTEND_CACHE_PURGE_URL = proxy
        print(f"\nwrk, {CONNECTIONS} connections, {args.seconds} s a run, in turns; {load()}")
        figures, size = throughput(proxy, path, args.seconds)
        best = {}
        for name, runs in figures.items():
            rates = [run["requests_per_second"] for run in runs]
            best[name] = max(rates)
            latency = ", ".join(f"p50 {run.get('p50', '?')}" for run in runs)
            print(f"  {name:<22} {' / '.join(f'{r:,.0f}' for r in rates)} requests/s  ({latency})")
        ratio = best["Varnish"] / best["nginx, the same bytes"]
        verdict = "met" if ratio >= TARGET_RATIO else "NOT met"
        print(
            f"  Varnish / nginx: {ratio:.0%} of {best['nginx, the same bytes']:,.0f} requests/s"
            f" ({size:,} bytes a page; target >= {TARGET_RATIO:.0%}: {verdict})"
        )

        delays = visible_after(proxy, path)
        # The bans' second sending (home/proxy_cache.py) finds Varnish still there.
        time.sleep(1)
        worst = max(delays)
        verdict = "met" if worst <= TARGET_VISIBLE_SECONDS else "NOT met"
        print(
            f"\nvisible after a registration, {len(delays)} times: "
            + ", ".join(f"{delay * 1000:.0f} ms" for delay in delays)
            + f" (worst {worst * 1000:.0f} ms; target <= {TARGET_VISIBLE_SECONDS:.0f} s: {verdict})"
        )


if __name__ == "__main__":
    main()
