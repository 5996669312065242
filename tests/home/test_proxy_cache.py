"""What the portal tells a caching proxy: the pages a registration shows on,
found by their tags; and a proxy that does not answer never fails a change."""

import re

import pytest

from home import proxy_cache
from tests.factories.offer import make_training
from trajecten import registrations


def test_a_session_s_ban_finds_the_pages_that_show_it_and_the_lists_chosen_by_seats():
    pattern = re.compile(proxy_cache._pattern([proxy_cache.session_tag(12)]))

    assert pattern.search("s12")
    assert pattern.search("s3 s12 s40")
    assert pattern.search("seats")
    assert not pattern.search("s1 s120 s112")


@pytest.mark.django_db
def test_a_registration_goes_through_when_the_proxy_does_not_answer(
    offer_index, member, settings, caplog, commit, monkeypatch
):
    from bench.setup import free_port

    monkeypatch.setattr(proxy_cache, "AGAIN_AFTER_SECONDS", None)
    settings.FRONTEND_CACHE_PURGE_URL = f"http://127.0.0.1:{free_port()}"
    training = make_training(offer_index[0])
    training.save_revision().publish()

    with caplog.at_level("WARNING", logger="home.proxy_cache"), commit():
        registration = registrations.register_for_session(
            user=member,
            session=training.get_sessions()[0],
            invoice=registrations.InvoiceDetails(organisation="OCMW Gent", address="Markt 1"),
        )

    assert registration.pk
    assert "The caching proxy did not take a ban" in caplog.text
