"""The home page serves a visitor: the next sessions they can still register
for (when, where, which province, how many seats, a link to register), the
newest stories, a search box and the way to the offer, in their language,
and it follows every registration as the training pages do."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from home.page_cache import HEADER
from home.templatetags.formatting import time_range
from tests.factories.offer import (
    SessionFactory,
    in_days,
    make_network,
    make_training,
    make_trajectory,
)
from tests.factories.pages import translate_page
from tests.factories.stories import make_story, make_story_index
from trajecten import registrations
from trajecten.models import Registration, RegistrationStatus

pytestmark = pytest.mark.django_db

INVOICE = registrations.InvoiceDetails(organisation="OCMW Gent", address="Onderbergen 86")


def publish(page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def sessions_on(client, url="/nl/"):
    """The session items of the home page, as the text a visitor reads in each
    (tags stripped, spaces collapsed), with the addresses it links to."""
    html = client.get(url).content.decode()
    items = re.findall(r'<li class="home-session">(.*?)</li>', html, re.S)
    return [
        {
            "text": " ".join(re.sub(r"<[^>]+>", " ", item).split()),
            "links": re.findall(r'href="([^"]+)"', item),
        }
        for item in items
    ]


def register_url(name, arg, language="nl"):
    with translation.override(language):
        return reverse(name, args=[arg])


def test_the_next_sessions_with_seats_left_with_their_date_place_province_and_link(
    client, offer_index
):
    index, _ = offer_index
    training = publish(make_training(index, sessions=0))
    open_session = SessionFactory(page=training, starts_at=in_days(20), town="Leuven")
    later = SessionFactory(
        page=training,
        starts_at=in_days(25),
        venue_name="OCMW Brugge",
        address="Hoogstraat 9",
        postal_code="8000",
        town="Brugge",
        province="west_flanders",
        capacity=None,
    )
    SessionFactory(page=training, starts_at=in_days(10), status="postponed", town="Hasselt")
    SessionFactory(page=training, starts_at=in_days(12), status="cancelled", town="Genk")
    SessionFactory(page=training, starts_at=in_days(-3), town="Mechelen")
    full = SessionFactory(page=training, starts_at=in_days(15), capacity=1, town="Kortrijk")
    Registration.objects.create(session=full, status=RegistrationStatus.CONFIRMED)

    items = sessions_on(client)

    with translation.override("nl"):
        days = [time_range(s.starts_at, s.ends_at) for s in (open_session, later)]
    assert [item["text"][: len(day)] for item, day in zip(items, days, strict=True)] == days
    first, second = items
    assert "Basisopleiding migratie" in first["text"]
    assert "Provinciehuis, Provincieplein 1, 3010 Leuven" in first["text"]
    assert "Vlaams-Brabant" in first["text"]
    assert "15 plaatsen vrij" in first["text"]
    assert register_url("register_session", open_session.uid) in first["links"]
    assert training.url in first["links"]
    assert "OCMW Brugge, Hoogstraat 9, 8000 Brugge" in second["text"]
    assert "West-Vlaanderen" in second["text"]
    assert register_url("register_session", later.uid) in second["links"]


def test_an_open_edition_is_offered_from_its_next_session_and_a_closed_one_is_not(
    client, offer_index
):
    index, _ = offer_index
    trajectory, edition = make_trajectory(index)
    closed_trajectory, closed = make_trajectory(
        index,
        title="Vormingstraject gesloten",
        slug="gesloten",
        opens_in_days=-30,
        closes_in_days=-1,
    )
    for page in [trajectory, edition, closed_trajectory, closed]:
        publish(page)

    items = sessions_on(client)

    assert len(items) == 1
    (item,) = items
    # The whole name: the trajectory, then the edition.
    assert "Vormingstraject integratie" in item["text"] and "Editie 2027-2028" in item["text"]
    assert "Online" in item["text"] and "20 plaatsen vrij" in item["text"]
    assert register_url("register_edition", edition.pk) in item["links"]


def test_a_meeting_shows_its_network_and_its_own_title(client, offer_index):
    index, _ = offer_index
    network, meeting = make_network(index)
    publish(network), publish(meeting)

    (item,) = sessions_on(client)

    assert "Leernetwerk zonder wettig verblijf" in item["text"]
    assert "Dringende medische hulp" in item["text"]
    assert "Oost-Vlaanderen" in item["text"]


def test_the_french_home_page_shows_the_same_sessions_with_french_titles(client, offer_index):
    index, _ = offer_index
    training = publish(make_training(index))
    translate_page(training, "fr", title="Formation de base migration", slug="formation")
    untranslated = publish(make_training(index, title="Alleen in het Nederlands", slug="alleen"))
    session = training.get_sessions().get()

    french = sessions_on(client, "/fr/")
    dutch = sessions_on(client, "/nl/")

    assert len(dutch) == 2 and len(french) == 1
    (item,) = french
    assert "Formation de base migration" in item["text"]
    assert "Brabant flamand" in item["text"]
    assert "15 places libres" in item["text"]
    assert register_url("register_session", session.uid, "fr") in item["links"]
    assert "/fr/offre/formation/" in item["links"]
    assert untranslated.title not in client.get("/fr/").content.decode()


def test_a_registration_shows_at_once_on_the_home_page_kept_in_the_page_cache(
    client, offer_index, member
):
    index, _ = offer_index
    training = publish(make_training(index, sessions=0))
    session = SessionFactory(page=training, capacity=2)
    first = client.get("/nl/")
    assert "2 plaatsen vrij" in first.content.decode()
    assert client.get("/nl/")[HEADER] == "hit"

    registrations.register_for_session(user=member, session=session, invoice=INVOICE)

    assert "1 plaats vrij" in client.get("/nl/").content.decode()

    colleague = type(member).objects.create_user(email="collega@example.org", password="x")
    Registration.objects.create(
        session=session, user=colleague, status=RegistrationStatus.CONFIRMED
    )

    assert sessions_on(client) == []


def test_a_session_that_has_started_is_no_longer_offered(client, offer_index, member, monkeypatch):
    """What each process keeps of the list may outlive the start of a session:
    it is checked against the time when the page is made."""
    index, _ = offer_index
    training = publish(make_training(index, sessions=2))
    first = training.get_sessions().order_by("starts_at").first()
    client.force_login(member)
    assert len(sessions_on(client)) == 2

    later = first.starts_at + timedelta(minutes=5)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert len(sessions_on(client)) == 1


def test_the_newest_stories_of_the_language_with_the_way_to_all_of_them(client, home_pages):
    home, _ = home_pages
    index = publish(make_story_index(home))
    for number in range(4):
        make_story(index, title=f"Verhaal {number}", days_ago=number)

    html = client.get("/nl/").content.decode()
    titles = re.findall(r'<h3 class="card__title"><a href="/nl/verhalen/[^"]+">([^<]+)</a>', html)

    assert titles == ["Verhaal 0", "Verhaal 1", "Verhaal 2"]
    assert 'href="/nl/verhalen/"' in html
    assert "Els Van den Broeck, OCMW Aalst" in html
    assert "Verhaal 0" not in client.get("/fr/").content.decode()


def test_a_search_box_and_the_way_to_the_offer(client, offer_index):
    html = client.get("/nl/").content.decode()
    french = client.get("/fr/").content.decode()

    home_search = re.search(
        r'<form[^>]*class="search-form home-search"[^>]*>(.*?)</form>', html, re.S
    )
    assert home_search and 'action="/nl/zoeken/"' in home_search.group(0)
    assert 'name="q"' in home_search.group(1)
    assert 'class="button" href="/nl/aanbod/"' in html
    assert 'class="button" href="/fr/offre/"' in french


def test_without_sessions_the_home_page_says_so(client, offer_index):
    html = client.get("/nl/").content.decode()

    assert 'class="home-session"' not in html
    assert 'id="next-sessions-heading"' in html
