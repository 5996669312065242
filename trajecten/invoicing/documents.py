"""What an invoice or a credit note says, as plain values: the one shape
the PDF and the UBL file are both made from, so that they cannot disagree.
Built from the stored invoice by records.document_of(); nothing here reads
the database."""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal


class DocumentKind:
    INVOICE = "invoice"  # UBL Invoice, type code 380
    CREDIT_NOTE = "credit_note"  # UBL CreditNote, type code 381


class VatCategory:
    """The EN 16931 VAT category codes the portal uses (UNCL5305)."""

    STANDARD = "S"  # standard rate, with its percentage
    EXEMPT = "E"  # exempt, with a reason (text and/or VATEX code)
    NOT_SUBJECT = "O"  # not subject to VAT (the seller has no VAT number)


@dataclass(frozen=True)
class Party:
    name: str
    street: str
    postal_code: str
    town: str
    enterprise_number: str  # ten digits, "0202239951"
    country: str = "BE"
    # "0208:0202239951": scheme and identifier of the Peppol participant.
    peppol_id: str = ""
    vat_number: str = ""  # "BE0202239951", empty when not VAT-registered
    email: str = ""
    # Only the seller: where to pay.
    iban: str = ""
    bic: str = ""


@dataclass(frozen=True)
class Line:
    description: str  # "Basisopleiding leefloon – Gent, 12 maart 2027 – An Peeters"
    quantity: Decimal
    unit_price: Decimal  # without VAT
    amount: Decimal  # quantity × unit_price, rounded to cents
    line_id: str = ""  # "1", "2"… in the document's order
    period_start: date | None = None  # the session's date, when there is one
    period_end: date | None = None


@dataclass(frozen=True)
class Vat:
    """One VAT treatment for the whole document (the site's setting)."""

    category: str  # a VatCategory
    percent: Decimal = Decimal("0")
    exemption_reason: str = ""  # required for E and O
    exemption_code: str = ""  # VATEX code, e.g. "VATEX-EU-132-1I"


@dataclass(frozen=True)
class Document:
    kind: str  # a DocumentKind
    number: str  # "2027-0001"
    issue_date: date
    due_date: date
    language: str  # "nl" or "fr": the texts of the PDF; UBL notes too
    currency: str
    seller: Party
    buyer: Party
    lines: list[Line]
    vat: Vat
    buyer_reference: str = ""  # the purchase-order reference, or the number as fallback
    purchase_order: str = ""
    # A credit note names the invoice it corrects.
    corrects_number: str = ""
    corrects_issue_date: date | None = None
    note: str = ""  # a credit note's reason, free text
    payment_reference: str = ""  # structured communication "+++123/4567/89012+++"
    notes: list[str] = field(default_factory=list)

    @property
    def total_without_vat(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    @property
    def vat_amount(self) -> Decimal:
        # Commercial rounding (0.105 → 0.11), as the invoice record rounds it.
        return (self.total_without_vat * self.vat.percent / 100).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    @property
    def total_with_vat(self) -> Decimal:
        return self.total_without_vat + self.vat_amount
