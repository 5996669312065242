"""Fixtures shared by every test module."""

from io import StringIO

import pytest
from django.core.cache import cache, caches
from django.core.management import call_command
from django.utils import translation

from tests.factories.accounts import EditorFactory, MemberFactory
from tests.factories.pages import make_home_pages


@pytest.fixture(autouse=True)
def _fresh_state():
    # allauth's rate limits live in the cache: one test must not throttle the next.
    cache.clear()
    # What each process keeps (session cards, menus) is keyed by ids that a
    # rolled-back test gives out again: nothing of one test reaches the next.
    caches["process"].clear()
    yield
    translation.activate("nl")


@pytest.fixture(scope="session", autouse=True)
def _mail_through_the_outbox(django_test_environment):
    """Django's test set-up replaces EMAIL_BACKEND with its in-memory one:
    put the portal's outbox back, which delivers into that same memory
    (MAIL_TRANSPORT), so that tests see mail as production sends it: once
    the change is committed."""
    from django.conf import settings

    settings.EMAIL_BACKEND = "portal.outbox.backend.OutboxBackend"


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit(): ...` runs what waits for the transaction to commit
    (mail leaves the outbox then), as a real request's commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def home_pages(db):
    """(Dutch home page, French home page) as the default site's root."""
    return make_home_pages()


@pytest.fixture
def member(db):
    return MemberFactory()


@pytest.fixture
def editor(db):
    return EditorFactory()


@pytest.fixture
def offer_index(home_pages):
    """The Dutch catalogue and its French translation."""
    from tests.factories.offer import make_offer_index
    from tests.factories.pages import translate_page

    home, _ = home_pages
    index = make_offer_index(home)
    index_fr = translate_page(index, "fr", title="Offre de formation", slug="offre")
    return index, index_fr


@pytest.fixture(scope="session", autouse=True)
def _clean_private_uploads():
    """Files the tests uploaded are removed after the run."""
    import shutil

    from django.conf import settings

    yield
    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT, ignore_errors=True)
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The demo content of `make run`, loaded once for the tests of a module.

    It is loaded with real transactions, as `make run` loads it (wagtail-localize
    finishes translations on commit), and costs tens of seconds: a module's
    tests share it, each in a transaction of its own that is rolled back. When
    the module is done the database goes back to what the migrations made.
    Modules using it should keep their tests in one xdist group, so that one
    process loads it once.
    """
    from django.db import connection

    with django_db_blocker.unblock():
        migrated = connection.creation.serialize_db_to_string()
        call_command("load_demo_content", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        # As Django's TransactionTestCase with serialized_rollback does it.
        call_command(
            "flush",
            interactive=False,
            verbosity=0,
            inhibit_post_migrate=True,
            # The ids to come stay above those restored (PostgreSQL sequences).
            reset_sequences=False,
        )
        connection.creation.deserialize_db_from_string(migrated)
