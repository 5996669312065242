"""Fixtures shared by every test module."""

import pytest
from django.core.cache import cache
from django.utils import translation

from tests.factories.accounts import EditorFactory, MemberFactory
from tests.factories.pages import make_home_pages


@pytest.fixture(autouse=True)
def _fresh_state():
    # allauth's rate limits live in the cache: one test must not throttle the next.
    cache.clear()
    yield
    translation.activate("nl")


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
    """Files handed in by the tests are removed after the run."""
    import shutil

    from django.conf import settings

    yield
    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT, ignore_errors=True)
