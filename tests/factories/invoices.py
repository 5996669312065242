"""The seller of the invoices, as an administrator fills in Settings ›
Invoicing: without it no invoice is made (services.check_seller)."""

from wagtail.models import Site

from trajecten.models import InvoiceSettings

SELLER = {
    "seller_name": "VVSG vzw",
    "enterprise_number": "0451857078",
    "vat_number": "BE0451857078",
    "street": "Bischoffsheimlaan 1-8",
    "postal_code": "1000",
    "town": "Brussel",
    "email": "facturen@vvsg.example.org",
    # The example IBAN of the Belgian banks' own documentation.
    "iban": "BE71096123456769",
    "bic": "GKCCBEBB",
}


def invoicing_seller(**fields):
    settings = InvoiceSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in {**SELLER, **fields}.items():
        setattr(settings, name, value)
    settings.save()
    return settings
