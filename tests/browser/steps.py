"""Steps the journeys share: looking at each page as a person does (a
screenshot at a desktop's and a phone's width, and the layout checked), the
portal's words in the journey's language, people and sessions made on the
portal's database, logging in, and reading the mail the portal sent.

Everything made here carries a fresh tag, because all journeys of a test
session share one database and may run in any order.
"""

import json
import re
import uuid
from email.header import decode_header, make_header
from urllib.parse import urlencode, urlparse

from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from home.templatetags.formatting import euro
from tests.browser.conftest import SCREENSHOTS

# The demo editor of `make run` (trajecten/demo.py, portal/accounts/demo.py).
EDITOR = ("editor@example.org", "demo-editor-2026")
# What tests/factories/accounts.py gives every member it makes.
MEMBER_PASSWORD = "a-Long-test-password-42"
# Demo pages the journeys add sessions to.
DEMO_TRAINING = "basisopleiding-psychosociale-impact-migratie"
DEMO_MEETING = "dringende-medische-hulp"


# The widths a person looks at: a desktop, a phone, and the narrowest phone
# the portal must serve without scrolling sideways (WCAG 1.4.10 Reflow).
DESKTOP = {"width": 1280, "height": 720}
PHONE = {"width": 375, "height": 667}
NARROWEST = {"width": 320, "height": 568}

# What the page looks like at the current width: the width of the page, of
# what it scrolls to, and of its main content column (the member area's beside
# its menu, or the whole <main>); and whether a message is shown.
MEASURE = """() => {
    const root = document.documentElement;
    const content = document.querySelector("main > .main-content") || document.querySelector("main");
    return {
        page: root.clientWidth,
        scroll: root.scrollWidth,
        content: content ? Math.round(content.getBoundingClientRect().width) : 0,
        message: document.querySelector(".messages, .message") !== null,
    };
}"""


def look(page, step):
    """Look at the page as a person does after each step of a journey: save a
    screenshot at 1280 and at 375 px (var/browser-screenshots/<test>-<language>-
    <step>-<width>.png) and check the layout: on the portal's pages the main
    content column takes at least half the page at 1280 px (a message box in
    the member area once took the wide column and left the content 14rem), and
    nothing scrolls sideways at 375 or 320 px. The same page is resized, no new
    browser; the journey goes on at 1280 px."""
    journey = page.journey
    language = journey["language"] or page.locator("html").get_attribute("lang")
    # Wagtail's admin is not the portal's layout (nor the portal's to fix): screenshots only.
    portal_page = not urlparse(page.url).path.startswith("/admin/")
    problems = []
    # A click that navigates returns once the new document is committed, when
    # it may not have an element yet: measure the page once it is loaded.
    page.wait_for_load_state("load")
    for viewport in (PHONE, NARROWEST, DESKTOP):
        page.set_viewport_size(viewport)
        width = viewport["width"]
        seen = page.evaluate(MEASURE)
        if viewport is not NARROWEST:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            name = f"{journey['name']}-{language}-{step}-{width}.png"
            page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
        if portal_page and seen["scroll"] > seen["page"]:
            problems.append(f"scrolls sideways at {width} px ({seen['scroll']} px wide)")
        if portal_page and viewport is DESKTOP and seen["content"] * 2 < seen["page"]:
            problems.append(
                f"the content column is {seen['content']} of {seen['page']} px at {width} px"
                + (" with a message" if seen["message"] else "")
            )
    assert problems == [], f"step {step!r} at {page.url}: {'; '.join(problems)}"


class Words:
    """The portal's words in one language, by their msgid in the catalogues,
    so that one journey walks the portal in Dutch and in French and follows
    the catalogues when a text changes."""

    def __init__(self, language):
        self.language = language

    def __call__(self, msgid, **values):
        with translation.override(self.language):
            text = translation.gettext(msgid)
        return text % values if values else text

    def plural(self, singular, plural, number, **values):
        with translation.override(self.language):
            text = translation.ngettext(singular, plural, number)
        return text % {"counter": number, **values}

    def euro(self, amount):
        with translation.override(self.language):
            return euro(amount)

    def url(self, name, **kwargs):
        """A portal address in this language (`/fr/mon-compte/`)."""
        with translation.override(self.language):
            return reverse(name, kwargs=kwargs or None)


def unique_tag():
    return uuid.uuid4().hex[:8]


def prepare(portal, *steps):
    """Run the `steps` (code from the functions below) in one `manage.py
    shell` on the portal's database, which saves starting Django for each;
    returns what the steps put in `result`."""
    code = "\n".join(["import json", "result = {}", *steps, "print(json.dumps(result))"])
    output = portal.manage("shell", "--no-imports", "-c", code)
    return json.loads(output.strip().splitlines()[-1])


def new_member(first_name, last_name, language="nl"):
    """A member of an OCMW with a verified address and a complete profile, who
    prefers `language`: (e-mail, password, the step that makes them)."""
    email = f"{first_name.lower()}.{unique_tag()}@example.org"
    step = (
        "from tests.factories.accounts import MemberFactory\n"
        f"MemberFactory(email={email!r}, first_name={first_name!r}, last_name={last_name!r}, "
        f"profile__preferred_language={language!r})"
    )
    return email, MEMBER_PASSWORD, step


def new_session(page_slug, *, venue, town, capacity, days_ahead, seat_for=None, language="nl"):
    """The step that adds a scheduled session to the Dutch page `page_slug`,
    `days_ahead` from now, and gives `seat_for` (an e-mail address) a
    confirmed seat in it; it puts the URL and title of the page in `language`
    in result["url"] and result["title"]."""
    return f"""
from datetime import timedelta
from django.utils import timezone
from wagtail.models import Locale, Page
from portal.accounts.models import User
from trajecten import registrations
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
    registrations.register_for_session(user=User.objects.get(email={seat_for!r}), session=session)
page = page.get_translation(Locale.objects.get(language_code={language!r}))
result.update(url=page.url, title=page.title)
"""


def log_in(page, email, password, then=None, language="nl"):
    """Log in through the portal's own form in `language`, and go on to
    `then` (the member area when not given)."""
    words = Words(language)
    then = then or words.url("member_dashboard")
    page.goto(f"{words.url('account_login')}?{urlencode({'next': then})}")
    page.get_by_label(words("E-mail")).fill(email)
    page.get_by_label(words("Password")).fill(password)
    page.get_by_role("button", name=words("Sign In")).click()
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
