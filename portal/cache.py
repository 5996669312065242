"""The shared cache on Redis (django-redis), made to fail soft: when Redis does
not answer, every cache call answers at once as if nothing were kept, and the
portal goes on without the cache, slower but whole.

django-redis does most of it (`IGNORE_EXCEPTIONS`: a failed call answers as a
miss; short socket timeouts). Two things it lacks are added here:

- **A breaker.** A Redis that hangs (a network cut, a stalled server) costs a
  whole socket timeout on every call, and a page makes several: after a
  failure, each process leaves Redis alone for `RETRY_AFTER_SECONDS`, so that
  one call in a few seconds waits instead of every one. (Measured with Redis
  hanging and 0.25 s timeouts: without it every page took 1.8 to 2.3 s, seven
  to nine timeouts, and a log-in 7 s; with it 14 to 20 ms, as with Redis
  stopped. See tests/portal/test_redis_outage.py.)
- **`add()` grants what it cannot check.** allauth's rate limits take a lock
  with `add()` before they count and refuse the request when they cannot have
  it (after a second of retrying), so a Redis outage would refuse every log-in,
  also the editors who come to fix things. We fail open: for the few minutes of
  an outage the limits do not count (passwords are still hashed slowly, and
  /healthz tells the operators), rather than locking everybody out.
  django-ratelimit (the G50 call forms, stories) then counts the first hit,
  which lets the request through too (and settings.RATELIMIT_FAIL_OPEN).
"""

import logging
import socket
import time
from functools import wraps
from urllib.parse import urlsplit

from django_redis.cache import RedisCache as DjangoRedisCache
from django_redis.cache import omit_exception
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

DEFAULT_OPTIONS = {
    # A failed call answers as a miss: get() its default, get_many() {},
    # set(), incr() and delete() None (see home/page_cache.py for the generations).
    "IGNORE_EXCEPTIONS": True,
    # Redis answers within a millisecond on the local network: one that has not
    # answered in a quarter of a second is taken as down.
    "SOCKET_CONNECT_TIMEOUT": 0.25,
    "SOCKET_TIMEOUT": 0.25,
    # After a failure, this process leaves Redis alone this long (0: never).
    "RETRY_AFTER_SECONDS": 5,
}

# Failures that say Redis is out of reach, not that a command was wrong.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, socket.timeout)

# Until when (time.monotonic()) each Redis, by address, is left alone. Per
# process, not per backend object: Django makes one of those per thread.
_left_alone_until = {}


def _where(server):
    """Host and port of a Redis URL, without the password it may hold."""
    parts = urlsplit(server.split(",")[0])
    return f"{parts.hostname}:{parts.port or 6379}"


class Breaker:
    def __init__(self, server, seconds):
        self.server = server
        self.seconds = seconds

    def is_open(self):
        return time.monotonic() < _left_alone_until.get(self.server, 0)

    def failed(self, error):
        first = self.server not in _left_alone_until
        _left_alone_until[self.server] = time.monotonic() + self.seconds
        if first:
            logger.warning(
                "Redis at %s does not answer (%s): the portal goes on without its cache "
                "and tries again every %s s",
                _where(self.server),
                type(error).__name__,
                self.seconds,
            )

    def answered(self):
        if _left_alone_until.pop(self.server, None) is not None:
            logger.warning("Redis at %s answers again", _where(self.server))


def reset_breakers():
    """Forget every failure (for tests)."""
    _left_alone_until.clear()


class GuardedClient:
    """django-redis's client, each call going through the breaker: skipped at
    once while it is open, recorded when Redis could not be reached."""

    def __init__(self, client, breaker):
        self._client = client
        self._breaker = breaker

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if not callable(attribute) or name == "close":
            return attribute

        @wraps(attribute)
        def guarded(*args, **kwargs):
            if self._breaker.is_open():
                # As django-redis raises it, so that IGNORE_EXCEPTIONS answers it.
                raise ConnectionInterrupted(connection=None) from RedisConnectionError(
                    "left alone after a failure"
                )
            try:
                result = attribute(*args, **kwargs)
            except ConnectionInterrupted as interrupted:
                if isinstance(interrupted.__cause__, UNREACHABLE):
                    self._breaker.failed(interrupted.__cause__)
                raise
            self._breaker.answered()
            return result

        return guarded


class RedisCache(DjangoRedisCache):
    """django-redis's backend with the defaults above (OPTIONS override them),
    the breaker, and `add()` failing open."""

    def __init__(self, server, params):
        options = {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}
        self._breaker = Breaker(server, options.pop("RETRY_AFTER_SECONDS"))
        self._guarded = None
        super().__init__(server, {**params, "OPTIONS": options})

    @property
    def client(self):
        if self._guarded is None:
            self._guarded = GuardedClient(super().client, self._breaker)
        return self._guarded

    @omit_exception(return_value=True)
    def add(self, *args, **kwargs):
        return self.client.add(*args, **kwargs)
