"""The member's private calendar address, read by vobject as a calendar
application would: the sessions of confirmed seats, in the language of the
address, following cancellations and new dates; the online link only for a
seat that is confirmed; a replaced address answers 404."""

from datetime import timedelta

import pytest
import vobject
from django.urls import reverse
from django.utils import translation

from tests.factories.accounts import MemberFactory
from tests.factories.offer import SessionFactory, in_days, make_training, make_trajectory
from tests.factories.pages import translate_page
from trajecten import registrations
from trajecten.calendar_feed.services import renew
from trajecten.models import CalendarFeed, Registration, RegistrationStatus
from trajecten.registrations import InvoiceDetails, announce

pytestmark = pytest.mark.django_db

PORTAL = "https://portaal.example.org"
INVOICE = InvoiceDetails(organisation="OCMW Gent", address="Onderbergen 86\n9000 Gent")
LINK = "https://meet.example.org/geheim"


@pytest.fixture(autouse=True)
def _portal_address(settings):
    settings.WAGTAILADMIN_BASE_URL = PORTAL


@pytest.fixture
def training(offer_index):
    index, _ = offer_index
    training = make_training(index, sessions=0)
    SessionFactory(page=training, starts_at=in_days(20), capacity=1)
    SessionFactory(
        page=training,
        starts_at=in_days(40),
        format="online",
        online_link=LINK,
        town="",
        venue_name="",
        address="",
        postal_code="",
        province="",
    )
    translate_page(training, "fr", title="Formation de base", slug="formation-de-base")
    return training


def feed_path(user, language="nl"):
    with translation.override(language):
        return reverse("calendar_feed", kwargs={"token": CalendarFeed.objects.get(user=user).token})


def events(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    calendar = vobject.readOne(response.content.decode(), validate=True)
    return list(getattr(calendar, "vevent_list", []))


def register(member, session):
    return registrations.register_for_session(user=member, session=session, invoice=INVOICE)


def test_the_member_makes_an_address_on_my_calendar_and_sees_it(client):
    member = MemberFactory()
    client.force_login(member)
    with translation.override("nl"):
        page = reverse("my_calendar")

    assert "Maak mijn agenda-adres" in client.get(page).content.decode()
    response = client.post(page, follow=True)

    feed = CalendarFeed.objects.get(user=member)
    html = response.content.decode()
    assert f"{PORTAL}/nl/agenda/{feed.token}/" in html
    assert f"webcal://portaal.example.org/nl/agenda/{feed.token}/" in html
    assert "Je agenda-adres is klaar." in html


def test_the_feed_holds_the_confirmed_sessions_in_the_language_of_its_address(client, training):
    leuven, online = training.get_sessions()
    member = MemberFactory()
    register(member, leuven)
    register(member, online)
    renew(member)
    anonymous = client  # a calendar application carries no session

    dutch = events(anonymous, feed_path(member, "nl"))
    french = events(anonymous, feed_path(member, "fr"))

    assert [e.uid.value for e in dutch] == [
        f"{leuven.uid}@ocmw-portal",
        f"{online.uid}@ocmw-portal",
    ]
    assert [e.summary.value for e in dutch] == [training.title] * 2
    assert [e.summary.value for e in french] == ["Formation de base"] * 2
    assert french[0].url.value == f"{PORTAL}/fr/offre/formation-de-base/"
    # The confirmed seat of an online session carries its link, there only.
    assert LINK in french[1].description.value
    assert LINK not in french[0].serialize()


def test_no_online_link_and_no_event_for_a_waiting_list_place_or_a_request(client, training):
    leuven, online = training.get_sessions()
    register(MemberFactory(), leuven)  # the only seat
    member = MemberFactory()
    waiting = register(member, leuven)
    assert waiting.status == RegistrationStatus.WAITLISTED
    renew(member)

    assert events(client, feed_path(member)) == []


def test_the_feed_follows_a_cancellation_and_a_new_date(client, training):
    leuven, online = training.get_sessions()
    member = MemberFactory()
    kept = register(member, leuven)
    cancelled = register(member, online)
    renew(member)
    (before,) = [
        e for e in events(client, feed_path(member)) if e.uid.value.startswith(str(leuven.uid))
    ]

    registrations.cancel(registration=cancelled, by=member)
    leuven.starts_at += timedelta(days=7)
    leuven.ends_at += timedelta(days=7)
    leuven.save()
    announce(session=leuven)
    after = events(client, feed_path(member))

    assert kept.pk and [e.uid.value for e in after] == [f"{leuven.uid}@ocmw-portal"]
    assert after[0].dtstart.value == before.dtstart.value + timedelta(days=7)
    assert int(after[0].sequence.value) > int(before.sequence.value)


def test_a_session_the_organiser_cancels_stays_marked_cancelled_without_its_link(client, training):
    _leuven, online = training.get_sessions()
    member = MemberFactory()
    register(member, online)
    renew(member)

    online.status = "cancelled"
    online.status_note_nl = "De lesgever is ziek."
    online.save()
    announce(session=online)
    (event,) = events(client, feed_path(member))

    assert event.status.value == "CANCELLED"
    assert "De lesgever is ziek." in event.description.value
    assert LINK not in event.serialize()


def test_an_editions_seat_brings_every_session_of_its_modules(client, offer_index):
    index, _ = offer_index
    _trajectory, edition = make_trajectory(index, modules=3)
    member = MemberFactory()
    registrations.register_for_edition(user=member, edition=edition, invoice=INVOICE)
    renew(member)

    found = events(client, feed_path(member))

    assert len(found) == 3
    assert {e.summary.value for e in found} == {"Vormingstraject integratie — editie 2027-2028"}


def test_a_new_address_ends_the_old_one(client, training):
    member = MemberFactory()
    register(member, training.get_sessions()[0])
    renew(member)
    old = feed_path(member)
    client.force_login(member)
    with translation.override("nl"):
        client.post(reverse("my_calendar"))
    client.logout()

    assert client.get(old).status_code == 404
    assert len(events(client, feed_path(member))) == 1


def test_a_guessed_or_malformed_token_answers_404(client):
    renew(MemberFactory())
    for token in ["a" * 43, "x", "é" * 10, "a" * 500]:
        with translation.override("nl"):
            path = reverse("calendar_feed", kwargs={"token": token})
        assert client.get(path).status_code == 404, token


def test_another_members_feed_shows_nothing_of_mine(client, training):
    mine, other = MemberFactory(), MemberFactory()
    register(mine, training.get_sessions()[0])
    renew(mine)
    renew(other)

    assert events(client, feed_path(other)) == []
    assert len(events(client, feed_path(mine))) == 1


def test_sessions_older_than_a_year_leave_the_feed(client, offer_index):
    index, _ = offer_index
    training = make_training(index, sessions=0, slug="oud")
    member = MemberFactory()
    renew(member)
    old = SessionFactory(page=training, starts_at=in_days(-400))
    recent = SessionFactory(page=training, starts_at=in_days(-30))
    for session in (old, recent):
        # Registered long ago: the rules of today would refuse a past session.
        Registration.objects.create(
            user=member, session=session, status=RegistrationStatus.CONFIRMED
        )

    assert [e.uid.value for e in events(client, feed_path(member))] == [f"{recent.uid}@ocmw-portal"]
