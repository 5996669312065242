"""An editor cancels a session: every registrant and waiting member hears it
in their language, nothing is ever due, the export says so and "My
registrations" too. No confirmed seat stays on a cancelled session."""

import html
import io

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from tests.factories.accounts import MemberFactory
from tests.factories.offer import SessionFactory, in_days, make_training, make_trajectory
from trajecten import registrations
from trajecten.models import Registration, RegistrationStatus, SessionStatus
from trajecten.registrations import InvoiceDetails

pytestmark = pytest.mark.django_db

INVOICE = InvoiceDetails(organisation="OCMW Gent", address="Onderbergen 86\n9000 Gent")


def words(language, text):
    with translation.override(language):
        return translation.gettext(text)


@pytest.fixture
def training(offer_index):
    index, _ = offer_index
    return make_training(index, sessions=0)


def cancel_and_publish(page, session, commit):
    """As an editor does: the session's status and note, then Publish."""
    session.status = SessionStatus.CANCELLED
    session.status_note_nl = "De lesgever is ziek."
    session.status_note_fr = "La formatrice est malade."
    session.save()
    with commit():
        page.save_revision().publish()


def test_cancelling_a_session_cancels_every_registration_and_tells_each_member(
    training, commit, client, editor
):
    session = SessionFactory(page=training, capacity=1, starts_at=in_days(3))
    seated = MemberFactory(profile__preferred_language="fr")
    waiting = MemberFactory()
    asking = MemberFactory(profile__is_ocmw_employee=False, profile__organisation_kind="non_profit")
    with commit():
        seat = registrations.register_for_session(user=seated, session=session, invoice=INVOICE)
        registrations.register_for_session(user=waiting, session=session, invoice=INVOICE)
        registrations.register_for_session(
            user=asking, session=session, invoice=INVOICE, motivation="x", tie_to_ocmw="y"
        )
    mail.outbox.clear()

    cancel_and_publish(training, session, commit)

    statuses = set(Registration.objects.filter(session=session).values_list("status", flat=True))
    assert statuses == {RegistrationStatus.CANCELLED_BY_ORGANISER}
    for member, language, note in (
        (seated, "fr", "La formatrice est malade."),
        (waiting, "nl", "De lesgever is ziek."),
        (asking, "nl", "De lesgever is ziek."),
    ):
        (letter,) = [message for message in mail.outbox if message.to == [member.email]]
        assert letter.subject == words(language, "The session is cancelled")
        assert note in letter.body
        assert (
            words(language, "Your registration is cancelled. You owe nothing for it.")
            in letter.body
        )

    # The member's own page says who cancelled, and that nothing is due.
    client.force_login(seated)
    with translation.override("fr"):
        page = html.unescape(
            client.get(reverse("registration_detail", args=[seat.pk])).content.decode()
        )
    assert words("fr", "Cancelled by the organiser") in page
    assert words("fr", "Nothing to pay") in page
    assert words("fr", "The organiser cancelled the session") in page
    assert "La formatrice est malade." in page

    # Nothing is due in what finance reads.
    client.force_login(editor)
    export = client.get("/admin/registration/", {"export": "xlsx"})
    workbook = b"".join(export.streaming_content) if export.streaming else export.content
    rows = list(openpyxl.load_workbook(io.BytesIO(workbook)).active.values)
    # The headings are in the editor's admin language.
    fee_column = next(
        n
        for n, heading in enumerate(rows[0])
        if heading in {words(code, "Fee due") for code in ("nl", "fr")}
    )
    assert [row[fee_column] for row in rows[1:]] == [None, None, None]


def test_publishing_again_tells_nobody_twice(training, commit):
    session = SessionFactory(page=training, starts_at=in_days(3))
    with commit():
        registrations.register_for_session(user=MemberFactory(), session=session, invoice=INVOICE)
    cancel_and_publish(training, session, commit)
    mail.outbox.clear()

    with commit():
        training.save_revision().publish()

    assert mail.outbox == []


def test_a_scheduled_session_on_the_same_page_keeps_its_registrations(training, commit):
    cancelled = SessionFactory(page=training, starts_at=in_days(3))
    kept = SessionFactory(page=training, starts_at=in_days(10))
    with commit():
        staying = registrations.register_for_session(
            user=MemberFactory(), session=kept, invoice=INVOICE
        )
        registrations.register_for_session(user=MemberFactory(), session=cancelled, invoice=INVOICE)

    cancel_and_publish(training, cancelled, commit)

    staying.refresh_from_db()
    assert staying.status == RegistrationStatus.CONFIRMED
    assert staying.fee_due == staying.price_due


def test_a_cancelled_session_of_a_trajectory_keeps_the_editions_registrations(offer_index, commit):
    index, _ = offer_index
    _trajectory, edition = make_trajectory(index)
    with commit():
        place = registrations.register_for_edition(
            user=MemberFactory(), edition=edition, invoice=INVOICE
        )
    module = edition.get_children().first().specific
    session = module.sessions.first()

    cancel_and_publish(module, session, commit)

    place.refresh_from_db()
    assert place.status == RegistrationStatus.CONFIRMED


def test_the_fee_due_follows_the_status():
    registration = Registration(price_due=45, status=RegistrationStatus.CONFIRMED)
    assert registration.fee_due == 45
    registration.status = RegistrationStatus.CANCELLED
    assert registration.fee_due is None
    registration.late_cancellation = True
    assert registration.fee_due == 45
    registration.status = RegistrationStatus.CANCELLED_BY_ORGANISER
    assert registration.fee_due is None
