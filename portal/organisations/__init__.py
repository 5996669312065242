"""Organisations members work for (OCMW / CPAS, other local governments,
partner organisations): records with their enterprise number, invoice
address and Peppol identifier, which registrations and invoices read."""
