"""The author of a story hears from the portal, in their language and in the
portal's words, when it is published or when the editors ask for changes:
never Wagtail's workflow mail with the workflow's name and admin links."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Page, WorkflowState

from tests.factories.accounts import EditorFactory, MemberFactory
from tests.factories.pages import locale, make_content_page
from verhalen.models import StoryPage

pytestmark = pytest.mark.django_db

STORY = {
    "title": "Een regel die niemand begreep",
    "teaser": "Hoe we een overbodige stap schrapten.",
    "text": "Elke aanvrager moest een attest laten tekenen.",
    "consent": "on",
}


def submitted_story(client, story_index, language="nl"):
    member = MemberFactory(first_name="Els", profile__preferred_language=language)
    client.force_login(member)
    client.post("/nl/mijn-account/verhalen/nieuw/", STORY)
    client.logout()
    story = StoryPage.objects.get()
    return member, story, WorkflowState.objects.for_instance(story).get()


def workflow_words(state):
    task = state.current_task_state.task
    return [state.workflow.name, task.name, "workflow", "/admin/"]


def in_language(language, text):
    with translation.override(language):
        return gettext(text)


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_the_author_reads_that_the_story_is_published_in_the_portals_words(
    client, story_index, editor, commit, language
):
    member, story, state = submitted_story(client, story_index, language)
    words = workflow_words(state)
    mail.outbox.clear()

    with commit():
        state.current_task_state.approve(user=editor)

    story.refresh_from_db()
    to_member = [message for message in mail.outbox if member.email in message.to]
    assert len(to_member) == 1
    message = to_member[0]
    assert message.subject == in_language(language, "Your story is published")
    assert story.get_full_url() in message.body
    for word in words:
        assert word not in message.subject and word not in message.body
    # Needs the catalogue merged: the portal's own words in the member's language.
    expected = {"nl": "Je verhaal is gepubliceerd", "fr": "Votre récit a été publié"}[language]
    assert message.subject == expected


def test_the_author_reads_the_editors_comment_when_changes_are_asked(
    client, story_index, editor, commit
):
    member, _story, state = submitted_story(client, story_index)
    words = workflow_words(state)
    mail.outbox.clear()

    with commit():
        state.current_task_state.reject(user=editor, comment="Maak het anoniemer.")

    (message,) = [message for message in mail.outbox if member.email in message.to]
    assert message.subject == in_language("nl", "The editors ask you to change your story")
    assert "Maak het anoniemer." in message.body
    assert "/nl/mijn-account/verhalen/" in message.body
    for word in words:
        assert word not in message.subject and word not in message.body


def test_publishing_the_translation_of_a_story_sends_no_second_mail(
    client, story_index, editor, commit
):
    member, story, state = submitted_story(client, story_index)
    with commit():
        state.current_task_state.approve(user=editor)
    story.refresh_from_db()
    mail.outbox.clear()

    french = story.copy_for_translation(locale("fr"))
    with commit():
        french.save_revision(user=editor).publish()

    assert [message for message in mail.outbox if member.email in message.to] == []


def test_an_editor_still_gets_wagtails_mail_for_a_page_approved_in_the_admin(
    home_pages, editor, commit
):
    home, _ = home_pages
    author = EditorFactory(email="auteur@example.org")
    page = make_content_page(home, title="Contact", slug="contact")
    page = Page.objects.get(pk=page.pk).specific
    page.save_revision(user=author)
    with commit():
        state = page.get_workflow().start(page, author)
    mail.outbox.clear()

    with commit():
        state.current_task_state.approve(user=editor)

    assert any(author.email in message.to for message in mail.outbox)
