"""Invoices to the organisations: numbered without gaps, one per fee,
credit notes that release the fee, the refusals an editor reads."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from tests.factories.accounts import EditorFactory, MemberFactory
from tests.factories.invoices import invoicing_seller
from tests.factories.offer import SessionFactory, brussels, make_offer_index, make_training
from tests.factories.organisations import OrganisationFactory, new_organisation
from tests.factories.pages import make_home_pages
from tests.invoicing_validation import fatal_errors
from trajecten.invoicing import services
from trajecten.invoicing.records import document_of
from trajecten.invoicing.services import InvoiceError, credit, make_invoices, mark_paid
from trajecten.invoicing.ubl import ubl_xml
from trajecten.models import (
    Invoice,
    InvoiceGrouping,
    InvoiceKind,
    InvoiceLine,
    InvoiceStatus,
    Registration,
    RegistrationStatus,
    Session,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _seller(db):
    """Settings › Invoicing filled in, as before any invoice is made."""
    invoicing_seller()


NOW = brussels(2027, 4, 2, 12)


@pytest.fixture
def training():
    home, _ = make_home_pages()
    page = make_training(make_offer_index(home), sessions=0, title="Basisopleiding leefloon")
    return page


def registration(session, organisation=None, **fields):
    member = MemberFactory(first_name="An", last_name="Peeters")
    fields.setdefault("status", RegistrationStatus.CONFIRMED)
    fields.setdefault("price_due", Decimal("45"))
    return Registration.objects.create(
        user=member,
        session=session,
        organisation=organisation or OrganisationFactory(),
        **fields,
    )


def test_a_confirmed_seat_is_invoiced_after_its_session_once(training):
    session = SessionFactory(page=training, starts_at=brussels(2027, 3, 12))
    later = SessionFactory(page=training, starts_at=brussels(2027, 5, 12))
    done = registration(session)
    registration(later)

    made = make_invoices(NOW)

    assert [invoice.number for invoice in made] == ["2027-0001"]
    invoice = made[0]
    assert invoice.buyer_name == "OCMW Gent"
    assert invoice.total == Decimal("45.00")
    assert invoice.due_date == invoice.issue_date + timedelta(days=30)
    line = invoice.lines.get()
    assert line.registration == done
    assert "Basisopleiding leefloon" in line.description
    assert "12 maart 2027" in line.description
    assert "An Peeters" in line.description
    assert make_invoices(NOW) == []
    assert make_invoices(NOW + timedelta(days=60))[0].number == "2027-0002"
    # What the customer's access point receives passes the official rules.
    assert fatal_errors(ubl_xml(document_of(invoice))) == []


def test_late_cancellation_is_invoiced_at_once_free_and_organiser_ones_never(training):
    session = SessionFactory(page=training, starts_at=brussels(2027, 5, 12))
    late = registration(session, status=RegistrationStatus.CANCELLED, late_cancellation=True)
    registration(session, status=RegistrationStatus.CANCELLED)
    registration(session, status=RegistrationStatus.CANCELLED_BY_ORGANISER)

    made = make_invoices(NOW)

    assert [invoice.lines.get().registration for invoice in made] == [late]


def test_a_member_of_a_waiting_organisation_is_not_invoiced(training):
    session = SessionFactory(page=training, starts_at=brussels(2027, 3, 12))
    registration(session, organisation=new_organisation(3, status="pending"))
    assert make_invoices(NOW) == []


def test_monthly_offer_gathers_the_fees_of_an_organisation_once_the_month_is_over(training):
    training.invoice_grouping = InvoiceGrouping.MONTHLY
    training.save()
    march_1 = SessionFactory(page=training, starts_at=brussels(2027, 3, 5))
    march_2 = SessionFactory(page=training, starts_at=brussels(2027, 3, 19))
    april = SessionFactory(page=training, starts_at=brussels(2027, 4, 1))
    registration(march_1)
    registration(march_2)
    registration(april)
    registration(march_1, organisation=new_organisation(2, language="fr"))

    made = make_invoices(NOW)

    assert len(made) == 2
    gent = next(invoice for invoice in made if invoice.buyer_name == "OCMW Gent")
    assert gent.lines.count() == 2
    assert gent.total == Decimal("90.00")
    other = next(invoice for invoice in made if invoice.buyer_name != "OCMW Gent")
    assert other.buyer_name == "Organisation 2"
    assert "5 mars 2027" in other.lines.get().description
    assert make_invoices(brussels(2027, 5, 1, 8))[0].lines.count() == 1


def test_a_fee_is_invoiced_once_until_a_credit_note_releases_it(training):
    session = SessionFactory(page=training, starts_at=brussels(2027, 3, 12))
    seat = registration(session, billing_reference="BB-2027-17")
    editor = EditorFactory()
    invoice = services.invoice_registrations(registrations=[seat], today=NOW.date())
    assert invoice.purchase_order == "BB-2027-17"

    with pytest.raises(InvoiceError) as refusal, translation.override("nl"):
        services.invoice_registrations(registrations=[seat], today=NOW.date())
    with translation.override("nl"):
        assert str(refusal.value.message) == gettext(
            "This fee is on an invoice already: make a credit note first."
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        InvoiceLine.objects.create(
            invoice=invoice, registration=seat, description="x", unit_price=1, amount=1
        )

    with pytest.raises(InvoiceError):
        credit(invoice, reason=" ", actor=editor)
    note = credit(invoice, reason="Wrong organisation", actor=editor, today=NOW.date())
    assert note.number == "C2027-0001"
    assert note.kind == InvoiceKind.CREDIT_NOTE
    assert note.corrects == invoice
    assert note.total == invoice.total
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.CREDITED
    with pytest.raises(InvoiceError):
        credit(invoice, reason="again", actor=editor)

    again = services.invoice_registrations(registrations=[seat], today=NOW.date())
    assert again.number == "2027-0002"


def test_an_invoice_of_zero_is_refused(training):
    session = SessionFactory(page=training, starts_at=brussels(2027, 3, 12))
    free = registration(session, status=RegistrationStatus.CANCELLED, price_due=Decimal("45"))
    with pytest.raises(InvoiceError) as refusal:
        services.invoice_registrations(registrations=[free], today=NOW.date())
    assert refusal.value.code == "zero"
    assert Invoice.objects.count() == 0


def test_a_refused_invoice_leaves_no_gap_in_the_numbers(training):
    session = SessionFactory(page=training, starts_at=brussels(2027, 3, 12))
    seat = registration(session)
    first = services.invoice_registrations(registrations=[seat], today=NOW.date())
    with pytest.raises(InvoiceError):
        services.invoice_registrations(registrations=[seat], today=NOW.date())
    other = registration(session)
    second = services.invoice_registrations(registrations=[other], today=NOW.date())
    assert [first.number, second.number] == ["2027-0001", "2027-0002"]


def test_marked_paid_once(training):
    session = SessionFactory(page=training, starts_at=brussels(2027, 3, 12))
    invoice = services.invoice_registrations(
        registrations=[registration(session)], today=NOW.date()
    )
    mark_paid(invoice, actor=EditorFactory(), now=NOW)
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
    assert invoice.paid_at == NOW
    with pytest.raises(InvoiceError):
        mark_paid(invoice, actor=None)


def test_the_document_carries_buyer_seller_and_exemption(training):
    session = SessionFactory(page=training, starts_at=brussels(2027, 3, 12))
    invoice = services.invoice_registrations(
        registrations=[registration(session)], today=NOW.date()
    )
    document = document_of(invoice)
    assert document.kind == "invoice"
    assert document.buyer.peppol_id == f"0208:{invoice.buyer_enterprise_number}"
    assert document.vat.category == "E"
    assert document.vat.exemption_code == "VATEX-EU-132-1I"
    assert "art. 44" in document.vat.exemption_reason
    assert document.total_with_vat == Decimal("45.00")
    assert document.payment_reference == "+++202/7000/00122+++"
    assert document.lines[0].period_start == timezone.localdate(session.starts_at)


def test_an_edition_is_invoiced_once_its_last_session_has_ended():
    from tests.factories.offer import make_trajectory

    home, _ = make_home_pages()
    _trajectory, edition = make_trajectory(make_offer_index(home))
    last_end = Session.objects.filter(page__path__startswith=edition.path).latest("ends_at").ends_at
    seat = Registration.objects.create(
        user=MemberFactory(),
        edition=edition,
        organisation=OrganisationFactory(),
        status=RegistrationStatus.CONFIRMED,
        price_due=Decimal("225"),
    )

    assert make_invoices(last_end - timedelta(hours=1)) == []
    (invoice,) = make_invoices(last_end + timedelta(hours=1))
    line = invoice.lines.get()
    assert line.registration == seat
    assert line.period_start < line.period_end == timezone.localdate(last_end)
    assert invoice.total == Decimal("225.00")


def test_the_daily_command_makes_the_invoices(training):
    from io import StringIO

    from django.core.management import call_command

    registration(SessionFactory(page=training, starts_at=brussels(2025, 3, 12)))
    out = StringIO()
    call_command("make_invoices", stdout=out)
    assert "1 invoice(s) made." in out.getvalue()
    call_command("make_invoices", stdout=out)
    assert Invoice.objects.count() == 1


def test_standard_vat_is_added_to_the_total(training):
    from trajecten.invoicing.services import invoice_settings

    settings = invoice_settings()
    settings.vat_treatment = "S"
    settings.vat_number = "BE0202239951"
    settings.save()
    session = SessionFactory(page=training, starts_at=brussels(2027, 3, 12))
    invoice = services.invoice_registrations(
        registrations=[registration(session)], today=NOW.date()
    )
    assert (invoice.total_without_vat, invoice.vat_amount, invoice.total) == (
        Decimal("45.00"),
        Decimal("9.45"),
        Decimal("54.45"),
    )
    assert document_of(invoice).total_with_vat == Decimal("54.45")


def test_no_invoice_is_made_before_the_seller_is_filled_in_and_the_job_says_why(training):
    from django.core.management import CommandError, call_command

    from trajecten.models import InvoiceSettings

    InvoiceSettings.objects.update(seller_name="", enterprise_number="")
    ended = SessionFactory(page=training, starts_at=timezone.now() - timedelta(days=10))
    seat = registration(ended)

    with pytest.raises(CommandError) as refused:
        call_command("make_invoices")

    with translation.override("nl"):
        why = translation.gettext(
            "Invoices need the seller's name, enterprise number and address: "
            "fill them in under Settings › Invoicing."
        )
    assert "Instellingen › Facturatie" in why and str(refused.value) == why
    assert not Invoice.objects.exists()
    assert not seat.invoice_lines.exists()
