"""The rules of registering: seats, waiting list, approval, closed offers,
cancellation, substitution and history, through the service layer."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone, translation

from home.templatetags.formatting import day, moment
from portal.accounts.models import Profile
from tests.factories.accounts import MemberFactory, email_of_length
from tests.factories.offer import (
    SessionFactory,
    in_days,
    make_network,
    make_training,
    make_trajectory,
)
from tests.factories.organisations import new_organisation
from trajecten import registrations
from trajecten.models import Registration, RegistrationStatus, Session, SessionStatus
from trajecten.registrations import (
    InvoiceDetails,
    LateCancellation,
    RegistrationError,
    policy_for,
    rules,
)
from trajecten.registrations.policy import Policy
from trajecten.registrations.rules import HAND_OVER_WINDOW, HAND_OVERS_PER_WINDOW

pytestmark = pytest.mark.django_db

INVOICE = InvoiceDetails(
    organisation="OCMW Gent", address="Onderbergen 86, 9000 Gent", reference="PO-1"
)


@pytest.fixture
def training(offer_index):
    index, _ = offer_index
    return make_training(index, sessions=0)


def outsider(**profile):
    return MemberFactory(
        profile__is_ocmw_employee=False, profile__organisation_kind="non_profit", **profile
    )


def register(member, session, **kwargs):
    kwargs.setdefault("invoice", INVOICE)
    return registrations.register_for_session(user=member, session=session, **kwargs)


def test_an_ocmw_employee_is_confirmed_and_mailed_in_their_language(training, commit):
    session = SessionFactory(page=training, capacity=15)
    member = MemberFactory(profile__preferred_language="fr")

    with commit():
        registration = register(member, session, with_lunch=True, dietary_needs="vegetarisch")

    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.price_due == Decimal("50")
    assert registration.dietary_needs == "vegetarisch"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Votre inscription est confirmée"
    assert mail.outbox[0].attachments[0][0] == "session.ics"
    assert mail.outbox[0].alternatives[0][1] == "text/html"


def test_a_full_session_puts_members_on_the_waiting_list_in_order(training, commit):
    session = SessionFactory(page=training, capacity=2)
    members = MemberFactory.create_batch(4)

    with commit():
        results = [register(m, session) for m in members]

    assert [r.status for r in results] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [r.waitlist_rank for r in results[2:]] == [1, 2]
    assert "wachtlijst" in mail.outbox[-1].subject.lower()
    assert "2" in mail.outbox[-1].body


def test_a_member_not_employed_by_an_ocmw_asks_for_approval_with_a_motivation(training, commit):
    session = SessionFactory(page=training)
    member = outsider()

    with pytest.raises(RegistrationError) as refused:
        register(member, session)
    assert refused.value.field == "motivation"
    assert not Registration.objects.exists()

    with commit():
        registration = register(
            member,
            session,
            motivation="Ik begeleid vluchtelingen.",
            tie_to_ocmw="Conventie met OCMW Gent",
        )

    assert registration.status == RegistrationStatus.PENDING
    assert len(mail.outbox) == 1


def test_approval_confirms_or_waitlists_by_the_seats_and_can_be_remembered(
    training, editor, commit
):
    session = SessionFactory(page=training, capacity=1)
    member = outsider()
    request = register(member, session, motivation="m", tie_to_ocmw="t")
    register(MemberFactory(), session)  # takes the only seat meanwhile

    with commit():
        approved = registrations.approve(registration=request, by=editor, remember=True)

    assert approved.status == RegistrationStatus.WAITLISTED
    member.profile.refresh_from_db()
    assert member.profile.is_approved_participant
    # Remembered: the next training is direct, without a motivation.
    later = SessionFactory(page=training)
    assert register(member, later).status == RegistrationStatus.CONFIRMED


def test_refusal_needs_a_reason_and_is_mailed(training, editor, commit):
    session = SessionFactory(page=training)
    request = register(outsider(), session, motivation="m", tie_to_ocmw="t")

    with pytest.raises(RegistrationError):
        registrations.refuse(registration=request, by=editor, reason="  ")
    with commit():
        registrations.refuse(registration=request, by=editor, reason="Geen band met het OCMW.")

    request.refresh_from_db()
    assert request.status == RegistrationStatus.REFUSED
    assert "Geen band met het OCMW." in mail.outbox[-1].body


def test_registering_twice_is_refused_and_changes_nothing(training):
    session = SessionFactory(page=training)
    member = MemberFactory()
    register(member, session)

    with pytest.raises(RegistrationError) as refused:
        register(member, session)

    assert refused.value.code == "duplicate"
    assert Registration.objects.count() == 1


def test_a_double_registration_that_passes_the_check_is_stopped_by_the_database(
    training, monkeypatch
):
    """As when the same member sends the form twice at once: the check of
    each sees nothing yet, the unique constraint refuses the second."""
    from django.db.models import QuerySet

    session = SessionFactory(page=training)
    member = MemberFactory()
    register(member, session)
    monkeypatch.setattr(QuerySet, "exists", lambda queryset: False)

    with pytest.raises(RegistrationError) as refused:
        register(member, session)

    monkeypatch.undo()
    assert refused.value.code == "duplicate"
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"starts_at": in_days(-2)}, "past"),
        ({"status": SessionStatus.CANCELLED}, "cancelled"),
        ({"status": SessionStatus.POSTPONED}, "postponed"),
    ],
)
def test_registration_is_closed_with_a_reason(training, fields, code):
    if "starts_at" in fields:
        fields["ends_at"] = fields["starts_at"] + timedelta(hours=3)
    session = SessionFactory(page=training, **fields)

    with pytest.raises(RegistrationError) as refused:
        register(MemberFactory(), session)

    assert refused.value.code == code
    assert str(refused.value.message)
    assert not Registration.objects.exists()


def test_a_module_session_is_registered_for_through_its_edition(offer_index):
    index, _ = offer_index
    _trajectory, edition = make_trajectory(index, modules=1)

    with pytest.raises(RegistrationError) as refused:
        register(MemberFactory(), edition.get_children().first().specific.sessions.first())

    assert refused.value.code == "module"


def test_an_incomplete_profile_or_missing_invoice_details_are_refused(training):
    session = SessionFactory(page=training)
    incomplete = MemberFactory()
    Profile.objects.filter(user=incomplete).update(job_title="")
    incomplete.profile.refresh_from_db()

    with pytest.raises(RegistrationError) as no_profile:
        register(incomplete, session)
    # A member whose organisation is not listed types the invoice details.
    with pytest.raises(RegistrationError) as no_invoice:
        register(
            MemberFactory(profile__organisation=None, profile__is_approved_participant=True),
            session,
            invoice=InvoiceDetails(organisation="OCMW Gent"),
        )
    waiting = MemberFactory(
        profile__organisation=new_organisation(3, status="pending"),
        profile__is_approved_participant=True,
    )
    with pytest.raises(RegistrationError) as not_approved:
        register(waiting, session)

    assert no_profile.value.code == "profile_incomplete"
    assert no_invoice.value.field == "billing_address"
    assert not_approved.value.code == "organisation_not_approved"
    assert not Registration.objects.exists()


def test_a_paying_seat_is_invoiced_to_the_members_approved_organisation(training):
    member = MemberFactory()

    registration = register(
        member, SessionFactory(page=training), invoice=InvoiceDetails(reference="BC-77")
    )

    organisation = member.profile.organisation
    assert registration.organisation == organisation
    assert (registration.billing_organisation, registration.billing_address) == (
        organisation.name,
        organisation.invoice_address,
    )
    assert registration.billing_reference == "BC-77"


def test_a_member_of_an_ocmw_an_editor_has_not_approved_asks_like_anyone_else(training):
    member = MemberFactory(profile__organisation=new_organisation(4, status="pending"))

    assert member.profile.is_ocmw_employee and not member.profile.works_for_ocmw
    assert not member.profile.registers_directly


def test_a_learning_network_meeting_is_free_and_needs_no_invoice(offer_index):
    index, _ = offer_index
    _network, meeting = make_network(index)

    registration = registrations.register_for_session(
        user=MemberFactory(), session=meeting.sessions.first()
    )

    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.price_due is None


def test_edition_registration_has_one_capacity_and_a_window(offer_index):
    index, _ = offer_index
    _trajectory, edition = make_trajectory(index)
    edition.capacity = 1
    edition.save()

    first = registrations.register_for_edition(
        user=MemberFactory(), edition=edition, invoice=INVOICE
    )
    second = registrations.register_for_edition(
        user=MemberFactory(), edition=edition, invoice=INVOICE
    )
    _closed, closed_edition = make_trajectory(
        index, slug="gesloten", opens_in_days=-30, closes_in_days=-1
    )

    assert (first.status, second.status) == ("confirmed", "waitlisted")
    assert first.price_due == Decimal("225")
    with pytest.raises(RegistrationError) as refused:
        registrations.register_for_edition(
            user=MemberFactory(), edition=closed_edition, invoice=INVOICE
        )
    assert refused.value.code == "closed"


def test_free_cancellation_until_a_week_before_then_the_fee_stays_due(training, commit):
    early = SessionFactory(page=training, starts_at=in_days(8))
    soon = SessionFactory(page=training, starts_at=in_days(6))
    member = MemberFactory()
    free = register(member, early)
    late = register(member, soon)

    with commit():
        registrations.cancel(registration=free, by=member)
    with pytest.raises(LateCancellation):
        registrations.cancel(registration=late, by=member)
    late.refresh_from_db()
    assert late.status == RegistrationStatus.CONFIRMED  # nothing changes before the member confirms
    with commit():
        registrations.cancel(registration=late, by=member, confirm_late=True)

    free.refresh_from_db()
    late.refresh_from_db()
    assert (free.status, free.late_cancellation) == ("cancelled", False)
    assert (late.status, late.late_cancellation) == ("cancelled", True)
    assert "kosteloos" in mail.outbox[0].body
    # The mail names the day free cancellation ended, and the fee.
    with translation.override("nl"):
        ended = day(rules.free_cancellation_until(soon.starts_at, policy_for(session=soon)))
    assert ended in mail.outbox[1].body and "€ 45" in mail.outbox[1].body


def test_the_week_is_counted_in_brussels_days():
    start = timezone.make_aware(timezone.datetime(2027, 3, 26, 9, 30))
    last_free_evening = timezone.make_aware(timezone.datetime(2027, 3, 19, 23, 30))
    next_morning = timezone.make_aware(timezone.datetime(2027, 3, 20, 0, 30))

    week = Policy(
        free_cancellation_days=7,
        reminder_before=timedelta(days=2),
        offer_window=timedelta(hours=48),
        offers_stop_before=timedelta(hours=24),
    )

    assert rules.is_free_cancellation(start, last_free_evening, week)
    assert not rules.is_free_cancellation(start, next_morning, week)


def test_a_freed_seat_is_offered_to_the_first_waiting_member_who_is_mailed(training, commit):
    session = SessionFactory(page=training, capacity=1)
    holder, first, second = MemberFactory.create_batch(3)
    seat = register(holder, session)
    waiting_first = register(first, session)
    waiting_second = register(second, session)

    with commit():
        registrations.cancel(registration=seat, by=holder)

    waiting_first.refresh_from_db()
    assert waiting_first.has_open_offer
    # The second is first in line now; the seat is kept for the first.
    assert waiting_second.place_in_line() == 1
    assert Session.objects.with_seats().get(pk=session.pk).seats_taken == 1
    [offer] = [m for m in mail.outbox if m.to == [first.email]]
    assert f"/nl/mijn-account/inschrijvingen/{waiting_first.pk}/" in offer.body

    with commit():
        registrations.accept_offer(registration=waiting_first, by=first)
    waiting_first.refresh_from_db()
    assert waiting_first.status == RegistrationStatus.CONFIRMED


def test_no_automatic_promotion_in_the_last_24_hours(training):
    session = SessionFactory(
        page=training, capacity=1, starts_at=timezone.now() + timedelta(hours=20)
    )
    holder, waiting = MemberFactory.create_batch(2)
    seat = register(holder, session)
    queued = register(waiting, session)

    registrations.cancel(registration=seat, by=holder, confirm_late=True)

    queued.refresh_from_db()
    assert queued.status == RegistrationStatus.WAITLISTED


def test_leaving_the_waiting_list_promotes_nobody(training):
    session = SessionFactory(page=training, capacity=1)
    holder, first, second = MemberFactory.create_batch(3)
    register(holder, session)
    leaving = register(first, session)
    staying = register(second, session)

    registrations.cancel(registration=leaving, by=first)

    staying.refresh_from_db()
    assert staying.status == RegistrationStatus.WAITLISTED


def test_publishing_a_larger_capacity_offers_the_seat_to_the_waiting_list(training, commit):
    session = SessionFactory(page=training, capacity=1)
    register(MemberFactory(), session)
    waiting = register(MemberFactory(), session)

    # Saved on its own (a script, a fixture), a session moves nobody up.
    with commit():
        session.capacity = 2
        session.save()
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.WAITLISTED

    # An editor changes the capacity by publishing the page the session is on.
    with commit():
        training.save_revision().publish()

    waiting.refresh_from_db()
    assert waiting.has_open_offer


def test_editor_promotes_and_reorders_the_waiting_list_but_never_beyond_capacity(training, editor):
    session = SessionFactory(page=training, capacity=1)
    register(MemberFactory(), session)
    first = register(MemberFactory(), session)
    second = register(MemberFactory(), session)

    with pytest.raises(RegistrationError) as full:
        registrations.promote(registration=second, by=editor)
    registrations.move_on_waiting_list(registration=second, by=editor, up=True)

    assert full.value.code == "full"
    assert list(Registration.objects.filter(session=session).waitlisted()) == [second, first]


def test_the_seat_goes_to_an_ocmw_colleague_not_through_the_waiting_list(training, commit):
    session = SessionFactory(page=training, capacity=1)
    member = MemberFactory(email="sofie@ocmw.example.be")
    colleague = MemberFactory(email="jan@ocmw.example.be")
    registration = register(member, session)
    waiting = register(MemberFactory(), session)

    with commit():
        invitation = registrations.invite_substitute(
            registration=registration, by=member, email="jan@ocmw.example.be"
        )
    assert any("jan@ocmw.example.be" in m.to for m in mail.outbox)
    with commit():
        registrations.accept_substitution(token=invitation.token, user=colleague, invoice=INVOICE)

    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert registration.user == colleague
    assert registration.status == RegistrationStatus.CONFIRMED
    assert waiting.status == RegistrationStatus.WAITLISTED
    assert "taken over from sofie@ocmw.example.be" in [e.note for e in registration.events.all()]


@pytest.mark.parametrize("length", [240, 254])
def test_a_seat_is_handed_between_the_longest_addresses_and_recorded_whole(training, length):
    member = MemberFactory(email=email_of_length(length, "sofie"))
    colleague = MemberFactory(email=email_of_length(length, "jan"))
    registration = register(member, SessionFactory(page=training))

    invitation = registrations.invite_substitute(
        registration=registration, by=member, email=colleague.email
    )
    registrations.accept_substitution(token=invitation.token, user=colleague, invoice=INVOICE)

    registration.refresh_from_db()
    assert registration.user == colleague
    notes = [event.note for event in registration.events.all()]
    assert f"seat offered to {colleague.email}" in notes
    assert f"taken over from {member.email}" in notes
    for event in registration.events.all():
        event.full_clean()  # every value fits its column, also where SQLite would not say


def test_the_hand_over_form_refuses_an_address_too_long_next_to_the_field(client, training):
    member = MemberFactory()
    registration = register(member, SessionFactory(page=training))
    client.force_login(member)
    too_long = email_of_length(318)  # valid, but longer than an invitation keeps

    response = client.post(
        f"/nl/mijn-account/inschrijvingen/{registration.pk}/doorgeven/", {"email": too_long}
    )

    assert response.status_code == 200
    assert "254" in response.context["substitution_form"].errors["email"][0]
    assert not registration.substitutions.exists()


def test_a_member_hands_seats_to_at_most_ten_addresses_a_day(training):
    member = MemberFactory()
    registration = register(member, SessionFactory(page=training))
    for number in range(HAND_OVERS_PER_WINDOW):
        registrations.invite_substitute(
            registration=registration, by=member, email=f"collega{number}@example.org"
        )

    with pytest.raises(RegistrationError) as refused:
        registrations.invite_substitute(
            registration=registration, by=member, email="nog-een@example.org"
        )
    # A day after the first invitation, the next one may go.
    first = registration.substitutions.order_by("created_at").first()
    registration.substitutions.filter(pk=first.pk).update(
        created_at=timezone.now() - HAND_OVER_WINDOW
    )
    registrations.invite_substitute(
        registration=registration, by=member, email="nog-een@example.org"
    )

    assert refused.value.code == "too_many" and refused.value.field == "email"
    assert "10" in refused.value.message
    assert registration.substitutions.count() == HAND_OVERS_PER_WINDOW + 1


def test_the_limit_of_hand_overs_is_per_member_and_said_next_to_the_field(client, training):
    session = SessionFactory(page=training)
    member, other = MemberFactory.create_batch(2)
    registration = register(member, session)
    others = register(other, session)
    client.force_login(member)
    path = f"/nl/mijn-account/inschrijvingen/{registration.pk}/doorgeven/"

    answers = [
        client.post(path, {"email": f"collega{number}@example.org"}).status_code
        for number in range(HAND_OVERS_PER_WINDOW + 1)
    ]
    refused = client.post(path, {"email": "nog-een@example.org"})

    assert answers[:HAND_OVERS_PER_WINDOW] == [302] * HAND_OVERS_PER_WINDOW
    assert answers[-1] == refused.status_code == 429
    # Next to the e-mail field: the limit, and from when the member may invite again.
    error = refused.context["substitution_form"].errors["email"][0]
    first = registration.substitutions.order_by("created_at").first()
    with translation.override("nl"):
        assert "10" in error and moment(first.created_at + HAND_OVER_WINDOW) in error
    # Another member's invitations are not counted against this one.
    registrations.invite_substitute(registration=others, by=other, email="collega@example.org")


def test_an_invitation_is_sent_whoever_the_address_belongs_to(training):
    """Inviting tells nothing about the address: eligible or not, with an
    account or without, already registered or not, the seat is offered."""
    session = SessionFactory(page=training)
    member = MemberFactory()
    registration = register(member, session)
    outsider(email="vrijwilliger@example.org")
    register(MemberFactory(email="al-ingeschreven@ocmw.example.be"), session)
    MemberFactory(email="collega@ocmw.example.be")
    addresses = [
        "collega@ocmw.example.be",
        "vrijwilliger@example.org",
        "niemand@example.org",
        "al-ingeschreven@ocmw.example.be",
    ]

    invited = [
        registrations.invite_substitute(registration=registration, by=member, email=address)
        for address in addresses
    ]

    assert [invitation.email for invitation in invited] == addresses
    registration.refresh_from_db()
    assert registration.user == member


@pytest.mark.parametrize(
    ("colleague", "code"),
    [
        (lambda session: outsider(email="vrijwilliger@example.org"), "not_eligible"),
        (
            lambda session: register(MemberFactory(email="vrijwilliger@example.org"), session).user,
            "duplicate",
        ),
    ],
    ids=["not an OCMW employee", "already registered"],
)
def test_who_may_not_take_over_is_told_when_accepting_and_the_seat_stays(training, colleague, code):
    session = SessionFactory(page=training)
    member = MemberFactory()
    registration = register(member, session)
    colleague = colleague(session)
    invitation = registrations.invite_substitute(
        registration=registration, by=member, email="vrijwilliger@example.org"
    )

    with pytest.raises(RegistrationError) as refused:
        registrations.accept_substitution(token=invitation.token, user=colleague, invoice=INVOICE)

    assert refused.value.code == code
    registration.refresh_from_db()
    invitation.refresh_from_db()
    assert registration.user == member
    assert registration.billing_reference == "PO-1"
    assert invitation.status == "invited"


def test_an_unknown_colleague_is_invited_and_checked_when_accepting(training):
    session = SessionFactory(page=training)
    member = MemberFactory()
    registration = register(member, session)
    invitation = registrations.invite_substitute(
        registration=registration, by=member, email="nieuw@example.org"
    )
    newcomer = outsider(email="nieuw@example.org")
    someone_else = MemberFactory()

    with pytest.raises(RegistrationError) as wrong_person:
        registrations.accept_substitution(token=invitation.token, user=someone_else)
    with pytest.raises(RegistrationError) as not_eligible:
        registrations.accept_substitution(token=invitation.token, user=newcomer)

    assert wrong_person.value.code == "wrong_user"
    assert not_eligible.value.code == "not_eligible"
    registration.refresh_from_db()
    assert registration.user == member


@pytest.mark.parametrize("email", ["", "not-an-address", "x" * 300 + "@example.org"])
def test_a_substitution_to_a_bad_address_is_refused(training, email):
    member = MemberFactory()
    registration = register(member, SessionFactory(page=training))

    with pytest.raises(RegistrationError):
        registrations.invite_substitute(registration=registration, by=member, email=email)

    assert not registration.substitutions.exists()


def test_every_change_is_in_the_history(training, editor):
    session = SessionFactory(page=training)
    member = outsider()
    registration = register(member, session, motivation="m", tie_to_ocmw="t")
    registrations.approve(registration=registration, by=editor)
    registrations.cancel(registration=registration, by=member)

    history = [(e.actor, e.from_status, e.to_status) for e in registration.events.all()]
    assert history == [
        (member, "", "pending"),
        (editor, "pending", "confirmed"),
        (member, "confirmed", "cancelled"),
    ]


def test_reminders_go_out_once_two_days_before(training, commit):
    session = SessionFactory(page=training, starts_at=in_days(1, 9, 30))
    SessionFactory(page=training, starts_at=in_days(5))
    register(MemberFactory(), session)
    mail.outbox.clear()

    with commit():
        first_run = registrations.send_due_reminders()
    with commit():
        second_run = registrations.send_due_reminders()

    assert (first_run, second_run) == (1, 0)
    assert len(mail.outbox) == 1
    assert "Herinnering" in mail.outbox[0].subject


def test_approval_is_mailed_with_the_resulting_status(training, editor, commit):
    session = SessionFactory(page=training, capacity=5)
    request = register(
        outsider(profile__preferred_language="fr"), session, motivation="m", tie_to_ocmw="t"
    )

    with commit():
        registrations.approve(registration=request, by=editor)

    assert mail.outbox[-1].subject == "Votre demande de participation est approuvée"
    assert mail.outbox[-1].attachments  # the confirmed session's calendar


def test_publishing_a_larger_edition_offers_the_seat_to_its_waiting_list(offer_index, commit):
    index, _ = offer_index
    _trajectory, edition = make_trajectory(index)
    edition.capacity = 1
    edition.save_revision().publish()
    registrations.register_for_edition(user=MemberFactory(), edition=edition, invoice=INVOICE)
    waiting = registrations.register_for_edition(
        user=MemberFactory(), edition=edition, invoice=INVOICE
    )

    with commit():
        edition.capacity = 2
        edition.save_revision().publish()

    waiting.refresh_from_db()
    assert waiting.has_open_offer
