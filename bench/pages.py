"""Benchmark of public pages, cached and uncached, over HTTP.

    .venv/bin/python bench/pages.py [--database sqlite|postgresql] [--seconds 10]

Builds a fresh database with the demo content and 30 sessions on the demo
training (SQLite: var/bench/pages.sqlite3; PostgreSQL: portal_bench_pages),
then runs gunicorn (2 workers, gunicorn.conf.py, production settings over
plain HTTP, Redis as the cache when it answers on 127.0.0.1:6379):

1. Uncached: the page cache off, one client asks for the training page again
   and again, as a member would; p50 and p95 (target: p50 under 20 ms). With
   Redis, in turns with it: a member registers for one of the sessions before
   each request (target p50 under 20 ms), and an editor publishes another
   page before each request (target p50 under 25 ms), both in this process
   through the portal's service and Wagtail, against the server's database
   and Redis: only what a change touches is rendered again.
2. Cached: wrk with 8 connections loads the training page, served from the
   page cache, and a bare WSGI app without Django that returns the same
   bytes and headers (bench/bare_wsgi.py), under the same gunicorn
   configuration and workers, in turns; requests per second of each and
   their ratio (target: the cached page at least 60 % of the bare app). A
   Django view as the yardstick would run the same middleware as the page
   and hide what the portal costs on top of gunicorn.

Not part of `make test`: it takes a few minutes. wrk comes from Debian's
package, installed when missing.
"""

import argparse
import http.client
import itertools
import json
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

# Run as a script: the project's packages (portal, bench) must import.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.setup import (  # noqa: E402
    BENCH_REDIS,
    ROOT,
    add_database_arguments,
    environment,
    fresh_database,
    gunicorn,
    load,
    load_demo,
    migrate,
    percentile,
    production_environment,
    redis_answers,
    setup_django,
    timed,
    wrk,
)

SESSIONS = 30
CONNECTIONS = 8
# p50 of the uncached training page: as kept, right after a registration,
# right after an editor publishes another page.
TARGET_UNCACHED_P50_MS = {
    "kept": 20,
    "after a registration": 20,
    "after publishing another page": 25,
}
TARGET_CACHED_RATIO = 0.60
PAGE_FILE = ROOT / "var" / "bench" / "training-page.html"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_arguments(parser, "pages")
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--requests", type=int, default=300, help="uncached requests, one by one")
    return parser.parse_args()


def thirty_sessions():
    """The demo training, with sessions up to 30; returns its address."""
    from datetime import timedelta

    from django.utils import timezone

    from bench.setup import BASIC_TRAINING_SLUG
    from trajecten.models import Session, TrainingPage

    training = TrainingPage.objects.get(locale__language_code="nl", slug=BASIC_TRAINING_SLUG)
    start = timezone.localtime().replace(hour=9, minute=30, second=0, microsecond=0)
    existing = training.sessions.count()
    for number in range(SESSIONS - existing):
        starts_at = start + timedelta(days=14 + 7 * number)
        Session.objects.create(
            page=training,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=3),
            venue_name=f"Zaal {number + 1}",
            address="Grote Markt 1",
            postal_code="9000",
            town="Gent",
            province="east_flanders",
            capacity=15,
        )
    return training.url


def get(base, path):
    """One GET on a new connection (gunicorn's sync workers close each one): (ms, response)."""
    parts = urlsplit(base)
    start = time.perf_counter()
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - start) * 1000
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")
    return elapsed, response, body


def register_in_turn(count):
    """`count` new members, each of whom registers for the next of the 30
    sessions in turn, through the registration service in this process, as
    on the registration page (its signals move the seats' generation in the
    server's Redis): one card has a seat less, the others are as they were.
    The members are made beforehand: a new profile changes the content (it
    is a snippet), a registration does not."""
    from portal.accounts.models import Profile, User
    from portal.organisations.demo import DEMO_ORGANISATIONS, listed
    from portal.organisations.models import OrganisationStatus
    from trajecten import registrations
    from trajecten.models import Session

    # The sessions thirty_sessions() added: 15 seats each, a few taken here.
    sessions = list(Session.objects.filter(venue_name__startswith="Zaal "))
    # An approved OCMW: its members register directly, no editor approves.
    ocmw_gent = listed(DEMO_ORGANISATIONS[0], OrganisationStatus.APPROVED)
    invoice = registrations.InvoiceDetails(organisation="OCMW Gent", address="Onderbergen 86")
    emails = [f"bench-member{number}@example.org" for number in range(count)]
    for number, email in enumerate(emails):
        User.objects.create_user(email=email, first_name="Lid", last_name=str(number))
    Profile.objects.filter(user__email__in=emails).update(
        organisation=ocmw_gent,
        organisation_name="OCMW Gent",
        organisation_kind=Profile.OrganisationKind.OCMW,
        is_ocmw_employee=True,
        municipality="Gent",
        job_title="Maatschappelijk werker",
        preferred_language="nl",
    )
    members = iter(User.objects.filter(email__in=emails).order_by("pk"))
    numbers = itertools.count()

    def register():
        session = sessions[next(numbers) % len(sessions)]
        registrations.register_for_session(user=next(members), session=session, invoice=invoice)

    return register


def publish_another_page():
    """An editor publishes a new revision of a page the training page does
    not show (a practitioner story), through Wagtail in this process (its
    signals move the server's generations in Redis)."""
    from verhalen.models import StoryPage

    page = StoryPage.objects.live().filter(locale__language_code="nl").first()

    def publish():
        page.save_revision().publish()

    return publish


def uncached(env, path, requests):
    """(p50, p95) of the page without the page cache: as a member gets it, with
    what each process keeps of it (menu, session cards); and, with Redis,
    right after a registration each time and right after an editor publishes
    another page each time. The three in turns, so that the machine's load
    weighs on each alike."""
    changes = {"kept": None}
    if "REDIS_URL" in env:
        changes["after a registration"] = register_in_turn(requests)
        changes["after publishing another page"] = publish_another_page()
    times = {label: [] for label in changes}
    with gunicorn({**env, "PAGE_CACHE_SECONDS": "0"}) as base:
        for _warm_up in range(20):
            get(base, path)
        for _round in range(requests):
            for label, change in changes.items():
                if change is None:
                    # Each worker has seen the last change: the page as kept.
                    get(base, path), get(base, path)
                else:
                    change()
                times[label].append(get(base, path)[0])
    return {
        label: (percentile(values, 0.5), percentile(values, 0.95))
        for label, values in times.items()
    }


# Headers gunicorn writes itself, for the portal and the bare app alike.
GUNICORN_HEADERS = {"server", "date", "connection", "transfer-encoding"}


def cached(env, path, seconds):
    """wrk on the training page from the page cache and on the bare WSGI app
    serving its bytes, both under gunicorn.conf.py with the same workers, in
    turns: {name: [wrk figures, a run each turn]}, and the page's size."""
    with gunicorn({**env, "PAGE_CACHE_SECONDS": "300"}) as base:
        # Each worker fills the cache on its own first visit.
        for _warm_up in range(10):
            _ms, response, body = get(base, path)
        if response.getheader("X-Page-Cache") != "hit":
            raise RuntimeError("the training page is not served from the page cache")
        # The bare app answers with these bytes and headers (bench/bare_wsgi.py).
        # var/bench/ is made here too: on PostgreSQL nothing made it before.
        PAGE_FILE.parent.mkdir(parents=True, exist_ok=True)
        PAGE_FILE.write_bytes(body)
        headers = [
            (name, value)
            for name, value in response.getheaders()
            if name.lower() not in GUNICORN_HEADERS
        ]
        PAGE_FILE.with_suffix(".headers.json").write_text(json.dumps(headers))
        bare_env = {**env, "BENCH_PAGE_FILE": str(PAGE_FILE)}
        with gunicorn(bare_env, app="bench.bare_wsgi", collect_static=False) as bare:
            _ms, _response, bare_body = get(bare, path)
            if bare_body != body:
                raise RuntimeError("the bare WSGI app does not serve the page's bytes")
            figures = {"page from the cache": [], "bare WSGI app": []}
            for _round in range(2):
                for name, url in [
                    ("bare WSGI app", f"{bare}{path}"),
                    ("page from the cache", f"{base}{path}"),
                ]:
                    result = wrk(url, CONNECTIONS, seconds)
                    if result["non_2xx"]:
                        raise RuntimeError(f"{name}: {result['non_2xx']} answers were not 2xx")
                    figures[name].append(result)
    return figures, len(body)


def main():
    args = parse_args()
    url = fresh_database(args, "pages")
    if redis_answers():
        # This process moves the server's cache to a new generation (uncached()).
        os.environ["REDIS_URL"] = BENCH_REDIS
    setup_django(url)
    print(environment())
    timed("migrate", migrate)
    timed("demo content", load_demo)
    path, _elapsed = timed(f"training with {SESSIONS} sessions", thirty_sessions)
    env = production_environment(url, PYTHONUNBUFFERED="1")
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    print(f"cache: {'Redis' if 'REDIS_URL' in env else 'local memory of each worker'}")

    figures = uncached(env, path, args.requests)
    print(
        f"\ntraining page ({SESSIONS} sessions) without the page cache,"
        f" one client, {args.requests} requests:"
    )
    for label, (p50, p95) in figures.items():
        target = TARGET_UNCACHED_P50_MS[label]
        verdict = "met" if p50 < target else "NOT met"
        print(
            f"  {label:<30} p50 {p50:5.1f} ms  p95 {p95:5.1f} ms"
            f"  (target p50 < {target} ms: {verdict})"
        )

    print(f"\nwrk, {CONNECTIONS} connections, {args.seconds} s a run, in turns; {load()}")
    figures, size = cached(env, path, args.seconds)
    best = {}
    for name, runs in figures.items():
        rates = [run["requests_per_second"] for run in runs]
        best[name] = max(rates)
        latency = ", ".join(f"p50 {run.get('p50', '?')} p99 {run.get('p99', '?')}" for run in runs)
        print(
            f"  {name:<22} {' / '.join(f'{rate:,.0f}' for rate in rates)} requests/s  ({latency})"
        )
    ratio = best["page from the cache"] / best["bare WSGI app"]
    verdict = "met" if ratio >= TARGET_CACHED_RATIO else "NOT met"
    print(
        f"  cached page / bare WSGI app: {ratio:.0%} of {best['bare WSGI app']:,.0f} requests/s"
        f" ({size:,} bytes a page; target >= {TARGET_CACHED_RATIO:.0%}: {verdict})"
    )


if __name__ == "__main__":
    main()
