"""A Redis outage slows the portal down and breaks nothing: pages are served
without the cache, members stay logged in and can log in, /healthz names
the cache, and caching resumes by itself when Redis is back, without
serving what was kept before a change made meanwhile."""

import time

import pytest
from django.core.cache import cache, caches
from django.urls import reverse
from django.utils import translation

from home.page_cache import HEADER
from tests.factories.accounts import PASSWORD
from tests.factories.offer import make_call_form, make_training
from tests.factories.pages import make_content_page
from tests.portal.redis_servers import (
    CuttableLink,
    HangingServer,
    RedisServer,
    refused_url,
    shared_cache_at,
)

pytestmark = pytest.mark.django_db

# A breaker window short enough for a test to wait it out.
RETRY_AFTER = 0.3


@pytest.fixture(params=["refused", "hanging"])
def dead_redis(request):
    """The cache's Redis down: stopped (nothing listens) or hanging (a socket
    that never answers)."""
    if request.param == "refused":
        with shared_cache_at(refused_url()):
            yield None
    else:
        server = HangingServer()
        try:
            with shared_cache_at(server.url):
                yield server
        finally:
            server.close()


@pytest.fixture
def redis_server():
    server = RedisServer().start()
    try:
        with shared_cache_at(server.url, RETRY_AFTER_SECONDS=RETRY_AFTER):
            yield server
    finally:
        server.stop()


@pytest.fixture
def redis_link():
    """A Redis of the test's own, reached through a link the test can cut."""
    server = RedisServer().start()
    link = CuttableLink(server.port)
    try:
        with shared_cache_at(link.url, RETRY_AFTER_SECONDS=RETRY_AFTER):
            yield link
    finally:
        link.close()
        server.stop()


def dashboard_url():
    with translation.override("nl"):
        return reverse("member_dashboard")


def publish(page):
    page.save_revision().publish()
    return page


def wait_out_the_breaker():
    time.sleep(RETRY_AFTER + 0.1)


def test_every_page_is_served_while_redis_is_down(client, home_pages, member, dead_redis):
    home, _ = home_pages
    about = publish(make_content_page(home, title="Over ons", slug="over-ons"))

    started = time.monotonic()
    visits = [client.get("/nl/"), client.get(about.url), client.get("/nl/"), client.get(about.url)]
    health = client.get("/healthz")
    client.force_login(member)
    dashboard = client.get(dashboard_url())
    elapsed = time.monotonic() - started

    assert [visit.status_code for visit in visits] == [200] * 4
    assert "Over ons" in visits[1].content.decode()
    assert all(HEADER not in visit for visit in visits)  # nothing kept, nothing served from it
    assert (health.status_code, health.json()) == (503, {"database": "ok", "cache": "failing"})
    assert dashboard.status_code == 200 and member.email in dashboard.content.decode()
    # A hanging Redis costs one socket timeout (0.25 s), not one for each
    # call (14 s for these visits without the breaker).
    assert elapsed < 5


def test_a_logged_in_member_stays_logged_in_while_redis_is_down(
    client, home_pages, member, redis_server
):
    response = client.post("/nl/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert member.email in client.get(dashboard_url()).content.decode()

    redis_server.freeze()  # hanging
    try:
        hanging = client.get(dashboard_url())
    finally:
        redis_server.thaw()
    redis_server.stop()  # gone
    stopped = client.get(dashboard_url())

    for response in (hanging, stopped):
        assert response.status_code == 200
        assert member.email in response.content.decode()


def test_members_log_in_while_redis_is_down(client, home_pages, member, dead_redis):
    """allauth's rate limits cannot count without Redis: they let the member
    in (fail open) instead of refusing everybody, at once."""
    started = time.monotonic()
    response = client.post("/nl/accounts/login/", {"login": member.email, "password": PASSWORD})
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert member.email in client.get(dashboard_url()).content.decode()
    assert elapsed < 3  # 7 s with a timeout on each of allauth's cache calls


CALL_ANSWERS = {
    "je_naam": "Els Peeters",
    "je_e_mailadres": "els@ocmw.example.be",
    "wat_is_de_overbodige_stap": "Een attest dat we al hebben.",
    "waar_in_de_keten": "Lokaal",
}


def test_a_call_form_is_taken_while_redis_is_down(client, home_pages, dead_redis):
    call = make_call_form(home_pages[0])

    response = client.post(call.url, CALL_ANSWERS)

    assert response.status_code == 200
    assert call.get_submissions().count() == 1


def test_a_call_form_is_taken_when_its_count_is_lost_halfway(client, home_pages, monkeypatch):
    """django-ratelimit found the visitor's counter, then Redis failed as it
    counted (django-redis answers incr() with None): RATELIMIT_FAIL_OPEN."""
    call = make_call_form(home_pages[0])
    assert client.post(call.url, CALL_ANSWERS).status_code == 200
    monkeypatch.setattr(caches["default"], "incr", lambda *args, **kwargs: None)

    response = client.post(call.url, CALL_ANSWERS)

    assert response.status_code == 200
    assert call.get_submissions().count() == 2


def test_nothing_is_kept_in_the_process_while_redis_is_down(
    client, offer_index, member, dead_redis
):
    """Not the menu, the site, the tags nor the session cards: kept under a
    generation nobody could read, they might outlive a change nobody could
    record."""
    index, _ = offer_index
    training = publish(make_training(index, sessions=2))
    client.force_login(member)

    for url in ["/nl/", index.url, training.url, training.url]:
        assert client.get(url).status_code == 200

    assert caches["process"]._cache == {}


def test_a_hanging_redis_costs_one_timeout_every_few_seconds(client, home_pages, member):
    """Each page asks the cache several times (generations, site, menu,
    session): after one timeout the process leaves Redis alone for a while."""
    server = HangingServer()
    try:
        with shared_cache_at(server.url):
            client.force_login(member)
            started = time.monotonic()
            for _visit in range(5):
                assert client.get(dashboard_url()).status_code == 200
                assert client.get("/nl/").status_code == 200
            elapsed = time.monotonic() - started
            tried = server.connections
    finally:
        server.close()

    assert tried == 1
    assert elapsed < 3  # 20 s without the breaker


def test_healthz_names_the_cache_while_redis_is_down_and_recovers(client, db, redis_server):
    redis_server.stop()
    started = time.monotonic()
    down = client.get("/healthz")
    elapsed = time.monotonic() - started

    redis_server.start()
    wait_out_the_breaker()
    up = client.get("/healthz")

    assert (down.status_code, down.json()) == (503, {"database": "ok", "cache": "failing"})
    assert elapsed < 2
    assert (up.status_code, up.json()) == (200, {"database": "ok", "cache": "ok"})


def test_caching_resumes_by_itself_when_redis_returns(client, home_pages, redis_server):
    assert client.get("/nl/")[HEADER] == "miss"
    redis_server.stop()

    assert [HEADER in client.get("/nl/") for _visit in range(2)] == [False, False]

    redis_server.start()
    wait_out_the_breaker()
    assert [client.get("/nl/")[HEADER] for _visit in range(2)] == ["miss", "hit"]


@pytest.mark.parametrize("logged_in", [False, True], ids=["visitor", "member"])
def test_a_page_published_while_redis_is_cut_off_shows_once_it_answers(
    client, home_pages, member, redis_link, logged_in
):
    """Cut off (the network, not Redis, fails), Redis keeps what it had: the
    page cached before and the generation it was cached under. An editor
    publishes meanwhile, in another process, and cannot move the generation.
    The process that found Redis out of reach moves it when Redis answers
    again, so neither the cached page (a visitor's) nor the menu each
    process keeps (a member's) comes back stale."""
    from home import page_cache

    home, _ = home_pages
    if logged_in:
        client.force_login(member)
    client.get("/nl/")
    before = client.get("/nl/")
    assert 'href="/nl/contact/"' not in before.content.decode()

    redis_link.cut()
    publish(make_content_page(home, title="Contact", slug="contact"))
    page_cache._Outage.seen = False  # the editor's process was another one
    during = client.get("/nl/")
    redis_link.restore()
    wait_out_the_breaker()
    after = [client.get("/nl/") for _visit in range(2)]

    assert 'href="/nl/contact/"' in during.content.decode()
    for response in after:
        assert 'href="/nl/contact/"' in response.content.decode()
    if not logged_in:
        assert before[HEADER] == "hit"
        assert [response[HEADER] for response in after] == ["miss", "hit"]


def test_what_was_kept_before_redis_returned_empty_is_not_served(client, home_pages, redis_server):
    """Restarted empty (compose.yaml's Redis keeps nothing on disk), it starts
    a new generation: the processes' own copies are not taken for current."""
    home, _ = home_pages
    client.get("/nl/")
    redis_server.stop()
    publish(make_content_page(home, title="Contact", slug="contact"))
    redis_server.start()
    wait_out_the_breaker()

    assert 'href="/nl/contact/"' in client.get("/nl/").content.decode()
    assert cache.get("page-cache:generation") is not None
