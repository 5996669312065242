"""A live portal with the demo content, and Debian's Chromium driven by
Playwright.

The portal runs as its own process (`manage.py runserver`, DEBUG off) on a
database of its own: a SQLite file, or a fresh PostgreSQL database on the
server of DATABASE_URL when the suite runs on PostgreSQL. The demo content is
loaded once; each journey signs up or logs in as its own people, so the
journeys do not step on each other. Mail goes to files the tests read.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from email import message_from_bytes
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "var" / "browser-screenshots"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            # One process runs them all, against one live portal (make test: --dist loadgroup).
            item.add_marker(pytest.mark.xdist_group("browser"))


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url(tmp):
    """The server's own database: beside the suite's PostgreSQL, or a SQLite file."""
    suite_url = os.environ.get("DATABASE_URL", "")
    if not suite_url.startswith("postgres"):
        return f"sqlite:///{tmp / 'portal.sqlite3'}", None
    import psycopg

    name = f"portal_browser_{uuid.uuid4().hex[:8]}"
    admin_url = urlparse(suite_url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlparse(suite_url)._replace(path=f"/{name}").geturl(), (admin_url, name)


def _drop(database):
    if database is None:
        return
    import psycopg

    admin_url, name = database
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _wait_for(url, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The portal stopped with exit code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own server
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"The portal did not answer at {url}")


class Portal:
    """The running portal: its address, and the mail it sent."""

    def __init__(self, url, mail_dir, env):
        self.url = url
        self.mail_dir = mail_dir
        self.env = env

    def manage(self, *args):
        """Run a management command against the portal's database."""
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def mails_to(self, address):
        """Messages sent to `address`, oldest first, as email.message objects."""
        found = []
        for path in sorted(self.mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime):
            # The file backend writes every message of a connection, separated by a line of dashes.
            for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if raw.strip():
                    message = message_from_bytes(raw.strip())
                    if address in message.get("To", ""):
                        found.append(message)
        return found


@pytest.fixture(scope="session")
def portal(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("portal")
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    database_url, created = _database_url(tmp)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.browser.settings",
        "DATABASE_URL": database_url,
        "PORTAL_BASE_URL": base_url,
        "PORTAL_MAIL_DIR": str(tmp / "mail"),
        "PORTAL_MEDIA_ROOT": str(tmp / "media"),
        "PORTAL_PRIVATE_ROOT": str(tmp / "private"),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)
    portal = Portal(base_url, tmp / "mail", env)
    (tmp / "mail").mkdir()
    portal.manage("migrate", "--no-input")
    portal.manage("load_demo_content")
    log = (tmp / "server.log").open("w")
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for(f"{base_url}/nl/", server)
        yield portal
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
        _drop(created)


# Package-scoped: Playwright's synchronous API keeps an event loop running in
# the process while it is open, and Django then refuses every database call
# ("You cannot call this from an async context") to the tests that the same
# pytest-xdist process runs after the browser tests.
@pytest.fixture(scope="package")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is needed at {CHROMIUM} (Debian package `chromium`).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.call_report = report
    return report


def _new_page(chromium, request, portal, **context_options):
    context = chromium.new_context(base_url=portal.url, accept_downloads=True, **context_options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    # What look() (steps.py) names its screenshots by: the journey and its language.
    params = getattr(request.node, "callspec", None)
    page.journey = {
        "name": request.node.originalname,
        "language": params.params.get("language") if params else None,
    }
    page.console_errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and page.console_errors.append(message.text),
    )
    return context, page


@pytest.fixture(params=["nl", "fr"])
def language(request):
    """The language a journey walks the portal in: each runs in Dutch and in French."""
    return request.param


@pytest.fixture
def browser_page(chromium, request, portal):
    """A fresh browser window, in the journey's language (Dutch when it has
    none); a screenshot of its last page is kept when the test fails."""
    params = getattr(request.node, "callspec", None)
    language = params.params.get("language", "nl") if params else "nl"
    context, page = _new_page(chromium, request, portal, locale=f"{language}-BE")
    yield page
    _screenshot_on_failure(request, page)
    context.close()


@pytest.fixture
def open_window(chromium, request, portal):
    """More windows, e.g. a second member or an editor beside the visitor."""
    opened = []

    def open_(**context_options):
        context, page = _new_page(chromium, request, portal, **context_options)
        opened.append((context, page))
        return page

    yield open_
    for number, (context, page) in enumerate(opened):
        _screenshot_on_failure(request, page, suffix=f"-{number + 2}")
        context.close()


def _screenshot_on_failure(request, page, suffix=""):
    report = getattr(request.node, "call_report", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = request.node.name.replace("[", "-").replace("]", "").replace("/", "-")
        # A page that was already closed has nothing to show.
        with contextlib.suppress(Exception):
            page.screenshot(path=str(SCREENSHOTS / f"{name}{suffix}.png"), full_page=True)


@pytest.fixture(scope="session", autouse=True)
def _clean_screenshots():
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)


@pytest.fixture
def new_member(portal):
    """A member with a verified address and a complete profile, made on the
    portal's database; returns (e-mail, password)."""

    def make(language="nl"):
        email = f"member-{uuid.uuid4().hex[:10]}@example.org"
        portal.manage(
            "shell",
            "-c",
            "from tests.factories.accounts import MemberFactory; "
            f"MemberFactory(email={email!r}, profile__preferred_language={language!r})",
        )
        from tests.factories.accounts import PASSWORD

        return email, PASSWORD

    return make


def log_in(page, email, password, language="nl"):
    """Log in through the portal's own log-in form."""
    page.goto(f"/{language}/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(lambda url: "/login/" not in url)
