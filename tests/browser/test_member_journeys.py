"""Journeys 3 to 5 of a member, in Dutch: signing up and registering for a
training with lunch, then cancelling; moving up from the waiting list when a
seat frees up; handing in a final assignment and a new version of it.

Each journey makes its own people and sessions (see steps.py), so the
journeys do not depend on each other or on the order they run in.
"""

import re
from pathlib import Path

from playwright.sync_api import expect

from search.demo import text_pdf
from tests.browser.steps import (
    DEMO_MEETING,
    DEMO_TRAINING,
    log_in,
    new_member,
    new_session,
    prepare,
    registration_card,
    session_card,
    subject,
    text_of,
    unique_tag,
)

TRAINING = "Basisopleiding psychosociale impact van migratie en vlucht"
MEETING = "Dringende medische hulp voor mensen zonder wettig verblijf"


def member_menu(page):
    return page.get_by_role("navigation", name="Ledenzone")


def sign_up(page, portal, *, first_name, last_name, email, password):
    """Sign up through the link in the header and confirm the address with
    the link from the mail; allauth then logs the new member in."""
    page.goto("/nl/")
    page.get_by_role("navigation", name="Je account").get_by_role(
        "link", name="Account aanmaken"
    ).click()
    page.get_by_label("Voornaam").fill(first_name)
    page.get_by_label("Achternaam").fill(last_name)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label(re.compile(r"^Wachtwoord(?! \()")).fill(password)
    page.get_by_label("Wachtwoord (bevestigen)").fill(password)
    page.get_by_role("button", name="Registreren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verifieer je e-mailadres")

    [mail] = portal.mails_to(email)
    assert subject(mail) == "Bevestig je e-mailadres"
    link = re.search(r"https?://\S+/confirm-email/\S+/", text_of(mail)).group(0)
    page.goto(link)
    page.get_by_role("button", name="Bevestig").click()


def cancel_registration(page, title):
    """From "My registrations": open the registration and cancel it."""
    member_menu(page).get_by_role("link", name="Mijn inschrijvingen").click()
    registration_card(page, title).get_by_role("link", name=title).click()
    page.get_by_role("link", name="Mijn inschrijving annuleren").click()
    page.get_by_role("button", name="Ja, annuleren").click()
    expect(page.locator(".messages")).to_have_text("Je inschrijving is geannuleerd.")


def test_a_new_social_worker_signs_up_registers_with_lunch_and_cancels(browser_page, portal):
    page = browser_page
    tag = unique_tag()
    email = f"lien.{tag}@example.org"
    venue = f"Stadsschouwburg {tag}"
    training_url = prepare(
        portal,
        new_session(DEMO_TRAINING, venue=venue, town="Mechelen", capacity=15, days_ahead=45),
    )["url"]

    sign_up(
        page,
        portal,
        first_name="Lien",
        last_name="Janssens",
        email=email,
        password="Een-lang-wachtwoord-2026",
    )

    # The portal sends a new member to their profile first.
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn profiel")
    page.get_by_label(re.compile("^Organisatie")).fill("OCMW Mechelen")
    page.get_by_label("Soort organisatie").select_option(label="OCMW")
    page.get_by_label("Ik ben officieel in dienst van een OCMW").check()
    page.get_by_label("Gemeente").fill("Mechelen")
    page.get_by_label("Functie").fill("Maatschappelijk werker")
    page.get_by_role("button", name="Mijn profiel opslaan").click()
    expect(page.locator(".messages")).to_have_text("Je profiel is opgeslagen.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Lien")

    page.goto(training_url)
    session_card(page, venue).get_by_role("link", name=re.compile("^Inschrijven")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TRAINING)
    page.get_by_label("Met lunch (€ 50)").check()
    expect(page.get_by_label("Te factureren organisatie")).to_have_value("OCMW Mechelen")
    page.get_by_label("Facturatieadres").fill("Grote Markt 21\n2800 Mechelen")
    page.get_by_label("Voedingswensen").fill("Vegetarisch")
    page.get_by_role("button", name="Inschrijven").click()
    expect(page.locator(".messages")).to_have_text(
        "Je inschrijving is bevestigd. We hebben je een e-mail gestuurd."
    )
    assert "Je inschrijving is bevestigd" in [subject(m) for m in portal.mails_to(email)]

    member_menu(page).get_by_role("link", name="Mijn inschrijvingen").click()
    registration = registration_card(page, TRAINING)
    expect(registration.locator(".badge")).to_have_text("Bevestigd")
    expect(registration).to_contain_text("Te betalen: € 50")

    cancel_registration(page, TRAINING)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn inschrijvingen")
    expect(registration.locator(".badge")).to_have_text("Geannuleerd")
    expect(registration).to_contain_text("Niets te betalen")
    assert page.console_errors == []


def test_a_member_on_the_waiting_list_gets_the_seat_another_member_frees(
    browser_page, open_window, portal
):
    waiting = browser_page
    venue = f"Zaal De Vrede {unique_tag()}"
    seated_email, password, seated_member = new_member("Karel", "Zitplaats")
    waiting_email, _, waiting_member = new_member("Wout", "Wachter")
    meeting_url = prepare(
        portal,
        seated_member,
        waiting_member,
        new_session(
            DEMO_MEETING, venue=venue, town="Gent", capacity=1, days_ahead=40, seat_for=seated_email
        ),
    )["url"]

    log_in(waiting, waiting_email, password, then=meeting_url)
    card = session_card(waiting, venue)
    expect(card.locator(".badge").first).to_have_text("Volzet: wachtlijst")
    card.get_by_role("link", name=re.compile("^Inschrijven op de wachtlijst")).click()
    waiting.get_by_role("button", name="Inschrijven").click()
    expect(waiting.locator(".messages")).to_have_text(
        "Het is volzet: je staat op de wachtlijst. Je bent de eerste in de rij."
    )
    # On the registration's own page, named with its learning network.
    expect(waiting.get_by_role("heading", level=1)).to_contain_text(MEETING)
    expect(waiting.locator("article.registration .badge")).to_have_text("Op de wachtlijst")

    seated = open_window(locale="nl-BE")
    log_in(seated, seated_email, password)
    cancel_registration(seated, MEETING)
    expect(registration_card(seated, MEETING).locator(".badge")).to_have_text("Geannuleerd")

    member_menu(waiting).get_by_role("link", name="Mijn inschrijvingen").click()
    expect(registration_card(waiting, MEETING).locator(".badge")).to_have_text("Bevestigd")
    promoted = [m for m in portal.mails_to(waiting_email) if "vrijgekomen" in subject(m)]
    assert [subject(m) for m in promoted] == [
        "Er is een plaats vrijgekomen: je inschrijving is bevestigd"
    ]
    assert MEETING in text_of(promoted[0])
    assert waiting.console_errors == [] and seated.console_errors == []


def seat_in_the_demo_edition(email):
    """The step that gives `email` a confirmed seat in the demo trajectory's
    edition, as if they had registered months ago; it puts the edition's
    full name (with its trajectory's) in result["edition"]."""
    return f"""
from portal.accounts.models import User
from trajecten import services
from trajecten.models import EditionPage
edition = EditionPage.objects.get(locale__language_code="nl")
services.register_for_edition(
    user=User.objects.get(email={email!r}), edition=edition,
    invoice=services.InvoiceDetails(organisation="OCMW Gent", address="Onderbergen 86, 9000 Gent"),
)
result["edition"] = edition.booking_title
"""


def hand_in(page, *, title, summary, file_name, content):
    page.get_by_role("textbox", name="Titel").fill(title)
    page.get_by_label("Korte samenvatting").fill(summary)
    page.get_by_label("Bestanden").set_input_files(
        {"name": file_name, "mimeType": "application/pdf", "buffer": content}
    )
    page.get_by_role("button", name="Indienen").click()
    expect(page.locator(".messages")).to_have_text("Je eindopdracht is ingediend.")


def test_a_participant_hands_in_a_final_assignment_and_replaces_it(browser_page, portal):
    page = browser_page
    email, password, member = new_member("Saar", "Deelnemer")
    edition = prepare(portal, member, seat_in_the_demo_edition(email))["edition"]
    first = text_pdf(["Een onthaalpunt voor nieuwkomers", "Eerste versie"])
    second = text_pdf(["Een onthaalpunt voor nieuwkomers", "Tweede versie, na feedback"])

    log_in(page, email, password, then="/nl/mijn-account/inschrijvingen/")
    registration_card(page, edition).get_by_role("link", name=edition).click()
    page.get_by_role("link", name="De opdracht bekijken en indienen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Eindopdracht")
    expect(page.get_by_role("heading", name="Wat je moet indienen")).to_be_visible()

    hand_in(
        page,
        title="Eén loket voor nieuwkomers",
        summary="Hoe het OCMW en de integratiedienst samen één loket opzetten.",
        file_name="eindopdracht.pdf",
        content=first,
    )
    hand_in(
        page,
        title="Eén loket voor nieuwkomers, herwerkt",
        summary="Met de cijfers van het eerste halfjaar erbij.",
        file_name="eindopdracht-v2.pdf",
        content=second,
    )

    versions = page.locator("section", has=page.get_by_role("heading", name="Je versies"))
    expect(versions.get_by_role("heading", level=3)).to_have_text(
        [
            "Versie 2: Eén loket voor nieuwkomers, herwerkt",
            "Versie 1: Eén loket voor nieuwkomers",
        ]
    )
    with page.expect_download() as download:
        versions.get_by_role("link", name="eindopdracht-v2.pdf").click()
    assert Path(download.value.path()).read_bytes() == second
    assert page.console_errors == []
