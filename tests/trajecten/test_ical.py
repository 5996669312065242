"""iCalendar downloads: a stable UID, a time stamp, UTC times and the place,
never the private online link; an unknown session is a 404."""

import uuid

import pytest
from icalendar import Calendar

from tests.factories.offer import (
    SessionFactory,
    in_days,
    make_network,
    make_training,
    make_trajectory,
)

pytestmark = pytest.mark.django_db


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return [c for c in Calendar.from_ical(response.content).walk() if c.name == "VEVENT"]


def test_page_calendar_has_every_session_with_stable_uid_and_utc_times(client, offer_index):
    index, _ = offer_index
    training = make_training(index, sessions=0)
    first = SessionFactory(page=training, starts_at=in_days(30, 9, 30))
    SessionFactory(
        page=training,
        starts_at=in_days(31),
        format="online",
        online_link="https://meet.example.org/secret",
        town="",
    )

    response = client.get(f"{training.url}ical/")
    again = events(client.get(f"{training.url}ical/"))
    found = events(response)

    assert 'filename="basisopleiding.ics"' in response["Content-Disposition"]
    assert len(found) == 2
    assert [str(e["UID"]) for e in found] == [str(e["UID"]) for e in again]
    assert str(found[0]["UID"]) == f"{first.uid}@ocmw-portal"
    assert "DTSTAMP" in found[0]
    assert found[0].decoded("DTSTART").utcoffset().total_seconds() == 0
    assert b"DTSTART:" in response.content and b"Z\r\n" in response.content
    assert "Leuven" in str(found[0]["LOCATION"])
    assert str(found[0]["SUMMARY"]) == training.title
    assert b"meet.example.org" not in response.content


def test_one_session_calendar(client, offer_index):
    index, _ = offer_index
    training = make_training(index, sessions=2)
    session = training.get_sessions()[1]

    found = events(client.get(f"{training.url}ical/{session.uid}/"))

    assert [str(e["UID"]) for e in found] == [f"{session.uid}@ocmw-portal"]


def test_unknown_session_in_a_calendar_url_is_a_404(client, offer_index):
    index, _ = offer_index
    training = make_training(index, sessions=1)
    other = make_training(index, sessions=1, slug="andere")

    assert client.get(f"{training.url}ical/{uuid.uuid4()}/").status_code == 404
    assert client.get(f"{training.url}ical/not-a-uuid/").status_code == 404
    # A session of another page is not found through this one.
    assert client.get(f"{training.url}ical/{other.get_sessions()[0].uid}/").status_code == 404


def test_catalogue_feed_has_upcoming_sessions_of_every_kind(client, offer_index):
    index, index_fr = offer_index
    training = make_training(index, sessions=1)
    SessionFactory(page=training, starts_at=in_days(-30))
    make_trajectory(index, modules=2)
    make_network(index)

    found = events(client.get(f"{index.url}ical/"))

    summaries = sorted(str(e["SUMMARY"]) for e in found)
    assert len(found) == 4  # the past session is left out
    assert "Leernetwerk zonder wettig verblijf: Dringende medische hulp" in summaries
    assert "Vormingstraject integratie: Module 1" in summaries
    assert training.title in summaries


def test_the_french_catalogue_feed_never_names_a_module_by_its_draft_translation(
    client, offer_index
):
    """A module whose French translation is a draft (still the Dutch text
    wagtail-localize starts from) is named in the French feed by the
    trajectory alone."""
    from tests.factories.pages import locale, translate_page

    index, index_fr = offer_index
    trajectory, edition = make_trajectory(index, modules=2)
    module = edition.get_children().first().specific
    module.title = "Kennismaking"
    module.save_revision().publish()
    translate_page(trajectory, "fr", title="Parcours d'intégration", slug="parcours")
    translate_page(edition, "fr", title="Édition 2027-2028", slug="edition")
    draft = module.copy_for_translation(locale("fr"))
    assert not draft.live and draft.title == "Kennismaking"

    summaries = [str(e["SUMMARY"]) for e in events(client.get(f"{index_fr.url}ical/"))]

    assert "Parcours d'intégration" in summaries
    assert not any("Kennismaking" in summary for summary in summaries)
