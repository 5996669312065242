"""The G50 call forms: submissions are kept and mailed, the sender gets a
confirmation, bots fall into the honeypot, and each visitor is rate-limited,
by their own address also behind the proxy."""

import pytest
from django.core import mail

from tests.factories.accounts import EditorFactory
from tests.factories.offer import make_call_form

pytestmark = pytest.mark.django_db

ANSWERS = {
    "je_naam": "Els Peeters",
    "je_e_mailadres": "els@ocmw.example.be",
    "wat_is_de_overbodige_stap": "Een attest dat we al hebben.",
    "waar_in_de_keten": "Lokaal",
}


@pytest.fixture
def call(home_pages):
    home, _ = home_pages
    return make_call_form(home)


def test_a_submission_is_kept_mailed_to_the_editors_and_confirmed_to_the_sender(
    client, call, commit
):
    with commit():
        response = client.post(call.url, ANSWERS)

    assert response.status_code == 200
    submission = call.get_submissions().get()
    assert submission.get_data()["wat_is_de_overbodige_stap"] == "Een attest dat we al hebben."
    assert "website" not in submission.form_data
    recipients = [message.to for message in mail.outbox]
    assert ["g50@example.org"] in recipients and ["els@ocmw.example.be"] in recipients


def test_missing_answers_are_shown_next_to_the_field(client, call):
    response = client.post(
        call.url, {**ANSWERS, "wat_is_de_overbodige_stap": "", "waar_in_de_keten": "Nergens"}
    )

    html = response.content.decode()
    assert (
        'id="id_wat_is_de_overbodige_stap_error"' in html
        and 'id="id_waar_in_de_keten_error"' in html
    )
    assert not call.get_submissions().exists()


def test_a_bot_filling_the_honeypot_keeps_nothing(client, call):
    response = client.post(call.url, {**ANSWERS, "website": "http://spam.example"})

    assert response.status_code == 200
    assert not call.get_submissions().exists()
    assert mail.outbox == []


def test_one_connection_is_rate_limited(client, call, settings):
    settings.CALL_FORM_RATE = "2/h"

    statuses = [client.post(call.url, ANSWERS).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert call.get_submissions().count() == 2


PROXY = "10.0.0.2"  # what REMOTE_ADDR says of every visitor behind the proxy


def posted_from(client, call, forwarded_for):
    """A visitor's submission as the proxy passes it on: it appends the
    address it sees to X-Forwarded-For."""
    response = client.post(call.url, ANSWERS, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)
    return response.status_code


def test_two_visitors_behind_the_proxy_have_their_own_budget(client, call, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.CALL_FORM_RATE = "2/h"

    first = [posted_from(client, call, "198.51.100.7") for _ in range(3)]
    second = [posted_from(client, call, "203.0.113.9") for _ in range(3)]

    assert first == second == [200, 200, 429]
    assert call.get_submissions().count() == 4


@pytest.mark.parametrize("trusted", [1, 2])
def test_a_forged_forwarded_for_gives_no_fresh_budget(client, call, settings, trusted):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = trusted
    settings.CALL_FORM_RATE = "2/h"
    # What the trusted proxies append: the visitor's address, then each inner
    # proxy the address of the one before it.
    added = ", ".join(["198.51.100.7", "10.0.0.1"][:trusted])

    # The visitor writes hops of their own before those.
    statuses = [
        posted_from(client, call, f"192.0.2.{number}, 10.9.9.{number}, {added}")
        for number in range(4)
    ]

    assert statuses == [200, 200, 429, 429]
    assert call.get_submissions().count() == 2


def test_editors_read_and_export_the_submissions(client, call):
    client.post(call.url, ANSWERS)
    client.force_login(EditorFactory())

    listing = client.get(f"/admin/forms/submissions/{call.pk}/")
    export = client.get(f"/admin/forms/submissions/{call.pk}/", {"export": "csv"})

    assert listing.status_code == 200 and "Els Peeters" in listing.content.decode()
    content = b"".join(export.streaming_content) if export.streaming else export.content
    assert "Een attest dat we al hebben." in content.decode()
