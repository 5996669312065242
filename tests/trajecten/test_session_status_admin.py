"""An editor postpones or cancels several sessions of a training in one
action, with a note in both languages: the page is published with the new
status, and every registrant hears it in their language, with the note."""

import pytest
from django.core import mail
from wagtail.models import Page

from tests.factories.accounts import MemberFactory
from tests.factories.offer import SessionFactory, in_days, make_training
from trajecten import registrations
from trajecten.models import Registration, RegistrationStatus, Session, SessionStatus
from trajecten.registrations import InvoiceDetails

pytestmark = pytest.mark.django_db

INVOICE = InvoiceDetails(organisation="OCMW Gent", address="Onderbergen 86\n9000 Gent")
NOTES = {"note_nl": "De zaal is niet beschikbaar.", "note_fr": "La salle n'est pas disponible."}


@pytest.fixture
def training(offer_index):
    page = make_training(offer_index[0], sessions=0)
    for days in (20, 27, 34):
        SessionFactory(page=page, starts_at=in_days(days))
    page.save_revision().publish()
    return page


def url(page, action):
    return f"/admin/pages/{page.pk}/sessions/{action}/"


def test_postponing_two_of_three_sessions_tells_their_registrants_with_the_note(
    client, editor, training, commit
):
    first, second, third = training.sessions.order_by("starts_at")
    dutch, french, untouched = MemberFactory(), MemberFactory(), MemberFactory()
    french.profile.preferred_language = "fr"
    french.profile.save()
    for member, session in ((dutch, first), (french, second), (untouched, third)):
        registrations.register_for_session(user=member, session=session, invoice=INVOICE)
    mail.outbox.clear()
    client.force_login(editor)

    form = client.get(url(training, "postpone")).content.decode()
    with commit():
        response = client.post(
            url(training, "postpone"), {"sessions": [first.pk, second.pk], **NOTES}
        )

    assert f'value="{third.pk}"' in form
    assert response.status_code == 302
    statuses = dict(training.sessions.values_list("pk", "status"))
    assert statuses == {
        first.pk: SessionStatus.POSTPONED,
        second.pk: SessionStatus.POSTPONED,
        third.pk: SessionStatus.SCHEDULED,
    }
    # Published, as the page editor would: the live page says so, no draft is left.
    assert not Page.objects.get(pk=training.pk).has_unpublished_changes
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {dutch.email, french.email}
    assert "De zaal is niet beschikbaar." in by_address[dutch.email].body
    assert "La salle n'est pas disponible." in by_address[french.email].body
    assert by_address[french.email].subject == "La session est reportée"
    # Seats are kept.
    assert Registration.objects.filter(status=RegistrationStatus.CONFIRMED).count() == 3


def test_cancelling_the_whole_training_leaves_nothing_due(client, editor, training, commit):
    member = MemberFactory()
    seat = registrations.register_for_session(
        user=member, session=training.sessions.first(), invoice=INVOICE
    )
    client.force_login(editor)
    every = list(training.sessions.values_list("pk", flat=True))

    with commit():
        client.post(url(training, "cancel"), {"sessions": every, **NOTES})

    seat.refresh_from_db()
    assert seat.status == RegistrationStatus.CANCELLED_BY_ORGANISER
    assert seat.fee_due is None
    assert set(training.sessions.values_list("status", flat=True)) == {SessionStatus.CANCELLED}


def test_a_note_missing_in_one_language_is_refused_beside_it_and_nothing_changes(
    client, editor, training
):
    client.force_login(editor)
    every = list(training.sessions.values_list("pk", flat=True))

    response = client.post(
        url(training, "postpone"), {"sessions": every, "note_nl": "Uitgesteld", "note_fr": ""}
    )

    assert response.status_code == 200
    assert "Schrijf de opmerking ook in het Frans." in response.content.decode()
    assert set(training.sessions.values_list("status", flat=True)) == {SessionStatus.SCHEDULED}


def test_a_page_with_an_unpublished_draft_is_not_published_behind_its_editors_back(
    client, editor, training
):
    training.title = "Een nieuwe titel in ontwerp"
    training.save_revision()
    client.force_login(editor)
    every = list(training.sessions.values_list("pk", flat=True))

    response = client.post(url(training, "postpone"), {"sessions": every, **NOTES})

    assert "nog niet gepubliceerd" in response.content.decode()
    assert Page.objects.get(pk=training.pk).title != "Een nieuwe titel in ontwerp"
    assert set(training.sessions.values_list("status", flat=True)) == {SessionStatus.SCHEDULED}


def test_the_page_editor_offers_the_actions_and_others_are_refused(client, editor, training):
    client.force_login(editor)
    edit = client.get(f"/admin/pages/{training.pk}/edit/").content.decode()
    assert url(training, "postpone") in edit and url(training, "cancel") in edit

    assert client.get(url(training, "explode"), follow=True).status_code == 404
    client.force_login(MemberFactory())
    response = client.post(url(training, "cancel"), {"sessions": [], **NOTES})
    assert response.status_code in (302, 403)
    assert not Session.objects.filter(status=SessionStatus.CANCELLED).exists()
