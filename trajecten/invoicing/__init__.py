"""Invoices and credit notes for the fees the registration rules make due:
numbered without gaps per year, in the organisation's language, as a PDF and
as UBL 2.1 following Peppol BIS Billing 3.0."""
