"""The waiting list as pretix runs it: a freed seat is offered to the first
in line, who accepts or declines it within a window; an offer declined or
left to expire passes to the next. The seat is kept for the member it is
offered to, so nobody registering meanwhile takes it."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation
from wagtail.models import Site

from home.templatetags.formatting import moment
from tests.factories.accounts import MemberFactory
from tests.factories.offer import SessionFactory, make_training
from trajecten import registrations
from trajecten.models import Registration, RegistrationSettings, RegistrationStatus, Session
from trajecten.registrations import InvoiceDetails, RegistrationError

pytestmark = pytest.mark.django_db

INVOICE = InvoiceDetails(organisation="OCMW Gent", address="Onderbergen 86, 9000 Gent")


@pytest.fixture
def training(offer_index):
    return make_training(offer_index[0], sessions=0)


def register(member, session):
    return registrations.register_for_session(user=member, session=session, invoice=INVOICE)


def full_session(training, waiting=2, **fields):
    """A session of one seat, taken, with `waiting` members in line: (seat, [waiting…])."""
    session = SessionFactory(page=training, capacity=1, **fields)
    seat = register(MemberFactory(), session)
    return seat, [register(MemberFactory(), session) for _ in range(waiting)]


def reloaded(*registrations_):
    return [Registration.objects.get(pk=r.pk) for r in registrations_]


def test_the_offer_lasts_the_window_of_the_settings_and_keeps_the_seat(training, commit):
    settings = RegistrationSettings.for_site(Site.objects.get(is_default_site=True))
    settings.offer_window_hours = 12
    settings.save()
    seat, (first, second) = full_session(training)
    now = timezone.now()

    with commit():
        registrations.cancel(registration=seat, by=seat.user, now=now)

    first, second = reloaded(first, second)
    assert first.offered_until == now + timedelta(hours=12)
    assert first.place_in_line() is None and second.place_in_line() == 1
    # Someone registering now joins the line: the seat is kept for the first.
    late = register(MemberFactory(), first.session)
    assert late.status == RegistrationStatus.WAITLISTED
    assert Session.objects.with_seats().get(pk=first.session_id).seats_taken == 1
    [offer] = [m for m in mail.outbox if m.to == [first.user.email]]
    with translation.override("nl"):
        assert moment(first.offered_until) in offer.body


def test_close_to_the_start_the_offer_ends_when_offers_stop(training):
    starts = timezone.now() + timedelta(hours=40)
    seat, (first, _second) = full_session(training, starts_at=starts)

    registrations.cancel(registration=seat, by=seat.user, confirm_late=True)

    [first] = reloaded(first)
    # 48 hours would run past the start: the offer ends 24 hours before it.
    assert first.offered_until == starts - timedelta(hours=24)


def test_accepting_confirms_the_seat_and_mails_the_calendar(training, commit):
    seat, (first, second) = full_session(training)
    registrations.cancel(registration=seat, by=seat.user)

    with commit():
        registrations.accept_offer(registration=first, by=first.user)

    first, second = reloaded(first, second)
    assert first.status == RegistrationStatus.CONFIRMED and first.offered_until is None
    assert second.status == RegistrationStatus.WAITLISTED and not second.has_open_offer
    assert mail.outbox[-1].to == [first.user.email] and mail.outbox[-1].attachments


def test_declining_passes_the_seat_to_the_next_in_line(training, commit):
    seat, (first, second) = full_session(training)
    registrations.cancel(registration=seat, by=seat.user)

    with commit():
        registrations.decline_offer(registration=first, by=first.user)

    first, second = reloaded(first, second)
    assert first.status == RegistrationStatus.CANCELLED
    assert second.has_open_offer
    assert any(m.to == [second.user.email] for m in mail.outbox)


def test_an_offer_left_unanswered_expires_and_passes_on(training, commit):
    seat, (first, second) = full_session(training)
    registrations.cancel(registration=seat, by=seat.user)
    [first] = reloaded(first)

    # Not before its end: answering is still possible.
    assert registrations.expire_offers(now=first.offered_until - timedelta(minutes=1)) == 0
    with commit():
        assert registrations.expire_offers(now=first.offered_until + timedelta(minutes=1)) == 1

    first, second = reloaded(first, second)
    assert first.status == RegistrationStatus.CANCELLED
    assert second.has_open_offer
    told = [m for m in mail.outbox if m.to == [first.user.email]][-1]
    assert told.subject == "De plaats die je aangeboden kreeg, ging naar de volgende"
    with pytest.raises(RegistrationError) as refused:
        registrations.accept_offer(registration=first, by=first.user)
    assert refused.value.code == "no_offer"


def test_an_offer_past_its_end_cannot_be_accepted_before_the_sweep(training):
    seat, (first, _second) = full_session(training)
    registrations.cancel(registration=seat, by=seat.user)
    [first] = reloaded(first)

    with pytest.raises(RegistrationError) as refused:
        registrations.accept_offer(
            registration=first, by=first.user, now=first.offered_until + timedelta(seconds=1)
        )

    assert refused.value.code == "offer_ended"
    assert Registration.objects.get(pk=first.pk).status == RegistrationStatus.WAITLISTED


def test_within_the_last_hours_editors_decide_and_may_promote_the_offered(training, editor):
    # The page's own rule: offers stop three days before the start.
    training.offers_stop_hours = 72
    training.save()
    seat, (first, _second) = full_session(training, starts_at=timezone.now() + timedelta(days=2))

    registrations.cancel(registration=seat, by=seat.user, confirm_late=True)

    [first] = reloaded(first)
    assert not first.has_open_offer
    registrations.promote(registration=first, by=editor)
    assert Registration.objects.get(pk=first.pk).status == RegistrationStatus.CONFIRMED


def test_a_member_answers_from_their_registration_page_in_their_language(client, training):
    seat, (first, _second) = full_session(training)
    first.user.profile.preferred_language = "fr"
    first.user.profile.save()
    registrations.cancel(registration=seat, by=seat.user)
    client.force_login(first.user)
    page = f"/fr/mon-compte/inscriptions/{first.pk}/"

    html = client.get(page).content.decode()
    assert "Accepter la place" in html and "Refuser la place" in html
    answered = client.post(f"{page}place-proposee/", {"answer": "accept"}, follow=True)

    assert "La place est à vous" in answered.content.decode()
    assert Registration.objects.get(pk=first.pk).status == RegistrationStatus.CONFIRMED


def test_nobody_answers_an_offer_made_to_someone_else(client, training):
    seat, (first, _second) = full_session(training)
    registrations.cancel(registration=seat, by=seat.user)
    client.force_login(MemberFactory())

    response = client.post(
        f"/nl/mijn-account/inschrijvingen/{first.pk}/aangeboden-plaats/", {"answer": "accept"}
    )

    assert response.status_code == 404
    assert Registration.objects.get(pk=first.pk).has_open_offer


def test_a_wrong_answer_changes_nothing_and_says_so(client, training):
    seat, (first, _second) = full_session(training)
    registrations.cancel(registration=seat, by=seat.user)
    client.force_login(first.user)

    response = client.post(
        f"/nl/mijn-account/inschrijvingen/{first.pk}/aangeboden-plaats/",
        {"answer": "maybe"},
        follow=True,
    )

    assert "aanvaarden of weigeren" in response.content.decode()
    assert Registration.objects.get(pk=first.pk).has_open_offer


def test_the_waiting_list_mail_says_how_long_an_offer_waits(training, commit):
    settings = RegistrationSettings.for_site(Site.objects.get(is_default_site=True))
    settings.offer_window_hours = 12
    settings.save()
    session = SessionFactory(page=training, capacity=1)
    register(MemberFactory(), session)
    waiting = MemberFactory()

    with commit():
        register(waiting, session)

    [told] = [m for m in mail.outbox if m.to == [waiting.email]]
    assert "die 12 uur heeft om ze te aanvaarden" in told.body


def test_the_participants_page_shows_the_offer_apart_from_the_line(client, editor, training):
    seat, (first, second) = full_session(training)
    registrations.cancel(registration=seat, by=seat.user)
    [first] = reloaded(first)
    client.force_login(editor)

    html = client.get(f"/admin/sessions/{first.session_id}/participants/").content.decode()

    with translation.override("nl"):
        assert f"Plaats aangeboden tot {moment(first.offered_until)}" in html
    # The second is first in line.
    assert re.search(r"participants-table__place\">1</td>", html)
    assert html.index(first.user.email) < html.index(second.user.email)
