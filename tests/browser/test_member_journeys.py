"""Journeys 3 to 5 of a member, in Dutch and in French: signing up and
registering for a training with lunch, then cancelling; moving up from the
waiting list when a seat frees up; handing in a final assignment and a new
version of it. Each step is looked at (steps.look) at a desktop's and a
phone's width.

Each journey makes its own people and sessions (see steps.py), so the
journeys do not depend on each other or on the order they run in. The words
on the pages are found by their msgid (steps.Words), in the journey's language.
"""

import re
from pathlib import Path

from playwright.sync_api import expect

from search.demo import text_pdf
from tests.browser.steps import (
    DEMO_MEETING,
    DEMO_TRAINING,
    Words,
    log_in,
    look,
    new_member,
    new_session,
    prepare,
    registration_card,
    session_card,
    subject,
    text_of,
    unique_tag,
)


def member_menu(page, words):
    return page.get_by_role("navigation", name=words("Member area"))


def message(page):
    return page.locator(".messages")


def sign_up(page, portal, words, *, first_name, last_name, email, password):
    """Sign up through the link in the header and confirm the address with
    the link from the mail; allauth then logs the new member in."""
    page.goto(f"/{words.language}/")
    look(page, "home")
    page.get_by_role("navigation", name=words("Your account")).get_by_role(
        "link", name=words("Sign up")
    ).click()
    page.get_by_role("textbox", name=words("First name"), exact=True).fill(first_name)
    page.get_by_role("textbox", name=words("Last name"), exact=True).fill(last_name)
    page.get_by_label(words("E-mail")).fill(email)
    page.locator("#id_password1").fill(password)
    page.get_by_label(words("Password (again)")).fill(password)
    look(page, "sign-up-form")
    page.get_by_role("button", name=words("Sign Up")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words("Verify Your Email Address"))
    look(page, "verify-address")

    [mail] = portal.mails_to(email)
    assert subject(mail) == words("Please Confirm Your Email Address")
    link = re.search(r"https?://\S+/confirm-email/\S+/", text_of(mail)).group(0)
    page.goto(link)
    look(page, "confirm-address")
    page.get_by_role("button", name=words("Confirm")).click()


def cancel_registration(page, words, title):
    """From "My registrations": open the registration and cancel it."""
    member_menu(page, words).get_by_role("link", name=words("My registrations")).click()
    registration_card(page, title).get_by_role("link", name=title).click()
    look(page, "registration")
    page.get_by_role("link", name=words("Cancel my registration")).click()
    look(page, "cancel-form")
    page.get_by_role("button", name=words("Yes, cancel")).click()
    expect(message(page)).to_have_text(words("Your registration is cancelled."))
    look(page, "cancelled")


def test_a_new_social_worker_signs_up_registers_with_lunch_and_cancels(
    browser_page, portal, language
):
    page = browser_page
    words = Words(language)
    tag = unique_tag()
    email = f"lien.{tag}@example.org"
    venue = f"Stadsschouwburg {tag}"
    training = prepare(
        portal,
        new_session(
            DEMO_TRAINING,
            venue=venue,
            town="Mechelen",
            capacity=15,
            days_ahead=45,
            language=language,
        ),
    )

    sign_up(
        page,
        portal,
        words,
        first_name="Lien",
        last_name="Janssens",
        email=email,
        password="Een-lang-wachtwoord-2026",
    )

    # The portal sends a new member to their profile first.
    expect(page.get_by_role("heading", level=1)).to_have_text(words("My profile"))
    look(page, "profile-form")
    # A demo organisation an editor approved, as the browser's list offers it.
    page.get_by_label(re.compile("^" + re.escape(words("Organisation")))).fill("OCMW Brugge")
    page.get_by_label(words("I am officially employed by an OCMW / CPAS")).check()
    page.get_by_role("textbox", name=words("Municipality"), exact=True).fill("Mechelen")
    page.get_by_label(words("Job title")).fill("Maatschappelijk werker")
    page.get_by_role("button", name=words("Save my profile")).click()
    expect(message(page)).to_have_text(words("Your profile has been saved."))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        words("Welcome, %(name)s", name="Lien")
    )
    look(page, "profile-saved")

    page.goto(training["url"])
    look(page, "training")
    session_card(page, venue).get_by_role(
        "link", name=re.compile("^" + re.escape(words("Register")))
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(training["title"])
    page.get_by_label(words("With lunch (%(price)s)", price=words.euro(50))).check()
    # The invoice goes to the organisation, as the editors keep it: nothing to type.
    invoiced = page.get_by_role("region", name=words("The invoice goes to"))
    expect(invoiced).to_contain_text("Kartuizerinnenstraat 4")
    expect(invoiced).to_contain_text("0207.297.017")
    expect(page.get_by_label(words("Invoice address"))).to_have_count(0)
    page.get_by_label(words("Dietary needs")).fill("Vegetarisch")
    look(page, "registration-form")
    page.locator("main form[method=post]").get_by_role("button", name=words("Register")).click()
    expect(message(page)).to_have_text(
        words("Your registration is confirmed. We sent you an e-mail.")
    )
    look(page, "registered")
    assert words("Your registration is confirmed") in [subject(m) for m in portal.mails_to(email)]

    member_menu(page, words).get_by_role("link", name=words("My registrations")).click()
    registration = registration_card(page, training["title"])
    expect(registration.locator(".badge")).to_have_text(words("Confirmed"))
    expect(registration).to_contain_text(words("Price due: %(price)s", price=words.euro(50)))
    look(page, "my-registrations")

    cancel_registration(page, words, training["title"])
    expect(page.get_by_role("heading", level=1)).to_have_text(words("My registrations"))
    expect(registration.locator(".badge")).to_have_text(words("Cancelled"))
    expect(registration).to_contain_text(words("Nothing to pay"))
    assert page.console_errors == []


def test_a_member_on_the_waiting_list_is_offered_the_seat_another_member_frees_and_takes_it(
    browser_page, open_window, portal, language
):
    waiting = browser_page
    words = Words(language)
    venue = f"Zaal De Vrede {unique_tag()}"
    seated_email, password, seated_member = new_member("Karel", "Zitplaats", language)
    waiting_email, _, waiting_member = new_member("Wout", "Wachter", language)
    meeting = prepare(
        portal,
        seated_member,
        waiting_member,
        new_session(
            DEMO_MEETING,
            venue=venue,
            town="Gent",
            capacity=1,
            days_ahead=40,
            seat_for=seated_email,
            language=language,
        ),
    )

    log_in(waiting, waiting_email, password, then=meeting["url"], language=language)
    card = session_card(waiting, venue)
    expect(card.locator(".badge").first).to_have_text(words("Full: waiting list"))
    look(waiting, "full-session")
    card.get_by_role(
        "link", name=re.compile("^" + re.escape(words("Join the waiting list")))
    ).click()
    look(waiting, "waiting-list-form")
    waiting.locator("main form[method=post]").get_by_role("button", name=words("Register")).click()
    expect(message(waiting)).to_have_text(
        words("It is full: you are on the waiting list.") + " " + words("You are first in line.")
    )
    # On the registration's own page, named with its learning network.
    expect(waiting.get_by_role("heading", level=1)).to_contain_text(meeting["title"])
    expect(waiting.locator("article.registration .badge")).to_have_text(
        words("On the waiting list")
    )
    look(waiting, "on-the-waiting-list")

    seated = open_window(locale=f"{language}-BE")
    log_in(seated, seated_email, password, language=language)
    look(seated, "seated-logged-in")
    cancel_registration(seated, words, meeting["title"])
    expect(registration_card(seated, meeting["title"]).locator(".badge")).to_have_text(
        words("Cancelled")
    )

    # The freed seat is offered to the first in line, by mail and on their page.
    offered = words("A seat has freed up for you: accept it in time")
    [offer] = [m for m in portal.mails_to(waiting_email) if subject(m) == offered]
    assert meeting["title"] in text_of(offer)
    member_menu(waiting, words).get_by_role("link", name=words("My registrations")).click()
    card = registration_card(waiting, meeting["title"])
    expect(card.locator(".badge")).to_have_text(words("Seat offered to you"))
    look(waiting, "seat-offered")
    card.get_by_role("button", name=words("Accept the seat")).click()
    expect(message(waiting)).to_have_text(
        words("The seat is yours: your registration is confirmed.")
    )
    expect(waiting.locator("article.registration .badge")).to_have_text(words("Confirmed"))
    look(waiting, "offer-accepted")
    freed = words("A seat has freed up: your registration is confirmed")
    promoted = [m for m in portal.mails_to(waiting_email) if subject(m) == freed]
    assert len(promoted) == 1
    assert meeting["title"] in text_of(promoted[0])
    assert waiting.console_errors == [] and seated.console_errors == []


def seat_in_the_demo_edition(email, language):
    """The step that gives `email` a confirmed seat in the demo trajectory's
    edition, as if they had registered months ago; it puts the edition's
    full name (with its trajectory's) in `language` in result["edition"]."""
    return f"""
from wagtail.models import Locale
from portal.accounts.models import User
from trajecten import registrations
from trajecten.models import EditionPage
edition = EditionPage.objects.filter(locale__language_code="nl").latest("registration_opens")
registrations.register_for_edition(
    user=User.objects.get(email={email!r}), edition=edition,
    invoice=registrations.InvoiceDetails(organisation="OCMW Gent", address="Onderbergen 86, 9000 Gent"),
)
result["edition"] = edition.get_translation(Locale.objects.get(language_code={language!r})).booking_title
"""


def hand_in(page, words, *, title, summary, file_name, content, step):
    page.get_by_role("textbox", name=words("Title")).fill(title)
    page.get_by_label(words("Short summary")).fill(summary)
    page.get_by_label(words("Files")).set_input_files(
        {"name": file_name, "mimeType": "application/pdf", "buffer": content}
    )
    page.get_by_role("button", name=words("Hand in")).click()
    expect(message(page)).to_have_text(words("Your final assignment is handed in."))
    look(page, step)


def test_a_participant_hands_in_a_final_assignment_and_replaces_it(browser_page, portal, language):
    page = browser_page
    words = Words(language)
    email, password, member = new_member("Saar", "Deelnemer", language)
    edition = prepare(portal, member, seat_in_the_demo_edition(email, language))["edition"]
    first = text_pdf(["Een onthaalpunt voor nieuwkomers", "Eerste versie"])
    second = text_pdf(["Een onthaalpunt voor nieuwkomers", "Tweede versie, na feedback"])

    log_in(page, email, password, then=words.url("member_registrations"), language=language)
    look(page, "my-registrations")
    registration_card(page, edition).get_by_role("link", name=edition).click()
    page.get_by_role("link", name=words("See the brief and hand in")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words("Final assignment"))
    expect(page.get_by_role("heading", name=words("What to hand in"))).to_be_visible()
    look(page, "assignment")

    hand_in(
        page,
        words,
        title="Eén loket voor nieuwkomers",
        summary="Hoe het OCMW en de integratiedienst samen één loket opzetten.",
        file_name="eindopdracht.pdf",
        content=first,
        step="handed-in",
    )
    hand_in(
        page,
        words,
        title="Eén loket voor nieuwkomers, herwerkt",
        summary="Met de cijfers van het eerste halfjaar erbij.",
        file_name="eindopdracht-v2.pdf",
        content=second,
        step="handed-in-again",
    )

    versions = page.locator("section", has=page.get_by_role("heading", name=words("Your versions")))
    version = "Version %(number)s: %(title)s"
    expect(versions.get_by_role("heading", level=3)).to_have_text(
        [
            words(version, number=2, title="Eén loket voor nieuwkomers, herwerkt"),
            words(version, number=1, title="Eén loket voor nieuwkomers"),
        ]
    )
    with page.expect_download() as download:
        versions.get_by_role("link", name="eindopdracht-v2.pdf").click()
    assert Path(download.value.path()).read_bytes() == second
    assert page.console_errors == []
