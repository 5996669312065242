"""The stored invoice as a documents.Document: what its PDF and its UBL
file are both made from."""

from django.utils import translation
from django.utils.translation import gettext

from ..models import InvoiceKind
from .documents import Document, DocumentKind, Line, Party, Vat
from .services import payment_reference


def document_of(invoice) -> Document:
    seller = Party(
        name=invoice.seller_name,
        street=invoice.seller_street,
        postal_code=invoice.seller_postal_code,
        town=invoice.seller_town,
        enterprise_number=invoice.seller_enterprise_number,
        peppol_id=f"0208:{invoice.seller_enterprise_number}"
        if invoice.seller_enterprise_number
        else "",
        vat_number=invoice.seller_vat_number,
        email=invoice.seller_email,
        iban=invoice.seller_iban,
        bic=invoice.seller_bic,
    )
    buyer = Party(
        name=invoice.buyer_name,
        street=invoice.buyer_street,
        postal_code=invoice.buyer_postal_code,
        town=invoice.buyer_town,
        enterprise_number=invoice.buyer_enterprise_number,
        peppol_id=invoice.buyer_peppol_id,
        email=invoice.buyer_email,
    )
    lines = [
        Line(
            description=line.description,
            quantity=line.quantity,
            unit_price=line.unit_price,
            amount=line.amount,
            line_id=str(position),
            period_start=line.period_start,
            period_end=line.period_end,
        )
        for position, line in enumerate(invoice.lines.all(), start=1)
    ]
    credit_note = invoice.kind == InvoiceKind.CREDIT_NOTE
    corrected = invoice.corrects if credit_note else None
    notes = []
    if invoice.vat_exemption_reason:
        notes.append(invoice.vat_exemption_reason)
    with translation.override(invoice.language):
        if not credit_note and invoice.seller_iban:
            notes.append(
                gettext("Please pay by %(date)s with the communication %(reference)s.")
                % {
                    "date": invoice.due_date.strftime("%d/%m/%Y"),
                    "reference": payment_reference(invoice.number),
                }
            )
    return Document(
        kind=DocumentKind.CREDIT_NOTE if credit_note else DocumentKind.INVOICE,
        number=invoice.number,
        issue_date=invoice.issue_date,
        due_date=invoice.due_date,
        language=invoice.language,
        currency="EUR",
        seller=seller,
        buyer=buyer,
        lines=lines,
        vat=Vat(
            category=invoice.vat_category,
            percent=invoice.vat_percent,
            exemption_reason=invoice.vat_exemption_reason,
            exemption_code=invoice.vat_exemption_code,
        ),
        buyer_reference=invoice.purchase_order or invoice.number,
        purchase_order=invoice.purchase_order,
        corrects_number=corrected.number if corrected else "",
        corrects_issue_date=corrected.issue_date if corrected else None,
        note=invoice.reason,
        payment_reference="" if credit_note else payment_reference(invoice.number),
        notes=notes,
    )
