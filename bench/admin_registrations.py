"""Benchmark of the registrations admin with many registrations.

    .venv/bin/python bench/admin_registrations.py [--database sqlite|postgresql]
        [--registrations 100000] [--requests 20]

Builds a fresh database (SQLite: var/bench/admin_registrations.sqlite3;
PostgreSQL: portal_bench_admin_registrations) with the demo content, 200
sessions of the demo's trainings (half of them past, with everyone's
attendance marked) and members to fill them. Each session gets the same
share of the registrations: half of them confirmed, then a waiting list,
cancellations and requests waiting for approval; so `status=confirmed`
selects half of all registrations (50,000 of 100,000).

Then, logged in as the demo editor, it times through Django's test client
(the server's work, without the network) the registrations listing
filtered by status and by session, the participants page of a coming
session and the admin dashboard: p50 / p95 and the number of queries,
first with 100 registrations in the database (the yardstick: four
sessions of 25 around the chosen one, so that every page is as full as it
will be), then with all of them. The export of
the confirmed registrations (CSV and XLSX) runs in a fresh process each,
which consumes the response chunk by chunk and reports the peak of its
resident memory (/proc/self/statm, read every 5 ms) above what it used
after a small export of the same kind.

Targets (issue 20): each page p95 < 300 ms in as many queries as with 100
registrations; the export streams and adds < 150 MB at its peak.
"""

import argparse
import gc
import json
import random
import resource
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.setup import (  # noqa: E402
    add_database_arguments,
    environment,
    fresh_database,
    load_demo,
    migrate,
    percentile,
    setup_django,
    timed,
)

TARGET_MS = 300
TARGET_EXPORT_MB = 150
SESSIONS = 200
YARDSTICK = 100
EDITOR = "editor@example.org"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_arguments(parser, "admin_registrations")
    parser.add_argument("--registrations", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page")
    # The export's own process (see export_in_fresh_process).
    parser.add_argument("--export-child", help=argparse.SUPPRESS)
    return parser.parse_args()


class Plan:
    """Who registers for which of `sessions` with which status: registration
    number i is the k-th of session i % len(sessions). The first half of
    each session's registrations are confirmed (its capacity), then a
    waiting list, then cancellations, then requests."""

    def __init__(self, total, sessions, members):
        self.sessions = sessions
        self.per_session = total // len(sessions)
        self.capacity = self.per_session // 2
        self.members = members

    def member(self, session_number, k):
        # Distinct within a session (one active registration per member and session).
        return (session_number * 37 + k) % len(self.members)

    def status(self, k):
        rest = k - self.capacity
        if rest < 0:
            return "confirmed", None
        if rest < self.per_session * 3 // 10:
            return "waitlisted", rest + 1
        if rest < self.per_session * 44 // 100:
            return "cancelled", None
        return "pending", None


def members(count):
    """Members of OCMWs with a complete profile, created together."""
    from portal.accounts.models import Profile, User

    users = User.objects.bulk_create(
        [
            User(
                email=f"lid{number}@example.org",
                first_name=random.choice(["An", "Bart", "Chloé", "Dirk", "Emma", "Farid"]),
                last_name=f"Lid {number}",
                password="!",  # noqa: S106 - no password: never logs in by one
            )
            for number in range(count)
        ],
        batch_size=2_000,
    )
    users = list(User.objects.filter(email__startswith="lid").order_by("pk"))
    Profile.objects.bulk_create(
        [
            Profile(
                user=user,
                organisation_name="OCMW Gent",
                organisation_kind=Profile.OrganisationKind.OCMW,
                is_ocmw_employee=True,
                municipality="Gent",
                job_title="Maatschappelijk werker",
                preferred_language="nl",
            )
            for user in users
        ],
        batch_size=2_000,
    )
    return users


def sessions():
    """SESSIONS sessions on the demo's Dutch trainings, one a week; the first
    half in the past, the chosen one (for the participants page) to come."""
    from django.utils import timezone

    from trajecten.models import Session, TrainingPage

    trainings = list(TrainingPage.objects.filter(locale__language_code="nl").order_by("path"))
    start = timezone.now().replace(hour=9, minute=30, second=0, microsecond=0)
    created = Session.objects.bulk_create(
        [
            Session(
                page=trainings[number % len(trainings)],
                starts_at=start + timedelta(days=7 * (number - SESSIONS // 2)),
                ends_at=start + timedelta(days=7 * (number - SESSIONS // 2), hours=3),
                venue_name="Stadhuis",
                address="Botermarkt 1",
                postal_code="9000",
                town="Gent",
                province="east_flanders",
                capacity=1,  # set below, when the plan is known
            )
            for number in range(SESSIONS)
        ]
    )
    return list(Session.objects.filter(pk__in=[s.pk for s in created]).order_by("starts_at"))


def registrations(plan):
    """The registrations of the plan, and the attendance of the confirmed
    ones at past sessions; the sessions' capacity is the plan's. Returns
    the registrations' ids."""
    from django.utils import timezone

    from trajecten.models import Attendance, Registration, Session, SessionAttendance

    Session.objects.filter(pk__in=[s.pk for s in plan.sessions]).update(capacity=plan.capacity)
    now = timezone.now()
    rows = []
    for number in range(plan.per_session * len(plan.sessions)):
        session_number, k = number % len(plan.sessions), number // len(plan.sessions)
        status, rank = plan.status(k)
        session = plan.sessions[session_number]
        rows.append(
            Registration(
                user=plan.members[plan.member(session_number, k)],
                session=session,
                status=status,
                waitlist_rank=rank,
                price_due=45,
                billing_organisation="OCMW Gent",
                billing_address="Onderbergen 86, 9000 Gent",
                billing_reference=f"PO-{number}",
                vat_number="BE0212345678",
            )
        )
    Registration.objects.bulk_create(rows, batch_size=5_000)
    SessionAttendance.objects.bulk_create(
        [
            SessionAttendance(
                registration_id=row.pk,
                session_id=row.session_id,
                attendance=Attendance.PRESENT if row.pk % 10 else Attendance.ABSENT,
            )
            for row in rows
            if row.status == "confirmed" and row.session.starts_at < now
        ],
        batch_size=5_000,
    )
    return [row.pk for row in rows]


def pages(session_list):
    """(label, url) of the pages timed."""
    from django.urls import reverse

    chosen = session_list[SESSIONS // 2]  # the first session to come
    return chosen, [
        ("listing, status=waitlisted", "/admin/registration/?status=waitlisted"),
        ("listing, session=<chosen>", f"/admin/registration/?session={chosen.pk}"),
        ("participants of <chosen>", reverse("session_participants", args=[chosen.pk])),
        ("dashboard (/admin/)", "/admin/"),
    ]


def times(client, url, requests):
    from django.db import connection

    for _warm_up in range(2):
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    # Counted by a wrapper: Django empties its own query log when a request starts.
    queries = []
    with connection.execute_wrapper(lambda execute, *args: queries.append(1) or execute(*args)):
        client.get(url)
    measured = []
    for _request in range(requests):
        start = time.perf_counter()
        client.get(url)
        measured.append((time.perf_counter() - start) * 1000)
    return measured, len(queries)


def measure(client, labelled_urls, requests):
    results = {}
    for label, url in labelled_urls:
        measured, queries = times(client, url, requests)
        results[label] = (percentile(measured, 0.5), percentile(measured, 0.95), queries)
    return results


def export_in_fresh_process(args, url, export_format, small_filter):
    """The export of the confirmed registrations, in a process of its own so
    that its peak memory is the export's and not this one's."""
    order = {"url": url, "format": export_format, "small": small_filter}
    command = [sys.executable, __file__, "--export-child", json.dumps(order)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise RuntimeError(f"the export failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def resident_mb():
    """The process's resident memory now (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


class PeakMemory:
    """The highest resident memory of the process while it is used, read
    every 5 ms by a thread (the XLSX is written before its first byte is
    sent, a CSV row by row: a peak anywhere is seen)."""

    def __enter__(self):
        self.peak = resident_mb()
        self.running = True
        self.thread = threading.Thread(target=self.sample, daemon=True)
        self.thread.start()
        return self

    def sample(self):
        while self.running:
            self.peak = max(self.peak, resident_mb())
            time.sleep(0.005)

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()
        self.peak = max(self.peak, resident_mb())


def consume(client, query, kept=None):
    """The bytes of an export, read chunk by chunk as a server sends them
    (and written to `kept`, a file, to be counted afterwards)."""
    response = client.get("/admin/registration/", query)
    if response.status_code != 200:
        raise RuntimeError(f"the export answered {response.status_code}")
    size = 0
    chunks = response.streaming_content if response.streaming else [response.content]
    for chunk in chunks:
        size += len(chunk)
        if kept is not None:
            kept.write(chunk)
    return response.streaming, size


def rows_of(export_format, path):
    """The rows of an exported file, without the headings."""
    if export_format == "csv":
        import csv

        with open(path, newline="", encoding="utf-8") as text:
            return sum(1 for _row in csv.reader(text)) - 1
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True)
    rows = sum(1 for _row in workbook.active.iter_rows(values_only=True)) - 1
    workbook.close()
    return rows


def export_child(order):
    import tempfile

    order = json.loads(order)
    setup_django(order["url"])
    from django.test import Client

    from portal.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=EDITOR))
    # The process's baseline: Django, the admin and the export's code loaded,
    # a small export of the same kind done.
    consume(client, {**order["small"], "export": order["format"]})
    gc.collect()
    baseline = resident_mb()
    with tempfile.NamedTemporaryFile(suffix=f".{order['format']}") as kept:
        start = time.perf_counter()
        with PeakMemory() as memory:
            streaming, size = consume(
                client, {"status": "confirmed", "export": order["format"]}, kept
            )
        elapsed = time.perf_counter() - start
        added = memory.peak - baseline
        kept.flush()
        rows = rows_of(order["format"], kept.name)
    print(
        json.dumps(
            {
                "streaming": streaming,
                "bytes": size,
                "rows": rows,
                "seconds": elapsed,
                "baseline_mb": baseline,
                "added_mb": added,
            }
        )
    )


def report(label, small, large):
    print(f"  {label:<28} {'with ' + format(YARDSTICK, ','):>10}   {'with all':>10}")
    worst = 0.0
    constant = True
    for page, (p50, p95, queries) in large.items():
        s50, s95, squeries = small[page]
        worst = max(worst, p95)
        constant = constant and queries <= squeries
        print(
            f"  {page:<28} p50 {s50:6.1f} p95 {s95:6.1f} ms ({squeries:2} q)"
            f"   p50 {p50:6.1f} p95 {p95:6.1f} ms ({queries:2} q)"
        )
    return worst, constant


def main():
    args = parse_args()
    if args.export_child:
        return export_child(args.export_child)
    url = fresh_database(args, "admin_registrations")
    setup_django(url)
    from django.test import Client

    from portal.accounts.models import User
    from trajecten.models import Registration

    print(environment())
    random.seed(20)
    timed("migrate", migrate)
    timed("demo content", load_demo)
    session_list, _elapsed = timed(f"{SESSIONS} sessions", sessions)
    per_session = args.registrations // SESSIONS
    users, _elapsed = timed(f"{per_session * 10:,} members", members, per_session * 10)
    chosen, labelled_urls = pages(session_list)
    # The yardstick: YARDSTICK registrations on four sessions around the
    # chosen one, so that every page shows as many rows as it will (a full
    # page of the listing).
    middle = SESSIONS // 2
    small_plan = Plan(YARDSTICK, session_list[middle - 2 : middle + 2], users)
    created, _elapsed = timed(f"{YARDSTICK} registrations", registrations, small_plan)
    client = Client()
    client.force_login(User.objects.get(email=EDITOR))
    # As each gunicorn worker does once it has loaded the portal (gunicorn.conf.py).
    gc.collect()
    gc.freeze()
    small = measure(client, labelled_urls, args.requests)
    Registration.objects.filter(pk__in=created).delete()
    timed(
        f"{args.registrations:,} registrations instead",
        registrations,
        Plan(args.registrations, session_list, users),
    )
    if url.startswith("postgres"):
        from django.db import connection

        # As autovacuum does soon after a bulk load: the planner's statistics.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    total = Registration.objects.count()
    at_chosen = Registration.objects.filter(session=chosen).active().count()
    large = measure(client, labelled_urls, args.requests)
    print(
        f"\n{args.requests} requests each, at {YARDSTICK} and at {total:,} registrations"
        f" ({at_chosen} active at the chosen session):"
    )
    worst, constant = report("page", small, large)
    print(
        f"  (with {YARDSTICK}: four sessions of 25 registrations, the chosen one among them;"
        " every listing shows a full page)"
    )

    confirmed = Registration.objects.filter(status="confirmed").count()
    print(f"\nexport of the {confirmed:,} confirmed registrations, each in a fresh process:")
    exports_met = True
    for export_format in ["csv", "xlsx"]:
        figures = export_in_fresh_process(args, url, export_format, {"session": session_list[0].pk})
        print(
            f"  {export_format:<5} streamed: {figures['streaming']}, {figures['rows']:,} rows,"
            f" {figures['bytes'] / 1e6:.1f} MB in {figures['seconds']:.1f} s;"
            f" peak memory {figures['added_mb']:.0f} MB above the process's"
            f" {figures['baseline_mb']:.0f} MB after a small export"
        )
        exports_met = (
            exports_met and figures["streaming"] and figures["added_mb"] < TARGET_EXPORT_MB
        )
        if figures["rows"] != confirmed:
            exports_met = False
            print(f"  the export has {figures['rows']:,} rows, not {confirmed:,}")

    met = worst < TARGET_MS and constant
    print(
        f"target: every page p95 < {TARGET_MS} ms in as many queries as with {YARDSTICK}:"
        f" {'met' if met else 'NOT met'} (worst p95 {worst:.0f} ms)"
    )
    print(
        f"target: the exports stream and add < {TARGET_EXPORT_MB} MB:"
        f" {'met' if exports_met else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
