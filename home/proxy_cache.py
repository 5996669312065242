"""Telling the caching proxy in front (Varnish, deploy/varnish/default.vcl)
which of the public pages it keeps a change made stale.

Wagtail's frontend cache (wagtail.contrib.frontend_cache, installed when
FRONTEND_CACHE_PURGE_URL is set) sends a PURGE of a page's own addresses
when it is published or unpublished. That alone would leave stale copies,
for the reasons the app's own page cache empties itself by generation
(home/page_cache.py): a publication also changes the menu, the listings
and the links of other pages, and a registration changes the seats left on
every page that shows its session (the training in both languages, the
catalogue under its many filtered addresses, the home page). Wagtail's
backends purge addresses, never tags, hence the BAN requests of this module:

- when the content's generation moves (a page published, unpublished,
  moved or deleted, a snippet, a setting, a session saved): every kept page;
- when the seats' generation moves for a registration: the pages that show
  its session, named in the `X-Shows` header each shareable page carries
  (collected with `shows()` while it is rendered: `s<id>` for a session's
  card), and those whose list depends on the seats left (`seats`: the home
  page's next sessions, the catalogue's free-seats filter); for any other
  reason (the return day's programme): every kept page.

Bans go out once the change is committed, so that a page rendered after
them shows it; and once more a moment later, for a page whose rendering
read the database before the commit and reached Varnish after the first ban
(Varnish tests a ban only against the pages it kept before the ban). An
unreachable or slow Varnish costs a logged warning and a short timeout,
never the request.
"""

import logging
import re
import threading
from contextvars import ContextVar
from urllib.error import URLError
from urllib.request import Request, urlopen

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

HEADER = "X-Shows"
# What pages whose list depends on the seats left are tagged with.
SEATS = "seats"
# How long a ban may take before it is given up (logged).
TIMEOUT_SECONDS = 1
# The second ban, after the renderings that started before the commit
# (None: none, for tests that count what Varnish keeps).
AGAIN_AFTER_SECONDS = 0.5
TAG = re.compile(r"^[a-z0-9]+$")

# The tags of the page being rendered; None outside a shareable rendering.
_shown = ContextVar("proxy_cache_shown", default=None)
# What this thread's transactions have changed, sent on commit.
_pending = threading.local()


def session_tag(session_id):
    return f"s{session_id}"


def start_collecting():
    """Collect the tags of the page this request renders; returns the token
    for `stop_collecting`."""
    return _shown.set(set())


def stop_collecting(token):
    _shown.reset(token)


def shows(*tags):
    """The page being rendered shows what these tags name (a session's card,
    a list chosen by the seats left): a change of it bans the page."""
    shown = _shown.get()
    if shown is not None:
        shown.update(tags)


def tag(response):
    """Name on a shareable page what it shows, for the bans to find it."""
    tags = _shown.get()
    if tags:
        response[HEADER] = " ".join(sorted(tags))


def _location():
    return getattr(settings, "FRONTEND_CACHE_PURGE_URL", "")


def ban_on_commit(tags=None):
    """Once the change is committed, ban the kept pages that show one of
    `tags`, or every kept page when `tags` is None."""
    if not _location():
        return
    if tags is None:
        _pending.everything = True
    else:
        _pending.tags = getattr(_pending, "tags", set()) | set(tags)
    # Each call asks for its own callback: a rolled-back savepoint drops its
    # callbacks, and what it left pending goes out with the next ban.
    transaction.on_commit(_send_pending)


def _send_pending():
    everything = getattr(_pending, "everything", False)
    tags = getattr(_pending, "tags", set())
    _pending.everything, _pending.tags = False, set()
    if not everything and not tags:
        return
    pattern = None if everything else _pattern(tags)
    location = _location()
    ban(pattern, location=location)
    if AGAIN_AFTER_SECONDS is not None:
        again = threading.Timer(AGAIN_AFTER_SECONDS, ban, [pattern], {"location": location})
        again.daemon = True
        again.start()


def _pattern(tags):
    tags = sorted({*tags, SEATS})
    if not all(TAG.match(tag) for tag in tags):
        raise ValueError(f"Not a tag: {tags}")
    # No spaces: it goes unquoted into Varnish's ban (deploy/varnish/default.vcl).
    return "(^|[^a-z0-9])(" + "|".join(tags) + ")([^a-z0-9]|$)"


def ban(pattern=None, *, location=None):
    """Ask Varnish to drop the kept pages whose tags match `pattern` (a
    regular expression), or all of them."""
    headers = {"X-Ban-All": "1"} if pattern is None else {"X-Ban-Shows": pattern}
    try:
        request = Request(location or _location(), method="BAN", headers=headers)  # noqa: S310
        with urlopen(request, timeout=TIMEOUT_SECONDS):  # noqa: S310 - the configured proxy
            pass
    except (URLError, OSError, ValueError):
        logger.warning("The caching proxy did not take a ban", exc_info=True)
