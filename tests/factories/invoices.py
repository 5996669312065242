"""The seller of the invoices, as an administrator fills in Settings ›
Invoicing: without it no invoice is made (services.check_seller)."""

from wagtail.models import Site

from trajecten.demo import DEMO_SELLER
from trajecten.models import InvoiceSettings

# The demo's seller: what an administrator fills in.
SELLER = DEMO_SELLER


def invoicing_seller(**fields):
    settings = InvoiceSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in {**SELLER, **fields}.items():
        setattr(settings, name, value)
    settings.save()
    return settings
