"""Journeys 6 and 7, in Dutch, where an editor works in the Wagtail admin: a
member's story goes through moderation and becomes public; a new training is
translated to French with wagtail-localize and shows the same sessions; at
the door, on a phone, an editor marks who came to one session of a
trajectory edition; one message to registrations selected in the listing
reaches each member in their own language. And planning the offer by
copying sessions: one session copied to another date and province, and the
seed's basic training made with its five provincial sessions, its clicks
and fields counted.

The demo editor logs in through the portal's own log-in form (two-factor
authentication is off in these settings, as in `make run`). Each step is
looked at (steps.look): the admin's pages too, where only the portal's own
layout rules do not apply.
"""

import re
from datetime import date, datetime, time, timedelta

from django.utils import timezone, translation
from django.utils.text import capfirst, slugify
from django.utils.translation import get_language_info
from playwright.sync_api import expect

from home.templatetags.formatting import time_range
from tests.browser.steps import (
    DEMO_MEETING,
    EDITOR,
    PHONE,
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

STORY_INDEX = "Verhalen uit de praktijk"


def approve_in_the_dashboard(editor, title):
    """Approve the page `title` from the admin dashboard's "awaiting your review"."""
    review = editor.locator("#awaiting-review-section")
    row = review.get_by_role("row").filter(has_text=title)
    row.get_by_role("button", name="Acties").click()
    row.get_by_role("button", name="Goedkeuren", exact=True).click()
    # The dashboard reloads without the page once it is approved.
    expect(row).to_have_count(0)


def test_an_editor_approves_a_members_story_and_it_goes_public(browser_page, open_window, portal):
    member = browser_page
    title = f"Samen een huurwaarborg regelen ({unique_tag()})"
    email, password, step = new_member("Ine", "Verteller")
    prepare(portal, step)

    log_in(member, email, password, then="/nl/mijn-account/verhalen/")
    member.get_by_role("link", name="Een verhaal schrijven").click()
    look(member, "story-form")
    member.get_by_role("textbox", name="Titel").fill(title)
    member.get_by_label("Teaser").fill("Hoe het OCMW en een huisbaas samen een uitweg vonden.")
    member.get_by_label("Je verhaal").fill(
        "Een gezin vond geen woning zonder waarborg.\n\nSamen met de huisbaas zochten we een uitweg."
    )
    member.get_by_label("Sociaal werk in het OCMW").check()
    member.get_by_label("Geen enkele cliënt is herkenbaar in mijn verhaal.").check()
    member.get_by_role("button", name="Mijn verhaal versturen").click()
    expect(member.locator(".messages")).to_contain_text("Je verhaal is naar de redactie gestuurd")
    story = member.locator("article").filter(has=member.get_by_role("heading", name=title))
    expect(story.locator(".badge")).to_have_text("Ingediend")
    look(member, "story-sent")

    # Not public while the editors have not approved it.
    visitor = open_window(locale="nl-BE")
    visitor.goto("/nl/")
    visitor.get_by_role("link", name=STORY_INDEX, exact=True).first.click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(STORY_INDEX)
    expect(visitor.get_by_role("link", name=title)).to_have_count(0)
    look(visitor, "stories-before")

    editor = open_window(locale="nl-BE")
    log_in(editor, *EDITOR, then="/admin/")
    look(editor, "admin-dashboard")
    approve_in_the_dashboard(editor, title)
    look(editor, "approved")

    member.reload()
    expect(story.locator(".badge")).to_have_text("Gepubliceerd")
    look(member, "story-published")
    visitor.reload()
    visitor.get_by_role("link", name=title).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
    expect(visitor.locator(".story__byline")).to_contain_text("Ine Verteller")
    look(visitor, "story")
    assert member.console_errors == []
    assert visitor.console_errors == []
    assert editor.console_errors == []


def new_training(tag):
    """The step that publishes a Dutch training with three sessions in three
    towns; it puts the page's id and URL in `result`, and each session's
    date as a visitor reads it in Dutch and in French."""
    return f"""
from datetime import timedelta
from decimal import Decimal
from django.utils import timezone, translation
from home.templatetags.formatting import time_range
from trajecten.models import OfferIndexPage, Session, TrainingPage
index = OfferIndexPage.objects.get(locale__language_code="nl")
page = index.add_child(instance=TrainingPage(
    title="Opleiding schuldhulpverlening {tag}", slug="opleiding-schuldhulpverlening-{tag}",
    intro="Een dag over schuldhulpverlening in het OCMW.", price=Decimal("40"),
))
first = (timezone.localtime() + timedelta(days=60)).replace(
    hour=9, minute=30, second=0, microsecond=0
)
result.update(id=page.pk, url=page.url, sessions=[])
for week, town in enumerate(["Kortrijk", "Aalst", "Genk"]):
    start = first + timedelta(weeks=week)
    session = Session.objects.create(
        page=page, starts_at=start, ends_at=start + timedelta(hours=3),
        venue_name="Cultuurcentrum", town=town, capacity=20,
    )
    dates = {{}}
    for language in ["nl", "fr"]:
        with translation.override(language):
            dates[language] = time_range(session.starts_at, session.ends_at)
    result["sessions"].append({{"town": town, **dates}})
page.save_revision().publish()
"""


def translate_segment(editor, field, text):
    """Type the translation of one field in wagtail-localize's editor and save it."""
    segment = editor.locator("li").filter(has=editor.get_by_role("heading", name=field, exact=True))
    segment.get_by_role("button", name="Vertaal").click()
    segment.locator("textarea").fill(text)
    segment.get_by_role("button", name="Opslaan").click()
    expect(segment.get_by_text("Handmatig vertaald")).to_be_visible()


def sessions_on(page):
    """(date, place) of every session card on an offer page."""
    cards = page.locator("article.session")
    return list(
        zip(
            cards.locator(".session__when").all_inner_texts(),
            cards.locator(".session__details dd").all_inner_texts(),
            strict=True,
        )
    )


def test_an_editor_translates_a_training_to_french_with_the_same_sessions(
    browser_page, open_window, portal
):
    editor = browser_page
    tag = unique_tag()
    french_title = f"Formation médiation de dettes {tag}"
    french_slug = f"formation-mediation-de-dettes-{tag}"
    training = prepare(portal, new_training(tag))

    log_in(editor, *EDITOR, then=f"/admin/pages/{training['id']}/edit/")
    look(editor, "admin-edit")
    editor.locator("header").get_by_role("button", name="Acties").click()
    editor.get_by_role("link", name="Vertaal").click()
    editor.get_by_label("Français").check()
    look(editor, "translate-form")
    editor.get_by_role("button", name="Verzenden").click()
    expect(editor.locator(".messages")).to_contain_text("om in Français vertaald te worden")

    look(editor, "translation-editor")
    translate_segment(editor, "Titel", french_title)
    translate_segment(editor, "Inleiding", "Une journée sur la médiation de dettes au CPAS.")
    editor.get_by_role("tab", name="Eigenschappen").click()
    translate_segment(editor, "Slug", french_slug)
    editor.get_by_role("button", name=re.compile(r"^Publiceer in\s*Français")).click()
    # Every field is translated: no "published with missing translations".
    expect(editor.locator(".messages")).to_contain_text(
        f"'{french_title}' in Français gepubliceerd."
    )
    look(editor, "published")
    assert editor.console_errors == []

    # Publishing in one transaction must leave the page tree consistent.
    tree = prepare(
        portal,
        "from wagtail.models import Page\n"
        "result['problems'] = [len(found) for found in Page.find_problems()]",
    )
    assert tree["problems"] == [0, 0, 0, 0, 0]

    visitor = open_window(locale="nl-BE")
    visitor.goto(training["url"])
    places = [f"Cultuurcentrum, {s['town']}" for s in training["sessions"]]
    assert sessions_on(visitor) == [
        (s["nl"], place) for s, place in zip(training["sessions"], places, strict=True)
    ]
    look(visitor, "training-nl")
    visitor.get_by_role("link", name="Français", exact=True).click()
    expect(visitor).to_have_url(re.compile(f"/fr/offre/{french_slug}/$"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(french_title)
    assert sessions_on(visitor) == [
        (s["fr"], place) for s, place in zip(training["sessions"], places, strict=True)
    ]
    look(visitor, "training-fr")
    assert visitor.console_errors == []


def edition_at_the_door(tag, email):
    """The step that publishes a trajectory edition of two modules: the first
    session began half an hour ago (the editor is at the door), the second is
    next week. The member of `email` has a seat, already marked present at
    the second session. Puts the sessions' ids and the module titles in `result`."""
    return f"""
from datetime import timedelta
from decimal import Decimal
from django.utils import timezone
from portal.accounts.models import User
from trajecten import registrations
from trajecten.models import (
    EditionPage, ModulePage, OfferIndexPage, Registration, Session, TrajectoryPage,
)
index = OfferIndexPage.objects.get(locale__language_code="nl")
now = timezone.now()
trajectory = index.add_child(instance=TrajectoryPage(
    title="Traject aan de deur {tag}", slug="traject-aan-de-deur-{tag}", intro="Twee dagen.",
))
edition = trajectory.add_child(instance=EditionPage(
    title="Editie {tag}", slug="editie-{tag}", price=Decimal("225"),
    registration_opens=now - timedelta(days=30), registration_closes=now - timedelta(days=1),
))
sessions = []
for number, start in enumerate([now - timedelta(minutes=30), now + timedelta(days=7)], start=1):
    module = edition.add_child(instance=ModulePage(
        title=f"Dag {{number}} {tag}", slug=f"dag-{{number}}-{tag}",
    ))
    sessions.append(Session.objects.create(
        page=module, starts_at=start, ends_at=start + timedelta(hours=3),
        venue_name="Zaal De Deur", town="Mechelen", capacity=20,
    ))
member = User.objects.get(email={email!r})
seat = Registration.objects.create(
    user=member, edition=edition, status="confirmed", price_due=Decimal("225"),
)
registrations.mark_attendance(
    registration=seat, session=sessions[1], by=User.objects.get(email="editor@example.org"),
    attendance="present",
)
result.update(sessions=[s.pk for s in sessions], edition=edition.pk)
"""


def attendance_of(portal, email):
    """{session id: mark} of the member's registrations, read on the portal's database."""
    return prepare(
        portal,
        "from trajecten.models import SessionAttendance\n"
        "result.update({str(m.session_id): m.attendance for m in "
        f"SessionAttendance.objects.filter(registration__user__email={email!r})}})",
    )


def test_an_editor_marks_attendance_at_the_door_on_a_phone(browser_page, portal):
    editor = browser_page
    words = Words("nl")
    tag = unique_tag()
    email, _password, step = new_member("Ruben", f"Deur{tag}")
    prepare(portal, step)
    edition = prepare(portal, edition_at_the_door(tag, email))
    today, next_week = (str(pk) for pk in edition["sessions"])

    editor.set_viewport_size(PHONE)
    log_in(editor, *EDITOR, then="/admin/")
    panel = editor.locator("section[aria-labelledby=upcoming-sessions-heading]")
    row = panel.get_by_role("row").filter(has_text=f"Dag 1 {tag}")
    look(editor, "door-dashboard")
    editor.set_viewport_size(PHONE)
    row.get_by_role("link", name=re.compile(words("Participants and attendance"))).click()
    expect(editor).to_have_url(re.compile(f"/admin/sessions/{today}/participants/$"))
    participant = editor.locator("tr").filter(has_text=f"Ruben Deur{tag}")
    expect(participant.locator(".attendance__state")).to_have_text(words("not marked"))
    look(editor, "door-participants")

    editor.set_viewport_size(PHONE)
    participant.get_by_role("button", name=re.compile(f"^{words('Present')}")).click()
    expect(editor.locator(".messages")).to_contain_text(f"Ruben Deur{tag}")
    present = participant.get_by_role("button", name=re.compile(f"^{words('Present')}"))
    expect(present).to_have_attribute("aria-pressed", "true")
    look(editor, "door-present")
    assert attendance_of(portal, email) == {today: "present", next_week: "present"}

    editor.set_viewport_size(PHONE)
    participant.get_by_role("button", name=re.compile(f"^{words('Absent')}")).click()
    absent = participant.get_by_role("button", name=re.compile(f"^{words('Absent')}"))
    expect(absent).to_have_attribute("aria-pressed", "true")
    look(editor, "door-absent")
    # The other session of the edition keeps its own mark.
    assert attendance_of(portal, email) == {today: "absent", next_week: "present"}

    editor.get_by_role("link", name=words("All sessions of the edition")).click()
    marks = (
        editor.locator("tr")
        .filter(has_text=f"Ruben Deur{tag}")
        .locator(".attendance-overview__mark")
    )
    expect(marks).to_have_count(2)
    expect(marks.nth(0)).to_have_class(re.compile("attendance-overview__mark--absent"))
    expect(marks.nth(1)).to_have_class(re.compile("attendance-overview__mark--present"))
    look(editor, "door-edition")
    assert editor.console_errors == []


def two_registrations(dutch_email, french_email, tag):
    """The step that gives both members a seat at a new evening of the demo
    learning network (free: no invoice); puts the session's id in `result`."""
    return new_session(
        DEMO_MEETING,
        venue=f"Zaal De Vrede {tag}",
        town="Gent",
        capacity=10,
        days_ahead=45,
        seat_for=dutch_email,
    ) + (
        f"registrations.register_for_session(user=User.objects.get(email={french_email!r}), "
        "session=session)\n"
        "result['session'] = session.pk\n"
    )


def test_an_editor_sends_one_message_to_two_registrations_each_member_in_their_language(
    browser_page, portal
):
    editor = browser_page
    words = Words("nl")
    tag = unique_tag()
    dutch_email, _, dutch_member = new_member("Lotte", "Janssens", "nl")
    french_email, _, french_member = new_member("Julien", "Dupont", "fr")
    meeting = prepare(
        portal, dutch_member, french_member, two_registrations(dutch_email, french_email, tag)
    )
    message = {
        "subject_nl": f"Parkeren bij Zaal De Vrede {tag}",
        "body_nl": "Parkeer aan de achterkant: de voorkant is afgesloten.",
        "subject_fr": f"Se garer à la Zaal De Vrede {tag}",
        "body_fr": "Garez-vous à l'arrière : l'avant est fermé.",
    }

    log_in(editor, *EDITOR, then=f"/admin/registration/?session={meeting['session']}")
    for name in ("Lotte Janssens", "Julien Dupont"):
        row = editor.get_by_role("row").filter(has_text=name)
        row.locator("input[data-bulk-action-checkbox]").check()
    look(editor, "two-selected")
    # Wagtail shows four actions and the others under "More", whose links
    # learn the selection once the menu has opened.
    editor.evaluate(
        "() => document.addEventListener("
        "'w-dropdown:shown', () => { window.moreShown = true }, { once: true })"
    )
    editor.locator("[data-bulk-action-footer]").get_by_role("button", name="Meer").click()
    editor.wait_for_function("() => window.moreShown")
    editor.get_by_role("link", name=words("Send a message")).click()
    expect(editor.get_by_role("heading", level=1)).to_have_text(words("Send a message"))
    look(editor, "message-form")

    # Without the French message: refused beside that field, nothing sent.
    for field in ("subject_nl", "body_nl", "subject_fr"):
        editor.locator(f"#id_{field}").fill(message[field])
    editor.get_by_role("button", name=words("Send a message")).click()
    french_body = editor.locator("[data-contentpath=body_fr]")
    expect(french_body.locator(".error-message")).to_have_text(
        words("Write the message in French too.")
    )
    look(editor, "message-missing-french")
    assert [m for m in portal.mails_to(dutch_email) if subject(m) == message["subject_nl"]] == []

    editor.locator("#id_body_fr").fill(message["body_fr"])
    editor.get_by_role("button", name=words("Send a message")).click()
    # Each row says what became of it: sent, and in which language.
    result = editor.locator("main")
    expect(result).to_contain_text(
        words.plural(
            "The message is on its way to %(count)d member.",
            "The message is on its way to %(count)d members.",
            2,
            count=2,
        )
    )
    for name, language in (("Lotte Janssens", "nl"), ("Julien Dupont", "fr")):
        with translation.override("nl"):
            language_name = get_language_info(language)["name_translated"]
        row = result.get_by_role("listitem").filter(has_text=name)
        expect(row).to_contain_text(words("sent (%(language)s)", language=language_name))
    look(editor, "message-sent")
    assert editor.console_errors == []

    (to_lotte,) = [m for m in portal.mails_to(dutch_email) if message["body_nl"] in text_of(m)]
    assert subject(to_lotte) == message["subject_nl"]
    assert message["body_fr"] not in text_of(to_lotte)
    (to_julien,) = [m for m in portal.mails_to(french_email) if message["body_fr"] in text_of(m)]
    assert subject(to_julien) == message["subject_fr"]
    assert message["body_nl"] not in text_of(to_julien)


# Copying sessions -------------------------------------------------------------


class Counted:
    """What an editor does by hand in a journey: each click (a link, a button,
    a tab) and each field filled or chosen, counted as it is done."""

    def __init__(self, page):
        self.page = page
        self.clicks = 0
        self.fills = 0

    def click(self, locator):
        locator.click()
        self.clicks += 1

    def fill(self, locator, value):
        locator.fill(value)
        self.fills += 1

    def choose(self, locator, value):
        locator.select_option(value)
        self.fills += 1

    @property
    def actions(self):
        return self.clicks + self.fills


def one_session_training(tag):
    """The step that publishes a Dutch training with one session, in
    Kortrijk, 60 days from now; it puts the page's id and URL in `result`."""
    return f"""
from datetime import time, timedelta
from django.utils import timezone
from trajecten.models import OfferIndexPage, Session, TrainingPage
index = OfferIndexPage.objects.get(locale__language_code="nl")
page = index.add_child(instance=TrainingPage(
    title="Opleiding budgetbegeleiding {tag}", slug="opleiding-budgetbegeleiding-{tag}",
    intro="Een halve dag over budgetbegeleiding in het OCMW.",
))
start = (timezone.localtime() + timedelta(days=60)).replace(
    hour=9, minute=30, second=0, microsecond=0
)
Session.objects.create(
    page=page, starts_at=start, ends_at=start + timedelta(hours=3), reception_time=time(9),
    venue_name="Budelhuis", address="Doorniksewijk 12", postal_code="8500", town="Kortrijk",
    province="west_flanders", capacity=20,
)
page.save_revision().publish()
result.update(id=page.pk, url=page.url, day=start.date().isoformat())
"""


def sessions_with_places(page, words):
    """(date, place) of every session card on an offer page, in order."""
    cards = page.locator("article.session")
    where = cards.locator("dt", has_text=words("Where")).locator("xpath=following-sibling::dd[1]")
    return list(
        zip(cards.locator(".session__when").all_inner_texts(), where.all_inner_texts(), strict=True)
    )


def visitors_date(day, language="nl"):
    """A session's date and hours (9.30 to 12.30) as a visitor reads them."""
    start = timezone.make_aware(datetime.combine(day, time(9, 30)))
    with translation.override(language):
        return time_range(start, start + timedelta(hours=3))


def field(scope, label):
    """The input, text area or list labelled `label` in `scope`, with the mark
    of a required field or not (Wagtail's panels are labelled by their field too)."""
    name = re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$")
    return scope.get_by_label(name).and_(scope.locator("input, textarea, select"))


def copy_form(editor, words):
    """The fields of the form that copies a session, by their labels."""
    return {
        "day": field(editor, words("Date")),
        "venue": field(editor, capfirst(words("venue"))),
        "address": field(editor, capfirst(words("street and number"))),
        "postal_code": field(editor, capfirst(words("postal code"))),
        "town": field(editor, capfirst(words("town"))),
    }


def test_an_editor_copies_a_session_to_another_date_and_province(browser_page, open_window, portal):
    editor = browser_page
    words = Words("nl")
    training = prepare(portal, one_session_training(unique_tag()))
    first_day = date.fromisoformat(training["day"])
    later = first_day + timedelta(days=14)

    log_in(editor, *EDITOR, then=f"/admin/pages/{training['id']}/edit/")
    editor.get_by_role("tab", name=words("Sessions")).click()
    look(editor, "sessions-tab")
    editor.get_by_role("link", name=words("Copy to another date or place")).click()
    expect(editor.get_by_role("heading", level=1)).to_contain_text(words("Copy the session"))
    fields = copy_form(editor, words)
    expect(fields["venue"]).to_have_value("Budelhuis")
    fields["day"].fill(later.isoformat())
    fields["venue"].fill("Cultuurcentrum Hasselt")
    fields["address"].fill("Kunstlaan 5")
    fields["postal_code"].fill("3500")
    fields["town"].fill("Hasselt")
    look(editor, "copy-form")
    editor.get_by_role("button", name=words("Copy and publish")).click()

    # Back in the page editor, at the copy: in Limburg, as its postal code says.
    expect(editor).to_have_url(re.compile(r"/edit/#inline_child_sessions-1$"))
    copy = editor.locator("#inline_child_sessions-1")
    expect(field(copy, capfirst(words("town")))).to_have_value("Hasselt")
    expect(field(copy, capfirst(words("province")))).to_have_value("limburg")
    look(editor, "copied")
    assert editor.console_errors == []

    visitor = open_window(locale="nl-BE")
    visitor.goto(training["url"])
    assert sessions_with_places(visitor, words) == [
        (visitors_date(first_day), "Budelhuis, Doorniksewijk 12, 8500 Kortrijk (West-Vlaanderen)"),
        (visitors_date(later), "Cultuurcentrum Hasselt, Kunstlaan 5, 3500 Hasselt (Limburg)"),
    ]
    look(visitor, "training")
    assert visitor.console_errors == []


# The seed's basic training (psychosocial impact of migration): five
# half-days, 9.30 to 12.30 with a welcome from 9.00, 15 seats, in the five
# Flemish provinces; the days after the first as the seed spaces them.
SEED_SESSIONS = [
    (0, "OCMW Brugge", "Hoogstraat 9", "8000", "Brugge", "West-Vlaanderen"),
    (3, "VVGG", "Tenderstraat 14", "9000", "Gent", "Oost-Vlaanderen"),
    (7, "Provinciehuis", "Provincieplein 1", "3010", "Leuven", "Vlaams-Brabant"),
    (10, "WZC Bilzenhof", "Lange Beeldekensstraat 50", "2060", "Antwerpen", "Antwerpen"),
    (24, "Hostel H", "Spoorwegstraat 80", "3500", "Hasselt", "Limburg"),
]
# Clicks and fields a person needs to make the seed's training with its five
# sessions in the admin (measured: 51; each of sessions 2 to 5 takes 7, the
# copy of the one before; added one by one in the page editor, each would
# take 10).
MOST_ACTIONS_FOR_THE_SEED_TRAINING = 51


def test_the_seeds_basic_training_with_five_sessions_takes_few_clicks(
    browser_page, open_window, portal
):
    editor = browser_page
    words = Words("nl")
    tag = unique_tag()
    title = f"Basisopleiding psychosociale impact van migratie en vlucht {tag}"
    first = timezone.localdate() + timedelta(days=60)
    first += timedelta(days=(4 - first.weekday()) % 7)  # a Friday, as in the seed
    index = prepare(
        portal,
        "from trajecten.models import OfferIndexPage\n"
        "result['id'] = OfferIndexPage.objects.get(locale__language_code='nl').pk",
    )["id"]
    log_in(editor, *EDITOR, then="/admin/")
    hand = Counted(editor)

    # The catalogue in the page explorer, then a new training in it.
    editor.goto(f"/admin/pages/{index}/")
    hand.clicks += 1
    hand.click(editor.get_by_role("link", name="Voeg onderliggende pagina toe"))
    hand.click(editor.get_by_role("link", name=capfirst(words("training")), exact=True))
    hand.fill(field(editor, "Titel"), title)
    hand.fill(
        field(editor, capfirst(words("introduction"))),
        "Een halve dag over wat vluchtelingen meemaakten en hoe je hen cultuursensitief begeleidt.",
    )
    hand.click(editor.get_by_role("tab", name=words("Prices and terms")))
    hand.fill(field(editor, capfirst(words("price"))), "45")
    hand.fill(field(editor, capfirst(words("price with lunch"))), "50")

    # The first session in the page editor.
    hand.click(editor.get_by_role("tab", name=words("Sessions")))
    hand.click(editor.get_by_role("button", name=f"Voeg {words('Session')} toe"))
    session = editor.locator("#inline_child_sessions-0")
    _days, venue, address, postal_code, town, _province = SEED_SESSIONS[0]
    for label, value in [
        ("starts at", f"{first.isoformat()} 09:30"),
        ("ends at", f"{first.isoformat()} 12:30"),
        ("reception from", "09:00"),
        ("capacity", "15"),
        ("venue", venue),
        ("street and number", address),
        ("postal code", postal_code),
        ("town", town),
    ]:
        hand.fill(field(session, capfirst(words(label))), value)
    hand.choose(field(session, capfirst(words("province"))), "west_flanders")
    hand.click(editor.get_by_role("button", name="Bewaar concept"))
    expect(editor.locator(".messages")).to_contain_text("aangemaakt")

    # Sessions 2 to 5: each a copy of the one before, another day and place.
    for number, (days, venue, address, postal_code, town, _province) in enumerate(
        SEED_SESSIONS[1:], start=1
    ):
        if number == 1:
            hand.click(editor.get_by_role("tab", name=words("Sessions")))
        previous = editor.locator(f"#inline_child_sessions-{number - 1}")
        hand.click(previous.get_by_role("link", name=words("Copy to another date or place")))
        fields = copy_form(editor, words)
        hand.fill(fields["day"], (first + timedelta(days=days)).isoformat())
        hand.fill(fields["venue"], venue)
        hand.fill(fields["address"], address)
        hand.fill(fields["postal_code"], postal_code)
        hand.fill(fields["town"], town)
        if number == 1:
            look(editor, "copy-into-draft")
        hand.click(editor.get_by_role("button", name=words("Copy into the draft")))
        expect(editor).to_have_url(re.compile(rf"#inline_child_sessions-{number}$"))

    look(editor, "five-sessions")
    hand.click(editor.get_by_role("button", name="Meer acties"))
    hand.click(editor.get_by_role("button", name="Publiceren"))
    expect(editor.locator(".messages")).to_contain_text("gepubliceerd")
    assert editor.console_errors == []

    print(
        f"\nThe seed's basic training with five sessions: {hand.actions} actions "
        f"({hand.clicks} clicks, {hand.fills} fields)"
    )
    assert hand.actions <= MOST_ACTIONS_FOR_THE_SEED_TRAINING

    visitor = open_window(locale="nl-BE")
    visitor.goto(f"/nl/aanbod/{slugify(title)}/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
    assert sessions_with_places(visitor, words) == [
        (
            visitors_date(first + timedelta(days=days)),
            f"{venue}, {address}, {postal_code} {town} ({province})",
        )
        for days, venue, address, postal_code, town, province in SEED_SESSIONS
    ]
    look(visitor, "training")
