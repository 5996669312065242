"""Organisations as records: the enterprise number is checked (ten digits,
the modulo-97 check) and stored as ten digits whatever was typed; the
Peppol identifier follows from it; a wrong number is a message next to the
field in the editor's language, and nothing is saved."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from portal.organisations.enterprise_numbers import formatted
from portal.organisations.models import Organisation, OrganisationKind, OrganisationStatus

pytestmark = pytest.mark.django_db

FORM = {
    "name_nl": "OCMW Gent",
    "name_fr": "CPAS de Gand",
    "kind": OrganisationKind.OCMW,
    "street": "Onderbergen 86",
    "postal_code": "9000",
    "town": "Gent",
    "invoice_email": "",
    "language": "nl",
    "purchase_order_reference": "",
    "peppol_id": "",
    "status": OrganisationStatus.APPROVED,
}


def organisation(number, **fields):
    made = Organisation(**{**FORM, "enterprise_number": number, **fields})
    made.full_clean()
    made.save()
    return made


@pytest.mark.parametrize("typed", ["0202239951", "BE 0202.239.951", "0202 239 951", "BE0202239951"])
def test_a_number_as_people_type_it_is_stored_as_ten_digits(typed):
    saved = organisation(typed)

    assert saved.enterprise_number == "0202239951"
    assert saved.formatted_enterprise_number == "0202.239.951"
    assert saved.peppol_id == "0208:0202239951"


@pytest.mark.parametrize(
    ("typed", "dutch", "french"),
    [
        (
            "0202239952",
            "Dit ondernemingsnummer bestaat niet: kijk de cijfers na.",
            "Ce numéro d'entreprise n'existe pas : vérifiez ses chiffres.",
        ),
        (
            "02022399",
            "Een ondernemingsnummer heeft tien cijfers, bijvoorbeeld 0202.239.951.",
            "Un numéro d'entreprise compte dix chiffres, par exemple 0202.239.951.",
        ),
        (
            "abc",
            "Een ondernemingsnummer heeft tien cijfers, bijvoorbeeld 0202.239.951.",
            "Un numéro d'entreprise compte dix chiffres, par exemple 0202.239.951.",
        ),
    ],
)
def test_a_wrong_number_is_refused_with_a_message_in_each_language(typed, dutch, french):
    for language, message in [("nl", dutch), ("fr", french)]:
        with translation.override(language):
            with pytest.raises(ValidationError) as refused:
                organisation(typed)
            assert refused.value.message_dict["enterprise_number"] == [message]
    assert not Organisation.objects.exists()


def test_a_peppol_identifier_given_by_hand_is_kept():
    saved = organisation("0203201340", peppol_id="9925:BE0203201340")

    assert saved.peppol_id == "9925:BE0203201340"


def test_the_name_follows_the_language():
    saved = organisation("0202239951")

    without_french = organisation("0203201340", name_fr="")

    with translation.override("fr"):
        assert [str(saved), str(without_french)] == ["CPAS de Gand", "OCMW Gent"]
    with translation.override("nl"):
        assert str(saved) == "OCMW Gent"


def test_an_editor_adds_an_organisation_and_a_wrong_number_stays_next_to_its_field(client, editor):
    client.force_login(editor)

    refused = client.post(
        "/admin/organisations/new/", {**FORM, "enterprise_number": "0202.239.952"}
    )
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "Dit ondernemingsnummer bestaat niet: kijk de cijfers na." in html
    assert not Organisation.objects.exists()

    added = client.post(
        "/admin/organisations/new/", {**FORM, "enterprise_number": "BE0202.239.951"}
    )
    assert added.status_code == 302
    (saved,) = Organisation.objects.all()
    assert (saved.enterprise_number, saved.peppol_id) == ("0202239951", "0208:0202239951")

    twice = client.post("/admin/organisations/new/", {**FORM, "enterprise_number": "0202239951"})
    assert twice.status_code == 200
    assert Organisation.objects.count() == 1

    listing = client.get("/admin/organisations/", {"q": "gent"}).content.decode()
    assert formatted(saved.enterprise_number) in listing


def test_members_never_reach_the_organisations(client):
    from tests.factories.accounts import MemberFactory

    client.force_login(MemberFactory())

    assert client.get("/admin/organisations/").status_code in (302, 403)
