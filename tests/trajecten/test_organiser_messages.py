"""An editor writes to the registrants of a session or edition once, in
Dutch and French: each member reads it in their language, it stays in
their registration's history, and a message missing a language is refused
next to the field, with nothing sent."""

import html

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from tests.factories.accounts import MemberFactory
from tests.factories.offer import SessionFactory, in_days, make_training, make_trajectory
from trajecten import registrations
from trajecten.models import OrganiserMessage
from trajecten.registrations import InvoiceDetails

pytestmark = pytest.mark.django_db

INVOICE = InvoiceDetails(organisation="OCMW Gent", address="Onderbergen 86\n9000 Gent")
MESSAGE = {
    "subject_nl": "Parkeren bij het Provinciehuis",
    "body_nl": "Parkeer aan de achterkant: de voorkant is afgesloten.",
    "subject_fr": "Se garer au Provinciehuis",
    "body_fr": "Garez-vous à l'arrière : l'avant est fermé.",
}


def words(language, text):
    with translation.override(language):
        return translation.gettext(text)


@pytest.fixture
def session(offer_index):
    index, _ = offer_index
    training = make_training(index, sessions=0)
    return SessionFactory(page=training, capacity=1, starts_at=in_days(10))


def test_the_participants_read_the_message_in_their_language_and_in_their_history(
    client, editor, session, commit
):
    seated = MemberFactory(profile__preferred_language="fr")
    waiting = MemberFactory()
    with commit():
        seat = registrations.register_for_session(user=seated, session=session, invoice=INVOICE)
        registrations.register_for_session(user=waiting, session=session, invoice=INVOICE)
    mail.outbox.clear()
    client.force_login(editor)
    address = reverse("message_session_registrants", args=[session.pk])

    form = client.get(address).content.decode()
    with commit():
        response = client.post(address, {"audience": "participants", **MESSAGE})

    assert "1" in form  # how many each choice reaches
    assert response.status_code == 302
    (letter,) = mail.outbox
    assert letter.to == [seated.email]
    assert letter.subject == "Se garer au Provinciehuis"
    assert "Garez-vous à l'arrière" in letter.body and "Parkeer" not in letter.body
    # The member finds it in the history of their registration.
    client.force_login(seated)
    with translation.override("fr"):
        page = client.get(reverse("registration_detail", args=[seat.pk])).content.decode()
    assert "Se garer au Provinciehuis" in html.unescape(page)


def test_the_waiting_list_alone_can_be_written_to(client, editor, session, commit):
    registrations.register_for_session(user=MemberFactory(), session=session, invoice=INVOICE)
    waiting = MemberFactory()
    registrations.register_for_session(user=waiting, session=session, invoice=INVOICE)
    mail.outbox.clear()
    client.force_login(editor)

    with commit():
        client.post(
            reverse("message_session_registrants", args=[session.pk]),
            {"audience": "waiting_list", **MESSAGE},
        )

    assert [letter.to for letter in mail.outbox] == [[waiting.email]]


def test_a_message_missing_a_language_is_refused_next_to_the_field(client, editor, session, commit):
    registrations.register_for_session(user=MemberFactory(), session=session, invoice=INVOICE)
    mail.outbox.clear()
    client.force_login(editor)

    with commit():
        response = client.post(
            reverse("message_session_registrants", args=[session.pk]),
            {"audience": "everyone", **MESSAGE, "body_fr": "   "},
        )

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "id_body_fr" in page
    assert any(
        words(language, "Write the message in French too.") in page
        for language in ("nl", "fr", "en")
    )
    assert mail.outbox == [] and not OrganiserMessage.objects.exists()


def test_an_editions_participants_are_written_to_from_its_registration(
    client, editor, offer_index, commit
):
    index, _ = offer_index
    _trajectory, edition = make_trajectory(index)
    member = MemberFactory()
    with commit():
        place = registrations.register_for_edition(user=member, edition=edition, invoice=INVOICE)
    mail.outbox.clear()
    client.force_login(editor)

    page = client.get(reverse("registration:edit", args=[place.pk])).content.decode()
    address = reverse("message_edition_registrants", args=[edition.pk])
    assert address in page
    with commit():
        client.post(address, {"audience": "participants", **MESSAGE})

    assert [letter.subject for letter in mail.outbox] == ["Parkeren bij het Provinciehuis"]


def test_members_cannot_write_to_registrants(client, member, session):
    client.force_login(member)

    response = client.post(
        reverse("message_session_registrants", args=[session.pk]),
        {"audience": "everyone", **MESSAGE},
    )

    assert response.status_code in (302, 403)
    assert not OrganiserMessage.objects.exists()
