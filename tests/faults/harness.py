"""The fault tests' harness: services of their own that a test can break and
mend (a Redis server, TCP proxies in front of PostgreSQL and Redis, an SMTP
sink, a tiny or read-only disk), the processes of the portal, and the HTTP
client the tests act through.

Every process and mount is undone by the fixture that made it; what a
fixture could not undo (the test process interrupted) is undone at exit,
and the processes are asked by the kernel to stop if the test process dies.
"""

import atexit
import contextlib
import ctypes
import email
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from email import policy
from pathlib import Path

import pytest
import requests

from bench.setup import free_port

ROOT = Path(__file__).resolve().parents[2]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def wait_until(condition, *, seconds, message, interval=0.1):
    """Poll `condition()` until it returns something true, and return that;
    fail the test with `message` (or what `message()` says then) after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"{message() if callable(message) else message} (waited {seconds} s)")
        time.sleep(interval)


# Processes ---------------------------------------------------------------------

_children = []
_libc = ctypes.CDLL(None, use_errno=True) if sys.platform == "linux" else None
PR_SET_PDEATHSIG = 1


def die_with_parent():
    """preexec_fn: the child gets SIGTERM when the test process dies, even
    killed outright, when no fixture or atexit handler could stop it."""
    if _libc is not None:
        _libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM))


def start_process(args, *, log_path, env=None):
    log = open(log_path, "ab")  # noqa: SIM115 - the child writes it until it stops
    process = subprocess.Popen(
        args,
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        preexec_fn=die_with_parent,  # noqa: PLW1509 - prctl only, no Python state
    )
    log.close()
    _children.append(process)
    return process


def stop_process(process, seconds=15):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@atexit.register
def _stop_children():
    for process in _children:
        with contextlib.suppress(Exception):
            stop_process(process, seconds=5)


# Mounts ------------------------------------------------------------------------

_mounts = []


MOUNT = shutil.which("mount")
UMOUNT = shutil.which("umount")


def mount_tmpfs(path, size):
    """A tmpfs of `size` on `path`; False when this machine does not allow it."""
    if MOUNT is None or UMOUNT is None:
        return False
    done = subprocess.run(
        [MOUNT, "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        capture_output=True,
        check=False,
    )
    if done.returncode == 0:
        _mounts.append(path)
    return done.returncode == 0


def remount_read_only(path):
    subprocess.run([MOUNT, "-o", "remount,ro", str(path)], check=True, capture_output=True)


def unmount(path):
    if path in _mounts:
        # Lazily: a process that still holds a file there lets go of it later.
        subprocess.run([UMOUNT, "-l", str(path)], check=True, capture_output=True)
        _mounts.remove(path)


@atexit.register
def _unmount_all():
    for path in list(_mounts):
        with contextlib.suppress(Exception):
            unmount(path)


# A TCP proxy -------------------------------------------------------------------


def _close(sock):
    # shutdown() wakes a thread blocked in accept() or recv() on it; close() alone does not.
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()


class Proxy:
    """A TCP proxy on a local port of its own, in front of `upstream` (host, port).

    cut(): every open connection is closed and the port refuses new ones, as
    when the service behind it stops or restarts; restore(): it listens again
    on the same port. hang(): connections are accepted and kept, but nothing
    goes through in either direction, as when the network drops packets.
    """

    def __init__(self, upstream):
        self.upstream = upstream
        self.port = free_port()
        self._lock = threading.Lock()
        self._open = set()
        self._listener = None
        self._forwarding = True
        self.restore()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.cut()

    def restore(self):
        with self._lock:
            held = [] if self._forwarding else self._take_open()
            self._forwarding = True
            if self._listener is None:
                self._listener = self._listen()
        for sock in held:
            _close(sock)

    def cut(self):
        with self._lock:
            listener, self._listener = self._listener, None
            self._forwarding = True
            stale = self._take_open()
        if listener is not None:
            _close(listener)
        for sock in stale:
            _close(sock)

    def hang(self):
        with self._lock:
            self._forwarding = False
            if self._listener is None:
                self._listener = self._listen()

    def _take_open(self):
        taken, self._open = list(self._open), set()
        return taken

    def _listen(self):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(256)
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return listener

    def _accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # cut
            with self._lock:
                if listener is not self._listener:
                    _close(client)
                    return
                self._open.add(client)
                forwarding = self._forwarding
            if forwarding:
                threading.Thread(target=self._connect, args=(client,), daemon=True).start()
            # Hanging: the connection stays open, and nothing answers.

    def _connect(self, client):
        try:
            server = socket.create_connection(self.upstream, timeout=5)
            server.settimeout(None)
        except OSError:
            with self._lock:
                self._open.discard(client)
            _close(client)
            return
        with self._lock:
            if client not in self._open:  # cut in the meantime
                _close(server)
                return
            self._open.add(server)
        for source, target in ((client, server), (server, client)):
            threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source, target):
        try:
            while data := source.recv(65536):
                if self._forwarding:
                    target.sendall(data)
                # Hanging: what was sent is lost on the way.
        except OSError:
            pass
        finally:
            with self._lock:
                self._open.discard(source)
                self._open.discard(target)
            _close(source)
            _close(target)


# Redis -------------------------------------------------------------------------


class RedisServer:
    """redis-server on a free local port, with nothing kept on disk; stop()
    and start() again on the same port (it comes back empty)."""

    def __init__(self, directory):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.process = None
        self.start()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def start(self):
        self.process = start_process(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            log_path=self.directory / "redis.log",
        )
        wait_until(self.answers, seconds=10, message="redis-server did not start")

    def stop(self):
        if self.process is not None:
            stop_process(self.process)

    @property
    def running(self):
        return self.process is not None and self.process.poll() is None

    def answers(self):
        if self.process.poll() is not None:
            pytest.fail(f"redis-server stopped: see {self.directory / 'redis.log'}")
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


# SMTP --------------------------------------------------------------------------


class SmtpSink:
    """An SMTP server (aiosmtpd) that keeps what it receives; stop() and
    start() again on the same port. `received` is a list of (recipients,
    email.message.EmailMessage)."""

    def __init__(self):
        self.port = free_port()
        self.received = []
        self._lock = threading.Lock()
        self._controller = None
        self.start()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=policy.default)
        with self._lock:
            self.received.append((tuple(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def start(self):
        from aiosmtpd.controller import Controller

        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def running(self):
        return self._controller is not None

    def to(self, address, since=0):
        """The messages received for `address`, after the first `since` of all."""
        with self._lock:
            return [
                message for recipients, message in self.received[since:] if address in recipients
            ]


# HTTP --------------------------------------------------------------------------


class Client:
    """One visitor's browser, reduced to what the tests need: cookies, forms
    with their CSRF token, no redirects followed, and a timeout on every
    request (a portal that hangs fails the test instead of holding it)."""

    def __init__(self, base_url, timeout=15):
        self.base_url = base_url
        self.timeout = timeout
        self.http = requests.Session()

    def request(self, method, path, **kwargs):
        response = self.http.request(
            method, self.base_url + path, allow_redirects=False, timeout=self.timeout, **kwargs
        )
        # Production cookies are Secure, and this portal speaks plain HTTP:
        # send them back all the same, as a proxy ending TLS would.
        for cookie in self.http.cookies:
            cookie.secure = False
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def csrf_token(self, path):
        response = self.get(path)
        found = CSRF.search(response.text)
        assert response.status_code == 200 and found, (
            f"GET {path} answered {response.status_code} without a form"
        )
        return found.group(1)

    def post(self, path, data, files=None, token=None):
        """Send a form, with the token of the form's page unless one is given."""
        token = token or self.csrf_token(path)
        return self.request("POST", path, data={**data, "csrfmiddlewaretoken": token}, files=files)

    def copy(self):
        """Another browser window of the same visitor (one client per thread)."""
        other = Client(self.base_url, timeout=self.timeout)
        other.http.cookies.update(self.http.cookies)
        return other

    def use_session(self, cookie_name, key):
        self.http.cookies.set(cookie_name, key)

    def log_in(self, login_path, email_address, password):
        response = self.post(login_path, {"login": email_address, "password": password})
        assert response.status_code == 302, f"log-in answered {response.status_code}"


def answer_of(call):
    """The status of an HTTP call, or the name of what went wrong instead
    (a timeout, a refused or reset connection)."""
    try:
        return call().status_code
    except requests.RequestException as error:
        return type(error).__name__


def hammer(requests_to_make, *, seconds, threads=3):
    """Make the (client, path) GET requests over and over from `threads`
    threads for `seconds`: a Counter of (path, status or error)."""
    answers = Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def run(offset):
        # Each thread its own copies of the clients: a requests.Session is not shared.
        own = [(client.copy(), path) for client, path in requests_to_make]
        number = offset
        while time.monotonic() < deadline:
            client, path = own[number % len(own)]
            answer = answer_of(lambda: client.get(path))  # noqa: B023 - called at once
            with lock:
                answers[(path, answer)] += 1
            number += 1

    workers = [threading.Thread(target=run, args=(offset,)) for offset in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return answers


def is_broken(answer):
    """What a person would call broken: a server error, or no answer at all."""
    return not isinstance(answer, int) or answer >= 500


def failures(answers):
    return {key: count for key, count in answers.items() if is_broken(key[1])}
