"""Benchmark: does the time of a sign-up tell whether the address has an account?

    .venv/bin/python bench/signup_timing.py [--database sqlite|postgresql] [--rounds 40]
                                            [--allauth-form]

Builds a fresh database (SQLite: var/bench/signup_timing.sqlite3; PostgreSQL:
portal_bench_signup_timing) with the home pages and one member, and hashes
passwords with Django's default hasher (PBKDF2, as production does). Then,
in rounds, in a random order within each round, it signs up through
Django's test client (the server's work, without the network):

- with the member's address (allauth answers as for a new address and
  mails the owner: prevent enumeration);
- with a new address (an account is made and a verification mail written);
- and, as a yardstick in the same run, hashes one password alone.

Both sign-ups write one mail to the outbox and hand it to the task queue
(TASKS_BACKEND=database, no worker: as in production, where the worker
sends it). allauth's rate limits are off: the work is measured, not the
limits. It prints the median and the 10th-90th percentile of each, and the
difference of the medians against the yardstick. Target: the difference of
the medians is well under one hash (under a fifth of the yardstick's
median). `--allauth-form` measures allauth's own sign-up form instead of the
portal's, for comparison: there the known address skips the hash.
"""

import argparse
import os
import random
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.setup import (  # noqa: E402
    add_database_arguments,
    environment,
    fresh_database,
    migrate,
    percentile,
    setup_django,
    timed,
)

PASSWORD = "a-Long-bench-password-42"  # noqa: S105
KNOWN = "known@ocmw.example.be"
# Under a fifth of one hash between the medians: well below what a visitor
# can tell apart from the jitter of a network.
TARGET_SHARE_OF_A_HASH = 0.2


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_arguments(parser, "signup_timing")
    parser.add_argument("--rounds", type=int, default=40, help="timed sign-ups of each kind")
    parser.add_argument(
        "--allauth-form",
        action="store_true",
        help="allauth's own sign-up form, without the portal's equal work (for comparison)",
    )
    return parser.parse_args()


def signup(email):
    """One sign-up from a new browser; its time in milliseconds."""
    from django.test import Client

    client = Client()
    form = {
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "first_name": "An",
        "last_name": "Peeters",
    }
    start = time.perf_counter()
    response = client.post("/nl/accounts/signup/", form)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 302:
        raise RuntimeError(f"sign-up of {email} answered {response.status_code}")
    return elapsed


def yardstick():
    """One password hashed alone with the default hasher, in milliseconds."""
    from django.contrib.auth.hashers import make_password

    start = time.perf_counter()
    make_password(PASSWORD)
    return (time.perf_counter() - start) * 1000


def summary(label, times):
    return (
        f"  {label:<34} median {percentile(times, 0.5):7.1f} ms"
        f"   (p10 {percentile(times, 0.1):7.1f}, p90 {percentile(times, 0.9):7.1f})"
    )


def main():
    args = parse_args()
    # The task queue of production: mail waits in the database for the worker.
    os.environ["TASKS_BACKEND"] = "database"
    setup_django(fresh_database(args, "signup_timing"))
    from django.conf import global_settings, settings
    from django.test.utils import override_settings

    from bench import corpus
    from portal.accounts.models import User

    # Production's hashing (the test settings hash with MD5), every rate limit off.
    overrides = {
        "PASSWORD_HASHERS": global_settings.PASSWORD_HASHERS,
        "ACCOUNT_RATE_LIMITS": False,
    }
    if args.allauth_form:
        overrides["ACCOUNT_FORMS"] = {}
    override_settings(**overrides).enable()

    print(environment())
    timed("migrate", migrate)
    timed("home pages, one member", corpus.default_site_homes)
    User.objects.create_user(email=KNOWN, password=PASSWORD)
    form = "allauth's own sign-up form" if args.allauth_form else "the portal's sign-up form"
    print(f"hasher: {settings.PASSWORD_HASHERS[0].rsplit('.', 1)[-1]}; {form}")

    kinds = {
        "address with an account": lambda: signup(KNOWN),
        "new address": lambda: signup(f"new-{uuid.uuid4().hex[:12]}@ocmw.example.be"),
        "yardstick: one password hash alone": yardstick,
    }
    for run in kinds.values():  # warm up: templates, the first connection, caches
        run()
    times = {label: [] for label in kinds}
    order = list(kinds)
    rng = random.Random(14)  # noqa: S311 - a reproducible order, not a secret
    for _round in range(args.rounds):
        rng.shuffle(order)
        for label in order:
            times[label].append(kinds[label]())

    print(f"\n{args.rounds} of each, in a random order within each round:")
    for label, values in times.items():
        print(summary(label, values))
    known, new, one_hash = (percentile(values, 0.5) for values in times.values())
    difference = new - known
    share = abs(difference) / one_hash
    print(
        f"  new minus known: {difference:+.1f} ms, {share:.0%} of one hash "
        f"(target under {TARGET_SHARE_OF_A_HASH:.0%}): "
        f"{'met' if share < TARGET_SHARE_OF_A_HASH else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
