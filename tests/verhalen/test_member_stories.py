"""A member shares a story: it becomes a draft in the moderation workflow,
editors approve it or ask for changes, and what a member writes is sanitised."""

import pytest
from django.core import mail
from django.test import Client
from wagtail.models import WorkflowState

from home.taxonomy import GuidingPrinciple
from tests.factories.accounts import MemberFactory
from tests.factories.pages import locale, translate_page
from tests.factories.stories import make_story_index
from verhalen.models import StoryPage

pytestmark = pytest.mark.django_db

STORY = {
    "title": "Een regel die niemand begreep",
    "teaser": "Hoe we een overbodige stap schrapten.",
    "text": "Elke aanvrager moest een attest laten tekenen.\n\nNa een melding is de stap weg.",
    "consent": "on",
}
NASTY = (
    '<p onclick="steal()">Hallo<script>alert("x")</script></p>'
    '<iframe src="https://evil.example.org"></iframe>'
    '<img src="x" onerror="alert(1)"><a href="javascript:alert(1)">klik</a>'
    '<a href="https://www.vvsg.be">VVSG</a>'
)


@pytest.fixture
def index(home_pages):
    home, _ = home_pages
    index = make_story_index(home)
    translate_page(index, "fr", title="Récits", slug="recits")
    return index


def submit(client, **extra):
    return client.post("/nl/mijn-account/verhalen/nieuw/", {**STORY, **extra})


def test_a_submitted_story_is_a_draft_in_moderation_owned_by_the_member(client, index, editor):
    member = MemberFactory()
    principle = GuidingPrinciple.objects.create(
        locale=locale("nl"), name="Politiserend werken", slug="politiserend"
    )
    client.force_login(member)

    response = submit(client, principles=[principle.pk])

    story = StoryPage.objects.get()
    assert response.status_code == 302
    assert not story.live and story.owner == member and story.author == member
    assert story.get_parent().pk == index.pk
    assert (
        WorkflowState.objects.for_instance(story).get().status == WorkflowState.STATUS_IN_PROGRESS
    )
    assert list(story.get_latest_revision_as_object().principles.all()) == [principle]
    assert client.get(story.url or "/nl/verhalen/een-regel-die-niemand-begreep/").status_code == 404
    assert "Ingediend" in client.get("/nl/mijn-account/verhalen/").content.decode()


def test_consent_is_required_and_nothing_is_created_without_it(client, index):
    client.force_login(MemberFactory())

    response = submit(client, consent="")

    assert 'id="id_consent_error"' in response.content.decode()
    assert not StoryPage.objects.exists()


def test_an_anonymous_story_needs_a_province(client, index):
    client.force_login(MemberFactory())

    response = submit(client, anonymous="on", province="")

    assert 'id="id_province_error"' in response.content.decode()
    assert not StoryPage.objects.exists()


def test_editor_approves_and_the_story_is_public_with_its_byline(client, index, editor):
    member = MemberFactory(first_name="Els", last_name="Peeters")
    client.force_login(member)
    submit(client, anonymous="on", province="limburg")
    story = StoryPage.objects.get()

    state = WorkflowState.objects.for_instance(story).get()
    state.current_task_state.approve(user=editor)

    story.refresh_from_db()
    assert story.live
    html = Client().get(story.url).content.decode()
    assert "Limburg" in html and "Els Peeters" not in html
    assert "Gepubliceerd" in client.get("/nl/mijn-account/verhalen/").content.decode()


def test_changes_asked_are_shown_and_the_member_resubmits(client, index, editor):
    member = MemberFactory()
    client.force_login(member)
    submit(client)
    story = StoryPage.objects.get()
    WorkflowState.objects.for_instance(story).get().current_task_state.reject(
        user=editor, comment="Maak het anoniemer."
    )

    overview = client.get("/nl/mijn-account/verhalen/").content.decode()
    client.post(f"/nl/mijn-account/verhalen/{story.pk}/", {**STORY, "title": "Herwerkt verhaal"})

    assert "Maak het anoniemer." in overview
    state = WorkflowState.objects.for_instance(story).get(
        status__in=["in_progress", "needs_changes"]
    )
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    story.refresh_from_db()
    assert story.get_latest_revision_as_object().title == "Herwerkt verhaal"


def test_member_html_is_sanitised_in_storage_and_on_the_page(client, index, editor):
    client.force_login(MemberFactory())
    submit(client, text=NASTY)
    story = StoryPage.objects.get()
    WorkflowState.objects.for_instance(story).get().current_task_state.approve(user=editor)

    stored = str(StoryPage.objects.get().body.raw_data)
    html = Client().get(StoryPage.objects.get().url).content.decode()

    for dangerous in [
        "<script",
        "onclick",
        "onerror",
        "<iframe",
        "javascript:",
        "evil.example.org",
    ]:
        assert dangerous not in stored
        assert dangerous not in html.split("<main")[1]
    assert 'href="https://www.vvsg.be"' in html


def test_a_member_cannot_edit_another_members_or_a_published_story(client, index, editor):
    author = Client()
    author.force_login(MemberFactory())
    submit(author)
    story = StoryPage.objects.get()
    client.force_login(MemberFactory())

    assert client.get(f"/nl/mijn-account/verhalen/{story.pk}/").status_code == 404
    assert (
        client.post(
            f"/nl/mijn-account/verhalen/{story.pk}/", {**STORY, "title": "Gekaapt"}
        ).status_code
        == 404
    )
    WorkflowState.objects.for_instance(story).get().current_task_state.approve(user=editor)
    author.post(f"/nl/mijn-account/verhalen/{story.pk}/", {**STORY, "title": "Later gewijzigd"})
    assert StoryPage.objects.get().title == STORY["title"]


def test_moderators_are_notified_of_a_new_story(
    client, index, editor, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    moderator = MemberFactory(is_staff=True, email="moderator@example.org")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(MemberFactory())

    with django_capture_on_commit_callbacks(execute=True):
        submit(client)

    assert any("moderator@example.org" in message.to for message in mail.outbox)


def test_the_story_form_speaks_the_members_language_and_shows_its_hints_whole(client, index):
    client.force_login(MemberFactory())

    french = client.get("/fr/mon-compte/recits/nouveau/").content.decode()
    dutch = client.get("/nl/mijn-account/verhalen/nieuw/").content.decode()

    # The picture's formats and size, in each language (Wagtail wrote them once, in Dutch).
    assert "Formats acceptés" in french and "Ondersteunde" not in french
    assert "Ondersteunde bestandsformaten" in dutch
    # The placeholder of the province is text, not a tag the browser drops.
    assert "&lt;provincie&gt;" in dutch and "<provincie>" not in dutch
