"""The training administration as an editor of the organiser does it, in
the Dutch admin: approving a request from the dashboard, postponing a
training, moving a session (calendars move the event), cancelling one (the
export owes nothing) and printing the sign-in sheet. What the members
receive is read from the mail the portal sent."""

import csv
import io
import re

import vobject
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.steps import EDITOR, look, new_member, prepare, subject, text_of, unique_tag
from tests.browser.steps import log_in as log_in_as


def training_with_registrants(tag, *emails, sessions=1, pending=None):
    """The step that publishes a Dutch training with `sessions` sessions 60
    days ahead and more, a confirmed seat in the first for each of `emails`
    and, for `pending`, a request to take part; result: the page's id, title
    and the first session's id and uid."""
    return f"""
from datetime import timedelta
from decimal import Decimal
from django.utils import timezone
from portal.accounts.models import User
from trajecten import registrations
from trajecten.models import OfferIndexPage, Session, TrainingPage
index = OfferIndexPage.objects.get(locale__language_code="nl")
page = index.add_child(instance=TrainingPage(
    title="Vorming budgetbegeleiding {tag}", slug="vorming-budgetbegeleiding-{tag}",
    intro="Een dag over budgetbegeleiding.", price=Decimal("45"),
))
first = (timezone.localtime() + timedelta(days=60)).replace(hour=9, minute=30, second=0, microsecond=0)
made = []
for week in range({sessions}):
    start = first + timedelta(weeks=week)
    made.append(Session.objects.create(
        page=page, starts_at=start, ends_at=start + timedelta(hours=3),
        venue_name="Zaal Ter Linde", town="Mechelen", capacity=20,
    ))
page.save_revision().publish()
invoice = registrations.InvoiceDetails(organisation="OCMW Mechelen", address="Lange Schipstraat 27, 2800 Mechelen")
for email in {list(emails)!r}:
    registrations.register_for_session(user=User.objects.get(email=email), session=made[0], invoice=invoice)
if {pending!r}:
    user = User.objects.get(email={pending!r})
    user.profile.is_ocmw_employee = False
    user.profile.organisation_kind = "non_profit"
    user.profile.save()
    registrations.register_for_session(
        user=user, session=made[0], invoice=invoice,
        motivation="Ik begeleid gezinnen met schulden.", tie_to_ocmw="Partner van het OCMW",
    )
result.update(id=page.pk, title=page.title, session=made[0].pk, uid=str(made[0].uid))
"""


class Clicks:
    """Counts what the editor clicks, to hold a journey to its bound."""

    def __init__(self):
        self.count = 0

    def click(self, locator):
        self.count += 1
        locator.click()


def test_an_editor_approves_a_request_from_the_dashboard_in_three_clicks(browser_page, portal):
    editor = browser_page
    tag = unique_tag()
    email, _password, member = new_member("Pieter", f"Aanvrager{tag}")
    training = prepare(portal, member, training_with_registrants(tag, pending=email))
    clicks = Clicks()

    log_in_as(editor, *EDITOR, then="/admin/")
    look(editor, "dashboard")
    panel = editor.locator("section").filter(
        has=editor.get_by_role("heading", name="Komende sessies")
    )
    clicks.click(panel.get_by_role("link", name=re.compile(r"aanvragen?$")).first)
    look(editor, "pending-requests")
    clicks.click(editor.get_by_role("link", name=re.compile(f"Aanvrager{tag}")).first)
    look(editor, "request")
    expect(editor.locator("main")).to_contain_text("Ik begeleid gezinnen met schulden.")
    clicks.click(editor.get_by_role("button", name="Goedkeuren", exact=True))

    expect(editor.locator(".messages")).to_contain_text("De inschrijving is bijgewerkt.")
    expect(editor.locator("main dl")).to_contain_text("Bevestigd")
    look(editor, "approved")
    assert clicks.count <= 3
    approved = [m for m in portal.mails_to(email) if "goedgekeurd" in subject(m)]
    assert approved and training["title"] in text_of(approved[0])
    assert editor.console_errors == []


def open_page_action(editor, page_id, name):
    """An action of the page's header menu in the page editor."""
    editor.goto(f"/admin/pages/{page_id}/edit/")
    editor.locator("header").get_by_role("button", name="Acties").click()
    editor.get_by_role("link", name=name).click()


def test_an_editor_postpones_a_training_and_each_registrant_reads_it(browser_page, portal):
    editor = browser_page
    tag = unique_tag()
    dutch, _password, dutch_step = new_member("Lies", "Uitstel")
    french, _password, french_step = new_member("Anne", "Report", language="fr")
    training = prepare(
        portal, dutch_step, french_step, training_with_registrants(tag, dutch, french, sessions=2)
    )

    log_in_as(editor, *EDITOR, then=f"/admin/pages/{training['id']}/edit/")
    open_page_action(editor, training["id"], "Sessies uitstellen")
    look(editor, "postpone-form")
    editor.get_by_role("button", name="Uitstellen en de ingeschrevenen verwittigen").click()
    # Both notes are needed: the form says so beside each field.
    expect(editor.locator("main")).to_contain_text("Schrijf de opmerking ook in het Nederlands.")
    look(editor, "postpone-error")
    editor.get_by_label("Opmerking voor de ingeschrevenen (Nederlands)").fill(
        "De lesgever is ziek; we zoeken een nieuwe datum."
    )
    editor.get_by_label("Opmerking voor de ingeschrevenen (Frans)").fill(
        "La formatrice est malade ; nous cherchons une nouvelle date."
    )
    editor.get_by_role("button", name="Uitstellen en de ingeschrevenen verwittigen").click()
    expect(editor.locator(".messages")).to_contain_text("2 sessies uitgesteld")
    look(editor, "postponed")

    [to_dutch] = [m for m in portal.mails_to(dutch) if subject(m) == "De sessie is uitgesteld"]
    assert "De lesgever is ziek" in text_of(to_dutch) and training["title"] in text_of(to_dutch)
    [to_french] = [m for m in portal.mails_to(french) if subject(m) == "La session est reportée"]
    assert "La formatrice est malade" in text_of(to_french)
    assert editor.console_errors == []


def calendar_of(message):
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            return vobject.readOne(part.get_payload(decode=True).decode())
    return None


def test_an_editor_moves_a_session_and_the_calendar_entry_moves_with_it(browser_page, portal):
    editor = browser_page
    tag = unique_tag()
    email, _password, member = new_member("Jonas", "Verhuis")
    training = prepare(portal, member, training_with_registrants(tag, email))
    [first_mail] = [m for m in portal.mails_to(email) if calendar_of(m) is not None]
    before = calendar_of(first_mail).vevent

    log_in_as(editor, *EDITOR, then=f"/admin/pages/{training['id']}/edit/")
    editor.get_by_role("tab", name="Sessies").click()
    starts = editor.locator("input[name='sessions-0-starts_at']")
    ends = editor.locator("input[name='sessions-0-ends_at']")
    new_day = re.sub(r"^\d{4}-\d\d-\d\d", "2027-06-15", starts.input_value())
    starts.fill(new_day)
    ends.fill(re.sub(r"^\d{4}-\d\d-\d\d", "2027-06-15", ends.input_value()))
    editor.locator("input[name='sessions-0-venue_name']").fill("Cultuurcentrum Mechelen")
    look(editor, "session-moved")
    editor.get_by_role("button", name="Meer acties").click()
    editor.get_by_role("button", name="Publiceren").click()
    expect(editor.locator(".messages")).to_contain_text("gepubliceerd")

    moved = [
        m
        for m in portal.mails_to(email)
        if subject(m) == "De sessie heeft een nieuwe datum of plaats"
    ]
    assert moved, "the registrant is told"
    after = calendar_of(moved[0]).vevent
    assert after.uid.value == before.uid.value
    assert after.uid.value.startswith(training["uid"])
    assert int(after.sequence.value) > int(before.sequence.value)
    assert after.dtstart.value.date().isoformat() == "2027-06-15"
    assert "Cultuurcentrum Mechelen" in after.location.value
    assert editor.console_errors == []


def test_an_editor_cancels_a_session_and_the_export_owes_nothing(browser_page, portal):
    editor = browser_page
    tag = unique_tag()
    email, _password, member = new_member("Sara", f"Afgelast{tag}")
    training = prepare(portal, member, training_with_registrants(tag, email))

    log_in_as(editor, *EDITOR, then=f"/admin/pages/{training['id']}/edit/")
    open_page_action(editor, training["id"], "Sessies annuleren")
    editor.get_by_label("Opmerking voor de ingeschrevenen (Nederlands)").fill(
        "Te weinig inschrijvingen."
    )
    editor.get_by_label("Opmerking voor de ingeschrevenen (Frans)").fill("Trop peu d'inscriptions.")
    editor.get_by_role("button", name="Annuleren en de ingeschrevenen verwittigen").click()
    expect(editor.locator(".messages")).to_contain_text("1 sessie geannuleerd")

    editor.goto(f"/admin/registration/?session={training['session']}")
    look(editor, "cancelled-listing")
    editor.locator("header").get_by_role("button", name="Acties").click()
    with editor.expect_download() as download:
        editor.get_by_role("link", name="Download CSV").click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    [row] = [r for r in rows if f"Afgelast{tag}" in " ".join(r.values())]
    assert row["Status"] == "Geannuleerd door de organisator"
    assert row["Te betalen"] in ("", "0", "0,00")
    told = [m for m in portal.mails_to(email) if "geannuleerd" in subject(m)]
    assert told and "Te weinig inschrijvingen." in text_of(told[-1])


def test_an_editor_prints_the_sign_in_sheet_of_a_session(browser_page, portal):
    editor = browser_page
    tag = unique_tag()
    email, _password, member = new_member("Koen", f"Handtekening{tag}")
    training = prepare(portal, member, training_with_registrants(tag, email))

    log_in_as(editor, *EDITOR, then=f"/admin/registration/?session={training['session']}")
    row = editor.get_by_role("row").filter(has_text=f"Handtekening{tag}")
    row.get_by_role("link").first.click()
    look(editor, "registration-with-sheet")
    sheet = editor.get_by_role("link", name=re.compile("^Nederlands")).first.get_attribute("href")
    printed = editor.request.get(sheet)
    assert printed.headers["content-type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(printed.body())).pages)
    assert f"Handtekening{tag}" in text and "Handtekening" in text
    assert "OCMW" in text or "Mechelen" in text
