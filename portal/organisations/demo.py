"""Demo organisations: four OCMW / CPAS in both regions and Brussels, a
partner organisation, and one a member proposed that waits for an editor.
The enterprise numbers pass the modulo-97 check but belong to nobody."""

from .models import Organisation, OrganisationKind, OrganisationStatus

# enterprise number, Dutch name, French name, kind, street, postal code, town, language, PO
DEMO_ORGANISATIONS = [
    (
        "0207451029",
        "OCMW Gent",
        "CPAS de Gand",
        OrganisationKind.OCMW,
        "Onderbergen 86",
        "9000",
        "Gent",
        "nl",
        "PO-2027-001",
    ),
    (
        "0207297017",
        "OCMW Brugge",
        "CPAS de Bruges",
        OrganisationKind.OCMW,
        "Kartuizerinnenstraat 4",
        "8000",
        "Brugge",
        "nl",
        "",
    ),
    (
        "0207569013",
        "OCMW Leuven",
        "CPAS de Louvain",
        OrganisationKind.OCMW,
        "Alfons Smetsplein 7",
        "3000",
        "Leuven",
        "nl",
        "",
    ),
    (
        "0207904058",
        "OCMW Luik",
        "CPAS de Liège",
        OrganisationKind.OCMW,
        "Place Saint-Jacques 13",
        "4000",
        "Liège",
        "fr",
        "BC-118",
    ),
    (
        "0212066051",
        "OCMW Brussel",
        "CPAS de Bruxelles",
        OrganisationKind.OCMW,
        "Hoogstraat 298A",
        "1000",
        "Brussel",
        "fr",
        "",
    ),
    (
        "0418720096",
        "Vluchtelingenwerk Gent vzw",
        "Vluchtelingenwerk Gent asbl",
        OrganisationKind.PARTNER,
        "Sint-Pietersnieuwstraat 21",
        "9000",
        "Gent",
        "nl",
        "",
    ),
]
# Proposed by a member, waiting for an editor (the admin home announces it).
DEMO_PROPOSED = (
    "0207373033",
    "OCMW Zottegem",
    "CPAS de Zottegem",
    OrganisationKind.OCMW,
    "Markt 1",
    "9620",
    "Zottegem",
    "nl",
    "",
)


def listed(row, status):
    """The demo organisation of `row`, made when missing (bench/ uses it too)."""
    number, name_nl, name_fr, kind, street, postal_code, town, language, po = row
    organisation, _created = Organisation.objects.get_or_create(
        enterprise_number=number,
        defaults={
            "name_nl": name_nl,
            "name_fr": name_fr,
            "kind": kind,
            "street": street,
            "postal_code": postal_code,
            "town": town,
            "language": language,
            "purchase_order_reference": po,
            "invoice_email": f"facturen@{town.lower().replace('è', 'e')}.example.org",
            "status": status,
        },
    )
    return organisation


def by_name(name_nl):
    """A demo organisation, for the other apps' demo members."""
    return Organisation.objects.get(name_nl=name_nl)


def load(stdout):
    for row in DEMO_ORGANISATIONS:
        listed(row, OrganisationStatus.APPROVED)
    listed(DEMO_PROPOSED, OrganisationStatus.PENDING)
    stdout.write(f"  Organisations: {Organisation.objects.count()}")
