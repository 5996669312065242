"""Editors print a sign-in sheet per session: a PDF of the confirmed
participants, by last name, with a column to sign, in Dutch or French."""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from pypdf import PdfReader

from portal.accounts.models import User
from tests.factories.accounts import MemberFactory
from tests.factories.offer import SessionFactory, brussels, make_training, make_trajectory
from tests.factories.pages import translate_page
from trajecten.registrations import (
    InvoiceDetails,
    cancel,
    register_for_edition,
    register_for_session,
)

pytestmark = pytest.mark.django_db


def sheet_url(session, language=None):
    url = f"/admin/sessions/{session.pk}/sign-in-sheet/"
    return f"{url}?language={language}" if language else url


def pages_of(response):
    """The text of each page of the PDF, as a reader of the file finds it."""
    assert response["Content-Type"] == "application/pdf"
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]


INVOICE = InvoiceDetails(organisation="OCMW Gent", address="Onderbergen 86, 9000 Gent")


def is_a4_portrait(page):
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    return (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (210, 297)


def embedded_fonts(reader):
    """Whether every font the pages use travels in the file (prints the same anywhere)."""
    fonts = [
        font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()
    ]
    descriptors = [
        font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        if "/DescendantFonts" in font
        else font["/FontDescriptor"]
        for font in fonts
    ]
    return bool(fonts) and all(
        {"/FontFile", "/FontFile2", "/FontFile3"} & set(d.get_object()) for d in descriptors
    )


def member(first_name, last_name, organisation="OCMW Gent"):
    return MemberFactory(
        first_name=first_name, last_name=last_name, profile__organisation_name=organisation
    )


def sign_up(session, *name, organisation="OCMW Gent"):
    return register_for_session(user=member(*name, organisation), session=session, invoice=INVOICE)


@pytest.fixture
def session(offer_index):
    """Tuesday 1 June 2027, 9.30 to 12.30, in Leuven: two confirmed
    participants, one who cancelled and one on the waiting list."""
    index, index_fr = offer_index
    training = make_training(index, sessions=0)
    translate_page(training, "fr", title="Formation de base migration", slug="formation-de-base")
    session = SessionFactory(
        page=training,
        starts_at=brussels(2027, 6, 1, 9, 30),
        ends_at=brussels(2027, 6, 1, 12, 30),
        capacity=2,
    )
    gone = sign_up(session, "Karel", "Claes")
    sign_up(session, "Sofie", "Peeters")
    cancel(registration=gone, by=gone.user)
    sign_up(session, "Élise", "Aerts", organisation="CPAS de Liège")
    sign_up(session, "Jozef", "Wuyts")  # on the waiting list
    return session


def test_the_sheet_lists_the_confirmed_participants_by_last_name(client, editor, session):
    client.force_login(editor)

    response = client.get(sheet_url(session))

    (text,) = pages_of(response)
    assert "Basisopleiding migratie" in text
    assert "dinsdag 1 juni 2027" in text and "9.30–12.30 uur" in text
    assert "Provinciehuis, Provincieplein 1, 3010 Leuven" in text
    assert "Aanwezigheidslijst" in text and "Naam" in text and "Organisatie" in text
    assert text.index("Aerts, Élise") < text.index("Peeters, Sofie")
    assert "CPAS de Liège" in text and "OCMW Gent" in text
    assert "Claes" not in text  # cancelled
    assert "Wuyts" not in text  # on the waiting list
    reader = PdfReader(io.BytesIO(response.content))
    assert is_a4_portrait(reader.pages[0]) and embedded_fonts(reader)
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline;")
    assert disposition.endswith('-basisopleiding-migratie-2027-06-01.pdf"')


def test_the_sheet_in_french_has_the_french_title_date_and_headings(client, editor, session):
    client.force_login(editor)

    (text,) = pages_of(client.get(sheet_url(session, "fr")))

    assert "Formation de base migration" in text and "Basisopleiding" not in text
    assert "mardi 1er juin 2027" in text and "9h30–12h30" in text
    assert "Liste de présence" in text and "Nom" in text and "Lieu" in text and "Naam" not in text
    assert "Aerts, Élise" in text


def test_the_sheet_is_in_the_language_of_the_sessions_page_unless_asked(
    client, editor, offer_index
):
    _index, index_fr = offer_index
    french_only = make_training(index_fr, sessions=0, title="Accueil des primo-arrivants")
    session = SessionFactory(page=french_only, starts_at=brussels(2027, 6, 1, 9, 30))
    client.force_login(editor)

    (french,) = pages_of(client.get(sheet_url(session)))
    (dutch,) = pages_of(client.get(sheet_url(session, "nl")))

    assert "mardi 1er juin 2027" in french and "Nom" in french
    assert "dinsdag 1 juni 2027" in dutch and "Naam" in dutch


def test_a_module_sessions_sheet_lists_the_participants_of_the_edition(client, editor, offer_index):
    index, _ = offer_index
    _trajectory, edition = make_trajectory(index, modules=2)
    edition.capacity = 1
    edition.save()
    register_for_edition(
        user=member("Ann", "Janssens", "OCMW Brugge"), edition=edition, invoice=INVOICE
    )
    # On the waiting list:
    register_for_edition(user=member("Bart", "Maes"), edition=edition, invoice=INVOICE)
    module_session = edition.get_children().first().specific.sessions.get()
    client.force_login(editor)

    (text,) = pages_of(client.get(sheet_url(module_session)))

    assert "Vormingstraject integratie — editie 2027-2028" in text and "Module 1" in text
    assert "Online" in text
    assert "Janssens, Ann" in text and "OCMW Brugge" in text
    assert "Maes" not in text


def test_a_long_list_runs_over_pages_with_headings_and_page_numbers(client, editor, offer_index):
    index, _ = offer_index
    session = SessionFactory(page=make_training(index, sessions=0), capacity=None)
    for number in range(40):
        sign_up(session, "Deelnemer", f"Naam {number:02}")
    client.force_login(editor)

    pages = pages_of(client.get(sheet_url(session)))

    assert len(pages) >= 2
    assert all("Organisatie" in page for page in pages)  # the table's headings, again
    assert f"Pagina {len(pages)} / {len(pages)}" in pages[-1]
    assert all(f"Naam {number:02}, Deelnemer" in "".join(pages) for number in range(40))


def test_what_a_member_typed_is_printed_as_text(client, editor, offer_index):
    index, _ = offer_index
    session = SessionFactory(page=make_training(index, sessions=0))
    sign_up(session, "Eva", "<img src=x>", organisation="<b>OCMW</b>")
    client.force_login(editor)

    (text,) = pages_of(client.get(sheet_url(session)))

    assert "<img src=x>, Eva" in text and "<b>OCMW</b>" in text


def test_only_editors_who_may_see_registrations_get_the_sheet(client, session, member):
    assert "/login/" in client.get(sheet_url(session))["Location"]

    client.force_login(member)
    assert client.get(sheet_url(session))["Content-Type"] != "application/pdf"

    staff = User.objects.create_user(email="redacteur@example.org", is_staff=True)
    group = Group.objects.create(name="Redactie")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    staff.groups.add(group)
    client.force_login(staff)
    assert client.get(sheet_url(session))["Content-Type"] != "application/pdf"

    group.permissions.add(Permission.objects.get(codename="view_registration"))
    assert client.get(sheet_url(session))["Content-Type"] == "application/pdf"


def test_editors_reach_the_sheet_from_the_dashboard_and_a_registration(client, editor, session):
    registration = session.registrations.filter(status="confirmed").first()
    client.force_login(editor)

    dashboard = client.get("/admin/").content.decode()
    registration_page = client.get(f"/admin/registration/edit/{registration.pk}/").content.decode()

    for language in ("nl", "fr"):
        link = f'href="{sheet_url(session, language)}"'
        assert link in dashboard and link in registration_page
