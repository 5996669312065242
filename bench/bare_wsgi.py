"""The yardstick of the page cache in bench/pages.py: a WSGI app of a few
lines, without Django, that answers every request with the bytes and the
headers of the cached training page, as the benchmark recorded them.

Run under the same gunicorn configuration as the portal
(`gunicorn -c gunicorn.conf.py bench.bare_wsgi`), it is what gunicorn itself
costs: the portal cannot serve a page faster than this."""

import json
import os
from pathlib import Path

PAGE_FILE = Path(os.environ["BENCH_PAGE_FILE"])
BODY = PAGE_FILE.read_bytes()
HEADERS = [
    tuple(header) for header in json.loads(PAGE_FILE.with_suffix(".headers.json").read_text())
]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
