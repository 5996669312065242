"""Right after a change, a training page renders again only the session cards
the change touches, and every card shows the change at once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories.offer import make_training
from tests.factories.pages import make_content_page
from trajecten import registrations
from trajecten.models import SessionStatus

pytestmark = pytest.mark.django_db

CARD = "components/session_card.html"
REGISTER = 'class="button"'


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # What is measured is the page rendered: the page cache would serve it whole.
    settings.PAGE_CACHE_SECONDS = 0


def publish(page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def visit(client, page):
    """(html, the number of session cards rendered for it)."""
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode(), [t.name for t in response.templates].count(CARD)


def card_of(html, session):
    start = html.index(f'id="session-{session.uid}"')
    return html[start : html.index("</article>", start)]


@pytest.fixture
def training(offer_index):
    index, _ = offer_index
    return publish(make_training(index, sessions=3))


def test_a_registration_renders_again_only_the_card_of_its_session(client, training, member):
    first, other, last = training.get_sessions()
    assert visit(client, training)[1] == 3
    assert visit(client, training)[1] == 0  # all kept

    registrations.register_for_session(
        user=member,
        session=first,
        invoice=registrations.InvoiceDetails(organisation="OCMW Gent", address="Onderbergen 86"),
    )
    html, rendered = visit(client, training)

    assert rendered == 1
    assert "14 plaatsen vrij" in card_of(html, first)
    assert "15 plaatsen vrij" in card_of(html, other) and "15 plaatsen vrij" in card_of(html, last)


def test_publishing_another_page_renders_no_card_again(client, training, home_pages):
    home, _ = home_pages
    before, _ = visit(client, training)

    publish(make_content_page(home, title="Nieuws", slug="nieuws"))
    html, rendered = visit(client, training)

    assert rendered == 0
    assert "Nieuws" in html  # the menu is the new one
    assert html.count("15 plaatsen vrij") == before.count("15 plaatsen vrij") == 3


def test_a_change_of_a_session_published_with_its_page_shows_at_once(client, training):
    first, other, _last = training.get_sessions()
    visit(client, training)

    # An editor postpones a session and moves another to a later day.
    page = training.get_latest_revision_as_object()
    sessions = list(page.sessions.all())
    sessions[0].status = SessionStatus.POSTPONED
    sessions[0].status_note_nl = "Nieuwe datum volgt."
    sessions[1].starts_at += timedelta(days=1)
    sessions[1].ends_at += timedelta(days=1)
    page.sessions = sessions
    page.save_revision().publish()
    html, rendered = visit(client, training)

    assert rendered == 2
    assert "Uitgesteld" in card_of(html, first) and "Nieuwe datum volgt." in card_of(html, first)
    assert REGISTER not in card_of(html, first)
    moved = timezone.localtime(other.starts_at + timedelta(days=1))
    assert f"{moved.day} " in card_of(html, other).split("</h3>")[0]


def test_the_cards_link_to_the_pages_new_address(client, training):
    visit(client, training)

    publish(training, slug="basisopleiding-migratie")
    training.refresh_from_db()
    html, _rendered = visit(client, training)

    assert "/basisopleiding-migratie/" in html
    assert "/basisopleiding/" not in html


def test_a_card_shows_at_once_that_its_session_started_and_ended(client, training, monkeypatch):
    first = training.get_sessions()[0]
    html, _rendered = visit(client, training)
    assert REGISTER in card_of(html, first) and "Vond plaats" not in card_of(html, first)

    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: first.starts_at + timedelta(minutes=1))
    html, rendered = visit(client, training)
    assert rendered == 1
    assert REGISTER not in card_of(html, first) and "Vond plaats" not in card_of(html, first)

    monkeypatch.setattr(timezone, "now", lambda: first.ends_at + timedelta(minutes=1))
    html, rendered = visit(client, training)
    assert rendered == 1
    assert "Vond plaats" in card_of(html, first)
    assert real_now() < first.starts_at


def test_each_language_gets_its_own_cards(client, training):
    from tests.factories.pages import translate_page

    french = translate_page(training, "fr", title="Formation de base", slug="formation")
    visit(client, training)

    html, rendered = visit(client, french)

    assert rendered == 3
    assert "15 places libres" in html and "plaatsen vrij" not in html
