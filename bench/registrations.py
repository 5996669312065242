"""Benchmark of registrations under load, over HTTP, on PostgreSQL.

    .venv/bin/python bench/registrations.py [--attempts 1000] [--clients 50]

Builds a fresh PostgreSQL database (portal_bench_registrations, or
--database-url) with the demo content and one new session of 15 seats on
the demo training, and as many members (OCMW staff, logged in) as there
are attempts. gunicorn (2 workers of 4 threads, production settings over
plain HTTP) serves the portal. Every member opens the registration form
(GET, for the CSRF token); then `--clients` threads send the forms (POST),
all at the same time, until every member has tried once. Mail waits in the
task queue (TASKS_BACKEND=database) for the worker that runs beside the
portal in production.

It prints what the members got (confirmed, waiting list), the answers by
status, and the p50 / p95 / max time of the POSTs. Its yardstick, from the
same run: the same members send the same forms, with the same clients, to
a view that passes the same middleware, session and CSRF checks and
registers nothing (bench/urls.py): what the machine, the load generator
and the request itself cost before any registration. Targets (issue 20):
exactly 15 confirmed, the rest on the waiting list in order, no 5xx, p95
under 500 ms.
"""

import argparse
import http.client
import re
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.setup import (  # noqa: E402
    environment,
    fresh_postgresql,
    gunicorn,
    load,
    load_demo,
    migrate,
    percentile,
    production_environment,
    setup_django,
    timed,
)

SEATS = 15
TARGET_P95_MS = 500
# The yardstick's view (bench/urls.py).
YARDSTICK_PATH = "/bench/logged-in-post/"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/portal_bench_registrations",
        help="a PostgreSQL database, dropped and created again",
    )
    parser.add_argument("--attempts", type=int, default=1_000)
    parser.add_argument("--clients", type=int, default=50)
    return parser.parse_args()


def session_of_15_seats():
    from datetime import timedelta

    from django.utils import timezone

    from bench.setup import BASIC_TRAINING_SLUG
    from trajecten.models import Session, TrainingPage

    training = TrainingPage.objects.get(locale__language_code="nl", slug=BASIC_TRAINING_SLUG)
    starts_at = timezone.localtime().replace(hour=9, minute=30, second=0) + timedelta(days=40)
    return Session.objects.create(
        page=training,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        venue_name="Stadhuis",
        address="Botermarkt 1",
        postal_code="9000",
        town="Gent",
        province="east_flanders",
        capacity=SEATS,
    )


def logged_in_members(count):
    """`count` members of an OCMW with a complete profile, each with a session
    the server accepts: the session cookie values."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    from portal.accounts.models import Profile, User
    from portal.organisations.demo import DEMO_ORGANISATIONS, listed
    from portal.organisations.models import OrganisationStatus

    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    # An approved OCMW: what makes a member register directly.
    ocmw_gent = listed(DEMO_ORGANISATIONS[0], OrganisationStatus.APPROVED)
    cookies = []
    for number in range(count):
        user = User.objects.create_user(
            email=f"member{number}@example.org", first_name="Lid", last_name=str(number)
        )
        Profile.objects.filter(user=user).update(
            organisation=ocmw_gent,
            organisation_name="OCMW Gent",
            organisation_kind=Profile.OrganisationKind.OCMW,
            is_ocmw_employee=True,
            municipality="Gent",
            job_title="Maatschappelijk werker",
            preferred_language="nl",
        )
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies.append(session.session_key)
    return cookies


class Attempts:
    """The members' attempts, shared by the client threads: each member opens
    the form first (for its CSRF token), then all send it at once."""

    def __init__(self, base, path, cookies, cookie_name):
        host, port = base.removeprefix("http://").split(":")
        self.address = (host, int(port))
        self.path = path
        self.cookie_name = cookie_name
        self.members = list(cookies)
        self.forms = []
        self.lock = threading.Lock()
        self.statuses = Counter()
        self.post_ms = []
        self.errors = []

    def request(self, method, cookie, body=None, path=None):
        connection = http.client.HTTPConnection(*self.address, timeout=60)
        headers = {"Cookie": cookie}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path or self.path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        connection.close()
        return response, text

    def open_form(self, session_key):
        cookie = f"{self.cookie_name}={session_key}"
        response, html = self.request("GET", cookie)
        token = CSRF.search(html)
        csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
        if response.status != 200 or not token or not csrf_cookie:
            raise RuntimeError(f"the form answered {response.status}")
        form = {
            "csrfmiddlewaretoken": token.group(1),
            "with_lunch": "no",
            "billing_organisation": "OCMW Gent",
            "billing_address": "Onderbergen 86, 9000 Gent",
        }
        return f"{cookie}; csrftoken={csrf_cookie.group(1)}", urlencode(form)

    def send_form(self, cookie, body, path=None):
        start = time.perf_counter()
        response, _html = self.request("POST", cookie, body, path)
        elapsed = (time.perf_counter() - start) * 1000
        with self.lock:
            self.statuses[response.status] += 1
            self.post_ms.append(elapsed)

    def run(self, work, items, clients):
        """`work(item)` for every item, from `clients` threads at once."""
        items = list(items)

        def client():
            while True:
                with self.lock:
                    if not items:
                        return
                    item = items.pop()
                try:
                    result = work(*item) if isinstance(item, tuple) else work(item)
                    if result is not None:
                        with self.lock:
                            self.forms.append(result)
                except Exception as error:  # noqa: BLE001 - counted and shown, the run goes on
                    with self.lock:
                        self.errors.append(repr(error))

        threads = [threading.Thread(target=client) for _ in range(clients)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - start


def main():
    args = parse_args()
    url = fresh_postgresql(args.database_url)
    # Mail waits in the task queue for the worker, as in production.
    env = production_environment(url, TASKS_BACKEND="database")
    # Production settings with the yardstick's route (bench/urls.py).
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    # This process writes the members' sessions where the server reads them.
    import os

    os.environ.update(env)
    setup_django(url, settings="bench.settings")
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation
    from django_tasks_db.models import DBTaskResult

    from trajecten.models import Registration

    print(environment())
    timed("migrate", migrate)
    timed("demo content", load_demo)
    session, _elapsed = timed(f"a session of {SEATS} seats", session_of_15_seats)
    cookies, _elapsed = timed(f"{args.attempts:,} members", logged_in_members, args.attempts)
    with translation.override("nl"):
        path = reverse("register_session", args=[session.uid])

    with gunicorn(env, workers=2, threads=4) as base:
        attempts = Attempts(base, path, cookies, settings.SESSION_COOKIE_NAME)
        print(f"{args.attempts:,} members open the form …", end=" ", flush=True)
        elapsed = attempts.run(attempts.open_form, attempts.members, args.clients)
        print(f"{elapsed:.1f} s")
        if attempts.errors:
            # Nothing to measure: the log of the server says why.
            raise SystemExit(
                f"{len(attempts.errors)} forms did not open, e.g. {attempts.errors[0]}"
            )
        print(f"{args.attempts:,} attempts from {args.clients} clients …", end=" ", flush=True)
        elapsed = attempts.run(attempts.send_form, attempts.forms, args.clients)
        print(f"{elapsed:.1f} s ({args.attempts / elapsed:,.0f} attempts/s); {load()}")
        yardstick = Attempts(base, YARDSTICK_PATH, cookies, settings.SESSION_COOKIE_NAME)
        print(
            f"yardstick: the same forms to {YARDSTICK_PATH} (no registration) …",
            end=" ",
            flush=True,
        )
        elapsed = yardstick.run(
            yardstick.send_form,
            [(cookie, body, YARDSTICK_PATH) for cookie, body in attempts.forms],
            args.clients,
        )
        print(f"{elapsed:.1f} s ({args.attempts / elapsed:,.0f} requests/s); {load()}")

    registrations = Registration.objects.filter(session=session)
    by_status = Counter(registrations.values_list("status", flat=True))
    ranks = list(
        registrations.filter(status="waitlisted")
        .order_by("waitlist_rank")
        .values_list("waitlist_rank", flat=True)
    )
    server_errors = sum(count for status, count in attempts.statuses.items() if status >= 500)
    p50, p95 = percentile(attempts.post_ms, 0.5), percentile(attempts.post_ms, 0.95)
    print(f"answers to the POSTs: {dict(sorted(attempts.statuses.items()))}")
    if attempts.errors:
        print(f"client errors: {len(attempts.errors)}, e.g. {attempts.errors[0]}")
    print(f"registrations: {dict(by_status)}")
    print(
        f"waiting list ranks 1..{len(ranks)} without gaps: {ranks == list(range(1, len(ranks) + 1))}"
    )
    print(
        f"registration POST p50 {p50:.0f} ms  p95 {p95:.0f} ms  max {max(attempts.post_ms):.0f} ms"
    )
    bare = yardstick.post_ms
    print(
        f"yardstick POST    p50 {percentile(bare, 0.5):.0f} ms  p95 {percentile(bare, 0.95):.0f} ms"
        f"  max {max(bare):.0f} ms  (answers {dict(sorted(yardstick.statuses.items()))})"
    )
    queued = DBTaskResult.objects.filter(task_path__endswith="send_notification").count()
    print(f"mails waiting for the worker: {queued:,}")
    met = (
        by_status.get("confirmed") == SEATS
        and by_status.get("waitlisted") == args.attempts - SEATS
        and server_errors == 0
        and not attempts.errors
        and p95 < TARGET_P95_MS
    )
    print(
        f"target: exactly {SEATS} confirmed, the rest waitlisted, no 5xx, p95 < {TARGET_P95_MS} ms:"
        f" {'met' if met else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
