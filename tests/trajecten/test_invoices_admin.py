"""Finance in the admin: the listing of invoices, each invoice's page and
PDF, marking paid, credit notes, the export of a period; members see their
own invoice numbers and PDFs, nobody else's."""

import csv
import io
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from tests.factories.accounts import MemberFactory, UserFactory
from tests.factories.invoices import invoicing_seller
from tests.factories.offer import SessionFactory, brussels, make_offer_index, make_training
from tests.factories.organisations import OrganisationFactory, new_organisation
from tests.factories.pages import make_home_pages
from tests.invoicing_validation import fatal_errors
from trajecten.invoicing import services
from trajecten.models import Invoice, InvoiceStatus, Registration, RegistrationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _seller(db):
    """Settings › Invoicing filled in, as before any invoice is made."""
    invoicing_seller()


TODAY = timezone.localdate()
Y = TODAY.year


@pytest.fixture
def session():
    home, _ = make_home_pages()
    training = make_training(make_offer_index(home), sessions=0, title="Basisopleiding leefloon")
    return SessionFactory(page=training, starts_at=brussels(2027, 3, 12))


def seat(session, organisation=None, member=None):
    return Registration.objects.create(
        user=member or MemberFactory(first_name="An", last_name="Peeters"),
        session=session,
        organisation=organisation or OrganisationFactory(),
        status=RegistrationStatus.CONFIRMED,
        price_due=Decimal("45"),
        billing_reference="BB-17",
    )


def invoice_for(*registrations):
    return services.invoice_registrations(registrations=list(registrations), today=TODAY)


@pytest.fixture
def finance(client):
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return editor


def pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_an_editor_lists_filters_and_opens_invoices(client, finance, session):
    invoice = invoice_for(seat(session))
    other = invoice_for(seat(session, organisation=new_organisation(2)))
    services.mark_paid(other, actor=finance)

    listing = client.get("/admin/invoices/").content.decode()
    assert f"{Y}-0001" in listing and f"{Y}-0002" in listing
    open_only = client.get("/admin/invoices/?status=open").content.decode()
    assert f"{Y}-0001" in open_only and f"{Y}-0002" not in open_only

    page = client.get(f"/admin/invoices/{invoice.pk}/").content.decode()
    assert "Basisopleiding leefloon" in page
    assert f"/admin/invoices/{invoice.pk}/pdf/" in page


def test_the_pdf_is_in_the_organisations_language(client, finance, session):
    dutch = invoice_for(seat(session))
    french = invoice_for(seat(session, organisation=new_organisation(2, language="fr")))

    text = pdf_text(client.get(f"/admin/invoices/{dutch.pk}/pdf/"))
    with translation.override("nl"):
        assert gettext("Invoice") in text
        assert gettext("€ %(amount)s") % {"amount": "45,00"} in text
    assert f"{Y}-0001" in text
    assert "OCMW Gent" in text
    assert "12 maart 2027" in text
    assert "art. 44" in text
    assert "BB-17" in text

    text = pdf_text(client.get(f"/admin/invoices/{french.pk}/pdf/"))
    with translation.override("fr"):
        assert gettext("Invoice") in text
    assert "Organisation 2" in text
    assert "12 mars 2027" in text
    assert "formation professionnelle" in text


def test_mark_paid_and_a_credit_note_with_reason_and_confirmation(client, finance, session):
    invoice = invoice_for(seat(session))

    client.post(f"/admin/invoices/{invoice.pk}/paid/")
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID

    response = client.post(f"/admin/invoices/{invoice.pk}/credit/", {"reason": "Dubbel"})
    with translation.override("nl"):
        assert (
            gettext("Tick the box to confirm the credit note.")
            in client.get(response.url).content.decode()
        )
    response = client.post(
        f"/admin/invoices/{invoice.pk}/credit/", {"reason": "  ", "confirm": "1"}
    )
    with translation.override("nl"):
        assert (
            gettext("Say why the invoice is credited.") in client.get(response.url).content.decode()
        )
    assert not Invoice.objects.credit_notes().exists()

    response = client.post(
        f"/admin/invoices/{invoice.pk}/credit/", {"reason": "Dubbel", "confirm": "1"}
    )
    note = Invoice.objects.credit_notes().get()
    assert response.url == f"/admin/invoices/{note.pk}/"
    assert note.number == f"C{Y}-0001"
    text = pdf_text(client.get(f"/admin/invoices/{note.pk}/pdf/"))
    with translation.override("nl"):
        assert gettext("Credit note") in text
    assert f"{Y}-0001" in text and "Dubbel" in text


def test_export_of_a_period_as_a_spreadsheet(client, finance, session):
    invoice_for(seat(session))
    invoice_for(seat(session, organisation=new_organisation(2, name_nl="OCMW Aalst")))

    response = client.get(
        "/admin/invoices/export/", {"start": f"{Y}-01-01", "end": f"{Y}-12-31", "format": "csv"}
    )
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content[1:]), delimiter=";"))
    assert [row[0] for row in rows[1:]] == [f"{Y}-0001", f"{Y}-0002"]
    assert rows[2][4] == "OCMW Aalst"
    assert rows[1][9] == "45,00"

    empty = client.get(
        "/admin/invoices/export/",
        {"start": f"{Y + 1}-01-01", "end": f"{Y + 1}-12-31", "format": "csv"},
    )
    assert len(empty.content.decode("utf-8-sig").splitlines()) == 1


def test_a_member_has_no_access_to_the_admin_invoices(client, session):
    invoice = invoice_for(seat(session))
    client.force_login(MemberFactory())
    for url in (
        "/admin/invoices/",
        f"/admin/invoices/{invoice.pk}/",
        f"/admin/invoices/{invoice.pk}/pdf/",
        f"/admin/invoices/export/?start={Y}-01-01&end={Y}-12-31",
    ):
        assert client.get(url).status_code in (302, 403), url
    assert client.post(f"/admin/invoices/{invoice.pk}/paid/").status_code in (302, 403)
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.OPEN


def test_a_member_sees_the_number_and_opens_only_their_own_invoice(client, session):
    member = MemberFactory(first_name="An", last_name="Peeters")
    mine = invoice_for(seat(session, member=member))
    theirs = invoice_for(seat(session, organisation=new_organisation(2)))
    client.force_login(member)

    page = client.get("/nl/mijn-account/inschrijvingen/").content.decode()
    with translation.override("nl"):
        assert gettext("Invoice %(number)s") % {"number": f"{Y}-0001"} in page
    assert f"{Y}-0002" not in page
    pdf_url = page.split('class="registration__invoice"><a href="')[1].split('"')[0]
    assert f"{Y}-0001" in pdf_text(client.get(pdf_url))
    assert client.get(pdf_url.replace(str(mine.pk), str(theirs.pk))).status_code == 404

    services.credit(mine, reason="Fout", actor=None)
    page = client.get("/nl/mijn-account/inschrijvingen/").content.decode()
    with translation.override("nl"):
        assert gettext("Invoice %(number)s (credited)") % {"number": f"{Y}-0001"} in page


def test_export_of_a_period_as_a_zip_of_ubl_files_the_official_rules_accept(
    client, finance, session
):
    first = invoice_for(seat(session))
    services.credit(first, reason="Fout", actor=finance)
    invoice_for(seat(session, organisation=new_organisation(2)))

    response = client.get(
        "/admin/invoices/export/", {"start": f"{Y}-01-01", "end": f"{Y}-12-31", "format": "zip"}
    )

    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == [f"{Y}-0001.xml", f"{Y}-0002.xml", f"C{Y}-0001.xml"]
        for name in archive.namelist():
            assert fatal_errors(archive.read(name)) == [], name


def test_an_invoice_goes_to_the_access_point_only_when_one_is_set_up(
    client, finance, session, settings
):
    invoice = invoice_for(seat(session))
    settings.PEPPOL_ACCESS_POINT_URL = ""

    page = client.get(f"/admin/invoices/{invoice.pk}/").content.decode()
    refused = client.post(f"/admin/invoices/{invoice.pk}/peppol/", follow=True)

    with translation.override("nl"):
        assert gettext("Send through Peppol") not in page
        not_set_up = gettext("Sending by Peppol is not set up: the invoice was not sent.")
    assert not_set_up in refused.content.decode()


def test_the_admin_home_counts_the_invoices_past_due(client, finance, session):
    from datetime import timedelta

    old = services.invoice_registrations(
        registrations=[seat(session)], today=TODAY - timedelta(days=45)
    )
    services.invoice_registrations(registrations=[seat(session)], today=TODAY)

    home = client.get("/admin/").content.decode()
    with translation.override("nl"):
        assert (
            translation.ngettext(
                "%(counter)s invoice is past its due date and not paid.",
                "%(counter)s invoices are past their due date and not paid.",
                1,
            )
            % {"counter": 1}
            in home
        )
    services.mark_paid(old, actor=finance)
    assert "past-due-invoices-heading" not in client.get("/admin/").content.decode()


def test_editors_choose_how_an_offer_is_invoiced(client, finance, session):
    html = client.get(f"/admin/pages/{session.page_id}/edit/").content.decode()
    assert 'name="invoice_grouping"' in html


def test_the_ubl_files_of_an_invoice_and_its_credit_note(client, finance, session):
    from xml.etree import ElementTree as etree  # noqa: N813

    invoice = invoice_for(seat(session))
    note = services.credit(invoice, reason="Fout", actor=finance)

    response = client.get(f"/admin/invoices/{invoice.pk}/ubl/")
    assert response["Content-Disposition"].endswith(f'"{Y}-0001.xml"')
    xml = etree.fromstring(response.content)
    texts = [element.text for element in xml.iter() if isinstance(element.tag, str)]
    assert f"{Y}-0001" in texts and "380" in texts and "45.00" in texts
    assert invoice.buyer_enterprise_number in texts

    credit_xml = etree.fromstring(client.get(f"/admin/invoices/{note.pk}/ubl/").content)
    texts = [element.text for element in credit_xml.iter() if isinstance(element.tag, str)]
    assert f"C{Y}-0001" in texts and "381" in texts and f"{Y}-0001" in texts

    response = client.get(
        "/admin/invoices/export/", {"start": f"{Y}-01-01", "end": f"{Y}-12-31", "format": "zip"}
    )
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == [f"{Y}-0001.xml", f"C{Y}-0001.xml"]


@pytest.mark.parametrize(("after", "invoiced_again"), [("again", True), ("waive", False)])
def test_after_a_credit_note_the_editor_says_whether_the_fee_is_invoiced_again(
    client, finance, session, after, invoiced_again
):
    registration = seat(session)
    the_day_after = session.ends_at + timedelta(days=1)
    (invoice,) = services.make_invoices(the_day_after)

    client.post(
        f"/admin/invoices/{invoice.pk}/credit/",
        {"reason": "Verkeerde bestelbon", "confirm": "1", "after": after},
    )
    again = services.make_invoices(the_day_after + timedelta(days=1))

    assert [line.registration for i in again for line in i.lines.all()] == (
        [registration] if invoiced_again else []
    )
    registration.refresh_from_db()
    assert (registration.fee_due is None or registration.fee_due == 0) != invoiced_again
    if not invoiced_again:
        assert registration.events.filter(note__startswith="fee waived by credit note").exists()


def test_an_invoice_gathered_for_the_organisation_is_not_opened_by_a_colleague(client, session):
    member = MemberFactory(first_name="An", last_name="Peeters")
    colleague = MemberFactory(first_name="Jonas", last_name="Colleague")
    gathered = invoice_for(seat(session, member=member), seat(session, member=colleague))
    client.force_login(member)

    page = client.get("/nl/mijn-account/inschrijvingen/").content.decode()

    with translation.override("nl"):
        assert gettext("Invoice %(number)s") % {"number": gathered.number} in page
    assert 'class="registration__invoice"><a' not in page
    with translation.override("nl"):
        pdf_url = reverse("member_invoice_pdf", args=[gathered.pk])
    assert client.get(pdf_url).status_code == 404
