"""The UBL file of an invoice or credit note passes the official EN 16931 and
Peppol BIS Billing 3.0 rules, and says what the customer's software needs."""

import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tests.invoicing_validation import fatal_errors, validation_errors
from trajecten.invoicing.documents import Document, DocumentKind, Line, Party, Vat, VatCategory
from trajecten.invoicing.ubl import ubl_xml

NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}

SELLER = Party(
    name="Vereniging van Vlaamse Steden en Gemeenten",
    street="Bischoffsheimlaan 1-8",
    postal_code="1000",
    town="Brussel",
    enterprise_number="0451.857.573",
    vat_number="BE0451857573",
    email="vorming@example.org",
    iban="BE68 5390 0754 7034",
    bic="BBRUBEBB",
)
BUYER = Party(
    name="OCMW Gent",
    street="Onderbergen 86",
    postal_code="9000",
    town="Gent",
    enterprise_number="0207451227",
    peppol_id="0208:0207451227",
)
STANDARD = Vat(VatCategory.STANDARD, Decimal("21"))
EXEMPT = Vat(
    VatCategory.EXEMPT,
    exemption_reason="Vrijgesteld van btw, art. 44 § 2, 4° W.btw",
    exemption_code="VATEX-EU-132-1I",
)
NOT_SUBJECT = Vat(VatCategory.NOT_SUBJECT, exemption_reason="Niet onderworpen aan btw")


def line(description, quantity, price, line_id="1", day=None):
    quantity, price = Decimal(quantity), Decimal(price)
    return Line(
        description=description,
        quantity=quantity,
        unit_price=price,
        amount=(quantity * price).quantize(Decimal("0.01")),
        line_id=line_id,
        period_start=day,
        period_end=day,
    )


def invoice(**changes):
    document = Document(
        kind=DocumentKind.INVOICE,
        number="2027-0001",
        issue_date=date(2027, 3, 1),
        due_date=date(2027, 3, 31),
        language="nl",
        currency="EUR",
        seller=SELLER,
        buyer=BUYER,
        lines=[
            line(
                "Basisopleiding leefloon – Gent, 12 maart 2027 – An Peeters",
                "1",
                "120.00",
                day=date(2027, 3, 12),
            )
        ],
        vat=STANDARD,
        buyer_reference="BE-2027-17",
        payment_reference="+++123/4567/89002+++",
    )
    return replace(document, **changes)


def read(document):
    return ET.fromstring(ubl_xml(document))


def text(tree, path):
    return tree.findtext(path, default="", namespaces=NS)


DOCUMENTS = {
    "standard": invoice(),
    "exempt": invoice(vat=EXEMPT),
    "not subject": invoice(
        vat=NOT_SUBJECT, seller=replace(SELLER, vat_number=""), buyer=replace(BUYER, vat_number="")
    ),
    "several lines": invoice(
        lines=[
            line("Basisopleiding leefloon – An Peeters", "1", "33.33", "1", date(2027, 3, 12)),
            line("Basisopleiding leefloon – Jan Janssens", "1", "33.33", "2", date(2027, 3, 12)),
            line("Verdieping GPMI – Sara El Idrissi", "3", "16.67", "3", date(2027, 4, 2)),
            line("Syllabus", "2", "7.5", "4"),
        ],
        purchase_order="BB-2027-4411",
    ),
    "French": invoice(
        language="fr",
        buyer=Party(
            name="CPAS de Namur",
            street="Rue de Dave 165",
            postal_code="5100",
            town="Jambes",
            enterprise_number="0207.385.010",
            vat_number="",
        ),
        lines=[
            line(
                "Formation de base revenu d'intégration – Namur – Marie Dubois",
                "1",
                "120",
                day=date(2027, 5, 6),
            )
        ],
        notes=["Merci de mentionner la communication structurée."],
    ),
    "credit note": invoice(
        kind=DocumentKind.CREDIT_NOTE,
        number="2027-0002",
        issue_date=date(2027, 3, 10),
        corrects_number="2027-0001",
        corrects_issue_date=date(2027, 3, 1),
        note="Inschrijving geannuleerd",
    ),
}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_kind_of_document_passes_the_official_rules(name):
    xml = ubl_xml(DOCUMENTS[name])
    assert fatal_errors(xml) == []


def test_the_buyer_is_found_on_peppol_by_its_enterprise_number():
    tree = read(invoice())
    endpoint = tree.findall("cac:AccountingCustomerParty/cac:Party/cbc:EndpointID", namespaces=NS)[
        0
    ]
    assert (endpoint.get("schemeID"), endpoint.text) == ("0208", "0207451227")
    legal = tree.findall(
        "cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID", namespaces=NS
    )[0]
    assert (legal.get("schemeID"), legal.text) == ("0208", "0207451227")
    assert text(tree, "cac:AccountingSupplierParty/cac:Party/cbc:EndpointID") == "0451857573"
    assert text(tree, "cbc:InvoiceTypeCode") == "380"
    assert text(tree, "cbc:BuyerReference") == "BE-2027-17"
    assert text(tree, "cac:PaymentMeans/cbc:PaymentMeansCode") == "58"
    assert text(tree, "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID") == "BE68539007547034"
    assert text(tree, "cac:PaymentMeans/cbc:PaymentID") == "+++123/4567/89002+++"
    with translation.override("nl"):
        due = gettext("To be paid by %(date)s.") % {"date": "31/03/2027"}
    assert text(tree, "cac:PaymentTerms/cbc:Note") == due


def test_the_totals_add_up_with_vat_rounded_to_the_cent():
    tree = read(DOCUMENTS["several lines"])
    # 33.33 + 33.33 + 50.01 + 15.00 = 131.67; 21 % = 27.6507 → 27.65
    assert text(tree, "cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount") == "131.67"
    assert text(tree, "cac:TaxTotal/cbc:TaxAmount") == "27.65"
    assert text(tree, "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:Percent") == "21"
    assert text(tree, "cac:LegalMonetaryTotal/cbc:PayableAmount") == "159.32"
    assert len(tree.findall("cac:InvoiceLine", namespaces=NS)) == 4
    assert text(tree, "cac:InvoiceLine[3]/cac:InvoicePeriod/cbc:StartDate") == "2027-04-02"
    assert not tree.findall("cac:InvoiceLine[4]/cac:InvoicePeriod", namespaces=NS)
    assert text(tree, "cac:OrderReference/cbc:ID") == "BB-2027-4411"


def test_the_vat_is_the_one_the_pdf_shows_even_on_half_a_cent():
    document = invoice(lines=[line("Syllabus", "1", "0.50")])
    tree = read(document)
    assert text(tree, "cac:TaxTotal/cbc:TaxAmount") == str(document.vat_amount)
    assert text(tree, "cac:LegalMonetaryTotal/cbc:PayableAmount") == str(document.total_with_vat)
    assert fatal_errors(ubl_xml(document)) == []


def test_an_exempt_invoice_gives_its_reason_and_no_vat():
    tree = read(DOCUMENTS["exempt"])
    category = "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory"
    assert text(tree, f"{category}/cbc:ID") == "E"
    assert (
        text(tree, f"{category}/cbc:TaxExemptionReason")
        == "Vrijgesteld van btw, art. 44 § 2, 4° W.btw"
    )
    assert text(tree, f"{category}/cbc:TaxExemptionReasonCode") == "VATEX-EU-132-1I"
    assert text(tree, "cac:TaxTotal/cbc:TaxAmount") == "0.00"
    assert text(tree, "cac:LegalMonetaryTotal/cbc:PayableAmount") == "120.00"


def test_a_document_not_subject_to_vat_names_no_vat_number():
    tree = read(DOCUMENTS["not subject"])
    assert text(tree, "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID") == "O"
    assert not tree.findall(".//cac:PartyTaxScheme", namespaces=NS)
    assert not tree.findall(".//cbc:Percent", namespaces=NS)


def test_a_credit_note_names_the_invoice_it_corrects():
    tree = read(DOCUMENTS["credit note"])
    assert tree.tag.endswith("}CreditNote")
    assert text(tree, "cbc:CreditNoteTypeCode") == "381"
    assert text(tree, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID") == "2027-0001"
    assert (
        text(tree, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:IssueDate")
        == "2027-03-01"
    )
    assert text(tree, "cbc:Note") == "Inschrijving geannuleerd"
    assert text(tree, "cac:CreditNoteLine/cbc:CreditedQuantity") == "1"
    with translation.override("nl"):
        terms = gettext("Credit note for invoice %(number)s.") % {"number": "2027-0001"}
    assert text(tree, "cac:PaymentTerms/cbc:Note") == terms


def test_the_french_document_keeps_its_accents():
    tree = read(DOCUMENTS["French"])
    assert text(tree, "cac:InvoiceLine/cac:Item/cbc:Name").startswith(
        "Formation de base revenu d'intégration"
    )
    assert text(tree, "cac:AccountingCustomerParty/cac:Party/cbc:EndpointID") == "0207385010"
    with translation.override("fr"):
        due = gettext("To be paid by %(date)s.") % {"date": "31/03/2027"}
    assert text(tree, "cac:PaymentTerms/cbc:Note") == due


# The validator itself: a broken document must be reported, or a pass means nothing.


def test_the_validator_reports_a_wrong_total():
    xml = ubl_xml(invoice()).replace(b">145.20</cbc:PayableAmount>", b">154.20</cbc:PayableAmount>")
    assert "BR-CO-16" in {failure.id for failure in fatal_errors(xml)}


def test_the_validator_reports_a_missing_buyer_endpoint():
    tree = read(invoice())
    endpoint = tree.findall("cac:AccountingCustomerParty/cac:Party/cbc:EndpointID", namespaces=NS)[
        0
    ]
    tree.find("cac:AccountingCustomerParty/cac:Party", NS).remove(endpoint)
    ids = {failure.id for failure in fatal_errors(ET.tostring(tree))}
    assert "PEPPOL-EN16931-R010" in ids


def test_the_validator_reports_a_wrong_enterprise_number():
    xml = ubl_xml(invoice(buyer=replace(BUYER, peppol_id="0208:0207451228")))
    failures = fatal_errors(xml)
    assert "PEPPOL-COMMON-R043" in {failure.id for failure in failures}
    assert all(failure.text for failure in validation_errors(xml))
