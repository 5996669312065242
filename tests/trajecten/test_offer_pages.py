"""Trajectories with their editions and return day, learning networks with
their meetings, the G50 track with its workstreams, and the conference
with the guiding principles it produced."""

import pytest
from django.utils import translation

from home.taxonomy import GuidingPrinciple
from home.templatetags.formatting import moment
from tests.factories.offer import make_network, make_trajectory
from tests.factories.pages import locale, translate_page
from trajecten.models import ConferencePage, G50TrackPage, RegistrationWindow, WorkstreamPage

pytestmark = pytest.mark.django_db


def message(language, text, **values):
    with translation.override(language):
        return translation.gettext(text) % values if values else translation.gettext(text)


@pytest.mark.parametrize(
    ("opens", "closes", "state"),
    [
        (5, 30, RegistrationWindow.NOT_YET_OPEN),
        (-5, 30, RegistrationWindow.OPEN),
        (-30, -1, RegistrationWindow.CLOSED),
    ],
)
def test_trajectory_shows_the_state_of_the_registration_window(
    client, offer_index, opens, closes, state
):
    index, _ = offer_index
    trajectory, edition = make_trajectory(index, opens_in_days=opens, closes_in_days=closes)

    html = client.get(trajectory.url).content.decode()

    with translation.override("nl"):
        expected = {
            RegistrationWindow.NOT_YET_OPEN: message(
                "nl", "Registration opens on %(date)s.", date=moment(edition.registration_opens)
            ),
            RegistrationWindow.OPEN: message(
                "nl",
                "Registration is open until %(date)s.",
                date=moment(edition.registration_closes),
            ),
            RegistrationWindow.CLOSED: message("nl", "Registration is closed."),
        }[state]
    assert edition.registration_window() == state
    assert f"registration-window--{state.value}" in html
    assert expected in html


def test_trajectory_shows_the_programme_of_its_edition_in_order_with_the_return_day(
    client, offer_index
):
    index, _ = offer_index
    trajectory, _ = make_trajectory(index, modules=3)

    html = client.get(trajectory.url).content.decode()

    assert html.index("Module 1") < html.index("Module 2") < html.index("Module 3")
    assert html.count("timeline__item--highlight") == 1
    assert message("nl", "Return day") in html
    assert "€ 225" in html


def test_learning_network_shows_its_meetings_with_speakers_and_product(client, offer_index):
    index, _ = offer_index
    network, meeting = make_network(index)
    french = translate_page(network, "fr", slug="reseau")
    translate_page(meeting, "fr", title="Aide médicale urgente", slug="amu")

    dutch_html = client.get(network.url).content.decode()
    french_html = client.get(french.url).content.decode()

    assert "Dringende medische hulp" in dutch_html
    assert "Annika Waag, Anne Leyman" in dutch_html
    assert "Een tool" in dutch_html
    assert "Aide médicale urgente" in french_html
    assert "Gent" in french_html  # the meeting's session, shown once in every language


def test_g50_track_lists_its_workstreams_and_the_conference_shows_its_principles(
    client, home_pages
):
    home, _ = home_pages
    track = home.add_child(
        instance=G50TrackPage(title="G50", slug="g50", intro="Vijftig maatschappelijk werkers.")
    )
    for title in [
        "Innovatielab",
        "Kafka-brigade",
        "Het OCMW in sociale hogescholen",
        "De stem van de maatschappelijk werker",
    ]:
        track.add_child(
            instance=WorkstreamPage(title=title, slug=title.lower().replace(" ", "-"), intro="...")
        )
    principle = GuidingPrinciple.objects.create(
        locale=locale("nl"), name="Politiserend werken", slug="politiserend"
    )
    conference = ConferencePage(
        title="Sociaalwerkconferentie 2018", slug="conferentie", intro="Vijf krachtlijnen."
    )
    conference.principles = [principle]
    track.add_child(instance=conference)

    track_html = client.get(track.url).content.decode()
    conference_html = client.get(conference.url).content.decode()

    for title in [
        "Innovatielab",
        "Kafka-brigade",
        "Het OCMW in sociale hogescholen",
        "De stem van de maatschappelijk werker",
    ]:
        assert title in track_html
    assert "Sociaalwerkconferentie 2018" in track_html
    assert "Politiserend werken" in conference_html
    assert isinstance(conference.get_parent().specific, G50TrackPage)
    assert ConferencePage.objects.count() == 1


def test_every_page_with_sessions_carries_event_json_ld(client, offer_index):
    import json
    import re

    index, _ = offer_index
    trajectory, edition = make_trajectory(index, modules=2)
    network, meeting = make_network(index)

    for page, count in [
        (trajectory, 2),
        (edition, 2),
        (edition.get_children().first(), 1),
        (network, 1),
        (meeting, 1),
    ]:
        html = client.get(page.url).content.decode()
        data = json.loads(
            re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
        )
        assert len(data["@graph"]) == count, page
        assert data["@graph"][0]["@type"] == "Event"
