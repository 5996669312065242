"""A training coordinator registers colleagues of their organisation (several
at once, each seat counted under one lock), replaces one by another and sees
the team; anyone outside the organisation is refused, and nothing is written."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from tests.factories.accounts import MemberFactory
from tests.factories.offer import SessionFactory, make_training, make_trajectory
from tests.factories.organisations import OrganisationFactory, new_organisation
from trajecten import registrations
from trajecten.models import Registration, RegistrationEvent, RegistrationStatus
from trajecten.registrations import InvoiceDetails, RegistrationError

pytestmark = pytest.mark.django_db


def nl(text):
    with translation.override("nl"):
        return gettext(text)


@pytest.fixture
def gent():
    organisation = OrganisationFactory()
    organisation.purchase_order_reference = "PO-2027-001"
    organisation.save()
    return organisation


@pytest.fixture
def coordinator(gent):
    return MemberFactory(first_name="Carla", last_name="Coördinator", profile__is_coordinator=True)


@pytest.fixture
def session(offer_index):
    index, _ = offer_index
    training = make_training(index, sessions=0)
    return SessionFactory(page=training, capacity=2, starts_at=timezone.now() + timedelta(days=30))


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_coordinator_registers_colleagues_at_once_under_the_organisation(
    coordinator, gent, session, commit
):
    anna = MemberFactory(first_name="Anna", profile__preferred_language="fr")
    bram = MemberFactory(first_name="Bram")
    cas = MemberFactory(first_name="Cas")

    with commit():
        result = registrations.register_colleagues_for_session(
            coordinator=coordinator, colleagues=[anna, bram, cas], session=session
        )

    by_user = {r.user: r for r in Registration.objects.filter(session=session)}
    assert len(result.registrations) == 3
    assert [by_user[anna].status, by_user[bram].status] == [RegistrationStatus.CONFIRMED] * 2
    # Two seats: the third colleague joins the waiting list, as the rules say.
    assert by_user[cas].status == RegistrationStatus.WAITLISTED
    for registration in by_user.values():
        assert registration.registered_by == coordinator
        assert registration.organisation == gent
        assert registration.billing_organisation == "OCMW Gent"
        assert registration.billing_address == gent.invoice_address
        assert registration.billing_reference == "PO-2027-001"
        assert registration.price_due == session.page.specific.price
    # Each told in their own language, with the link to decline.
    to_anna = next(m for m in mail.outbox if m.to == [anna.email])
    with translation.override("fr"):
        assert to_anna.subject == gettext("Your training coordinator registered you")
        decline = reverse("cancel_registration", args=[by_user[anna].pk])
    assert decline in to_anna.body
    assert "Carla Coördinator" in to_anna.body


def test_the_batch_takes_one_reference_and_says_who_was_registered_already(coordinator, session):
    anna, bram = MemberFactory(), MemberFactory()
    registrations.register_for_session(
        user=anna, session=session, invoice=InvoiceDetails(organisation="OCMW", address="Gent")
    )

    result = registrations.register_colleagues_for_session(
        coordinator=coordinator, colleagues=[anna, bram], session=session, reference="BATCH-9"
    )

    assert result.already_registered == [anna]
    assert [r.user for r in result.registrations] == [bram]
    assert Registration.objects.get(session=session, user=bram).billing_reference == "BATCH-9"
    assert Registration.objects.filter(session=session, user=anna).count() == 1


def test_a_coordinator_cannot_register_someone_outside_the_organisation(
    coordinator, session, commit
):
    colleague = MemberFactory()
    outsider = MemberFactory(profile__organisation=new_organisation(1))

    with commit(), pytest.raises(RegistrationError) as refused:
        registrations.register_colleagues_for_session(
            coordinator=coordinator, colleagues=[colleague, outsider], session=session
        )

    assert refused.value.code == "outside_organisation"
    assert not Registration.objects.filter(session=session).exists()
    assert mail.outbox == []


def test_a_plain_member_registers_nobody(session):
    member, colleague = MemberFactory(), MemberFactory()

    with pytest.raises(RegistrationError):
        registrations.register_colleagues_for_session(
            coordinator=member, colleagues=[colleague], session=session
        )
    assert not Registration.objects.exists()


def test_a_coordinator_of_a_pending_organisation_coordinates_nothing(session):
    waiting = new_organisation(2, status="pending")
    coordinator = MemberFactory(profile__organisation=waiting, profile__is_coordinator=True)
    colleague = MemberFactory(profile__organisation=waiting)

    assert coordinator.profile.coordinates is None
    with pytest.raises(RegistrationError):
        registrations.register_colleagues_for_session(
            coordinator=coordinator, colleagues=[colleague], session=session
        )


def test_colleagues_are_registered_for_a_trajectory_edition(coordinator, offer_index):
    index, _ = offer_index
    _trajectory, edition = make_trajectory(index)
    anna = MemberFactory()

    result = registrations.register_colleagues_for_edition(
        coordinator=coordinator, colleagues=[anna], edition=edition
    )

    assert result.registrations[0].edition == edition
    assert result.registrations[0].price_due == edition.price


def test_the_coordinator_replaces_a_colleague_and_both_are_told(coordinator, session, commit):
    anna, bram = MemberFactory(first_name="Anna"), MemberFactory(first_name="Bram")
    with commit():
        registration = registrations.register_colleagues_for_session(
            coordinator=coordinator, colleagues=[anna], session=session
        ).registrations[0]
    mail.outbox.clear()

    with commit():
        registrations.replace_colleague(
            coordinator=coordinator, registration=registration, colleague=bram
        )

    registration.refresh_from_db()
    assert registration.user == bram
    assert registration.status == RegistrationStatus.CONFIRMED
    event = RegistrationEvent.objects.filter(registration=registration).latest("pk")
    assert event.actor == coordinator
    assert coordinator.email in event.note
    assert {m.to[0] for m in mail.outbox} == {anna.email, bram.email}


def test_a_colleague_is_replaced_only_by_an_eligible_colleague_of_the_organisation(
    coordinator, session
):
    anna = MemberFactory()
    not_ocmw = MemberFactory(profile__is_ocmw_employee=False)
    outsider = MemberFactory(profile__organisation=new_organisation(3))
    registration = registrations.register_colleagues_for_session(
        coordinator=coordinator, colleagues=[anna], session=session
    ).registrations[0]

    for candidate in (not_ocmw, outsider):
        with pytest.raises(RegistrationError):
            registrations.replace_colleague(
                coordinator=coordinator, registration=registration, colleague=candidate
            )
    registration.refresh_from_db()
    assert registration.user == anna


# The pages -------------------------------------------------------------------------------


def test_my_team_shows_the_colleagues_and_their_registrations(coordinator, session):
    anna = MemberFactory(first_name="Anna", last_name="Aerts")
    MemberFactory(first_name="Bram", last_name="Bos")
    outsider = MemberFactory(first_name="Xavier", profile__organisation=new_organisation(4))
    registrations.register_colleagues_for_session(
        coordinator=coordinator, colleagues=[anna], session=session
    )

    with translation.override("nl"):
        page = logged_in(coordinator).get(reverse("team"))

    text = page.content.decode()
    assert page.status_code == 200
    assert "Anna Aerts" in text and "Bram Bos" in text
    assert outsider.first_name not in text
    assert nl("My team") in text
    assert nl("Confirmed") in text


def test_the_menu_offers_my_team_to_coordinators_only(coordinator):
    with translation.override("nl"):
        path = reverse("member_registrations")
    assert nl("My team") in logged_in(coordinator).get(path).content.decode()
    assert nl("My team") not in logged_in(MemberFactory()).get(path).content.decode()


def test_the_form_registers_the_ticked_colleagues(coordinator, session):
    anna, bram = MemberFactory(first_name="Anna"), MemberFactory(first_name="Bram")

    with translation.override("nl"):
        path = reverse("team_register_session", args=[session.uid])
    client = logged_in(coordinator)
    assert client.get(path).status_code == 200
    response = client.post(
        path, {"colleagues": [anna.pk, bram.pk], "reference": "PO-X"}, follow=True
    )

    assert response.status_code == 200
    assert set(Registration.objects.filter(session=session).values_list("user", flat=True)) == {
        anna.pk,
        bram.pk,
    }
    assert "Anna" in response.content.decode()


def test_the_form_refuses_an_outsider_and_writes_nothing(coordinator, session):
    outsider = MemberFactory(profile__organisation=new_organisation(5))

    with translation.override("nl"):
        response = logged_in(coordinator).post(
            reverse("team_register_session", args=[session.uid]), {"colleagues": [outsider.pk]}
        )

    assert response.status_code == 200
    assert not Registration.objects.exists()


def test_a_colleague_declines_from_the_mail_link(coordinator, session):
    anna = MemberFactory()
    registration = registrations.register_colleagues_for_session(
        coordinator=coordinator, colleagues=[anna], session=session
    ).registrations[0]

    with translation.override("nl"):
        path = reverse("cancel_registration", args=[registration.pk])
    client = logged_in(anna)
    page = client.get(path).content.decode()
    # The page says the cancellation is free (and no "pay the full fee" button).
    assert nl("Yes, cancel") in page
    assert nl("Cancel and pay the full fee") not in page
    client.post(path, {})

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert registration.fee_due is None


def test_the_replace_page_moves_the_seat(coordinator, session):
    anna, bram = MemberFactory(), MemberFactory()
    registration = registrations.register_colleagues_for_session(
        coordinator=coordinator, colleagues=[anna], session=session
    ).registrations[0]

    with translation.override("nl"):
        path = reverse("team_replace", args=[registration.pk])
    logged_in(coordinator).post(path, {"colleague": bram.pk})

    registration.refresh_from_db()
    assert registration.user == bram


def test_another_organisations_data_is_a_404_to_a_coordinator(coordinator, session):
    brugge = new_organisation(6)
    theirs = MemberFactory(profile__organisation=brugge)
    their_registration = registrations.register_for_session(
        user=theirs, session=session, invoice=InvoiceDetails(organisation="OCMW", address="Brugge")
    )
    mine = MemberFactory()
    client = logged_in(coordinator)

    with translation.override("nl"):
        replace = reverse("team_replace", args=[their_registration.pk])
    assert client.get(replace).status_code == 404
    assert client.post(replace, {"colleague": mine.pk}).status_code == 404
    their_registration.refresh_from_db()
    assert their_registration.user == theirs


def test_the_team_pages_do_not_exist_for_a_plain_member(session):
    member = MemberFactory()
    colleague = MemberFactory()
    registration = registrations.register_for_session(
        user=colleague, session=session, invoice=InvoiceDetails(organisation="OCMW", address="G")
    )
    client = logged_in(member)
    with translation.override("nl"):
        paths = [
            reverse("team"),
            reverse("team_register_session", args=[session.uid]),
            reverse("team_replace", args=[registration.pk]),
        ]
    for path in paths:
        assert client.get(path).status_code == 404, path
        assert client.post(path, {"colleagues": [colleague.pk]}).status_code == 404, path
    assert Registration.objects.count() == 1
