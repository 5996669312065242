"""Benchmark of the public search on a large generated corpus.

    .venv/bin/python bench/search.py [--database sqlite|postgresql] [--pages 20000] [--rounds 5]

Builds a fresh database (SQLite: var/bench/search.sqlite3; PostgreSQL: the
database portal_bench_search on postgres@127.0.0.1:5432, or --database-url),
migrates it, generates N content pages per language (bench/corpus.py),
times a full rebuild of the search index, then times a fixed mix of queries
through the real search view (middleware, backend and template: what a
visitor waits for, minus the network). One warm-up round is not counted.
It prints p50, p95 and max per query and overall, and a summary line for
the README. The target on a 2-core machine is p95 under 50 ms on both
databases. Not part of `make test`: it takes minutes.
"""

import argparse
import math
import os
import platform
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
# Run as a script: the project's packages (portal, search, bench) must import.
sys.path.insert(0, str(ROOT))

SQLITE_FILE = ROOT / "var" / "bench" / "search.sqlite3"
POSTGRESQL_URL = "postgres://postgres@127.0.0.1:5432/portal_bench_search"
TARGET_P95_MS = 50

SYNONYMS = ["OCMW, CPAS", "leefloon, revenu d'intégration sociale, RIS"]
NL, FR = "/nl/zoeken/", "/fr/recherche/"
# (what it exercises, path, parameters): fixed, so runs compare.
QUERIES = [
    ("frequent word", NL, {"q": "opleiding"}),
    ("frequent word", FR, {"q": "formation"}),
    ("common word", NL, {"q": "vluchtelingen"}),
    ("common word, accents", FR, {"q": "réfugiés"}),
    ("rarer word", NL, {"q": "laaggeletterdheid"}),
    ("rarer word", FR, {"q": "surendettement"}),
    ("two words", NL, {"q": "budgetbeheer jongeren"}),
    ("two words", FR, {"q": "logement jeunes"}),
    ("synonym", NL, {"q": "OCMW"}),
    ("synonym, phrase", NL, {"q": "leefloon"}),
    ("synonym, phrase", FR, {"q": "revenu d'intégration sociale"}),
    ("no accents", FR, {"q": "integration sociale precarite"}),
    ("phrase-like", NL, {"q": "psychosociale begeleiding van vluchtelingen"}),
    ("phrase-like", FR, {"q": "médiation de dettes pour les familles"}),
    ("both languages", NL, {"q": "armoede", "both": "on"}),
    ("both languages", FR, {"q": "santé mentale", "both": "on"}),
    ("facet", NL, {"q": "energie", "kind": "Inhoudspagina"}),
    ("facet, by date", FR, {"q": "santé", "kind": "Page de contenu", "sort": "date"}),
    ("by date", NL, {"q": "gezondheid", "sort": "date"}),
    ("page 5", NL, {"q": "integratie", "page": "5"}),
    ("misspelt (did you mean)", NL, {"q": "begeleidng"}),
    ("misspelt (did you mean)", FR, {"q": "accompagnment"}),
    ("nonsense", NL, {"q": "xqzwvrtplk"}),
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--database-url", help="PostgreSQL only: dropped and created again")
    parser.add_argument("--pages", type=int, default=20_000, help="pages per language")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds of the query mix")
    args = parser.parse_args()
    if args.database_url and args.database != "postgresql":
        parser.error("--database-url goes with --database postgresql")
    return args


def fresh_sqlite():
    SQLITE_FILE.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ["", "-journal", "-wal", "-shm"]:
        Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{SQLITE_FILE}"


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


def setup_django(url):
    # var/static/ only exists after collectstatic; WhiteNoise's warning about it is noise here.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    # DEBUG would keep every query in memory (and slow every one down).
    assert not settings.DEBUG, "the benchmark needs DEBUG off"
    connection.force_debug_cursor = False


def timed(label, function, *args):
    print(f"{label} …", end=" ", flush=True)
    start = time.perf_counter()
    result = function(*args)
    elapsed = time.perf_counter() - start
    print(f"{elapsed:.1f} s")
    return result, elapsed


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


def load():
    """Other work on the machine skews the figures: say how busy it is."""
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.1f} (1 min) {five:.1f} (5 min)"


def migrate():
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def add_synonyms():
    from search.models import SynonymGroup

    for terms in SYNONYMS:
        SynonymGroup.objects.get_or_create(terms=terms)


def rebuild_index():
    from search.indexing import rebuild

    def progress(done, total):
        if done % 5_000 == 0 or done == total:
            print(f"\rindex build … {done:,}/{total:,}", end="", flush=True)

    print("index build …", end="", flush=True)
    start = time.perf_counter()
    # Progress only on a terminal: a log gets the result line alone.
    indexed = rebuild(progress if sys.stdout.isatty() else None)
    elapsed = time.perf_counter() - start
    print(f"\rindex build: {indexed:,} entries in {elapsed:.1f} s ({indexed / elapsed:,.0f}/s)")
    return elapsed


def result_count(html):
    """The number of results the page announces (0 when it announces none)."""
    import re

    found = re.search(r'class="results__count">([\d.,\s]+)', html)
    return int(re.sub(r"\D", "", found.group(1))) if found else 0


def run_round(client):
    """One pass over the query mix: [(milliseconds, results shown as found)]."""
    timings = []
    for _label, path, params in QUERIES:
        start = time.perf_counter()
        response = client.get(path, params)
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"{path}?{urlencode(params)} answered {response.status_code}")
        timings.append((elapsed, response.content.decode()))
    return timings


def percentile(values, share):
    """Nearest-rank percentile: the smallest value at least `share` of them do not exceed."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def run_queries(rounds):
    """Per query, the milliseconds of each timed round; and the warm-up's."""
    from django.test import Client

    client = Client()
    warm_up = run_round(client)
    samples = [[] for _ in QUERIES]
    for _round in range(rounds):
        for index, (elapsed, _html) in enumerate(run_round(client)):
            samples[index].append(elapsed)
    return samples, warm_up


def describe(path, params):
    language = "nl" if path == NL else "fr"
    return f"{language} " + urlencode(params)


def report(samples, warm_up):
    print(f"\n{'query':<62} {'found':>7} {'p50':>6} {'p95':>6} {'max':>6}  (ms)")
    for (label, path, params), times, (_first, html) in zip(QUERIES, samples, warm_up, strict=True):
        name = f"{label}: {describe(path, params)}"
        suggestion = " (did you mean)" if "search-suggestion" in html else ""
        print(
            f"{name[:62]:<62} {result_count(html):>7,} {percentile(times, 0.5):>6.1f}"
            f" {percentile(times, 0.95):>6.1f} {max(times):>6.1f}{suggestion}"
        )
    every = [time for times in samples for time in times]
    p50, p95 = percentile(every, 0.5), percentile(every, 0.95)
    print(
        f"{'overall':<62} {len(every):>7} {p50:>6.1f} {p95:>6.1f} {max(every):>6.1f}"
        f"  ({len(every)} requests)"
    )
    slowest = max(range(len(QUERIES)), key=lambda index: warm_up[index][0])
    print(
        f"warm-up round (not counted): slowest {warm_up[slowest][0]:.0f} ms,"
        f" {describe(*QUERIES[slowest][1:])}"
    )
    return p50, p95


def main():
    args = parse_args()
    if args.database == "sqlite":
        url = fresh_sqlite()
    else:
        url = fresh_postgresql(args.database_url or POSTGRESQL_URL)
    setup_django(url)
    from django.db import connection

    from bench import corpus

    print(environment())
    timed("migrate", migrate)
    add_synonyms()
    pages, corpus_time = timed(f"corpus: {2 * args.pages:,} pages", corpus.build, args.pages)
    print(f"corpus: {pages / corpus_time:,.0f} pages/s")
    build_time = rebuild_index()
    print(f"queries: {len(QUERIES)} × (1 warm-up + {args.rounds} timed rounds), {load()}")
    samples, warm_up = run_queries(args.rounds)
    p50, p95 = report(samples, warm_up)
    verdict = "met" if p95 < TARGET_P95_MS else "NOT met"
    print(f"target p95 < {TARGET_P95_MS} ms: {verdict}")
    print(
        f"\n{connection.vendor:<10} {args.pages:,} pages/lang  build {build_time:.0f} s"
        f"  p50 {p50:.0f} ms  p95 {p95:.0f} ms"
    )


if __name__ == "__main__":
    main()
