"""Anonymous visitors get public pages from the shared cache; a change to
the content shows at once; nothing made for one person is ever shared."""

from datetime import timedelta

import pytest
from django.http import HttpResponse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from home.page_cache import HEADER, PageCacheMiddleware
from home.taxonomy import Theme
from tests.factories.offer import make_training
from tests.factories.pages import locale, make_content_page
from tests.portal.redis_servers import RedisServer, compose_redis_arguments, shared_cache_at
from trajecten import registrations

pytestmark = pytest.mark.django_db


def publish(page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def test_the_second_visit_comes_from_the_cache_with_its_security_headers(
    client, home_pages, django_assert_num_queries
):
    first = client.get("/nl/")
    with django_assert_num_queries(0):
        second = client.get("/nl/")

    assert (first[HEADER], second[HEADER]) == ("miss", "hit")
    assert second.content == first.content
    assert "Content-Security-Policy" in second
    assert second["X-Content-Type-Options"] == "nosniff"
    assert second["Referrer-Policy"] == first["Referrer-Policy"]
    assert second["X-Frame-Options"] == "DENY"
    # The request id is the request's own, not the one of the visit that filled the cache.
    assert second["X-Request-ID"] != first["X-Request-ID"]


def test_publishing_a_page_shows_at_once_where_it_is_listed_and_on_itself(client, offer_index):
    index, _ = offer_index
    training = publish(make_training(index, title="Opleiding armoede", slug="armoede"))
    client.get(index.url), client.get(training.url)

    publish(training, title="Opleiding kinderarmoede")

    assert "Opleiding kinderarmoede" in client.get(index.url).content.decode()
    assert "Opleiding kinderarmoede" in client.get(training.url).content.decode()

    training.unpublish()

    assert client.get(training.url).status_code == 404
    assert "Opleiding kinderarmoede" not in client.get(index.url).content.decode()


def test_a_change_recorded_by_another_process_shows_at_once(client, home_pages):
    """An editor publishes through another app server: only the generation in
    the shared cache moves, and the next visitor here gets the page again,
    not the copy kept before (read with the generations in one round trip)."""
    from django.core.cache import cache

    from home.page_cache import GENERATION_KEY, SEATS_GENERATION_KEY

    assert [client.get("/nl/")[HEADER] for _visit in range(2)] == ["miss", "hit"]

    for key in (GENERATION_KEY, SEATS_GENERATION_KEY):
        cache.incr(key)  # as the other process's invalidate() does
        assert [client.get("/nl/")[HEADER] for _visit in range(2)] == ["miss", "hit"], key


def test_static_files_and_the_health_check_leave_the_page_cache_alone(
    client, home_pages, monkeypatch, settings
):
    """They come before nothing of the page cache's: no round trip to read its
    generations (the page cache is the first middleware but for the request id)."""
    from django.core.cache import cache

    # WhiteNoise serves from the app folders, as without `collectstatic` first.
    settings.WHITENOISE_USE_FINDERS = True

    reads = []
    get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda *a, **k: reads.append(a) or get_many(*a, **k))

    assert client.get("/static/css/portal.css").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert reads == []
    client.get("/nl/")
    assert len(reads) == 1


def test_a_new_page_in_the_menu_shows_at_once(client, home_pages):
    home, _ = home_pages
    client.get("/nl/")

    publish(make_content_page(home, title="Contact", slug="contact"))

    assert 'href="/nl/contact/"' in client.get("/nl/").content.decode()


def test_a_page_published_without_a_new_title_or_address_keeps_the_menu(client, home_pages):
    """The menu, the breadcrumbs, the footer and the site are the outline:
    an editor publishing a page's new text does not make them again, and
    every page shows the new text at once."""
    from home.page_cache import remembered

    home, _ = home_pages
    about = publish(make_content_page(home, title="Over ons", slug="over-ons"))
    assert remembered("footer", lambda: "footer", 1, "nl", outline=True) == "footer"

    publish(about, search_description="Wie we zijn.")

    assert remembered("footer", lambda: "again", 1, "nl", outline=True) == "footer"
    assert remembered("footer", lambda: "again", 1, "nl") == "again"  # the content moved on
    assert "Wie we zijn." in client.get(about.url).content.decode()


@pytest.mark.parametrize(
    "change",
    [{"title": "Wie zijn we"}, {"slug": "wie-zijn-we"}, {"show_in_menus": False}],
    ids=["title", "address", "menu"],
)
def test_a_page_published_with_a_new_title_address_or_place_shows_in_every_menu(
    client, home_pages, offer_index, change
):
    home, _ = home_pages
    index, _ = offer_index
    about = publish(make_content_page(home, title="Over ons", slug="over-ons"))
    training = publish(make_training(index))
    assert 'href="/nl/over-ons/">Over ons<' in client.get(training.url).content.decode()

    publish(about, **change)

    html = client.get(training.url).content.decode()
    assert 'href="/nl/over-ons/">Over ons<' not in html
    if "title" in change:
        assert ">Wie zijn we<" in html
    if "slug" in change:
        assert 'href="/nl/wie-zijn-we/"' in html


def test_a_renamed_section_shows_at_once_in_the_breadcrumbs_below_it(client, offer_index):
    index, _ = offer_index
    training = publish(make_training(index))
    assert "Vormingsaanbod" in client.get(training.url).content.decode()

    publish(index, title="Ons aanbod")

    html = client.get(training.url).content.decode()
    assert "Ons aanbod" in html and "Vormingsaanbod" not in html


def test_the_home_page_published_shows_at_once(client, home_pages):
    """The site is kept with its root page whole: publishing it moves the outline."""
    home, _ = home_pages
    client.get("/nl/")

    publish(home, intro="Vorming voor wie in een OCMW werkt.")

    assert "Vorming voor wie in een OCMW werkt." in client.get("/nl/").content.decode()


def test_a_page_published_with_other_themes_shows_them_at_once(client, offer_index):
    index, _ = offer_index
    poverty = Theme.objects.create(name="Armoede", slug="armoede", locale=locale("nl"))
    housing = Theme.objects.create(name="Wonen", slug="wonen", locale=locale("nl"))
    training = publish(make_training(index, themes=[poverty]))
    assert "Armoede" in client.get(training.url).content.decode()

    page = training.get_latest_revision_as_object()
    page.themes = [housing]
    page.save_revision().publish()

    html = client.get(training.url).content.decode()
    assert "Wonen" in html and "Armoede" not in html


def test_a_renamed_theme_shows_at_once_on_the_pages_tagged_with_it(client, offer_index):
    index, _ = offer_index
    theme = Theme.objects.create(name="Armoede", slug="armoede", locale=locale("nl"))
    training = publish(make_training(index, themes=[theme]))
    assert "Armoede" in client.get(training.url).content.decode()

    theme.name = "Armoede en schulden"
    theme.save()

    assert "Armoede en schulden" in client.get(training.url).content.decode()


@pytest.mark.parametrize("logged_in", [False, True], ids=["visitor", "member"])
def test_seats_left_follow_the_registrations(client, offer_index, member, logged_in):
    """For a visitor the page comes from the page cache, for a member its
    session cards from the fragment each process keeps: both follow."""
    index, _ = offer_index
    training = publish(make_training(index))
    if logged_in:
        client.force_login(member)
    assert "15 plaatsen vrij" in client.get(training.url).content.decode()

    registrations.register_for_session(
        user=member,
        session=training.get_sessions()[0],
        invoice=registrations.InvoiceDetails(organisation="OCMW Gent", address="Onderbergen 86"),
    )

    assert "14 plaatsen vrij" in client.get(training.url).content.decode()


def test_a_member_neither_gets_nor_fills_the_shared_cache(client, home_pages, member):
    client.get("/nl/")  # an anonymous visit fills the cache
    client.force_login(member)

    for _visit in range(2):
        page = client.get("/nl/")
        assert HEADER not in page
        assert "Mijn account" in page.content.decode()

    client.logout()
    anonymous = client.get("/nl/")
    assert "Mijn account" not in anonymous.content.decode()


def test_forms_with_a_csrf_token_private_pages_and_the_search_are_not_shared(client, home_pages):
    home, _ = home_pages
    secret = publish(make_content_page(home, title="Intern", slug="intern"))
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="geheim-wachtwoord"
    )

    for url in [secret.url, "/nl/accounts/login/", "/nl/zoeken/?q=opleiding"]:
        for _visit in range(2):
            response = client.get(url)
            assert response.status_code == 200
            assert HEADER not in response, url
    assert "private" in client.get("/nl/zoeken/?q=opleiding")["Cache-Control"]


def test_a_visitor_with_a_message_waiting_is_not_served_from_the_cache(client, home_pages):
    client.get("/nl/")
    client.cookies["messages"] = "something to tell"

    assert HEADER not in client.get("/nl/")


def test_a_proxy_may_keep_a_public_page_but_never_a_members(client, home_pages, member, settings):
    settings.FRONTEND_CACHE_SECONDS = 60

    public = client.get("/nl/")
    client.force_login(member)
    personal = client.get("/nl/")

    assert "s-maxage=60" in public["Cache-Control"] and "public" in public["Cache-Control"]
    assert "s-maxage" not in personal.get("Cache-Control", "")


# What every process keeps of a page: its session cards, tags and related pages --------------


def test_a_session_that_has_started_is_no_longer_open_for_registration(
    client, offer_index, member, monkeypatch
):
    index, _ = offer_index
    training = publish(make_training(index))
    session = training.get_sessions()[0]
    client.force_login(member)
    assert "Inschrijven" in client.get(training.url).content.decode()

    later = session.starts_at + timedelta(minutes=5)
    monkeypatch.setattr(timezone, "now", lambda: later)
    page = client.get(training.url).content.decode()

    assert "Inschrijven" not in page


def test_a_related_page_renamed_shows_at_once(client, offer_index):
    index, _ = offer_index
    other = publish(make_training(index, title="Armoede in de buurt", slug="armoede"))
    training = make_training(index, title="Schuldhulp", slug="schuldhulp")
    training.related_pages.create(related=other)
    publish(training)
    assert "Armoede in de buurt" in client.get(training.url).content.decode()

    publish(other, title="Armoede in de wijk")

    assert "Armoede in de wijk" in client.get(training.url).content.decode()


def test_what_a_process_keeps_is_not_taken_again_after_the_shared_cache_is_emptied(db):
    """Redis restarted empty: a new generation starts that no process has
    kept anything under, so nobody is served the old value."""
    from django.core.cache import cache

    from home.page_cache import remembered

    assert remembered("footer", lambda: "old footer", 1, "nl") == "old footer"

    cache.clear()

    assert remembered("footer", lambda: "new footer", 1, "nl") == "new footer"


def test_a_preview_shows_the_tags_being_edited_not_the_ones_kept(client, offer_index):
    index, _ = offer_index
    poverty = Theme.objects.create(name="Armoede", slug="armoede", locale=locale("nl"))
    housing = Theme.objects.create(name="Wonen", slug="wonen", locale=locale("nl"))
    training = publish(make_training(index, themes=[poverty]))
    assert "Armoede" in client.get(training.url).content.decode()

    training.themes = [housing]  # edited, not saved
    preview = training.make_preview_request().content.decode()

    assert "Wonen" in preview and "Armoede" not in preview


def test_a_registration_keeps_what_every_page_shows(offer_index, member):
    """Registrations only change the seats left: the menu, the footer and the
    site stay kept (a popular session brings hundreds at once)."""
    from home.page_cache import remembered

    index, _ = offer_index
    training = publish(make_training(index))
    assert remembered("footer", lambda: "footer", 1, "nl") == "footer"

    registrations.register_for_session(
        user=member,
        session=training.get_sessions()[0],
        invoice=registrations.InvoiceDetails(organisation="OCMW Gent", address="Onderbergen 86"),
    )

    assert remembered("footer", lambda: "footer again", 1, "nl") == "footer"
    training.get_sessions()[0].save()  # an editor's change of a session
    assert remembered("footer", lambda: "footer again", 1, "nl") == "footer again"


# The address a page is kept under ----------------------------------------------------------


def test_an_address_with_tracking_parameters_is_served_the_bare_addresss_page(client, home_pages):
    assert client.get("/nl/")[HEADER] == "miss"

    for query in [
        "utm_source=nieuwsbrief&utm_medium=mail&utm_campaign=najaar",
        "fbclid=IwAR0abc",
        "gclid=1&mc_cid=2&mc_eid=3&_ga=4&ref=partner",
    ]:
        assert client.get(f"/nl/?{query}")[HEADER] == "hit", query


def test_the_other_parameters_count_in_any_order(client, offer_index):
    index, _ = offer_index

    assert client.get(f"{index.url}?format=online&kind=training")[HEADER] == "miss"
    assert client.get(f"{index.url}?kind=training&utm_source=x&format=online")[HEADER] == "hit"
    assert client.get(f"{index.url}?kind=training&format=physical")[HEADER] == "miss"


def test_the_page_is_made_for_the_address_it_is_kept_under(rf, home_pages):
    """The view sees neither the tracking parameters nor their order, so the
    links of a kept page (the next page of results, the other language) are
    the same for every visitor it is served to."""
    seen = []

    def view(request):
        seen.append((request.get_full_path(), dict(request.GET.lists())))
        return HttpResponse("page")

    PageCacheMiddleware(view)(rf.get("/nl/aanbod/?utm_source=x&theme=b&kind=a&theme=c&fbclid=y"))

    assert seen == [("/nl/aanbod/?kind=a&theme=b&theme=c", {"kind": ["a"], "theme": ["b", "c"]})]


def test_made_up_query_strings_are_served_but_not_kept(client, home_pages):
    many = "&".join(f"x{number}=1" for number in range(13))
    long = "q=" + "a" * 400

    for query in [many, long]:
        for _visit in range(2):
            response = client.get(f"/nl/?{query}")
            assert response.status_code == 200
            assert HEADER not in response


def test_a_flood_of_made_up_addresses_stays_within_the_memory_of_redis(client, home_pages):
    """compose.yaml's Redis, given less memory: distinct made-up addresses of
    a large page fill it, the least recently used keys make room, and pages
    are still kept afterwards."""
    arguments = compose_redis_arguments()
    assert arguments[arguments.index("--maxmemory-policy") + 1] == "allkeys-lru"
    arguments[arguments.index("--maxmemory") + 1] = "4mb"
    home, _ = home_pages
    large = publish(make_content_page(home, title="Groot", slug="groot", intro="tekst " * 20_000))
    server = RedisServer(*arguments).start()
    try:
        with shared_cache_at(server.url):
            for number in range(80):
                assert client.get(f"{large.url}?page={number}").status_code == 200
            memory = server.client().info("memory")["used_memory"]
            evicted = server.client().info("stats")["evicted_keys"]
            again = [client.get(large.url)[HEADER] for _visit in range(2)]
    finally:
        server.stop()

    # Redis makes room before each write: the last one may go over by a page.
    assert memory <= 4.5 * 1024 * 1024
    assert evicted > 0
    assert again == ["miss", "hit"]


def test_a_member_signing_up_or_changing_their_profile_keeps_the_public_pages(
    client, home_pages, commit
):
    """A profile is edited in the admin as a snippet, but no public page shows
    it: a busy morning of sign-ups must not render every page again."""
    from tests.factories.accounts import MemberFactory

    client.get("/nl/")
    with commit():
        newcomer = MemberFactory()
        newcomer.profile.organisation_name = "OCMW Aalst"
        newcomer.profile.save()

    assert client.get("/nl/")[HEADER] == "hit"
