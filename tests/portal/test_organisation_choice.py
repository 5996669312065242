"""A member names their organisation in their profile: chosen from the
approved ones, or proposed, in which case it waits for an editor; the
editor's decision reaches the member by mail in their language, and only an
approved OCMW / CPAS makes a member register directly."""

from html import unescape

import pytest
from django.core import mail
from django.utils import translation
from django.utils.html import escape

from portal.organisations.models import Organisation, OrganisationKind, OrganisationStatus
from tests.factories.accounts import UserFactory
from tests.factories.organisations import enterprise_number, new_organisation

pytestmark = pytest.mark.django_db

PROFILE = {
    "first_name": "Léa",
    "last_name": "Dubois",
    "municipality": "Namur",
    "job_title": "Assistante sociale",
    "preferred_language": "fr",
    "is_ocmw_employee": "on",
}
NEW = {
    "new-name_nl": "OCMW Namen",
    "new-kind": OrganisationKind.OCMW,
    "new-enterprise_number": enterprise_number(21),
    "new-street": "Rue de Dave 165",
    "new-postal_code": "5100",
    "new-town": "Namur",
}


def said(text, language="fr"):
    with translation.override(language):
        return escape(translation.gettext(text))


@pytest.fixture
def member(client, home_pages):
    user = UserFactory()
    client.force_login(user)
    return user


def test_the_profile_lists_the_approved_organisations_to_choose_from(client, member):
    new_organisation(5, name_nl="OCMW Namen", name_fr="CPAS de Namur")
    new_organisation(6, name_nl="OCMW Zottegem", status=OrganisationStatus.PENDING)

    page = client.get("/fr/mon-compte/profil/").content.decode()

    assert 'list="organisation-list"' in page
    assert "CPAS de Namur – " in page
    assert "OCMW Zottegem" not in page


@pytest.mark.parametrize(
    "typed",
    [
        lambda namur: "cpas de namur",
        lambda namur: namur.formatted_enterprise_number,
        lambda namur: f"BE{namur.enterprise_number}",
    ],
    ids=["name", "number", "vat-number"],
)
def test_a_member_finds_their_organisation_by_its_name_or_its_number(client, member, typed):
    namur = new_organisation(5, name_nl="OCMW Namen", name_fr="CPAS de Namur")
    typed = typed(namur)

    response = client.post("/fr/mon-compte/profil/", {**PROFILE, "organisation_choice": typed})

    assert response.status_code == 302
    member.profile.refresh_from_db()
    assert member.profile.organisation == namur
    assert member.profile.works_for_ocmw and member.profile.registers_directly


def test_a_proposed_organisation_waits_for_an_editor_and_the_member_is_told(client, member):
    response = client.post("/fr/mon-compte/profil/", {**PROFILE, **NEW})

    assert response.status_code == 302
    proposed = Organisation.objects.get()
    assert (proposed.status, proposed.proposed_by, proposed.language) == (
        OrganisationStatus.PENDING,
        member,
        "fr",
    )
    assert proposed.peppol_id == f"0208:{NEW['new-enterprise_number']}"
    member.profile.refresh_from_db()
    assert member.profile.organisation == proposed
    # Ticking "employee of an OCMW / CPAS" is not enough until an editor approves.
    assert member.profile.is_ocmw_employee and not member.profile.registers_directly
    page = client.get("/fr/mon-compte/profil/").content.decode()
    with translation.override("fr"):
        waiting = translation.gettext(
            "Your organisation %(name)s waits for an editor. Until it is approved you ask to "
            "take part like a member outside an OCMW / CPAS, and you cannot register for a "
            "paying session yet. We tell you by mail."
        )
    assert waiting % {"name": "OCMW Namen"} in unescape(page)


def test_a_wrong_enterprise_number_is_said_next_to_its_field_and_nothing_is_saved(client, member):
    response = client.post(
        "/fr/mon-compte/profil/", {**PROFILE, **NEW, "new-enterprise_number": "0202.239.952"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_new-enterprise_number_error"' in html
    assert said("This enterprise number does not exist: check its digits.") in html
    assert said("Your new organisation is not complete: see the fields below.") in html
    assert not Organisation.objects.exists()
    member.profile.refresh_from_db()
    assert member.profile.organisation is None and member.profile.organisation_name == ""


def test_proposing_a_known_number_joins_that_organisation_instead_of_a_second_one(client, member):
    namur = new_organisation(21, name_nl="OCMW Namen")

    client.post("/fr/mon-compte/profil/", {**PROFILE, **NEW, "new-name_nl": "Cpas Namur"})

    assert list(Organisation.objects.all()) == [namur]
    member.profile.refresh_from_db()
    assert member.profile.organisation == namur


def test_an_employee_of_an_ocmw_is_not_a_member_of_a_partner_organisation(client, member):
    partner = new_organisation(7, name_nl="Vzw Onthaal", kind=OrganisationKind.PARTNER)

    response = client.post(
        "/fr/mon-compte/profil/", {**PROFILE, "organisation_choice": partner.enterprise_number}
    )

    assert response.status_code == 200
    assert 'id="id_is_ocmw_employee_error"' in response.content.decode()
    member.profile.refresh_from_db()
    assert member.profile.organisation is None


def test_the_admin_home_announces_a_proposed_organisation_a_click_from_its_page(
    client, member, editor
):
    client.post("/fr/mon-compte/profil/", {**PROFILE, **NEW})
    proposed = Organisation.objects.get()
    client.force_login(editor)

    home = client.get("/admin/").content.decode()

    assert f'href="/admin/organisations/edit/{proposed.pk}/"' in home
    assert "OCMW Namen" in home and proposed.formatted_enterprise_number in home


@pytest.mark.parametrize(
    ("status", "subject", "words"),
    [
        (OrganisationStatus.APPROVED, "Your organisation is approved", "Rue de Dave 165"),
        (OrganisationStatus.REFUSED, "Your organisation was not accepted", "OCMW Namen"),
    ],
)
def test_the_editors_decision_reaches_the_member_by_mail_in_their_language(
    client, member, editor, commit, status, subject, words
):
    client.post("/fr/mon-compte/profil/", {**PROFILE, **NEW})
    proposed = Organisation.objects.get()
    client.force_login(editor)
    form = {
        "name_nl": proposed.name_nl,
        "name_fr": "CPAS de Namur",
        "kind": proposed.kind,
        "enterprise_number": proposed.enterprise_number,
        "street": proposed.street,
        "postal_code": proposed.postal_code,
        "town": proposed.town,
        "invoice_email": "",
        "language": "fr",
        "purchase_order_reference": "",
        "peppol_id": proposed.peppol_id,
        "status": status,
    }

    with commit():
        response = client.post(f"/admin/organisations/edit/{proposed.pk}/", form)
    with commit():  # saved again unchanged: no second mail
        client.post(f"/admin/organisations/edit/{proposed.pk}/", form)

    assert response.status_code == 302
    (letter,) = mail.outbox
    assert letter.to == [member.email]
    with translation.override("fr"):
        assert letter.subject == translation.gettext(subject)
    assert words in letter.body or "CPAS de Namur" in letter.body
    member.profile.refresh_from_db()
    assert member.profile.registers_directly == (status == OrganisationStatus.APPROVED)
