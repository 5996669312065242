"""Behind a real Varnish with the repository's VCL: an anonymous visitor gets
public pages from Varnish and sees each change (a publication, a
registration, a cancellation, a postponement) on the next request; a
member's pages are never kept."""

import urllib.request
from pathlib import Path
from urllib.error import HTTPError

import pytest
from django.test import Client

from bench.proxy import VARNISHD, varnishd
from home import proxy_cache
from tests.factories.offer import make_training
from tests.factories.pages import make_content_page
from trajecten import registrations
from trajecten.models import SessionStatus

pytestmark = [
    pytest.mark.skipif(not Path(VARNISHD).exists(), reason="`make varnish` installs varnishd"),
    # One Varnish for the module, in front of the live server of one process.
    pytest.mark.xdist_group("varnish"),
    # The live server's tests empty the database: Wagtail's root page comes back for the next.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(scope="module")
def varnish(live_server, _migrated_state_back):
    with varnishd(int(live_server.url.rsplit(":", 1)[1]), memory="32m") as url:
        yield url


@pytest.fixture(scope="module")
def _migrated_state_back(django_db_setup, django_db_blocker):
    """The live server's tests end with an empty database: the tests that
    this process runs next find it as the migrations made it (Wagtail's root
    page, the locales), as tests/conftest.py's demo_site leaves it."""
    from django.core.management import call_command
    from django.db import connection

    with django_db_blocker.unblock():
        migrated = connection.creation.serialize_db_to_string()
    yield
    with django_db_blocker.unblock():
        call_command(
            "flush",
            interactive=False,
            verbosity=0,
            inhibit_post_migrate=True,
            reset_sequences=False,
        )
        connection.creation.deserialize_db_from_string(migrated)


@pytest.fixture
def proxy(varnish, settings, transactional_db, monkeypatch):
    """The base URL of Varnish, with the portal set up to tell it of changes,
    and nothing kept from an earlier test (whose database is gone). The bans
    are not sent a second time a moment later: the tests count hits."""
    monkeypatch.setattr(proxy_cache, "AGAIN_AFTER_SECONDS", None)
    settings.PAGE_CACHE_SECONDS = 300
    settings.FRONTEND_CACHE_SECONDS = 300
    settings.FRONTEND_CACHE_PURGE_URL = varnish
    proxy_cache.ban()
    return varnish


def get(url, **headers):
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - the test's Varnish
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.headers, response.read().decode()
    except HTTPError as error:
        return error.headers, error.read().decode()


def publish(page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def test_a_visitor_sees_each_change_on_the_next_request(proxy, offer_index, member, home_pages):
    index, _ = offer_index
    training = publish(make_training(index, title="Opleiding armoede"))
    other = publish(make_content_page(home_pages[0], title="Over ons", slug="over-ons"))
    page, other_page = f"{proxy}{training.url}", f"{proxy}{other.url}"
    get(page), get(other_page)

    headers, body = get(page)
    assert headers["X-Cache"] == "hit"
    assert "15 plaatsen vrij" in body
    assert "X-Shows" not in headers

    publish(training, title="Opleiding kinderarmoede")
    assert "Opleiding kinderarmoede" in get(page)[1]
    assert "Opleiding kinderarmoede" in get(f"{proxy}{index.url}")[1]

    session = training.get_sessions()[0]
    get(other_page)
    registration = registrations.register_for_session(
        user=member,
        session=session,
        invoice=registrations.InvoiceDetails(organisation="OCMW Gent", address="Onderbergen 86"),
    )
    assert "14 plaatsen vrij" in get(page)[1]
    # Only the pages that show the session were dropped.
    assert get(other_page)[0]["X-Cache"] == "hit"

    registrations.cancel(registration=registration, by=member)
    assert "15 plaatsen vrij" in get(page)[1]

    session.status = SessionStatus.POSTPONED
    session.save()
    assert "session--postponed" in get(page)[1]

    # Wagtail's frontend cache sends a PURGE of the page's address to the
    # proxy, with the page's host: Varnish takes it.
    from wagtail.contrib.frontend_cache.backends import HTTPBackend

    assert get(page)[0]["X-Cache"] == "hit"
    HTTPBackend({"LOCATION": proxy}).purge(page)
    assert get(page)[0]["X-Cache"] == "miss"


def test_a_members_page_is_never_kept_and_other_cookies_do_not_matter(proxy, home_pages, member):
    home = f"{proxy}/nl/"
    get(home)
    assert get(home, Cookie="_ga=GA1.2.3; csrftoken=abc")[0]["X-Cache"] == "hit"

    client = Client()
    client.force_login(member)
    session = f"sessionid={client.cookies['sessionid'].value}; _ga=GA1.2.3"
    for _visit in range(2):
        headers, body = get(home, Cookie=session)
        assert headers["X-Cache"] == "miss"
        assert "Mijn account" in body
    assert "Mijn account" not in get(home)[1]

    login = f"{proxy}/nl/accounts/login/"
    get(login)
    assert get(login)[0]["X-Cache"] == "miss"
