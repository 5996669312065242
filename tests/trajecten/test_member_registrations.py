"""Members register, see "My registrations", cancel and hand their seat over
through the site; nobody reaches another member's registration."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from home.templatetags import formatting
from tests.factories.accounts import MemberFactory
from tests.factories.offer import SessionFactory, in_days, make_training, make_trajectory
from tests.factories.organisations import new_organisation
from tests.factories.pages import translate_page
from trajecten.models import Registration, RegistrationStatus
from trajecten.registrations import rules

pytestmark = pytest.mark.django_db

FORM = {
    "with_lunch": "yes",
    "billing_organisation": "OCMW Gent",
    "billing_address": "Onderbergen 86\n9000 Gent",
    "billing_reference": "PO-2027-14",
    "vat_number": "BE 0212.345.678",
    "dietary_needs": "vegetarisch",
}


def message(text):
    with translation.override("nl"):
        return translation.gettext(text)


@pytest.fixture
def training(offer_index):
    index, _ = offer_index
    return make_training(index, sessions=0)


def test_member_registers_with_lunch_and_sees_it_in_my_registrations(
    client, training, django_capture_on_commit_callbacks
):
    session = SessionFactory(page=training, capacity=15)
    member = MemberFactory()
    client.force_login(member)

    page = client.get(training.url).content.decode()
    assert f"/nl/inschrijven/sessie/{session.uid}/" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/nl/inschrijven/sessie/{session.uid}/", FORM)

    registration = Registration.objects.get(user=member)
    assert response.status_code == 302
    assert response["Location"] == f"/nl/mijn-account/inschrijvingen/{registration.pk}/"
    assert (registration.status, registration.with_lunch, str(registration.price_due)) == (
        "confirmed",
        True,
        "50.00",
    )
    # The invoice goes to the member's organisation, with their order reference.
    organisation = member.profile.organisation
    assert (registration.organisation, registration.billing_reference) == (
        organisation,
        "PO-2027-14",
    )
    assert registration.vat_number == f"BE{organisation.enterprise_number}"
    assert len(mail.outbox) == 1
    overview = client.get("/nl/mijn-account/inschrijvingen/").content.decode()
    assert training.title in overview and "€ 50" in overview


def test_form_errors_are_next_to_the_field_and_nothing_is_saved(client, training):
    # A member whose organisation is not listed types whom to invoice.
    session = SessionFactory(page=training)
    client.force_login(MemberFactory(profile__organisation=None))

    response = client.post(
        f"/fr/inscription/session/{session.uid}/",
        {**FORM, "billing_address": "", "vat_number": "12"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_billing_address_error"' in html and 'id="id_vat_number_error"' in html
    assert not Registration.objects.exists()


def test_a_member_without_complete_profile_is_sent_to_the_profile_first(client, training):
    from tests.factories.accounts import UserFactory

    session = SessionFactory(page=training)
    client.force_login(UserFactory())

    response = client.get(f"/nl/inschrijven/sessie/{session.uid}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/nl/mijn-account/profiel/?next=")


def test_registering_for_a_postponed_session_says_why(client, training):
    session = SessionFactory(page=training, status="postponed")
    client.force_login(MemberFactory())

    response = client.post(f"/nl/inschrijven/sessie/{session.uid}/", FORM)

    assert (
        message("This session is postponed. You can register once it has a new date.")
        in response.content.decode()
    )
    assert not Registration.objects.exists()


def test_registering_twice_gets_a_message(client, training):
    session = SessionFactory(page=training)
    member = MemberFactory()
    client.force_login(member)
    client.post(f"/nl/inschrijven/sessie/{session.uid}/", FORM)

    response = client.post(f"/nl/inschrijven/sessie/{session.uid}/", FORM)

    assert message("You are already registered for this.") in response.content.decode()
    assert Registration.objects.count() == 1


def test_french_member_registers_for_an_edition_through_the_french_page(client, offer_index):
    index, _ = offer_index
    trajectory, edition = make_trajectory(index)
    translate_page(trajectory, "fr", slug="trajet")
    french_edition = translate_page(edition, "fr", slug="edition")
    member = MemberFactory(profile__preferred_language="fr")
    client.force_login(member)

    response = client.post(f"/fr/inscription/edition/{french_edition.pk}/", FORM)

    registration = Registration.objects.get(user=member)
    assert response.status_code == 302
    # Registrations belong to the Dutch edition, whichever page was used.
    assert registration.edition_id == edition.pk


def test_late_cancellation_asks_for_confirmation_first(client, training):
    session = SessionFactory(page=training, starts_at=in_days(3))
    member = MemberFactory()
    client.force_login(member)
    client.post(f"/nl/inschrijven/sessie/{session.uid}/", FORM)
    registration = Registration.objects.get(user=member)
    cancel_url = f"/nl/mijn-account/inschrijvingen/{registration.pk}/annuleren/"

    warning = client.get(cancel_url).content.decode()
    assert "€ 50" in warning and 'name="confirm_late"' in warning
    client.post(cancel_url, {})  # without confirming: nothing happens
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    client.post(cancel_url, {"confirm_late": "yes"})

    registration.refresh_from_db()
    assert (registration.status, registration.late_cancellation) == ("cancelled", True)


def test_online_link_only_for_confirmed_participants_from_one_day_before(client, training):
    soon = SessionFactory(
        page=training,
        starts_at=in_days(0, 23, 50),
        format="online",
        online_link="https://meet.example.org/abc",
        town="",
    )
    later = SessionFactory(
        page=training,
        starts_at=in_days(10),
        format="online",
        online_link="https://meet.example.org/later",
        town="",
    )
    member = MemberFactory()
    client.force_login(member)
    for session in (soon, later):
        client.post(f"/nl/inschrijven/sessie/{session.uid}/", FORM)

    overview = client.get("/nl/mijn-account/inschrijvingen/").content.decode()

    assert "https://meet.example.org/abc" in overview
    assert "https://meet.example.org/later" not in overview
    # The later session's page says when its link appears, by the rule's date.
    later_registration = Registration.objects.get(user=member, session=later)
    detail = client.get(f"/nl/mijn-account/inschrijvingen/{later_registration.pk}/")
    with translation.override("nl"):
        appears = formatting.moment(rules.online_link_from(later))
    assert f"De onlinelink verschijnt hier vanaf {appears}." in detail.content.decode()


def test_hand_over_through_the_site(client, training, django_capture_on_commit_callbacks):
    session = SessionFactory(page=training)
    member = MemberFactory()
    aalst = new_organisation(
        1, name_nl="OCMW Aalst", street="Gasthuisstraat 40", postal_code="9300", town="Aalst"
    )
    colleague = MemberFactory(email="collega@ocmw.example.be", profile__organisation=aalst)
    client.force_login(member)
    client.post(f"/nl/inschrijven/sessie/{session.uid}/", FORM)
    registration = Registration.objects.get(user=member)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/nl/mijn-account/inschrijvingen/{registration.pk}/doorgeven/",
            {"email": "collega@ocmw.example.be"},
        )
    accept_url = re.search(r"http://testserver(/nl/\S+/)", mail.outbox[-1].body).group(1)
    other = Client()
    other.force_login(colleague)
    other.post(
        accept_url,
        {"dietary_needs": "halal"},
    )

    registration.refresh_from_db()
    assert registration.user == colleague
    # The colleague's organisation's details; nothing of the member's is left.
    assert registration.organisation == aalst
    assert registration.billing_organisation == "OCMW Aalst"
    assert registration.billing_address == "Gasthuisstraat 40\n9300 Aalst"
    assert registration.billing_reference == ""
    assert registration.dietary_needs == "halal"
    assert client.get(f"/nl/mijn-account/inschrijvingen/{registration.pk}/").status_code == 404


def test_a_member_never_reaches_another_members_registration(client, training):
    session = SessionFactory(page=training)
    owner, intruder = MemberFactory.create_batch(2)
    owner_client = Client()
    owner_client.force_login(owner)
    owner_client.post(f"/nl/inschrijven/sessie/{session.uid}/", FORM)
    registration = Registration.objects.get(user=owner)
    client.force_login(intruder)

    for path in ["", "annuleren/", "agenda/"]:
        assert (
            client.get(f"/nl/mijn-account/inschrijvingen/{registration.pk}/{path}").status_code
            == 404
        )
    for path in ["annuleren/", "doorgeven/"]:
        assert (
            client.post(
                f"/nl/mijn-account/inschrijvingen/{registration.pk}/{path}",
                {"email": "x@example.org", "confirm_late": "yes"},
            ).status_code
            == 404
        )
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert not registration.substitutions.exists()


def test_anonymous_visitors_are_asked_to_log_in(client, training):
    session = SessionFactory(page=training)

    for url in [f"/nl/inschrijven/sessie/{session.uid}/", "/nl/mijn-account/inschrijvingen/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_form_of_a_full_session_says_it_leads_to_the_waiting_list(client, training):
    from trajecten import registrations

    session = SessionFactory(page=training, capacity=1)
    registrations.register_for_session(
        user=MemberFactory(),
        session=session,
        invoice=registrations.InvoiceDetails(organisation="O", address="A"),
    )
    member = MemberFactory()
    client.force_login(member)

    form = client.get(f"/nl/inschrijven/sessie/{session.uid}/").content.decode()
    client.post(f"/nl/inschrijven/sessie/{session.uid}/", FORM)

    assert (
        message(
            "This session is full. If you register, you join the waiting list and get a seat when one frees up."
        )
        in form
    )
    assert Registration.objects.get(user=member).status == RegistrationStatus.WAITLISTED


def test_with_a_task_queue_the_confirmation_waits_for_the_worker(
    client, training, settings, django_capture_on_commit_callbacks
):
    """A registration answers without rendering or sending its mail: a
    worker sends it (a slow mail server never holds up the seat)."""
    from django_tasks import default_task_backend

    from portal.notifications import send_notification
    from portal.outbox.tasks import deliver_mail

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    session = SessionFactory(page=training, capacity=15)
    member = MemberFactory()
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/nl/inschrijven/sessie/{session.uid}/", FORM)

    queued = [result for result in default_task_backend.results if result.task == send_notification]
    assert mail.outbox == []
    assert len(queued) == 1

    # The worker writes the mail into the outbox, and delivers it in a task of its own.
    with django_capture_on_commit_callbacks(execute=True):
        send_notification.call(*queued[0].args)
    assert mail.outbox == []
    deliveries = [result for result in default_task_backend.results if result.task == deliver_mail]
    assert len(deliveries) == 1
    deliver_mail.call(*deliveries[0].args)
    assert mail.outbox[0].to == [member.email]
    assert mail.outbox[0].subject == message("Your registration is confirmed")
