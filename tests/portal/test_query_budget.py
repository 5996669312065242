"""Every public page type renders in at most 15 database queries, and that
number stays the same when a page shows more sessions, children, stories
or tags. Measured on the demo content with the page cache off: what a
visitor waits for when the page is not cached."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from home.models import ContentPage, HomePage
from home.taxonomy import GuidingPrinciple, Theme
from tests.factories.offer import SessionFactory, in_days, make_training
from tests.factories.stories import make_story
from trajecten.models import (
    CallFormPage,
    ConferencePage,
    EditionPage,
    G50TrackPage,
    LearningNetworkPage,
    MeetingPage,
    ModulePage,
    OfferIndexPage,
    TrainingPage,
    TrajectoryPage,
    WorkstreamPage,
)
from verhalen.models import MeetingReportPage, ReportIndexPage, StoryIndexPage, StoryPage

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("demo_site"),
    pytest.mark.xdist_group("demo-queries"),
]

BUDGET = 15
PAGE_TYPES = [
    HomePage,
    ContentPage,
    OfferIndexPage,
    TrainingPage,
    TrajectoryPage,
    EditionPage,
    ModulePage,
    LearningNetworkPage,
    MeetingPage,
    G50TrackPage,
    WorkstreamPage,
    ConferencePage,
    CallFormPage,
    StoryIndexPage,
    StoryPage,
    ReportIndexPage,
    MeetingReportPage,
]


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def queries(client, url):
    """How many queries a visit to `url` takes, once the first visit has
    made what Wagtail makes on first use (site settings)."""
    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def one_of(model, language):
    page = model.objects.live().public().filter(locale__language_code=language).first()
    assert page is not None, f"the demo has no {model.__name__} in {language}"
    return page


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_public_page_type_renders_within_the_budget(client, language):
    counts = {model.__name__: queries(client, one_of(model, language).url) for model in PAGE_TYPES}
    counts["search"] = queries(
        client, f"/{language}/{'zoeken' if language == 'nl' else 'recherche'}/?q=ocmw"
    )

    over = {name: count for name, count in counts.items() if count > BUDGET}
    assert over == {}, counts


def test_a_training_with_30_sessions_takes_the_queries_of_one_with_5(client):
    training = one_of(TrainingPage, "nl")
    french = training.get_translation(one_of(HomePage, "fr").locale)
    before = queries(client, training.url), queries(client, french.url)

    for number in range(25):
        SessionFactory(page=training, starts_at=in_days(40 + number), town=f"Gemeente {number}")

    assert training.get_sessions().count() == 30
    assert (queries(client, training.url), queries(client, french.url)) == before


def test_the_catalogue_takes_the_same_queries_with_many_more_trainings(client):
    index = one_of(OfferIndexPage, "nl")
    themes = list(Theme.objects.filter(locale=index.locale))
    before = queries(client, index.url)

    for number in range(12):
        training = make_training(
            index,
            sessions=2,
            title=f"Opleiding {number}",
            slug=f"opleiding-{number}",
            themes=themes,
        )
        training.save_revision().publish()

    # One query per kind of page on the first page of results: fewer kinds, fewer queries.
    assert queries(client, index.url) <= before


def test_stories_take_the_same_queries_with_many_more_stories_and_tags(client):
    index = one_of(StoryIndexPage, "nl")
    story = one_of(StoryPage, "nl")
    themes = list(Theme.objects.filter(locale=index.locale))
    principles = list(GuidingPrinciple.objects.filter(locale=index.locale))
    before = queries(client, index.url), queries(client, story.url)

    for number in range(15):
        make_story(
            index,
            title=f"Verhaal {number}",
            days_ago=number,
            themes=themes,
            principles=principles,
        ).save_revision().publish()

    assert (queries(client, index.url), queries(client, story.url)) == before


def test_a_network_takes_the_same_queries_with_many_more_meetings(client):
    network = one_of(LearningNetworkPage, "nl")
    before = queries(client, network.url)

    for number in range(10):
        meeting = network.add_child(
            instance=MeetingPage(title=f"Bijeenkomst {number}", slug=f"bijeenkomst-{number}")
        )
        SessionFactory(page=meeting, starts_at=in_days(60 + 60 * number, 19, 30))

    assert queries(client, network.url) == before


def test_the_home_page_takes_the_same_queries_with_more_pages_in_the_menu(client):
    home = one_of(HomePage, "nl")
    before = queries(client, home.url)

    for number in range(8):
        page = home.add_child(
            instance=ContentPage(
                title=f"Rubriek {number}", slug=f"rubriek-{number}", show_in_menus=True
            )
        )
        page.save_revision().publish()

    assert Page.objects.child_of(home).in_menu().count() >= 8
    assert queries(client, home.url) == before


def test_the_home_page_takes_the_same_queries_with_many_more_sessions_and_stories(client):
    """Measured right after a registration, when the list of sessions with
    seats left is made again (it is kept until the seats change)."""
    from home.page_cache import invalidate_seats
    from tests.factories.offer import make_network, make_trajectory

    home = one_of(HomePage, "nl")
    index = one_of(OfferIndexPage, "nl")
    stories = one_of(StoryIndexPage, "nl")

    def after_a_registration(url):
        client.get(url)
        invalidate_seats()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = after_a_registration(home.url), after_a_registration("/fr/")

    for number in range(6):
        training = make_training(index, sessions=3, title=f"Opleiding {number}", slug=f"o-{number}")
        training.save_revision().publish()
        trajectory, edition = make_trajectory(
            index, title=f"Traject {number}", slug=f"traject-{number}"
        )
        trajectory.save_revision().publish()
        make_story(stories, title=f"Verhaal {number}", days_ago=number).save_revision().publish()
    network, _meeting = make_network(index, slug="nog-een-netwerk")
    network.save_revision().publish()

    assert "Opleiding 0" in client.get(home.url).content.decode()
    assert (after_a_registration(home.url), after_a_registration("/fr/")) == before
