"""An invoice or a credit note as a PDF in the organisation's language,
made by WeasyPrint from the same Document as its UBL file."""

from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext
from weasyprint import HTML

from portal.organisations.enterprise_numbers import formatted

from ..sign_in_sheet import _FetchesNothing
from .documents import DocumentKind
from .records import document_of
from .services import invoice_date as day


def money(amount):
    """ "€ 45,00" / "45,00 €": always with cents, as an invoice writes them."""
    number = formats.number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)
    return gettext("€ %(amount)s") % {"amount": number}


def invoice_pdf(invoice):
    document = document_of(invoice)
    credit_note = document.kind == DocumentKind.CREDIT_NOTE
    with translation.override(document.language):
        context = {
            "document": document,
            "is_credit_note": credit_note,
            "heading": gettext("Credit note") if credit_note else gettext("Invoice"),
            "issue_date": day(document.issue_date),
            "due_date": day(document.due_date),
            "corrects_date": day(document.corrects_issue_date),
            "seller_number": formatted(document.seller.enterprise_number),
            "buyer_number": formatted(document.buyer.enterprise_number),
            "lines": [
                {
                    "description": line.description,
                    "quantity": formats.number_format(line.quantity.normalize(), use_l10n=True),
                    "unit_price": money(line.unit_price),
                    "amount": money(line.amount),
                }
                for line in document.lines
            ],
            "total_without_vat": money(document.total_without_vat),
            "vat_percent": formats.number_format(document.vat.percent.normalize(), use_l10n=True)
            if document.vat.percent
            else "",
            "vat_amount": money(document.vat_amount),
            "total": money(document.total_with_vat),
        }
        html = render_to_string("trajecten/invoicing/invoice.html", context)
    return HTML(string=html, url_fetcher=_FetchesNothing()).write_pdf()


def filename(invoice):
    return f"{invoice.number}.pdf"
