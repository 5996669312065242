"""Organisations members work for: approved OCMW / CPAS by default, each
with a valid enterprise number of its own."""

import factory

from portal.organisations.models import Organisation, OrganisationKind, OrganisationStatus


def enterprise_number(n):
    """A valid enterprise number of its own for each n: eight digits
    starting with 0, and their modulo-97 check."""
    digits = f"{(2_000_000 + n * 7919) % 10**7:08d}"
    return f"{digits}{97 - int(digits) % 97:02d}"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["enterprise_number"]

    name_nl = "OCMW Gent"
    name_fr = "CPAS de Gand"
    kind = OrganisationKind.OCMW
    enterprise_number = factory.LazyFunction(lambda: enterprise_number(0))
    street = "Onderbergen 86"
    postal_code = "9000"
    town = "Gent"
    invoice_email = "facturen@ocmw-gent.example.org"
    language = "nl"
    status = OrganisationStatus.APPROVED


def new_organisation(n, **fields):
    """A second, third… organisation, with its own number."""
    return OrganisationFactory(
        enterprise_number=enterprise_number(n),
        name_nl=fields.pop("name_nl", f"Organisatie {n}"),
        name_fr=fields.pop("name_fr", f"Organisation {n}"),
        **fields,
    )
