"""A member's records, in Dutch and in French: downloading the certificate
of a session they attended and checking it as an employer would, at its
public address; answering the evaluation the day after a session, from the
mail that invites them; and subscribing to their private calendar as a
calendar application does, then replacing the address."""

import re
import urllib.error
import urllib.request

import vobject
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.steps import (
    DEMO_MEETING,
    DEMO_TRAINING,
    Words,
    log_in,
    look,
    new_member,
    new_session,
    prepare,
    subject,
    text_of,
    unique_tag,
)
from tests.browser.test_member_journeys import member_menu


def attended_session(page_slug, email, *, venue, language):
    """The step that gives `email` a seat in a session of `page_slug` held
    three days ago, marked present by the organisers; it puts the page's
    booking title in `language` in result["title"]."""
    return f"""
from datetime import timedelta
from django.utils import timezone
from wagtail.models import Locale, Page
from portal.accounts.models import User
from trajecten.models import Attendance, Registration, RegistrationStatus, Session, SessionAttendance
page = Page.objects.get(locale__language_code="nl", slug={page_slug!r}).specific
start = (timezone.localtime() - timedelta(days=3)).replace(hour=9, minute=30, second=0, microsecond=0)
session = Session.objects.create(
    page=page, starts_at=start, ends_at=start + timedelta(hours=3), venue_name={venue!r},
    address="Grote Markt 1", town="Brugge", capacity=15,
)
# Registered weeks ago: today's rules refuse a session that has taken place.
registration = Registration.objects.create(
    user=User.objects.get(email={email!r}), session=session, status=RegistrationStatus.CONFIRMED,
)
SessionAttendance.objects.create(registration=registration, session=session, attendance=Attendance.PRESENT)
result["title"] = page.get_translation(Locale.objects.get(language_code={language!r})).specific.booking_title
"""


def test_a_member_downloads_the_certificate_of_a_session_and_an_employer_checks_it(
    browser_page, open_window, portal, language
):
    page = browser_page
    words = Words(language)
    venue = f"Stadhuis {unique_tag()}"
    email, password, member = new_member("Lotte", "Attest", language)
    session = prepare(
        portal, member, attended_session(DEMO_TRAINING, email, venue=venue, language=language)
    )

    log_in(page, email, password, language=language)
    member_menu(page, words).get_by_role("link", name=words("My registrations")).click()
    past = page.locator("section", has=page.get_by_role("heading", name=words("Past")))
    past.get_by_role("link", name=session["title"]).click()
    look(page, "attended-registration")
    with page.expect_download() as download:
        page.get_by_role("link", name=words("Download my certificate (PDF)")).click()
    pdf = download.value
    assert pdf.suggested_filename.endswith(".pdf")
    text = " ".join(p.extract_text() for p in PdfReader(pdf.path()).pages)
    assert "Lotte Attest" in " ".join(text.split())
    address = re.search(r"https?://\S+/" + r"\S+?/([2-9A-HJKMNP-Z]{12})/", text)
    assert address, text
    code = address.group(1)

    # An employer, not logged in, checks the code at the address on the PDF.
    employer = open_window(locale=f"{language}-BE")
    employer.goto(address.group(0))
    expect(employer.locator("main")).to_contain_text(
        words("Certificate %(code)s is genuine and valid.", code=code)
    )
    expect(employer.locator("main")).to_contain_text("Lotte Attest")
    expect(employer.locator("main")).not_to_contain_text(email)
    look(employer, "certificate-checked")
    # Downloading again gives the same certificate.
    with page.expect_download() as again:
        page.get_by_role("link", name=words("Download my certificate (PDF)")).click()
    assert code in " ".join(p.extract_text() for p in PdfReader(again.value.path()).pages)
    assert page.console_errors == [] and employer.console_errors == []


def test_a_member_answers_the_evaluation_of_a_session_from_the_invitation_once(
    browser_page, portal, language
):
    page = browser_page
    words = Words(language)
    venue = f"Zaal Evaluatie {unique_tag()}"
    email, password, member = new_member("Nina", "Evaluatie", language)
    session = prepare(
        portal, member, attended_session(DEMO_TRAINING, email, venue=venue, language=language)
    )

    # The daily job invites those marked present, in their language.
    portal.manage("send_evaluation_invitations")
    asked = words("How was the session? Tell us in two minutes")
    [invitation] = [m for m in portal.mails_to(email) if subject(m) == asked]
    assert session["title"] in text_of(invitation)
    asking = words(
        "How was it? Your answers help the organisers make the next sessions better. "
        "It takes two minutes:"
    )
    link = re.search(re.escape(asking) + r" (https?://\S+)", text_of(invitation))
    log_in(page, email, password, then=link.group(1), language=language)
    expect(page.get_by_role("heading", level=1)).to_have_text(words("Evaluate this session"))
    look(page, "evaluation-form")

    # A score left out is said next to its question, and nothing is lost.
    page.get_by_label(words("What do you take with you?")).fill("Een checklist voor het onthaal.")
    page.get_by_role("button", name=words("Send my evaluation")).click()
    expect(page.locator("main")).to_contain_text(words("Choose a score from 1 to 5."))
    expect(page.get_by_label(words("What do you take with you?"))).to_have_value(
        "Een checklist voor het onthaal."
    )
    look(page, "evaluation-with-an-error")
    satisfaction = page.get_by_role("group", name=words("How satisfied are you with this session?"))
    satisfaction.get_by_label(words("4 – good")).check()
    usefulness = page.get_by_role("group", name=words("How useful is it for your work?"))
    usefulness.get_by_label(words("5 – very good")).check()
    page.get_by_label(words("Show my answers to the organisers without my name")).check()
    page.get_by_role("button", name=words("Send my evaluation")).click()
    expect(page.locator(".messages")).to_have_text(words("Thank you for your evaluation."))
    look(page, "evaluation-sent")

    # The same link again: answered once, and said so.
    page.goto(link.group(1))
    expect(page.locator("main")).to_contain_text(
        words("You already evaluated this session. Thank you!")
    )
    expect(page.get_by_role("button", name=words("Send my evaluation"))).to_have_count(0)
    assert page.console_errors == []


def fetch_calendar(address):
    """What a calendar application gets from the address: its events, or the HTTP status."""
    try:
        with urllib.request.urlopen(address.replace("webcal://", "http://")) as response:  # noqa: S310
            calendar = vobject.readOne(response.read().decode(), validate=True)
    except urllib.error.HTTPError as error:
        return error.code
    return list(getattr(calendar, "vevent_list", []))


def test_a_member_subscribes_to_their_calendar_and_replaces_its_address(
    browser_page, portal, language
):
    page = browser_page
    words = Words(language)
    venue = f"Zaal Agenda {unique_tag()}"
    email, password, member = new_member("Bram", "Agenda", language)
    meeting = prepare(
        portal,
        member,
        new_session(
            DEMO_MEETING,
            venue=venue,
            town="Hasselt",
            capacity=10,
            days_ahead=45,
            seat_for=email,
            language=language,
        ),
    )

    log_in(page, email, password, language=language)
    member_menu(page, words).get_by_role("link", name=words("My calendar")).click()
    look(page, "calendar-without-address")
    page.get_by_role("button", name=words("Make my calendar address")).click()
    expect(page.locator(".messages")).to_have_text(words("Your calendar address is ready."))
    look(page, "calendar-with-address")
    address = page.get_by_label(words("Your calendar address")).input_value()
    webcal = page.get_by_role("link", name=words("Open in my calendar app")).get_attribute("href")
    assert webcal == "webcal://" + address.split("://", 1)[1]

    (event,) = [e for e in fetch_calendar(address) if venue in e.location.value]
    assert meeting["title"] in event.summary.value

    page.get_by_role("button", name=words("Make a new address")).click()
    expect(page.locator(".messages")).to_have_text(
        words("Your new calendar address is ready. The old one no longer works.")
    )
    new_address = page.get_by_label(words("Your calendar address")).input_value()
    assert new_address != address
    assert fetch_calendar(address) == 404
    assert [e.uid.value for e in fetch_calendar(new_address)] == [event.uid.value]
    assert page.console_errors == []
