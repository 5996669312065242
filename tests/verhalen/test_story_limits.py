"""A member cannot flood the editors: new stories and changes sent back to
the editors (each mails the moderators) are limited per member, with a clear
message on the form."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from wagtail.models import WorkflowState

from tests.factories.accounts import MemberFactory
from verhalen import rules
from verhalen.models import StoryPage

pytestmark = pytest.mark.django_db

STORY = {
    "title": "Een regel die niemand begreep",
    "teaser": "Hoe we een overbodige stap schrapten.",
    "text": "Elke aanvrager moest een attest laten tekenen.",
    "consent": "on",
}
NEW = "/nl/mijn-account/verhalen/nieuw/"


@pytest.fixture
def moderator(db):
    moderator = MemberFactory(is_staff=True, email="moderator@example.org")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    return moderator


def mails_to(address):
    return [message for message in mail.outbox if address in message.to]


def test_a_member_shares_five_new_stories_a_day_and_no_more(client, story_index, moderator, commit):
    assert rules.NEW_STORIES_RATE == "5/d"
    member = MemberFactory()
    client.force_login(member)

    with commit():
        responses = [client.post(NEW, {**STORY, "title": f"Verhaal {n}"}) for n in range(8)]

    assert [response.status_code for response in responses] == [302] * 5 + [429] * 3
    assert StoryPage.objects.filter(author=member).count() == 5
    refused = responses[-1].content.decode()
    assert 'class="form-errors"' in refused
    assert " 5 " in refused  # "at most 5 new stories a day"
    assert 'value="Verhaal 7"' in refused  # what the member wrote is kept
    assert len(mails_to("moderator@example.org")) == 5

    other = Client()
    other.force_login(MemberFactory())
    assert other.post(NEW, STORY).status_code == 302


def test_the_limit_message_is_in_the_members_language(client, story_index, monkeypatch):
    monkeypatch.setattr(rules, "NEW_STORIES_RATE", "1/d")
    client.force_login(MemberFactory())
    client.post("/fr/mon-compte/recits/nouveau/", STORY)

    response = client.post("/fr/mon-compte/recits/nouveau/", STORY)

    html = response.content.decode()
    assert response.status_code == 429
    assert '<html lang="fr"' in html
    # The moment the member may share again, written as French writes dates.
    assert any(
        day in html
        for day in ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
    )


def test_changes_sent_back_to_the_editors_are_limited(
    client, story_index, editor, moderator, monkeypatch, commit
):
    monkeypatch.setattr(rules, "STORY_CHANGES_RATE", "2/d")
    client.force_login(MemberFactory())
    client.post(NEW, STORY)
    story = StoryPage.objects.get()
    edit = f"/nl/mijn-account/verhalen/{story.pk}/"
    statuses = []
    for n in range(3):
        WorkflowState.objects.for_instance(story).get(
            status=WorkflowState.STATUS_IN_PROGRESS
        ).current_task_state.reject(user=editor, comment="Maak het anoniemer.")
        mail.outbox.clear()
        with commit():
            statuses.append(client.post(edit, {**STORY, "title": f"Versie {n}"}).status_code)

    assert statuses == [302, 302, 429]
    story.refresh_from_db()
    assert story.get_latest_revision_as_object().title == "Versie 1"
    assert mails_to("moderator@example.org") == []  # the refused change mailed no one
    state = WorkflowState.objects.for_instance(story).get(
        status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES]
    )
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES


def test_a_cache_that_cannot_count_does_not_refuse_the_member(client, story_index, monkeypatch):
    # A cache that swallows its errors (django-redis's IGNORE_EXCEPTIONS) answers None.
    from django.core.cache import cache

    monkeypatch.setattr(rules, "NEW_STORIES_RATE", "1/d")
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: None)
    monkeypatch.setattr(cache, "incr", lambda *args, **kwargs: None)
    client.force_login(MemberFactory())

    responses = [client.post(NEW, {**STORY, "title": f"Verhaal {n}"}) for n in range(2)]

    assert [response.status_code for response in responses] == [302, 302]
