"""The training page: its sessions with status and seats, times and prices
in the visitor's language, schema.org Event data, and a fixed number of queries."""

import json
import re
from decimal import Decimal

import pytest
from django.utils import translation

from home.templatetags.formatting import euro, time_range
from tests.factories.offer import SessionFactory, brussels, in_days, make_training
from tests.factories.pages import translate_page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "vrijdag 27 maart 2020, 9.30–12.30 uur"), ("fr", "vendredi 27 mars 2020, 9h30–12h30")],
)
def test_session_times_are_written_the_way_each_language_writes_them(language, expected):
    with translation.override(language):
        assert time_range(brussels(2020, 3, 27, 9, 30), brussels(2020, 3, 27, 12, 30)) == expected


@pytest.mark.parametrize(
    ("language", "amount", "expected"),
    [
        ("nl", "45", "€ 45"),
        ("fr", "45", "45 €"),
        ("nl", "1225.5", "€ 1.225,50"),
        ("fr", "50", "50 €"),
    ],
)
def test_prices_are_written_the_way_each_language_writes_them(language, amount, expected):
    with translation.override(language):
        assert euro(Decimal(amount)).replace("\xa0", " ").replace("\u202f", " ") == expected


def test_training_page_shows_each_session_with_status_note_and_seats(client, offer_index):
    index, index_fr = offer_index
    training = make_training(index, sessions=0)
    SessionFactory(page=training, capacity=15, town="Brugge")
    SessionFactory(
        page=training,
        town="Gent",
        status="postponed",
        status_note_nl="Uitgesteld wegens de coronamaatregelen.",
        status_note_fr="Reportée en raison des mesures sanitaires.",
    )
    french = translate_page(training, "fr", slug="formation")

    dutch_html = client.get(training.url).content.decode()
    french_html = client.get(french.url).content.decode()

    assert "15 plaatsen vrij" in dutch_html
    assert "Uitgesteld wegens de coronamaatregelen." in dutch_html
    assert "Uitgesteld" in dutch_html and "Brugge" in dutch_html
    assert "15 places libres" in french_html
    assert "Reportée en raison des mesures sanitaires." in french_html
    assert "€ 45" in dutch_html and "45 €" in french_html.replace("\xa0", " ")


def test_training_page_carries_event_json_ld(client, offer_index):
    index, _ = offer_index
    training = make_training(index, sessions=0)
    SessionFactory(page=training, status="postponed")
    SessionFactory(
        page=training, format="online", online_link="https://meet.example.org/secret", town=""
    )

    html = client.get(training.url).content.decode()

    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    events = data["@graph"]
    assert [e["eventStatus"] for e in events] == [
        "https://schema.org/EventPostponed",
        "https://schema.org/EventScheduled",
    ]
    assert events[0]["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert events[1]["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert events[0]["location"]["address"]["addressLocality"] == "Leuven"
    assert events[0]["offers"]["price"] == "45.00"
    # The online link is for participants only.
    assert "meet.example.org/secret" not in html


def test_past_sessions_say_they_took_place(client, offer_index):
    index, _ = offer_index
    training = make_training(index, sessions=0)
    SessionFactory(page=training, starts_at=in_days(-10))

    html = client.get(training.url).content.decode()

    assert "Vond plaats" in html
