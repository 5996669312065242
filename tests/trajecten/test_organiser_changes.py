"""An editor cancels, postpones or moves a session: every registrant and
waiting member hears it in their language, once. Cancelled, nothing is ever
due (the export and "My registrations" say so); postponed, cancelling is
free until a new date; moved, calendars move the event (the same UID, a
higher SEQUENCE, read by a second iCalendar reader) and cancelling is free
until the day the editor gave."""

import html
import io
from datetime import timedelta

import openpyxl
import pytest
import vobject
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


def postpone_and_publish(page, session, commit, status=SessionStatus.POSTPONED):
    session.status = status
    session.status_note_nl = "We zoeken een grotere zaal."
    session.status_note_fr = "Nous cherchons une salle plus grande."
    session.save()
    with commit():
        page.save_revision().publish()


def test_postponing_a_session_tells_each_registrant_once_and_makes_cancelling_free(
    training, commit, client
):
    session = SessionFactory(page=training, capacity=1, starts_at=in_days(3))
    seated = MemberFactory(profile__preferred_language="fr")
    waiting = MemberFactory()
    with commit():
        seat = registrations.register_for_session(user=seated, session=session, invoice=INVOICE)
        registrations.register_for_session(user=waiting, session=session, invoice=INVOICE)
    mail.outbox.clear()

    postpone_and_publish(training, session, commit)

    # Seats are kept, and each member hears it in their language.
    assert set(Registration.objects.filter(session=session).values_list("status", flat=True)) == {
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
    }
    for member, language, note in (
        (seated, "fr", "Nous cherchons une salle plus grande."),
        (waiting, "nl", "We zoeken een grotere zaal."),
    ):
        (letter,) = [message for message in mail.outbox if message.to == [member.email]]
        assert letter.subject == words(language, "The session is postponed")
        assert note in letter.body

    # Three days before the old date, cancelling would be late: postponed, it is free.
    client.force_login(seated)
    with translation.override("fr"):
        page = html.unescape(client.get(reverse("member_registrations")).content.decode())
    assert words("fr", "Free cancellation until a new date is known.") in page
    with commit():
        registrations.cancel(registration=seat, by=seated)
    seat.refresh_from_db()
    assert (seat.late_cancellation, seat.fee_due) == (False, None)

    # Publishing again tells nobody twice.
    mail.outbox.clear()
    with commit():
        training.save_revision().publish()
    assert mail.outbox == []


def test_a_session_postponed_again_after_a_new_date_is_told_again(training, commit):
    session = SessionFactory(page=training, starts_at=in_days(20))
    member = MemberFactory()
    with commit():
        registrations.register_for_session(user=member, session=session, invoice=INVOICE)
    postpone_and_publish(training, session, commit)
    postpone_and_publish(training, session, commit, status=SessionStatus.SCHEDULED)
    mail.outbox.clear()

    postpone_and_publish(training, session, commit)

    assert [message.to for message in mail.outbox] == [[member.email]]


def test_postponing_a_trajectory_session_tells_the_editions_participants(offer_index, commit):
    index, _ = offer_index
    _trajectory, edition = make_trajectory(index)
    participant = MemberFactory()
    with commit():
        registrations.register_for_edition(user=participant, edition=edition, invoice=INVOICE)
    mail.outbox.clear()
    module = edition.get_children().first().specific

    postpone_and_publish(module, module.sessions.first(), commit)

    (letter,) = mail.outbox
    assert letter.to == [participant.email]
    assert letter.subject == words("nl", "The session is postponed")


def calendar_of(letter):
    (name, content, mimetype) = letter.attachments[0]
    assert (name, mimetype) == ("session.ics", "text/calendar")
    text = content.decode() if isinstance(content, bytes) else content
    (event,) = vobject.readOne(text, validate=True).vevent_list
    return event


def test_moving_a_session_tells_each_registrant_and_moves_the_event_in_their_calendar(
    training, commit
):
    session = SessionFactory(page=training, capacity=1, starts_at=in_days(20), town="Gent")
    seated = MemberFactory(profile__preferred_language="fr")
    waiting = MemberFactory()
    with commit():
        seat = registrations.register_for_session(user=seated, session=session, invoice=INVOICE)
        registrations.register_for_session(user=waiting, session=session, invoice=INVOICE)
    (confirmation,) = [m for m in mail.outbox if m.to == [seated.email]]
    first = calendar_of(confirmation)
    mail.outbox.clear()

    session.starts_at, session.ends_at = in_days(27), in_days(27, 16)
    session.town, session.venue_name = "Brugge", "Het Entrepot"
    session.cancel_free_until = (session.starts_at - timedelta(days=2)).date()
    session.save()
    with commit():
        training.save_revision().publish()

    (moved,) = [m for m in mail.outbox if m.to == [seated.email]]
    assert moved.subject == words("fr", "The session has a new date or place")
    assert "Het Entrepot" in moved.body
    event = calendar_of(moved)
    assert event.uid.value == first.uid.value == f"{session.uid}@ocmw-portal"
    assert int(event.sequence.value) > int(first.sequence.value)
    assert event.dtstart.value == session.starts_at
    (told,) = [m for m in mail.outbox if m.to == [waiting.email]]
    assert told.subject == words("nl", "The session has a new date or place")
    assert not told.attachments  # no seat, no calendar entry
    # Seats are kept; within the editor's period, cancelling costs nothing.
    seat.refresh_from_db()
    assert seat.status == RegistrationStatus.CONFIRMED
    late = session.starts_at - timedelta(days=3)
    with commit():
        registrations.cancel(registration=seat, by=seated, now=late)
    seat.refresh_from_db()
    assert (seat.late_cancellation, seat.fee_due) == (False, None)


def test_publishing_again_or_an_older_revision_moves_nothing_and_keeps_the_sequence(
    training, commit
):
    session = SessionFactory(page=training, starts_at=in_days(20))
    with commit():
        registrations.register_for_session(user=MemberFactory(), session=session, invoice=INVOICE)
    older = training.save_revision()
    session.starts_at, session.ends_at = in_days(21), in_days(21, 16)
    session.save()
    with commit():
        training.save_revision().publish()
    session.refresh_from_db()
    assert session.sequence == 1
    mail.outbox.clear()

    with commit():
        training.save_revision().publish()
    session.refresh_from_db()
    assert (mail.outbox, session.sequence) == ([], 1)

    # The older revision has the old date: the session moves back, and calendars follow.
    with commit():
        older.publish()
    session.refresh_from_db()
    assert session.starts_at == in_days(20)
    assert session.sequence == 2
    assert len(mail.outbox) == 1


def test_a_postponed_session_given_a_new_date_is_announced_twice(training, commit):
    session = SessionFactory(page=training, starts_at=in_days(20))
    member = MemberFactory()
    with commit():
        registrations.register_for_session(user=member, session=session, invoice=INVOICE)
    mail.outbox.clear()

    postpone_and_publish(training, session, commit)
    session.starts_at, session.ends_at = in_days(40), in_days(40, 16)
    postpone_and_publish(training, session, commit, status=SessionStatus.SCHEDULED)

    assert [m.subject for m in mail.outbox] == [
        words("nl", "The session is postponed"),
        words("nl", "The session has a new date or place"),
    ]
