"""Redis servers a test starts and breaks (the machine's own is never
touched): a real redis-server on a free port, a port nobody listens on, and a
socket that accepts connections and never answers; and the portal's cache
pointed at one of them, as production configures it (REDIS_URL)."""

import json
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings
from django_redis.pool import ConnectionFactory

from home import page_cache
from portal.cache import reset_breakers

COMPOSE = Path(__file__).resolve().parents[2] / "compose.yaml"
REDIS_SERVER = shutil.which("redis-server")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def refused_url():
    """Nothing listens there: connections are refused."""
    return f"redis://127.0.0.1:{free_port()}/0"


class HangingServer:
    """Accepts connections and never answers, as a stalled Redis or a cut
    network does; counts the connections it was offered."""

    def __init__(self):
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(64)
        self._held = []
        self.url = f"redis://127.0.0.1:{self._socket.getsockname()[1]}/0"
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def connections(self):
        return len(self._held)

    def _accept(self):
        while True:
            try:
                connection, _ = self._socket.accept()
            except OSError:  # closed
                return
            self._held.append(connection)

    def close(self):
        self._socket.close()
        for connection in self._held:
            connection.close()


class CuttableLink:
    """A TCP proxy in front of a Redis, as the network between the portal and
    it: cut(), every connection becomes a black hole (what the portal sends
    is lost, no answer comes, and Redis keeps its data and never sees the
    commands); restore(), new connections reach Redis again."""

    def __init__(self, upstream_port):
        self.upstream_port = upstream_port
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(64)
        self.url = f"redis://127.0.0.1:{self._socket.getsockname()[1]}/0"
        self._cut = threading.Event()
        self._links = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self._socket.accept()
            except OSError:  # closed
                return
            upstream = None
            if not self._cut.is_set():
                upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
                self._links.append(upstream)
                threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()
            self._links.append(client)
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()

    def _pump(self, source, target):
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                data = b""
            if not data:
                return
            if target is None or self._cut.is_set():
                target = None  # lost, for good: this connection is a black hole now
                continue
            try:
                target.sendall(data)
            except OSError:
                return

    def cut(self):
        self._cut.set()

    def restore(self):
        self._cut.clear()

    def close(self):
        self._socket.close()
        for link in self._links:
            link.close()


def compose_redis_arguments():
    """The arguments compose.yaml starts its Redis with (after redis-server)."""
    service = re.search(
        r"^  redis:\n(?:(?:    .*)?\n)*?    command: (\[.*\])$", COMPOSE.read_text(), re.M
    )
    return json.loads(service.group(1))[1:] if service else []


class RedisServer:
    """A redis-server of the test's own on a free port, with nothing written
    to disk; it can be stopped, started again on the same port, or frozen
    (SIGSTOP: connections are accepted and never answered, the data stays)."""

    def __init__(self, *arguments):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.arguments = arguments
        self.process = None

    def start(self):
        if REDIS_SERVER is None:
            pytest.skip("redis-server is not installed")
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                *self.arguments,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                self.client().ping()
                return self
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def client(self):
        return redis.Redis.from_url(self.url, socket_timeout=1)

    def stop(self):
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def freeze(self):
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self):
        self.process.send_signal(signal.SIGCONT)


def forget_failures():
    """A process that starts afresh: no breaker open, no outage seen, nothing kept."""
    reset_breakers()
    page_cache._Outage.seen = False
    caches["process"].clear()


@contextmanager
def shared_cache_at(url, **options):
    """The portal's cache and sessions on the Redis at `url`, as production
    sets them with REDIS_URL (portal/settings/base.py); `options` override
    portal/cache.py's defaults."""
    shared = {"BACKEND": "portal.cache.RedisCache", "LOCATION": url, "OPTIONS": options}
    forget_failures()
    try:
        with override_settings(
            CACHES={**settings.CACHES, "default": shared},
            SESSION_ENGINE="django.contrib.sessions.backends.cached_db",
        ):
            yield
    finally:
        # The pools are per process and outlive the override: close their sockets.
        pool = ConnectionFactory._pools.pop(url, None)
        if pool is not None:
            pool.disconnect()
        forget_failures()
