"""Handing a seat to a colleague: the invitation tells nothing about the
address it goes to; the colleague who accepts gives their own details, and
hears then whether they may take the seat."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories.accounts import MemberFactory
from tests.factories.offer import SessionFactory, make_network, make_training, make_trajectory
from tests.factories.organisations import new_organisation
from trajecten import registrations
from trajecten.assignments.services import hand_in
from trajecten.models import Registration
from trajecten.registrations import InvoiceDetails, RegistrationError

pytestmark = pytest.mark.django_db

ASSIGNMENT_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)

MEMBERS_INVOICE = InvoiceDetails(
    organisation="OCMW Gent",
    address="Onderbergen 86, 9000 Gent",
    reference="PO-GENT-1",
    vat_number="BE0212345678",
)
COLLEAGUES_DETAILS = {"billing_reference": "AALST-7", "dietary_needs": "halal"}


def aalst(**fields):
    """The colleague's own organisation, which their invoice goes to."""
    return new_organisation(
        1,
        name_nl="OCMW Aalst",
        street="Gasthuisstraat 40",
        postal_code="9300",
        town="Aalst",
        **fields,
    )


def dutch(text):
    with translation.override("nl"):
        return translation.gettext(text)


def outsider(**fields):
    return MemberFactory(
        profile__is_ocmw_employee=False, profile__organisation_kind="non_profit", **fields
    )


@pytest.fixture
def training(offer_index):
    index, _ = offer_index
    return make_training(index, sessions=0)


@pytest.fixture
def seat(training):
    """A confirmed, paying seat with lunch, of a member of an OCMW."""
    return registrations.register_for_session(
        user=MemberFactory(email="sofie@ocmw.example.be"),
        session=SessionFactory(page=training),
        with_lunch=True,
        dietary_needs="vegetarisch",
        invoice=MEMBERS_INVOICE,
    )


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def accept_url(invitation):
    return reverse("accept_substitution", args=[invitation.token])


def test_the_hand_over_form_answers_alike_whoever_the_address_belongs_to(seat, commit):
    MemberFactory(email="collega@ocmw.example.be")
    outsider(email="vrijwilliger@example.org")
    registrations.register_for_session(
        user=MemberFactory(email="al-ingeschreven@ocmw.example.be"),
        session=seat.session,
        invoice=MEMBERS_INVOICE,
    )
    client = logged_in(seat.user)
    path = reverse("hand_over", args=[seat.pk])

    answers = {}
    for address in [
        "collega@ocmw.example.be",
        "vrijwilliger@example.org",
        "niemand@example.org",
        "al-ingeschreven@ocmw.example.be",
    ]:
        with commit():
            response = client.post(path, {"email": address}, follow=True)
        told = [str(message) for message in response.context["messages"]]
        answers[address] = (response.status_code, response.redirect_chain, told)
        assert any(address in sent.to for sent in mail.outbox), address

    assert len(set(map(repr, answers.values()))) == 1, answers
    status, redirects, told = answers["niemand@example.org"]
    assert status == 200 and redirects == [(reverse("registration_detail", args=[seat.pk]), 302)]
    assert told == [dutch("We sent your colleague an invitation to take over your seat.")]


@pytest.mark.parametrize(
    ("is_ocmw_employee", "rule"),
    [
        (
            True,
            "An employee of an OCMW / CPAS can only be replaced by another employee of an "
            "OCMW / CPAS.",
        ),
        (
            False,
            "You can only be replaced by an employee of an OCMW / CPAS or by someone already "
            "approved.",
        ),
    ],
)
def test_the_members_page_says_up_front_who_may_take_over(training, is_ocmw_employee, rule):
    member = MemberFactory(
        profile__is_ocmw_employee=is_ocmw_employee, profile__is_approved_participant=True
    )
    registration = registrations.register_for_session(
        user=member, session=SessionFactory(page=training), invoice=MEMBERS_INVOICE
    )

    page = logged_in(member).get(reverse("registration_detail", args=[registration.pk]))

    assert dutch(rule) in page.content.decode()


def test_the_colleague_takes_over_with_their_own_details_and_nothing_of_the_members(training):
    # A member approved before, who wrote a motivation; the colleague works for an OCMW.
    member = outsider(profile__is_approved_participant=True)
    seat = registrations.register_for_session(
        user=member,
        session=SessionFactory(page=training),
        with_lunch=True,
        dietary_needs="vegetarisch",
        invoice=MEMBERS_INVOICE,
    )
    Registration.objects.filter(pk=seat.pk).update(
        motivation="Wij werken samen.", tie_to_ocmw="Een overeenkomst."
    )
    organisation = aalst()
    colleague = MemberFactory(email="jan@ocmw.example.be", profile__organisation=organisation)
    invitation = registrations.invite_substitute(
        registration=seat, by=member, email=colleague.email
    )
    client = logged_in(colleague)

    form = client.get(accept_url(invitation)).content.decode()
    response = client.post(accept_url(invitation), COLLEAGUES_DETAILS)

    # The invoice goes to the colleague's organisation, as an editor knows it.
    assert dutch("The invoice goes to") in form and "OCMW Aalst" in form
    assert 'name="billing_organisation"' not in form and 'name="dietary_needs"' in form
    assert "PO-GENT-1" not in form and "vegetarisch" not in form
    assert response.status_code == 302
    seat.refresh_from_db()
    assert (seat.user, seat.organisation) == (colleague, organisation)
    assert (
        seat.billing_organisation,
        seat.billing_address,
        seat.billing_reference,
        seat.vat_number,
        seat.dietary_needs,
        seat.motivation,
        seat.tie_to_ocmw,
    ) == (
        "OCMW Aalst",
        "Gasthuisstraat 40\n9300 Aalst",
        "AALST-7",
        f"BE{organisation.enterprise_number}",
        "halal",
        "",
        "",
    )
    assert f"taken over from {member.email}" in [event.note for event in seat.events.all()]


def test_a_paying_seat_is_not_taken_over_for_an_organisation_an_editor_has_not_approved(
    training,
):
    member = outsider(profile__is_approved_participant=True)
    seat = registrations.register_for_session(
        user=member, session=SessionFactory(page=training), invoice=MEMBERS_INVOICE
    )
    colleague = outsider(
        email="jan@vzw.example.be",
        profile__is_approved_participant=True,
        profile__organisation=aalst(status="pending"),
    )
    invitation = registrations.invite_substitute(
        registration=seat, by=member, email=colleague.email
    )

    with pytest.raises(RegistrationError) as refused:
        registrations.accept_substitution(token=invitation.token, user=colleague)
    response = logged_in(colleague).post(accept_url(invitation), {})

    assert refused.value.code == "organisation_not_approved"
    with translation.override("nl"):
        said = str(refused.value.message)
    assert "OCMW Aalst" in said and said in response.content.decode()
    seat.refresh_from_db()
    assert seat.user == member


def test_no_invoice_details_are_asked_for_a_free_seat(offer_index):
    index, _ = offer_index
    _network, meeting = make_network(index)
    member = MemberFactory()
    seat = registrations.register_for_session(user=member, session=meeting.sessions.get())
    colleague = MemberFactory(email="jan@ocmw.example.be")
    invitation = registrations.invite_substitute(
        registration=seat, by=member, email=colleague.email
    )
    client = logged_in(colleague)

    form = client.get(accept_url(invitation)).content.decode()
    response = client.post(accept_url(invitation), {})

    assert 'name="billing_organisation"' not in form and 'name="dietary_needs"' not in form
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.user == colleague and seat.billing_organisation == ""


@pytest.mark.parametrize(
    ("make_colleague", "refusal"),
    [
        (
            lambda seat: outsider(email="vrijwilliger@example.org"),
            "Only an employee of an OCMW / CPAS can take over this seat. "
            "It stays with your colleague.",
        ),
        (
            lambda seat: (
                registrations.register_for_session(
                    user=MemberFactory(email="vrijwilliger@example.org"),
                    session=seat.session,
                    invoice=MEMBERS_INVOICE,
                ).user
            ),
            "You are already registered for this. The seat stays with your colleague.",
        ),
    ],
    ids=["not an OCMW employee", "already registered"],
)
def test_the_colleague_who_may_not_take_over_is_told_on_the_accept_page(
    seat, make_colleague, refusal
):
    colleague = make_colleague(seat)
    invitation = registrations.invite_substitute(
        registration=seat, by=seat.user, email="vrijwilliger@example.org"
    )
    client = logged_in(colleague)

    page = client.get(accept_url(invitation)).content.decode()
    tried = client.post(accept_url(invitation), COLLEAGUES_DETAILS)

    # Said before any form is filled in, and the seat stays with the member.
    assert dutch(refusal) in page and 'name="billing_organisation"' not in page
    assert tried.status_code == 200 and dutch(refusal) in tried.content.decode()
    seat.refresh_from_db()
    assert seat.user.email == "sofie@ocmw.example.be" and seat.billing_organisation == "OCMW Gent"


def test_a_seat_with_a_final_assignment_handed_in_stays_with_its_member(offer_index):
    """The assignment hangs on the registration: a colleague taking over the
    seat would read the member's versions and files."""
    index, _ = offer_index
    _trajectory, edition = make_trajectory(index)
    member = MemberFactory()
    place = registrations.register_for_edition(
        user=member, edition=edition, invoice=MEMBERS_INVOICE
    )
    colleague = MemberFactory()
    invitation = registrations.invite_substitute(
        registration=place, by=member, email=colleague.email
    )
    hand_in(
        registration=place,
        title="Mijn nota",
        summary="Wat ik leerde.",
        publish_summary=False,
        files=[SimpleUploadedFile("nota.pdf", ASSIGNMENT_PDF)],
    )

    with pytest.raises(RegistrationError) as refused:
        registrations.invite_substitute(registration=place, by=member, email="ander@example.org")
    assert refused.value.code == "assignment_handed_in"
    # An invitation sent before the hand-in cannot be accepted either.
    with pytest.raises(RegistrationError) as refused:
        registrations.accept_substitution(
            token=invitation.token, user=colleague, invoice=MEMBERS_INVOICE
        )
    assert refused.value.code == "assignment_handed_in"
    place.refresh_from_db()
    assert place.user == member
