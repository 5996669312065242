"""Editors act on many registrations at once from the listing: each row is
approved, refused, marked or cancelled through the rules on its own, or
sent one message, and reports its own result."""

import html as htmlmod
import re
from collections import Counter

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext, override

from portal.accounts.models import Profile, User
from portal.outbox.models import OutgoingMail
from tests.factories.accounts import MemberFactory, UserFactory
from tests.factories.offer import SessionFactory, make_training, make_trajectory
from trajecten.models import (
    Attendance,
    OrganiserMessage,
    Registration,
    RegistrationEvent,
    RegistrationStatus,
    SessionAttendance,
)

pytestmark = pytest.mark.django_db

BULK = "/admin/bulk/trajecten/registration"


def registrations_of(session, statuses, *, members=None):
    """One registration per status, for new members (or the `members` given)."""
    members = members or [UserFactory() for _ in statuses]
    return [
        Registration.objects.create(user=member, session=session, status=status)
        for member, status in zip(members, statuses, strict=True)
    ]


@pytest.fixture
def session(offer_index):
    index, _ = offer_index
    return SessionFactory(page=make_training(index, sessions=0), capacity=10)


def in_the_admin(singular, plural, count):
    """A message as the Dutch admin shows it (whether or not the catalogue has it yet)."""
    with override("nl"):
        return ngettext(singular, plural, count) % {"count": count}


def words(language, msgid):
    with override(language):
        return gettext(msgid)


def ids(registrations):
    return [r.pk for r in registrations]


def test_approving_a_mixed_selection_approves_the_requests_and_reports_the_others(
    client, editor, session, commit
):
    requests = registrations_of(session, [RegistrationStatus.PENDING] * 3)
    confirmed = MemberFactory(first_name="Sofie", last_name="Peeters")
    (already,) = registrations_of(session, [RegistrationStatus.CONFIRMED], members=[confirmed])
    client.force_login(editor)

    confirmation = client.get(f"{BULK}/approve/", {"id": ids(requests + [already])})
    with commit():
        result = client.post(
            f"{BULK}/approve/?" + "&".join(f"id={pk}" for pk in ids(requests + [already]))
        )

    assert confirmation.status_code == 200
    assert "Sofie Peeters" in confirmation.content.decode()
    html = result.content.decode()
    assert result.status_code == 200
    assert (
        in_the_admin("%(count)d registration approved.", "%(count)d registrations approved.", 3)
        in html
    )
    assert re.search(r"Sofie Peeters</a>[^<]*— Alleen een aanvraag", html)
    assert f"/admin/registration/edit/{already.pk}/" in html
    assert all(
        r.status == RegistrationStatus.CONFIRMED
        for r in Registration.objects.filter(pk__in=ids(requests))
    )
    assert len(mail.outbox) == 3  # each approved member is told


def test_a_selection_the_rules_all_allow_returns_to_the_listing_with_a_message(
    client, editor, session
):
    requests = registrations_of(session, [RegistrationStatus.PENDING] * 2)
    client.force_login(editor)
    listing = "/admin/registration/?status=pending"

    response = client.post(
        f"{BULK}/refuse/?id={requests[0].pk}&id={requests[1].pk}&next={listing}",
        {"reason": "Het aanbod is voor OCMW-medewerkers."},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == listing
    assert (
        in_the_admin("%(count)d registration refused.", "%(count)d registrations refused.", 2)
        in response.content.decode()
    )
    for registration in Registration.objects.filter(pk__in=ids(requests)):
        assert registration.status == RegistrationStatus.REFUSED
        assert registration.refusal_reason == "Het aanbod is voor OCMW-medewerkers."


def test_a_refusal_without_a_reason_refuses_nobody(client, editor, session):
    requests = registrations_of(session, [RegistrationStatus.PENDING] * 2)
    client.force_login(editor)

    response = client.post(
        f"{BULK}/refuse/?id={requests[0].pk}&id={requests[1].pk}", {"reason": ""}
    )

    assert response.status_code == 200  # the form again, with its error
    assert set(Registration.objects.values_list("status", flat=True)) == {
        RegistrationStatus.PENDING
    }


def attendance_at(session, registrations):
    """Each registration's mark at the session ("" when none)."""
    marks = dict(
        SessionAttendance.objects.filter(session=session).values_list(
            "registration_id", "attendance"
        )
    )
    return [marks.get(r.pk, "") for r in registrations]


def test_attendance_is_marked_for_the_confirmed_participants_only(client, editor, session):
    confirmed = registrations_of(session, [RegistrationStatus.CONFIRMED] * 2)
    (waiting,) = registrations_of(session, [RegistrationStatus.WAITLISTED])
    client.force_login(editor)

    html = client.post(
        f"{BULK}/absent/?" + "&".join(f"id={pk}" for pk in ids(confirmed + [waiting]))
    ).content.decode()

    assert (
        in_the_admin(
            "%(count)d participant marked absent.", "%(count)d participants marked absent.", 2
        )
        in html
    )
    assert "Alleen voor bevestigde deelnemers wordt de aanwezigheid bijgehouden." in html
    assert attendance_at(session, confirmed + [waiting]) == [Attendance.ABSENT] * 2 + [""]


def test_an_editions_attendance_is_left_to_its_participants_page(
    client, editor, session, offer_index
):
    """An edition has several sessions: the bulk action marks the session
    registrations, and sends the editor to the edition's page for the others."""
    index, _ = offer_index
    _trajectory, edition = make_trajectory(index, slug="traject")
    (seated,) = registrations_of(session, [RegistrationStatus.CONFIRMED])
    in_edition = Registration.objects.create(
        user=UserFactory(), edition=edition, status=RegistrationStatus.CONFIRMED
    )
    client.force_login(editor)

    html = client.post(f"{BULK}/present/?id={seated.pk}&id={in_edition.pk}").content.decode()

    assert attendance_at(session, [seated]) == [Attendance.PRESENT]
    assert not SessionAttendance.objects.filter(registration=in_edition).exists()
    assert f'href="/admin/editions/{edition.pk}/participants/"' in html


def test_cancelling_frees_the_seats_for_the_waiting_list(client, editor, offer_index):
    index, _ = offer_index
    full = SessionFactory(page=make_training(index, sessions=0), capacity=2)
    seated = registrations_of(full, [RegistrationStatus.CONFIRMED] * 2)
    waiting = registrations_of(full, [RegistrationStatus.WAITLISTED])[0]
    Registration.objects.filter(pk=waiting.pk).update(waitlist_rank=1)
    client.force_login(editor)

    client.post(f"{BULK}/cancel/?id={seated[0].pk}&id={seated[1].pk}")

    assert [r.status for r in Registration.objects.filter(pk__in=ids(seated))] == [
        RegistrationStatus.CANCELLED
    ] * 2
    waiting.refresh_from_db()
    assert waiting.has_open_offer


def test_all_in_the_listing_means_what_the_listing_shows(client, editor, session):
    requests = registrations_of(session, [RegistrationStatus.PENDING] * 2)
    (seated,) = registrations_of(session, [RegistrationStatus.CONFIRMED])
    client.force_login(editor)

    client.post(f"{BULK}/cancel/?status=pending&id=all")

    seated.refresh_from_db()
    assert seated.status == RegistrationStatus.CONFIRMED
    assert all(
        r.status == RegistrationStatus.CANCELLED
        for r in Registration.objects.filter(pk__in=ids(requests))
    )


def test_an_edition_registration_is_approved_like_a_session_one(client, editor, offer_index):
    index, _ = offer_index
    _trajectory, edition = make_trajectory(index)
    request = Registration.objects.create(
        user=UserFactory(), edition=edition, status=RegistrationStatus.PENDING
    )
    client.force_login(editor)

    confirmation = client.get(f"{BULK}/approve/", {"id": request.pk}).content.decode()
    client.post(f"{BULK}/approve/?id={request.pk}")

    assert "Vormingstraject integratie — editie 2027-2028" in confirmation
    request.refresh_from_db()
    assert request.status == RegistrationStatus.CONFIRMED


def test_members_cannot_use_the_bulk_actions(client, member, session):
    (request,) = registrations_of(session, [RegistrationStatus.PENDING])
    client.force_login(member)

    client.post(f"{BULK}/approve/?id={request.pk}")

    request.refresh_from_db()
    assert request.status == RegistrationStatus.PENDING


def test_an_address_with_no_registration_numbers_finds_nothing(client, editor):
    client.force_login(editor)

    response = client.get(f"{BULK}/approve/", {"id": ["x", "9" * 40]}, follow=True)

    assert response.status_code == 404


def queries_to_approve(client, session, count):
    requests = registrations_of(session, [RegistrationStatus.PENDING] * count)
    with CaptureQueriesContext(connection) as queries:
        client.post(f"{BULK}/approve/?" + "&".join(f"id={pk}" for pk in ids(requests)))
    assert Registration.objects.filter(status=RegistrationStatus.CONFIRMED).count() >= count
    return len(queries)


def test_the_queries_of_a_bulk_action_grow_by_a_small_constant_per_registration(
    client, editor, offer_index
):
    """A thousand registrations must not time out: each costs its service's
    own queries, never a query per other row."""
    index, _ = offer_index
    training = make_training(index, sessions=0)
    client.force_login(editor)

    few = queries_to_approve(client, SessionFactory(page=training, capacity=500), 20)
    many = queries_to_approve(client, SessionFactory(page=training, capacity=500), 200)

    per_registration = (many - few) / 180
    # Locks of the session and the registration, the seats counted, the
    # save, its history line, the transaction's two statements.
    assert per_registration <= 8
    assert few <= 20 * per_registration + 10


# Send a message ---------------------------------------------------------------

MESSAGE = {
    "subject_nl": "Parkeren bij het Provinciehuis",
    "body_nl": "Parkeer aan de achterkant: de voorkant is afgesloten.",
    "subject_fr": "Se garer au Provinciehuis",
    "body_fr": "Garez-vous à l'arrière : l'avant est fermé.",
}


def message_address(registrations, **query):
    pairs = [f"id={pk}" for pk in ids(registrations)] + [f"{k}={v}" for k, v in query.items()]
    return f"{BULK}/message/?" + "&".join(pairs)


def test_a_message_reaches_the_selected_members_in_their_language_and_each_row_says_how(
    client, editor, session, commit
):
    dutch = MemberFactory(first_name="Sofie", last_name="Peeters")
    french = MemberFactory(
        first_name="Julie", last_name="Lambert", profile__preferred_language="fr"
    )
    seated, waiting = registrations_of(
        session,
        [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED],
        members=[dutch, french],
    )
    Registration.objects.filter(pk=waiting.pk).update(waitlist_rank=1)
    (gone,) = registrations_of(
        session,
        [RegistrationStatus.CANCELLED],
        members=[MemberFactory(first_name="Tom", last_name="Claes")],
    )
    anonymised = Registration.objects.create(
        user=None,
        session=session,
        status=RegistrationStatus.CONFIRMED,
        anonymised_at=timezone.now(),
    )
    (not_selected,) = registrations_of(session, [RegistrationStatus.CONFIRMED])
    selection = [seated, waiting, gone, anonymised]
    client.force_login(editor)

    confirmation = client.get(message_address(selection)).content.decode()
    with commit():
        result = client.post(message_address(selection), MESSAGE)

    # Before sending, the editor sees who will not receive it.
    assert confirmation.count("Not sent") + confirmation.count("Niet verstuurd") == 2
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == sorted(
        [(dutch.email, MESSAGE["subject_nl"]), (french.email, MESSAGE["subject_fr"])]
    )
    (to_julie,) = [m for m in mail.outbox if m.to == [french.email]]
    assert MESSAGE["body_fr"] in to_julie.body and MESSAGE["body_nl"] not in to_julie.body
    # Each row reports its own result.
    html = htmlmod.unescape(result.content.decode())
    assert result.status_code == 200
    assert re.search(r"Sofie Peeters</a>[^<]*— \S+ [^<]*Nederlands", html)
    assert re.search(r"Julie Lambert</a>[^<]*— \S+ [^<]*Frans", html)
    assert re.search(r"Tom Claes</a>[^<]*— [^<]*\(Geannuleerd\)", html)
    assert f"/admin/registration/edit/{anonymised.pk}/" in html
    message = OrganiserMessage.objects.get()
    # All of one session: the message is recorded as about it.
    assert (message.audience, message.session, message.edition) == ("selection", session, None)
    notes = dict(RegistrationEvent.objects.values_list("registration", "note"))
    assert notes == {seated.pk: f"message {message.pk}", waiting.pk: f"message {message.pk}"}
    assert not_selected.pk not in notes
    client.force_login(french)
    with override("fr"):
        page = client.get(reverse("registration_detail", args=[waiting.pk])).content.decode()
    assert MESSAGE["subject_fr"] in htmlmod.unescape(page)


def test_a_message_missing_a_language_is_refused_beside_the_field_and_nothing_is_sent(
    client, editor, session, commit
):
    selection = registrations_of(session, [RegistrationStatus.CONFIRMED] * 2)
    client.force_login(editor)

    with commit():
        response = client.post(message_address(selection), {**MESSAGE, "subject_fr": "  "})

    html = htmlmod.unescape(response.content.decode())
    assert response.status_code == 200
    # Beside the field: the first error after the field's own wrapper opens.
    error = re.search(
        r'data-contentpath="subject_fr">.*?class="error-message">(.*?)</p>', html, re.S
    )
    assert error and any(
        words(language, "Write the subject in French too.") in error.group(1)
        for language in ("nl", "en")
    )
    assert MESSAGE["body_nl"] in html  # what was typed is kept
    assert mail.outbox == []
    assert not OrganiserMessage.objects.exists() and not RegistrationEvent.objects.exists()


def test_a_selection_of_several_offers_records_the_message_about_none(
    client, editor, session, offer_index, commit
):
    index, _ = offer_index
    _trajectory, edition = make_trajectory(index)
    (at_session,) = registrations_of(session, [RegistrationStatus.CONFIRMED])
    in_edition = [
        Registration.objects.create(user=MemberFactory(), edition=edition, status=status)
        for status in (RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING)
    ]
    client.force_login(editor)

    with commit():
        client.post(message_address([at_session, *in_edition]), MESSAGE)
        client.post(message_address(in_edition), MESSAGE)

    several, one_edition = OrganiserMessage.objects.order_by("pk")
    assert (several.session, several.edition) == (None, None)
    assert (one_edition.session, one_edition.edition) == (None, edition)
    assert len(mail.outbox) == 5


def test_members_cannot_send_a_message_to_registrants(client, member, session):
    selection = registrations_of(session, [RegistrationStatus.CONFIRMED])
    client.force_login(member)

    client.post(message_address(selection), MESSAGE)

    assert not OrganiserMessage.objects.exists()


def many_registrations(session, count):
    """`count` confirmed registrations of new members, half of them reading French."""
    users = User.objects.bulk_create(
        User(email=f"deelnemer{session.pk}-{n}@example.org", first_name="Lid", last_name=str(n))
        for n in range(count)
    )
    Profile.objects.bulk_create(
        Profile(user=user, preferred_language="fr" if n % 2 else "nl")
        for n, user in enumerate(users)
    )
    return Registration.objects.bulk_create(
        Registration(user=user, session=session, status=RegistrationStatus.CONFIRMED)
        for user in users
    )


def queries_to_message(client, session, count):
    many_registrations(session, count)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(message_address([], session=session.pk, **{"id": "all"}), MESSAGE)
    assert response.status_code == 200
    return len(queries)


def test_the_queries_of_sending_a_message_do_not_grow_with_the_selection(
    client, editor, offer_index
):
    """The request writes the message, the history lines in batches and a
    mail task per member; the mails are composed after it, by the worker."""
    index, _ = offer_index
    training = make_training(index, sessions=0)
    client.force_login(editor)

    few = queries_to_message(client, SessionFactory(page=training, capacity=500), 10)
    many = queries_to_message(client, SessionFactory(page=training, capacity=500), 400)

    assert many - few <= 2  # one more batch of history lines


def test_all_thousand_registrations_in_the_listing_get_one_history_line_and_one_mail(
    client, editor, offer_index, commit
):
    index, _ = offer_index
    session = SessionFactory(page=make_training(index, sessions=0), capacity=1000)
    thousand = many_registrations(session, 1000)
    client.force_login(editor)

    with commit():
        response = client.post(message_address([], session=session.pk, id="all"), MESSAGE)

    assert response.status_code == 200
    assert (
        in_the_admin(
            "The message is on its way to %(count)d member.",
            "The message is on its way to %(count)d members.",
            1000,
        )
        in response.content.decode()
    )
    lines = Counter(RegistrationEvent.objects.values_list("registration", flat=True))
    assert lines == Counter(ids(thousand))
    written = Counter(
        address for mail_ in OutgoingMail.objects.all() for address in mail_.recipient_list
    )
    assert written == Counter(r.user.email for r in thousand)
    subjects = Counter(m.subject for m in mail.outbox)
    assert subjects == {MESSAGE["subject_nl"]: 500, MESSAGE["subject_fr"]: 500}
