"""Steps the member and editor journeys share: people and sessions made on the
portal's database, logging in, and reading the mail the portal sent.

Everything made here carries a fresh tag, because all journeys of a test
session share one database and may run in any order.
"""

import json
import re
import uuid
from email.header import decode_header, make_header
from urllib.parse import urlencode

from playwright.sync_api import expect

# The demo editor of `make run` (trajecten/demo.py, portal/accounts/demo.py).
EDITOR = ("editor@example.org", "demo-editor-2026")
# What tests/factories/accounts.py gives every member it makes.
MEMBER_PASSWORD = "a-Long-test-password-42"
# Demo pages the journeys add sessions to.
DEMO_TRAINING = "basisopleiding-psychosociale-impact-migratie"
DEMO_MEETING = "dringende-medische-hulp"


def unique_tag():
    return uuid.uuid4().hex[:8]


def prepare(portal, *steps):
    """Run the `steps` (code from the functions below) in one `manage.py
    shell` on the portal's database, which saves starting Django for each;
    returns what the steps put in `result`."""
    code = "\n".join(["import json", "result = {}", *steps, "print(json.dumps(result))"])
    output = portal.manage("shell", "--no-imports", "-c", code)
    return json.loads(output.strip().splitlines()[-1])


def new_member(first_name, last_name):
    """A member of an OCMW with a verified address and a complete profile:
    (e-mail, password, the step that makes them)."""
    email = f"{first_name.lower()}.{unique_tag()}@example.org"
    step = (
        "from tests.factories.accounts import MemberFactory\n"
        f"MemberFactory(email={email!r}, first_name={first_name!r}, last_name={last_name!r})"
    )
    return email, MEMBER_PASSWORD, step


def new_session(page_slug, *, venue, town, capacity, days_ahead, seat_for=None):
    """The step that adds a scheduled session to the Dutch page `page_slug`,
    `days_ahead` from now, and gives `seat_for` (an e-mail address) a
    confirmed seat in it; it puts the page's URL in result["url"]."""
    return f"""
from datetime import timedelta
from django.utils import timezone
from wagtail.models import Page
from portal.accounts.models import User
from trajecten import services
from trajecten.models import Session
page = Page.objects.get(locale__language_code="nl", slug={page_slug!r})
start = (timezone.localtime() + timedelta(days={days_ahead})).replace(
    hour=9, minute=30, second=0, microsecond=0
)
session = Session.objects.create(
    page=page, starts_at=start, ends_at=start + timedelta(hours=3), venue_name={venue!r},
    address="Grote Markt 1", town={town!r}, capacity={capacity!r},
)
if {seat_for!r}:
    services.register_for_session(user=User.objects.get(email={seat_for!r}), session=session)
result["url"] = page.url
"""


def log_in(page, email, password, then="/nl/mijn-account/"):
    """Log in through the portal's own form, and go on to `then`."""
    page.goto(f"/nl/accounts/login/?{urlencode({'next': then})}")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page).not_to_have_url(re.compile("/accounts/login/"))


def session_card(page, venue):
    """The card of the session at `venue` on an offer page."""
    return page.locator("article.session").filter(has_text=venue)


def registration_card(page, title):
    """A registration in "My registrations", by the title of its offer."""
    return page.locator("article.registration").filter(has=page.get_by_role("heading", name=title))


def subject(message):
    return str(make_header(decode_header(message["Subject"])))


def text_of(message):
    """The plain-text part of a message."""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    return ""
