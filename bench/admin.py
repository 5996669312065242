"""Benchmark of the Wagtail page explorer on a large section.

    .venv/bin/python bench/admin.py [--database sqlite|postgresql] [--children 5000]

Builds a fresh database (SQLite: var/bench/admin.sqlite3; PostgreSQL:
portal_bench_admin) with a Dutch and a French archive page of N children
each (bench/corpus.py), a superuser, and an editor whose group holds 500
page permissions (adding, editing and publishing in the Dutch archive, and
editing 497 single French pages). Then times the explorer listing of the
Dutch archive (/admin/pages/<id>/, as Wagtail sorts and paginates it) for
each of them, through Django's test client: the server's work, without the
network. Target on a 2-core machine: under 500 ms.
"""

import argparse
import gc
import sys
import time
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

TARGET_MS = 500
PERMISSIONS = 500


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_arguments(parser, "admin")
    parser.add_argument("--children", type=int, default=5_000, help="children of the archive")
    parser.add_argument("--requests", type=int, default=20, help="timed requests per user")
    return parser.parse_args()


def people():
    """(superuser, editor with 500 page permissions) and the Dutch archive."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission, Page

    from portal.accounts.models import User

    archive_nl = Page.objects.get(slug="archief", depth=3)
    archive_fr = Page.objects.get(slug="archives", depth=3)
    superuser = User.objects.create_superuser(email="admin@example.org")
    editor = User.objects.create_user(email="editor@example.org", is_staff=True)
    group = Group.objects.create(name="Bench editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(group)
    page_permission = {
        codename: Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        for codename in ("add_page", "change_page", "publish_page")
    }
    grants = [
        GroupPagePermission(group=group, page=archive_nl, permission=permission)
        for permission in page_permission.values()
    ]
    for page in archive_fr.get_children()[: PERMISSIONS - len(grants)]:
        grants.append(
            GroupPagePermission(group=group, page=page, permission=page_permission["change_page"])
        )
    GroupPagePermission.objects.bulk_create(grants)
    assert GroupPagePermission.objects.filter(group=group).count() == PERMISSIONS
    return superuser, editor, archive_nl


def explorer_times(user, parent, requests):
    from django.db import connection
    from django.test import Client

    client = Client()
    client.force_login(user)
    url = f"/admin/pages/{parent.pk}/"
    for _warm_up in range(3):
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{user.email} got {response.status_code} for {url}")
    # Counted by a wrapper: Django empties its own query log when a request starts.
    queries = []
    with connection.execute_wrapper(lambda execute, *args: queries.append(1) or execute(*args)):
        client.get(url)
    times = []
    for _request in range(requests):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return times, len(queries)


def main():
    args = parse_args()
    setup_django(fresh_database(args, "admin"))
    from bench import corpus

    print(environment())
    timed("migrate", migrate)
    timed(f"corpus: 2 archives of {args.children:,} children", corpus.build, args.children)
    (superuser, editor, archive), _elapsed = timed(f"users, {PERMISSIONS} page permissions", people)
    # As each gunicorn worker does once it has loaded the portal (gunicorn.conf.py).
    gc.collect()
    gc.freeze()
    print(
        f"\nexplorer of {archive.url_path} ({args.children:,} children), {args.requests} requests each:"
    )
    from django.db import DatabaseError

    worst = 0
    for label, user in [("superuser", superuser), (f"editor, {PERMISSIONS} permissions", editor)]:
        try:
            times, queries = explorer_times(user, archive, args.requests)
        except DatabaseError as error:
            # SQLite refuses Wagtail's query for many page permissions (one OR each).
            print(f"  {label:<28} fails: {error}")
            worst = float("inf")
            continue
        p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
        worst = max(worst, p95)
        print(
            f"  {label:<28} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  max {max(times):6.1f} ms  ({queries} queries)"
        )
    verdict = "met" if worst < TARGET_MS else "NOT met"
    print(f"target < {TARGET_MS} ms (p95 of both): {verdict}")


if __name__ == "__main__":
    main()
