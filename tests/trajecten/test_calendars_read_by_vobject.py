"""The calendars the portal gives away, read by a second iCalendar reader
(vobject, beside the icalendar library that writes them): every event
parses, at the right time in Brussels, with the same UID in every download
and language, a link to the portal's address and text in the visitor's
language. The downloads of the pages, the catalogue, a member's registration
and the calendar attached to the confirmation mail."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import vobject
from django.core import mail
from django.urls import reverse
from django.utils import translation

from portal.notifications import MailKind, send_notification
from tests.factories.accounts import MemberFactory
from tests.factories.offer import SessionFactory, brussels, make_training, make_trajectory
from tests.factories.pages import translate_page
from trajecten import registrations
from trajecten.registrations import InvoiceDetails

pytestmark = pytest.mark.django_db

PORTAL = "https://portaal.example.org"
BRUSSELS = ZoneInfo("Europe/Brussels")
INVOICE = InvoiceDetails(
    organisation="OCMW Gent", address="Onderbergen 86\n9000 Gent", reference="PO-1"
)


@pytest.fixture(autouse=True)
def _portal_address(settings):
    settings.WAGTAILADMIN_BASE_URL = PORTAL


def read(data):
    """The events of an iCalendar file, as vobject reads and validates it."""
    calendar = vobject.readOne(data.decode() if isinstance(data, bytes) else data, validate=True)
    assert calendar.name == "VCALENDAR"
    return list(calendar.vevent_list)


def download(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return read(response.content)


def local(value):
    """What a clock in Brussels shows at `value`."""
    return value.astimezone(BRUSSELS).replace(tzinfo=None)


def wall_clock(*moment):
    return datetime(*moment)


@pytest.fixture
def training(offer_index):
    """A training in both languages: a session in Leuven in winter (UTC+1),
    one online in summer (UTC+2), postponed with a note in each language."""
    index, _ = offer_index
    training = make_training(index, sessions=0)
    SessionFactory(
        page=training, starts_at=brussels(2031, 1, 14, 9, 30), ends_at=brussels(2031, 1, 14, 12, 0)
    )
    SessionFactory(
        page=training,
        starts_at=brussels(2031, 7, 8, 13, 30),
        ends_at=brussels(2031, 7, 8, 16, 30),
        format="online",
        online_link="https://meet.example.org/geheim",
        town="",
        province="",
        status="postponed",
        status_note_nl="Nieuwe datum volgt.",
        status_note_fr="Nouvelle date à suivre.",
    )
    french = translate_page(training, "fr", title="Formation de base", slug="formation-de-base")
    return training, french


def test_a_pages_calendar_in_dutch_and_in_french(client, training):
    dutch_page, french_page = training
    winter, summer = dutch_page.get_sessions()

    dutch = download(client, f"{dutch_page.url}ical/")
    french = download(client, f"{french_page.url}ical/")
    again = download(client, f"{french_page.url}ical/")

    # The same sessions, under the same UIDs, in every download and language.
    uids = [f"{winter.uid}@ocmw-portal", f"{summer.uid}@ocmw-portal"]
    assert [event.uid.value for event in dutch] == uids
    assert [event.uid.value for event in french] == uids
    assert [event.uid.value for event in again] == uids
    # Times as they are in Brussels, in winter and in summer.
    assert [(local(e.dtstart.value), local(e.dtend.value)) for e in french] == [
        (wall_clock(2031, 1, 14, 9, 30), wall_clock(2031, 1, 14, 12)),
        (wall_clock(2031, 7, 8, 13, 30), wall_clock(2031, 7, 8, 16, 30)),
    ]
    assert dutch[0].dtstart.value == winter.starts_at
    # Text in the visitor's language, links to the page at the portal's address.
    assert [event.summary.value for event in dutch] == [dutch_page.title] * 2
    assert [event.summary.value for event in french] == ["Formation de base"] * 2
    assert {event.url.value for event in dutch} == {f"{PORTAL}/nl/aanbod/basisopleiding/"}
    assert {event.url.value for event in french} == {f"{PORTAL}/fr/offre/formation-de-base/"}
    assert dutch[0].location.value == "Provinciehuis, Provincieplein 1, 3010 Leuven"
    assert dutch[1].location.value == "Online"
    assert french[1].location.value == "En ligne"
    assert dutch[1].description.value == "Nieuwe datum volgt."
    assert french[1].description.value == "Nouvelle date à suivre."
    assert french[1].status.value == "TENTATIVE"
    # The online link is for participants only.
    assert all("meet.example.org" not in event.serialize() for event in dutch + french)


def test_the_catalogues_feed_in_french(client, offer_index, training):
    _index, index_fr = offer_index
    _, edition = make_trajectory(_index, modules=1)
    translate_page(edition.get_parent(), "fr", title="Trajet d'intégration", slug="trajet")
    translate_page(edition, "fr", title="Édition 2027-2028", slug="edition")

    events = download(client, f"{index_fr.url}ical/")

    by_summary = {event.summary.value: event for event in events}
    assert "Formation de base" in by_summary
    assert by_summary["Formation de base"].url.value == f"{PORTAL}/fr/offre/formation-de-base/"
    assert all(event.url.value.startswith(f"{PORTAL}/fr/offre/") for event in events)


def test_a_members_registration_calendar_in_french(client, training):
    dutch_page, _french_page = training
    session = dutch_page.get_sessions()[0]
    member = MemberFactory(profile__preferred_language="fr")
    registration = registrations.register_for_session(user=member, session=session, invoice=INVOICE)
    client.force_login(member)

    with translation.override("fr"):
        path = reverse("registration_calendar", args=[registration.pk])
    events = download(client, path)

    assert [event.uid.value for event in events] == [f"{session.uid}@ocmw-portal"]
    assert events[0].summary.value == "Formation de base"
    assert events[0].url.value == f"{PORTAL}/fr/offre/formation-de-base/"
    assert local(events[0].dtstart.value) == wall_clock(2031, 1, 14, 9, 30)


def test_the_calendar_attached_to_a_confirmation_is_in_the_members_language(training, commit):
    dutch_page, _french_page = training
    online = dutch_page.get_sessions()[1]
    online.status = "scheduled"
    online.save()
    member = MemberFactory(profile__preferred_language="fr")
    registration = registrations.register_for_session(user=member, session=online, invoice=INVOICE)
    mail.outbox.clear()

    # Sent by the worker, which runs in no visitor's language.
    with commit():
        send_notification.call(MailKind.CONFIRMED, {"registration": registration.pk})

    (name, content, mimetype) = mail.outbox[-1].attachments[0]
    assert (name, mimetype) == ("session.ics", "text/calendar")
    (event,) = read(content)
    assert event.uid.value == f"{online.uid}@ocmw-portal"
    assert event.summary.value == "Formation de base"
    assert event.location.value == "En ligne"
    assert event.url.value == f"{PORTAL}/fr/offre/formation-de-base/"
    assert local(event.dtstart.value) == wall_clock(2031, 7, 8, 13, 30)
    assert "meet.example.org" not in event.serialize()
