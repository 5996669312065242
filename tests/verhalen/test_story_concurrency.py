"""Members who share a story with the same title at the same moment each get
a page of their own, with an address of its own: each request in its own
thread and database connection, on PostgreSQL."""

import threading

import pytest
from django.db import connection, connections

from tests.factories.accounts import MemberFactory
from tests.factories.pages import make_home_pages
from tests.factories.stories import make_story_index, submit
from verhalen.models import StoryPage

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks are a PostgreSQL matter; set DATABASE_URL to a PostgreSQL database to run this",
    ),
]

MEMBERS = 12


@pytest.mark.parametrize("title", ["Eerst luisteren", "🙂"])
def test_simultaneous_stories_with_one_title_get_their_own_addresses(title):
    home, _ = make_home_pages()
    index = make_story_index(home)
    members = MemberFactory.create_batch(MEMBERS)
    start = threading.Barrier(MEMBERS)
    errors = []

    def share(member):
        try:
            start.wait()
            submit(member, title)
        except Exception as error:  # noqa: BLE001 - every failure is reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=share, args=(member,)) for member in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    stories = StoryPage.objects.child_of(index)
    assert stories.count() == MEMBERS
    assert len(set(stories.values_list("slug", flat=True))) == MEMBERS
    assert len(set(stories.values_list("path", flat=True))) == MEMBERS
    index.refresh_from_db()
    assert index.numchild == MEMBERS
