"""The shared cache of public pages for anonymous visitors.

Written here because wagtail-cache, the library that does this for Wagtail,
declares Wagtail < 8 only (3.0.0); this follows its design: a middleware
serves a page from the cache before the rest of the middleware (security
headers, sessions, authentication) and the view run, and any change to the
content empties the page cache.

What is shared, and what never is:

- only GET and HEAD requests that carry no cookie but the CSRF and language
  ones: a session (a member, an editor, a preview, a passed page password)
  or a pending message means the page is made for that person;
- only 200 responses that set no cookie and did not put a CSRF token in the
  page (a form), are not streamed, and do not say `Cache-Control: private`,
  `no-cache` or `no-store` (the member area, the search page that counts
  queries, `never_cache` views);
- never the admin nor the documents, which check who asks.

Emptying: rather than finding every page a change shows up on (a training
is listed in the catalogue, its seats on its translation, a theme on every
page tagged with it), each change moves the cache to a new generation: a
page is kept with the generations it was made under and served only while
they are current (read with it, in one round trip), and what is kept under
a generation (`remembered`) expires unread. Editors publish a few times a
day; a page is rendered again once per generation. Changes: pages published,
unpublished, moved or deleted; snippets, settings, images and documents
saved or deleted; and, from the offer, sessions (trajecten/signals.py).

What pages show besides their own content is kept too (`remembered`), in
the shared cache and in each process, by the generation of what it shows,
so that right after a change only what the change touches is made again:

- the outline (the menu, the breadcrumbs, the links to the other
  languages, the footer, the site, the restricted paths) shows of pages
  only their OUTLINE_FIELDS. Its own generation moves with every change
  but a page published with the same OUTLINE_FIELDS (`outline_changed`
  compares them before the save): an editor publishing a story's new text
  rebuilds no menu. A site's root page is kept whole with the site, so
  publishing it moves the outline too;
- what shows more of other pages (related pages' introductions, the
  catalogue's lists) is kept by the content's generation;
- registrations change only the seats left, and members register many
  times an hour, hundreds at once when a popular session opens. They move a
  generation of their own, the seats' one: cached pages are keyed by the
  content's and the seats', so is the home page's list of sessions with
  seats left;
- session cards are kept by no generation but by all they show (their
  session's fields, its seats left, whether it started or ended, the
  page's address, the language): a registration makes one card again,
  publishing another page none (`session_grid`, trajecten/templatetags/
  offer_tags.py).

A caching proxy in front (Varnish) keeps what this cache marks shareable,
and is told of the same changes by home/proxy_cache.py, on the same signals.

When the shared cache does not answer (Redis down, see portal/cache.py),
the generations are unknown: pages are served and nothing is kept, in the
shared cache nor in the process (a key made of a generation nobody could
read might match a copy made before a change nobody could record). A change
made meanwhile cannot move the generations either, so every process that
found the cache out of reach moves them once it answers again: what was kept
before the outage is not served after it.

A page's address is kept without the parameters that never change a page
(tracking ones, as wagtail-cache's WAGTAIL_CACHE_IGNORE_QS) and with the
others in one order; a query string longer than any of the portal's own is
served but not kept. The cache itself is bounded (Redis's maxmemory with
allkeys-lru in compose.yaml, MAX_ENTRIES without Redis).
"""

import hashlib
import logging
import re
import secrets
from contextvars import ContextVar
from functools import cache as memoise
from functools import wraps
from operator import itemgetter
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import HttpResponse, QueryDict
from django.utils.cache import cc_delim_re, patch_cache_control

from . import proxy_cache

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
SEATS_GENERATION_KEY = "page-cache:seats-generation"
OUTLINE_GENERATION_KEY = "page-cache:outline-generation"
# What a page's outline is made of: what the menu, the breadcrumbs, the links
# to the other languages and the footer show of a page.
OUTLINE_FIELDS = ("title", "slug", "url_path", "path", "live", "show_in_menus", "locale")
# What every page shows (menu, footer) is kept for at most this long; any
# change of the content replaces it sooner, with the generation.
REMEMBERED_SECONDS = 60 * 60
EXCLUDED_PREFIXES = ("/admin/", "/documents/", "/healthz")
UNSHAREABLE = {"private", "no-cache", "no-store"}
HEADER = "X-Page-Cache"
# Parameters that tell where a visitor came from and never change the page:
# wagtail-cache's WAGTAIL_CACHE_IGNORE_QS, with `ref` and Google's `_gl`.
IGNORED_PARAMETERS = re.compile(
    r"^(?:_bta_.*|_ga|_gl|affiliate|ck_subscriber_id|dm_i|ef_.*|epik|fb_source|fbclid|gclid"
    r"|gclsrc|hsa_.*|matomo_.*|mc_.*|msclkid|mtm_.*|ref|s_kwcid|trk_.*|utm_.*)$"
)
# More than the portal's own links ever carry (the catalogue's filters and
# page number are 8 short ones): such a page is served, not kept.
MAX_KEPT_PARAMETERS = 12
MAX_KEPT_QUERY_LENGTH = 300


def _timeout():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


def _harmless_cookies():
    return {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}


# The generations a request started with, read once (PageCacheMiddleware):
# each read is a round trip to Redis, and a page asks for them ten times.
# None once read when the shared cache did not answer. Outside a request
# they are read at each call; in a request, on first use (a static file, a
# health check never ask).
_NOT_READ = object()
_NOT_YET = object()
_request_generations = ContextVar("page_cache_generations", default=_NOT_READ)
_KEYS = (GENERATION_KEY, SEATS_GENERATION_KEY, OUTLINE_GENERATION_KEY)


class _Outage:
    """Whether this process found the shared cache out of reach since it last
    read the generations (one flag for all its threads)."""

    seen = False


def _new_generation(key):
    """No generation yet, or the cache was emptied: start one that was never
    used, so that no process takes what it kept for an old one as current.
    None when the cache does not answer."""
    cache.add(key, secrets.randbits(48), None)
    return cache.get(key)


def _next_generation(key):
    """The generation after this one, or None when the cache does not answer
    (django-redis then answers incr() with None rather than raising)."""
    try:
        return cache.incr(key)
    except ValueError:
        return _new_generation(key)


def _read_generations(page_key=None):
    """{key: generation} of the content and of the seats, in one round trip;
    None when the shared cache does not answer. With `page_key`, the page kept
    under it comes in the same round trip: (generations, what was kept or None)."""
    keys = _KEYS if page_key is None else (*_KEYS, page_key)
    try:
        found = cache.get_many(keys)
        generations = {key: found[key] if key in found else _new_generation(key) for key in _KEYS}
        if None not in generations.values() and _Outage.seen:
            generations = _after_outage()
    except Exception:  # noqa: BLE001 - a backend that raises rather than answers "nothing"
        logger.warning("The page cache cannot read its generations", exc_info=True)
        found, generations = {}, None
    if generations is None or None in generations.values():
        _Outage.seen = True
        generations = None
    if page_key is None:
        return generations
    return generations, found.get(page_key) if generations is not None else None


def _after_outage():
    """The cache answers again after this process found it out of reach.
    A change made meanwhile, here or in another process, could not move the
    generations: move them now, so that nothing kept before is served, and
    forget what this process kept."""
    _Outage.seen = False
    caches["process"].clear()
    logger.warning("The shared cache answers again: the page cache starts a new generation")
    return {key: _next_generation(key) for key in _KEYS}


def _generations():
    generations = _request_generations.get()
    if generations is _NOT_READ:
        return _read_generations()
    if generations is _NOT_YET:
        generations = _read_generations()
        _request_generations.set(generations)
    return generations


def content_generation():
    """The generation of the content: it changes whenever what a page shows
    may have, but for the seats left. None while the cache does not answer."""
    generations = _generations()
    return None if generations is None else generations[GENERATION_KEY]


def outline_generation():
    """The generation of the outline: what the menu, the breadcrumbs, the
    footer and the site show. None while the cache does not answer."""
    generations = _generations()
    return None if generations is None else generations[OUTLINE_GENERATION_KEY]


def content_and_seats_generation():
    """The generations of the content and of the seats: what a page with
    session cards depends on. None while the cache does not answer."""
    generations = _generations()
    return None if generations is None else _both(generations)


def _both(generations):
    return f"{generations[GENERATION_KEY]}.{generations[SEATS_GENERATION_KEY]}"


def _move_on(key):
    try:
        generation = _next_generation(key)
    except Exception:  # noqa: BLE001 - a backend that raises: as one that answers None
        logger.warning("The page cache cannot move its generation", exc_info=True)
        generation = None
    if generation is None:
        # Not recorded: the first read that succeeds moves the generations.
        _Outage.seen = True
    generations = _request_generations.get()
    if generations is _NOT_READ or (generations is _NOT_YET and generation is not None):
        return
    if generations is None or generation is None:
        # The rest of this request keeps nothing.
        _request_generations.set(None)
    else:
        # The rest of this request sees its own change.
        _request_generations.set({**generations, key: generation})


def invalidate(**kwargs):
    """Every cached page is stale: move on to a new generation, of the content
    and of the outline. Takes and ignores signal arguments, so it can be a
    receiver."""
    _move_on(GENERATION_KEY)
    _move_on(OUTLINE_GENERATION_KEY)


def invalidate_content(**kwargs):
    """Every cached page is stale, but not the outline (a page published with
    its outline unchanged, see `outline_changed`, or a session saved)."""
    _move_on(GENERATION_KEY)


def invalidate_outline(**kwargs):
    _move_on(OUTLINE_GENERATION_KEY)


def invalidate_seats(**kwargs):
    """The seats left changed: pages and session cards are stale, what every
    page shows is not."""
    _move_on(SEATS_GENERATION_KEY)


def _now_and_on_commit(invalidation):
    """Invalidate now, and again once the change is committed: another
    request may render the old content in between and cache it in the new
    generation. (Inside a transaction that is rolled back, the first one
    costs a page rendered again, nothing more.)"""
    invalidation()
    transaction.on_commit(invalidation)


def invalidate_on_commit(**kwargs):
    _now_and_on_commit(invalidate)
    proxy_cache.ban_on_commit()


def invalidate_content_on_commit(**kwargs):
    _now_and_on_commit(invalidate_content)
    proxy_cache.ban_on_commit()


def invalidate_seats_on_commit(*, shown=None, **kwargs):
    """The seats left changed: of the sessions `shown` names (proxy_cache's
    tags), or of what, unknown (None: a caching proxy drops every page)."""
    _now_and_on_commit(invalidate_seats)
    proxy_cache.ban_on_commit(shown)


def remembered(name, compute, *parts, seats=False, outline=False):
    """`compute()`, kept in the cache until the content changes: for what every
    page shows and only editors change, the main menu or the footer, which
    would otherwise be read from the database in every page view. The
    value must pickle (plain data, not pages). With `seats=True`, until the
    content or the seats left change: for what shows seats (the sessions
    with seats left on the home page), kept as the page cache keeps pages.
    With `outline=True`, until the outline changes: for what shows of pages
    only their OUTLINE_FIELDS (the menu, the breadcrumbs), of sites,
    locales and view restrictions, snippets and settings.

    A value kept under a generation never changes, so each process keeps a
    copy too (the "process" cache, Django's local-memory one): a page asks
    for several, and each would be a round trip to Redis. While the cache
    does not answer, nothing is kept: `compute()` each time."""
    if seats:
        generation = content_and_seats_generation()
    elif outline:
        generation = outline_generation()
    else:
        generation = content_generation()
    if generation is None:
        return compute()
    scope = "outline:" if outline else ""
    key = f"page-cache:{scope}{generation}:{name}:" + ":".join(str(part) for part in parts)
    kept = caches["process"]
    value = kept.get(key)
    if value is None:
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, REMEMBERED_SECONDS)
        kept.set(key, value, REMEMBERED_SECONDS)
    return value


class ProcessCache(LocMemCache):
    """The "process" cache (settings.CACHES): what each process keeps by
    generation, `remembered` values, and the session cards
    (components/session_grid.html). While the generations are unknown it
    gives and keeps nothing, whatever the key says."""

    def get(self, key, default=None, version=None):
        if _generations() is None:
            return default
        return super().get(key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if _generations() is not None:
            super().set(key, value, timeout, version)


def is_shareable_request(request):
    if _timeout() <= 0 or request.method not in ("GET", "HEAD"):
        return False
    # Wagtail's previews are made-up requests to the page's full URL: the
    # live page kept under that address is not what the editor is editing.
    if getattr(request, "is_dummy", False):
        return False
    # The static files are WhiteNoise's, which comes after the page cache.
    path = request.path
    if path.startswith(EXCLUDED_PREFIXES) or path.startswith(settings.STATIC_URL):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return set(request.COOKIES) <= _harmless_cookies()


def is_shareable_response(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    directives = {
        part.split("=")[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return not directives & UNSHAREABLE


def kept_query(request):
    """The query string a shared page is kept under: without the parameters
    that never change a page, the others in one order (their values in
    theirs). None when what is left is more than any of the portal's own
    links carry: served, not kept, so that made-up addresses cannot fill the
    cache."""
    pairs = [
        (name, value)
        for name, values in sorted(request.GET.lists(), key=itemgetter(0))
        if not IGNORED_PARAMETERS.match(name)
        for value in values
    ]
    query = urlencode(pairs)
    if len(pairs) > MAX_KEPT_PARAMETERS or len(query) > MAX_KEPT_QUERY_LENGTH:
        return None
    return query


def page_key(request, query):
    """Where the page of this address is kept, whatever the generation: the
    generations it was made under are kept with it (PageCacheMiddleware), so
    that one round trip reads them and the page together."""
    # The scheme and host are part of the address: http and https, or two
    # sites, never share an entry.
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return f"page-cache:page:{hashlib.sha256(address.encode()).hexdigest()}"


class PageCacheMiddleware:
    """Place it first but for the request id (settings.MIDDLEWARE): a page is
    kept with the headers the middleware after it gave the response (the
    security headers, the CSP), so that a hit runs none of it, nor the
    sessions and the view. Those headers are the ones of the code and
    settings that made the page: a deploy that changes them reaches a kept
    page within PAGE_CACHE_SECONDS, or at the next change of the content.

    A page is kept as (the generations it was made under, status, headers,
    body): plain values that unpickle in microseconds, where a pickled
    HttpResponse took longer than the rest of a hit. It is served only while
    the generations read in the same round trip (one MGET, atomic in Redis)
    are still the ones it was made under; after a change it is rendered
    again and replaces the old one under the same key."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_generations.set(_NOT_YET)
        collecting = proxy_cache.start_collecting()
        try:
            return self.serve(request)
        finally:
            proxy_cache.stop_collecting(collecting)
            _request_generations.reset(token)

    def serve(self, request):
        query = kept_query(request) if is_shareable_request(request) else None
        if query is None:
            return self.get_response(request)
        key = page_key(request, query)
        generations, kept = _read_generations(key)
        _request_generations.set(generations)
        if generations is None:
            return self.get_response(request)
        made_under = _both(generations)
        if kept is not None and kept[0] == made_under:
            _generations, status, headers, body = kept
            return HttpResponse(body, status=status, headers={**headers, HEADER: "hit"})
        if query != request.META.get("QUERY_STRING", ""):
            # The view sees the address the page is kept under, so that the
            # page (its links to the next page of results, to the other
            # language) is the same for every address that gets it.
            request.META = {**request.META, "QUERY_STRING": query}
            request.GET = QueryDict(query, encoding=request.encoding)
        response = self.get_response(request)
        if is_shareable_response(request, response):
            proxy_seconds = getattr(settings, "FRONTEND_CACHE_SECONDS", 0)
            if proxy_seconds > 0:
                # A proxy may keep it too, and is told when what it shows changes.
                patch_cache_control(response, public=True, s_maxage=proxy_seconds)
                proxy_cache.tag(response)
            # Unless the cache stopped answering meanwhile (see _move_on).
            # Kept under the generations the request started with: if a
            # change came in while it was rendered, it is not served.
            if _request_generations.get() is not None:
                kept = (made_under, response.status_code, dict(response.items()), response.content)
                cache.set(key, kept, _timeout())
                response[HEADER] = "miss"
        return response


def never_shared(view):
    """The view's answer is for this request only (it counts or records it):
    no shared cache, ours or a proxy's, may keep it."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True)
        return response

    return wrapped


# Snippets that hold members' own data, edited in the admin as snippets but
# shown to members and editors only, never on a shared page: a member
# signing up or changing their profile must not empty every cache.
MEMBER_SNIPPETS = {"accounts.Profile"}


@memoise
def content_models():
    """The models whose rows decide what a page shows besides the pages:
    snippets, settings, images, documents, who may see a page, the sites.
    Read on the first save, once every app has registered its snippets."""
    from wagtail.contrib.settings.registry import registry as settings_registry
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Locale, Page, PageViewRestriction, Site
    from wagtail.snippets.models import get_snippet_models

    return (
        Page,
        PageViewRestriction,
        Site,
        Locale,
        *(model for model in get_snippet_models() if model._meta.label not in MEMBER_SNIPPETS),
        *settings_registry,
        get_image_model(),
        get_document_model(),
    )


def content_changed(sender, instance, **kwargs):
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.models import Page

    if not isinstance(instance, content_models()):
        return
    saved = kwargs.get("signal") is post_save
    # Pages count when deleted only: saving a draft changes nothing public,
    # and publishing is told by Wagtail's own signals.
    if saved and isinstance(instance, Page):
        return
    # Wagtail makes an empty settings row on first use: the pages showed
    # nothing of it before and show nothing now.
    if (
        saved
        and kwargs.get("created")
        and isinstance(instance, BaseSiteSetting | BaseGenericSetting)
    ):
        return
    invalidate_on_commit()


def outline_changed(sender, instance, update_fields=None, raw=False, **kwargs):
    """A page is saved (published, most often): the outline moves on too if
    what it shows of the page changes, or the page is a site's root (the
    site is kept with its root page whole), or is new. Read before the save,
    from the database: one query, when an editor saves a page."""
    from wagtail.models import Page, Site

    if raw or not isinstance(instance, Page):
        return
    fields = [name for name in OUTLINE_FIELDS if update_fields is None or name in update_fields]
    if not fields:
        return
    before = Page.objects.filter(pk=instance.pk).values(*fields).first() if instance.pk else None
    if (
        before is None
        or any(
            before[name] != getattr(instance, Page._meta.get_field(name).attname) for name in fields
        )
        or Site.objects.filter(root_page_id=instance.pk).exists()
    ):
        _now_and_on_commit(invalidate_outline)


def connect_signals():
    from wagtail.signals import page_published, page_unpublished, post_page_move

    # Published: what pages show is stale; the outline only if the page's
    # changed (outline_changed, before the save).
    page_published.connect(invalidate_content_on_commit, dispatch_uid="page-cache-page-published")
    for name, signal in [
        ("unpublished", page_unpublished),
        ("moved", post_page_move),
    ]:
        signal.connect(invalidate_on_commit, dispatch_uid=f"page-cache-page-{name}")
    pre_save.connect(outline_changed, dispatch_uid="page-cache-outline-changed")
    post_save.connect(content_changed, dispatch_uid="page-cache-content-saved")
    post_delete.connect(content_changed, dispatch_uid="page-cache-content-deleted")
