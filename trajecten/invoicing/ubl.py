"""The UBL 2.1 file of an invoice or credit note, as Peppol BIS Billing 3.0
asks it: what the customer's accounting software reads instead of the PDF.

Made only from a documents.Document, so it says what the PDF says. Built as
an element tree (never text templates), amounts with two decimals; the VAT
amount is the Document's own, as the PDF shows it."""

import re
import xml.etree.ElementTree as ET
from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .documents import Document, DocumentKind, Line, Party, VatCategory

CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"

NS_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
NS_CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
NS_CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
NS_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"

ET.register_namespace("cac", NS_CAC)
ET.register_namespace("cbc", NS_CBC)
ET.register_namespace("ubl", NS_INVOICE)
ET.register_namespace("ublcn", NS_CREDIT_NOTE)

# The Belgian enterprise number (KBO/BCE) in the ISO 6523 list.
SCHEME_BE_ENTERPRISE = "0208"
# UNCL4461: 58 is a SEPA credit transfer, 30 any other credit transfer.
PAYMENT_SEPA_CREDIT_TRANSFER = "58"
PAYMENT_CREDIT_TRANSFER = "30"
UNIT_ONE = "C62"  # UN/ECE Recommendation 20: "one", a unit without dimension

CENT = Decimal("0.01")


def amount(value: Decimal) -> str:
    """Two decimals, half up."""
    return str(Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP))


def quantity(value: Decimal) -> str:
    """A quantity or a price without trailing zeros, never in exponent form."""
    return format(Decimal(value).normalize(), "f")


def vat_amount(document: Document) -> Decimal:
    """The document's own VAT amount, so that the file and the PDF agree;
    none outside the standard rate."""
    if document.vat.category != VatCategory.STANDARD:
        return Decimal("0.00")
    return Decimal(document.vat_amount)


def digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def _cac(parent, tag):
    return ET.SubElement(parent, f"{{{NS_CAC}}}{tag}")


def _cbc(parent, tag, text, **attributes):
    element = ET.SubElement(parent, f"{{{NS_CBC}}}{tag}", attributes)
    element.text = str(text)
    return element


def _endpoint(party: Party) -> tuple[str, str]:
    if ":" in party.peppol_id:
        scheme, identifier = party.peppol_id.split(":", 1)
        return scheme.strip(), identifier.strip()
    return SCHEME_BE_ENTERPRISE, digits(party.enterprise_number)


def _party(parent, tag: str, party: Party, with_vat: bool):
    wrapper = _cac(parent, tag)
    element = _cac(wrapper, "Party")
    scheme, identifier = _endpoint(party)
    _cbc(element, "EndpointID", identifier, schemeID=scheme)
    _cbc(_cac(element, "PartyName"), "Name", party.name)
    address = _cac(element, "PostalAddress")
    if party.street:
        _cbc(address, "StreetName", party.street)
    if party.town:
        _cbc(address, "CityName", party.town)
    if party.postal_code:
        _cbc(address, "PostalZone", party.postal_code)
    _cbc(_cac(address, "Country"), "IdentificationCode", party.country or "BE")
    if with_vat and party.vat_number:
        tax_scheme = _cac(element, "PartyTaxScheme")
        _cbc(tax_scheme, "CompanyID", party.vat_number.replace(" ", "").replace(".", ""))
        _cbc(_cac(tax_scheme, "TaxScheme"), "ID", "VAT")
    legal = _cac(element, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", party.name)
    if party.enterprise_number:
        _cbc(legal, "CompanyID", digits(party.enterprise_number), schemeID=SCHEME_BE_ENTERPRISE)
    if party.email:
        _cbc(_cac(element, "Contact"), "ElectronicMail", party.email)
    return wrapper


def _tax_category(parent, tag: str, document: Document, with_reason: bool):
    vat = document.vat
    category = _cac(parent, tag)
    _cbc(category, "ID", vat.category)
    if vat.category != VatCategory.NOT_SUBJECT:
        # "O" carries no rate at all (BR-O-05, BR-O-09).
        percent = vat.percent if vat.category == VatCategory.STANDARD else Decimal("0")
        _cbc(category, "Percent", quantity(percent))
    if with_reason and vat.category != VatCategory.STANDARD:
        if vat.exemption_code:
            _cbc(category, "TaxExemptionReasonCode", vat.exemption_code)
        if vat.exemption_reason:
            _cbc(category, "TaxExemptionReason", vat.exemption_reason)
    _cbc(_cac(category, "TaxScheme"), "ID", "VAT")
    return category


def _line(parent, document: Document, line: Line, position: int, is_credit: bool):
    element = _cac(parent, "CreditNoteLine" if is_credit else "InvoiceLine")
    currency = document.currency
    _cbc(element, "ID", line.line_id or str(position))
    _cbc(
        element,
        "CreditedQuantity" if is_credit else "InvoicedQuantity",
        quantity(line.quantity),
        unitCode=UNIT_ONE,
    )
    _cbc(element, "LineExtensionAmount", amount(line.amount), currencyID=currency)
    start = line.period_start or line.period_end
    end = line.period_end or line.period_start
    if start:
        period = _cac(element, "InvoicePeriod")
        _cbc(period, "StartDate", start.isoformat())
        _cbc(period, "EndDate", end.isoformat())
    item = _cac(element, "Item")
    _cbc(item, "Name", line.description)
    _tax_category(item, "ClassifiedTaxCategory", document, with_reason=False)
    price = _cac(element, "Price")
    _cbc(price, "PriceAmount", quantity(line.unit_price), currencyID=currency)


def _payment_terms(document: Document, is_credit: bool) -> str:
    """A sentence in the document's language, as the PDF says it."""
    with translation.override(document.language):
        if is_credit and document.corrects_number:
            return str(
                _("Credit note for invoice %(number)s.") % {"number": document.corrects_number}
            )
        return str(_("To be paid by %(date)s.") % {"date": document.due_date.strftime("%d/%m/%Y")})


def ubl_xml(document: Document) -> bytes:
    """The document as a UBL 2.1 Invoice (380) or CreditNote (381), UTF-8."""
    is_credit = document.kind == DocumentKind.CREDIT_NOTE
    namespace = NS_CREDIT_NOTE if is_credit else NS_INVOICE
    root = ET.Element(f"{{{namespace}}}{'CreditNote' if is_credit else 'Invoice'}")
    currency = document.currency

    _cbc(root, "CustomizationID", CUSTOMIZATION_ID)
    _cbc(root, "ProfileID", PROFILE_ID)
    _cbc(root, "ID", document.number)
    _cbc(root, "IssueDate", document.issue_date.isoformat())
    if not is_credit and document.due_date:
        _cbc(root, "DueDate", document.due_date.isoformat())
    _cbc(
        root,
        "CreditNoteTypeCode" if is_credit else "InvoiceTypeCode",
        "381" if is_credit else "380",
    )
    # Peppol allows one note on the document (PEPPOL-EN16931-R002).
    notes = [text for text in [document.note, *document.notes] if text and text.strip()]
    if notes:
        _cbc(root, "Note", "\n".join(notes))
    _cbc(root, "DocumentCurrencyCode", currency)
    _cbc(
        root,
        "BuyerReference",
        document.buyer_reference or document.purchase_order or document.number,
    )
    if document.purchase_order:
        _cbc(_cac(root, "OrderReference"), "ID", document.purchase_order)
    if is_credit and document.corrects_number:
        reference = _cac(_cac(root, "BillingReference"), "InvoiceDocumentReference")
        _cbc(reference, "ID", document.corrects_number)
        if document.corrects_issue_date:
            _cbc(reference, "IssueDate", document.corrects_issue_date.isoformat())

    # Not subject to VAT: no VAT numbers at all (BR-O-02..04).
    with_vat = document.vat.category != VatCategory.NOT_SUBJECT
    _party(root, "AccountingSupplierParty", document.seller, with_vat)
    _party(root, "AccountingCustomerParty", document.buyer, with_vat)

    if document.seller.iban:
        means = _cac(root, "PaymentMeans")
        sepa = document.currency == "EUR"
        _cbc(
            means,
            "PaymentMeansCode",
            PAYMENT_SEPA_CREDIT_TRANSFER if sepa else PAYMENT_CREDIT_TRANSFER,
        )
        if is_credit and document.due_date:
            _cbc(means, "PaymentDueDate", document.due_date.isoformat())
        if document.payment_reference:
            _cbc(means, "PaymentID", document.payment_reference)
        account = _cac(means, "PayeeFinancialAccount")
        _cbc(account, "ID", document.seller.iban.replace(" ", ""))
        _cbc(account, "Name", document.seller.name)
        if document.seller.bic:
            _cbc(_cac(account, "FinancialInstitutionBranch"), "ID", document.seller.bic)
    _cbc(_cac(root, "PaymentTerms"), "Note", _payment_terms(document, is_credit))

    total_without_vat = Decimal(document.total_without_vat)
    tax = vat_amount(document)
    tax_total = _cac(root, "TaxTotal")
    _cbc(tax_total, "TaxAmount", amount(tax), currencyID=currency)
    subtotal = _cac(tax_total, "TaxSubtotal")
    _cbc(subtotal, "TaxableAmount", amount(total_without_vat), currencyID=currency)
    _cbc(subtotal, "TaxAmount", amount(tax), currencyID=currency)
    _tax_category(subtotal, "TaxCategory", document, with_reason=True)

    totals = _cac(root, "LegalMonetaryTotal")
    _cbc(totals, "LineExtensionAmount", amount(total_without_vat), currencyID=currency)
    _cbc(totals, "TaxExclusiveAmount", amount(total_without_vat), currencyID=currency)
    _cbc(totals, "TaxInclusiveAmount", amount(total_without_vat + tax), currencyID=currency)
    _cbc(totals, "PayableAmount", amount(total_without_vat + tax), currencyID=currency)

    for position, line in enumerate(document.lines, start=1):
        _line(root, document, line, position, is_credit)

    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)
