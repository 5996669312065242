"""What a member reads of their registrations: "My registrations" in three
parts each in date order, the full name of what was booked in pages, mails
and calendars, free cancellation as a date, the waiting list as a place in
line, and a history that says what happened."""

import re
from datetime import timedelta

import pytest
import vobject
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from home.templatetags.formatting import day, moment
from tests.factories.accounts import EditorFactory, MemberFactory
from tests.factories.offer import (
    SessionFactory,
    in_days,
    make_network,
    make_training,
    make_trajectory,
)
from tests.factories.pages import translate_page
from trajecten import registrations
from trajecten.models import EditionPage, Registration, RegistrationEvent
from trajecten.registrations import InvoiceDetails, policy_for, rules

pytestmark = pytest.mark.django_db

INVOICE = InvoiceDetails(organisation="OCMW Gent", address="Onderbergen 86, 9000 Gent")
FORM = {
    "with_lunch": "no",
    "billing_organisation": "OCMW Gent",
    "billing_address": "Onderbergen 86\n9000 Gent",
}
EDITION_NAME = "Vormingstraject integratie — editie 2027-2028"
EDITION_NAME_FR = "Trajet d'intégration — édition 2027-2028"


def message(text, language="nl", **values):
    """A text as the member reads it in `language` (the catalogue's, when it has one)."""
    with translation.override(language):
        translated = translation.gettext(text)
    return translated % values if values else translated


def dated(value, language="nl"):
    with translation.override(language):
        return day(value)


def section(html, heading_id):
    """The part of a page under one heading: <section aria-labelledby=heading_id>."""
    match = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', html, re.S)
    assert match, heading_id
    return match.group(1)


def titles(html):
    return re.findall(r'<h3 class="registration__title"><a [^>]*>([^<]*)</a>', html)


def register(member, session, **kwargs):
    return registrations.register_for_session(
        user=member, session=session, invoice=INVOICE, **kwargs
    )


def took_place(member, session):
    """A registration for a session that has taken place (the rules refuse to
    register for the past, so it is written as it stood then)."""
    return Registration.objects.create(user=member, session=session, status="confirmed")


@pytest.fixture
def index(offer_index):
    return offer_index[0]


def training_named(index, title, *starts):
    page = make_training(index, sessions=0, title=title, slug=title.lower().replace(" ", "-"))
    return [SessionFactory(page=page, starts_at=start) for start in starts]


# My registrations: three parts, each in date order ---------------------------------


def test_upcoming_past_and_cancelled_are_apart_each_in_date_order(client, index):
    member = MemberFactory()
    [later] = training_named(index, "Later", in_days(40))
    [sooner] = training_named(index, "Sooner", in_days(10))
    [full] = training_named(index, "Full", in_days(20))
    full.capacity = 1
    full.save()
    [long_ago] = training_named(index, "Long ago", in_days(-700))
    [last_year] = training_named(index, "Last year", in_days(-300))
    [dropped_soon, dropped_late] = training_named(index, "Dropped", in_days(30), in_days(50))
    _trajectory, edition = make_trajectory(index)  # first session in 67 days
    no_sessions_yet = make_trajectory(index, modules=0, title="No sessions", slug="leeg")[1]
    register(MemberFactory(), full)
    register(member, later)
    register(member, full)
    register(member, sooner)
    registrations.register_for_edition(user=member, edition=no_sessions_yet, invoice=INVOICE)
    registrations.register_for_edition(user=member, edition=edition, invoice=INVOICE)
    took_place(member, last_year)
    took_place(member, long_ago)
    for session in (dropped_late, dropped_soon):
        registrations.cancel(registration=register(member, session), by=member)
    client.force_login(member)

    page = client.get("/nl/mijn-account/inschrijvingen/").content.decode()

    upcoming = section(page, "upcoming-heading")
    # Soonest first; an edition without sessions has no date yet: last.
    assert titles(upcoming) == [
        "Sooner",
        "Full",
        "Later",
        EDITION_NAME,
        "No sessions — editie 2027-2028",
    ]
    # The waiting-list entry is among them, marked.
    assert message("On the waiting list") in upcoming
    assert message("You are first in line.") in upcoming
    assert titles(section(page, "past-heading")) == ["Last year", "Long ago"]
    assert titles(section(page, "cancelled-heading")) == ["Dropped", "Dropped"]
    assert dated(dropped_late.starts_at) in section(page, "cancelled-heading").split("Dropped")[1]


def test_each_part_says_in_words_when_it_is_empty(client, index):
    client.force_login(MemberFactory())

    page = client.get("/nl/mijn-account/inschrijvingen/").content.decode()

    for heading_id, empty in [
        ("upcoming-heading", "You have no upcoming registrations."),
        ("past-heading", "You have no past registrations."),
        ("cancelled-heading", "You have no cancelled registrations."),
    ]:
        assert message(empty) in section(page, heading_id)
    # And where to find something to register for.
    assert 'href="/nl/aanbod/"' in section(page, "upcoming-heading")


def test_what_has_taken_place_is_no_longer_cancelled_or_handed_over(client, index):
    member = MemberFactory()
    [session] = training_named(index, "Last year", in_days(-300))
    registration = took_place(member, session)
    client.force_login(member)

    detail = client.get(f"/nl/mijn-account/inschrijvingen/{registration.pk}/").content.decode()

    assert f"/{registration.pk}/annuleren/" not in detail and "doorgeven" not in detail
    assert (
        client.get(f"/nl/mijn-account/inschrijvingen/{registration.pk}/annuleren/").status_code
        == 404
    )


# The full name of what was booked ---------------------------------------------------


@pytest.fixture
def editions(index, offer_index):
    """The trajectory's edition in Dutch and in French (under the French trajectory)."""
    trajectory, edition = make_trajectory(index)
    translate_page(trajectory, "fr", title="Trajet d'intégration", slug="trajet")
    french = translate_page(edition, "fr", title="Édition 2027-2028", slug="edition")
    return edition, french


@pytest.mark.parametrize(("language", "name"), [("nl", EDITION_NAME), ("fr", EDITION_NAME_FR)])
def test_an_edition_is_named_with_its_trajectory_in_pages_mails_and_calendar(
    client, editions, commit, language, name
):
    edition, french = editions
    member = MemberFactory(profile__preferred_language=language)
    client.force_login(member)
    with translation.override(language):
        register_url = reverse(
            "register_edition", args=[(edition if language == "nl" else french).pk]
        )
    form = client.get(register_url).content.decode()
    with commit():
        client.post(register_url, FORM)
    registration = Registration.objects.get(user=member)

    with translation.override(language):
        pages = [
            client.get(reverse(view, args=args)).content.decode()
            for view, args in [
                ("member_registrations", []),
                ("registration_detail", [registration.pk]),
                ("cancel_registration", [registration.pk]),
                ("assignment", [registration.pk]),
            ]
        ]
        calendar = client.get(reverse("registration_calendar", args=[registration.pk]))

    for html in [form, *pages]:
        assert escape(name) in html
    [confirmation] = mail.outbox
    assert name in confirmation.body
    parsed = vobject.readOne(calendar.content.decode())
    assert {event.summary.value for event in parsed.vevent_list} == {name}


def test_every_mail_of_a_registration_names_the_edition_in_full(editions, commit):
    edition, _french = editions
    edition.capacity = 1
    edition.save()
    editor = EditorFactory()
    outsider = MemberFactory(
        profile__is_ocmw_employee=False, profile__organisation_kind="non_profit"
    )
    colleague = MemberFactory()
    with commit():
        seated = registrations.register_for_edition(
            user=MemberFactory(), edition=edition, invoice=INVOICE
        )
    with commit():
        request = registrations.register_for_edition(
            user=outsider, edition=edition, invoice=INVOICE, motivation="m", tie_to_ocmw="t"
        )
    with commit():
        registrations.approve(registration=request, by=editor)
    with commit():
        registrations.invite_substitute(registration=seated, by=seated.user, email=colleague.email)
    with commit():
        registrations.accept_substitution(
            token=seated.substitutions.get().token, user=colleague, invoice=INVOICE
        )
    with commit():
        registrations.cancel(registration=seated, by=colleague)

    # Confirmed, pending and its announcement to the editor, approved onto the
    # waiting list, the invitation, the hand-over (to both), cancelled, and the
    # waiting member's promotion.
    assert len(mail.outbox) == 9
    for sent in mail.outbox:
        assert EDITION_NAME in sent.body, sent.subject


def test_the_colleague_offered_a_seat_reads_the_full_name(client, editions):
    edition, _french = editions
    member, colleague = MemberFactory.create_batch(2)
    seat = registrations.register_for_edition(user=member, edition=edition, invoice=INVOICE)
    invitation = registrations.invite_substitute(
        registration=seat, by=member, email=colleague.email
    )
    client.force_login(colleague)

    page = client.get(reverse("accept_substitution", args=[invitation.token])).content.decode()

    assert escape(EDITION_NAME) in page


def test_a_meeting_is_named_with_its_learning_network(client, index, commit):
    network, meeting = make_network(index)
    member = MemberFactory()
    client.force_login(member)
    session = meeting.sessions.get()

    with commit():
        client.post(f"/nl/inschrijven/sessie/{session.uid}/", FORM)

    name = f"{network.title} — {meeting.title}"
    assert name in client.get("/nl/mijn-account/inschrijvingen/").content.decode()
    assert name in mail.outbox[0].body


def test_the_admin_lists_registrations_with_the_full_name(client, editions):
    edition, _french = editions
    registrations.register_for_edition(user=MemberFactory(), edition=edition, invoice=INVOICE)
    client.force_login(EditorFactory())

    listing = client.get("/admin/registration/").content.decode()

    assert EDITION_NAME in listing


def test_the_leading_word_of_an_edition_is_lowercased_only_when_it_is_a_word(index):
    trajectory, edition = make_trajectory(index)
    for title, expected in [
        ("Editie 2027-2028", "editie 2027-2028"),
        ("CPAS 2027", "CPAS 2027"),
        ("2027-2028", "2027-2028"),
    ]:
        edition.title = title
        assert edition.booking_title == f"{trajectory.title} — {expected}"


# Free cancellation as a date ---------------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_free_cancellation_is_a_date_in_the_form_the_mail_and_the_pages(
    client, index, commit, language
):
    [session] = training_named(index, "Paid", in_days(20))
    member = MemberFactory(profile__preferred_language=language)
    client.force_login(member)
    until = dated(
        rules.free_cancellation_until(session.starts_at, policy_for(session=session)), language
    )
    prefix = "/nl/inschrijven/sessie/" if language == "nl" else "/fr/inscription/session/"

    form = client.get(f"{prefix}{session.uid}/").content.decode()
    with commit():
        client.post(f"{prefix}{session.uid}/", FORM)
    registration = Registration.objects.get(user=member)
    with translation.override(language):
        listing = client.get(reverse("member_registrations")).content.decode()
        cancel = client.get(reverse("cancel_registration", args=[registration.pk])).content
        delete = client.get(reverse("delete_account")).content.decode()

    assert until in form
    assert until in mail.outbox[0].body
    assert until in listing and until in cancel.decode() and until in delete
    # The date is the rule's: one week before the start.
    assert rules.free_cancellation_until(session.starts_at, policy_for(session=session)) == (
        timezone.localtime(session.starts_at).date() - timedelta(days=7)
    )


def test_a_late_cancellation_names_the_day_free_cancellation_ended(client, index, commit):
    [session] = training_named(index, "Soon", in_days(3))
    member = MemberFactory()
    registration = register(member, session)
    client.force_login(member)
    ended = dated(rules.free_cancellation_until(session.starts_at, policy_for(session=session)))
    cancel_url = f"/nl/mijn-account/inschrijvingen/{registration.pk}/annuleren/"

    detail = client.get(f"/nl/mijn-account/inschrijvingen/{registration.pk}/").content.decode()
    warning = client.get(cancel_url).content.decode()
    with commit():
        client.post(cancel_url, {"confirm_late": "yes"})

    assert ended in detail and ended in warning
    assert ended in mail.outbox[-1].body and "€ 45" in mail.outbox[-1].body


def test_an_edition_without_sessions_states_the_rule_without_a_date(client, index):
    _trajectory, edition = make_trajectory(index, modules=0)
    client.force_login(MemberFactory())

    form = client.get(f"/nl/inschrijven/editie/{edition.pk}/").content.decode()

    with translation.override("nl"):
        rule = translation.ngettext(
            "Cancellation is free until %(days)s day before the first session; after that the full fee stays due. You can always hand your seat to a colleague.",
            "Cancellation is free until %(days)s days before the first session; after that the full fee stays due. You can always hand your seat to a colleague.",
            7,
        ) % {"days": 7}
    assert rule in form


# The waiting list as a place in line -------------------------------------------------


def test_the_place_in_line_moves_up_when_someone_ahead_leaves(client, index, commit):
    [session] = training_named(index, "Full", in_days(20))
    session.capacity = 1
    session.save()
    register(MemberFactory(), session)
    first, second, third = MemberFactory.create_batch(3)
    ahead = register(first, session)
    register(second, session)
    with commit():
        mine = register(third, session)
    client.force_login(third)
    detail_url = f"/nl/mijn-account/inschrijvingen/{mine.pk}/"

    before = client.get(detail_url).content.decode()
    registrations.cancel(registration=ahead, by=first)
    after = client.get(detail_url).content.decode()

    assert message("You are number %(place)s in line.", place=3) in before
    assert message("You are number %(place)s in line.", place=3) in mail.outbox[-1].body
    assert message("You are number %(place)s in line.", place=2) in after
    assert Registration.objects.get(pk=mine.pk).place_in_line() == 2


def test_the_place_in_line_follows_an_editors_reordering(index):
    [session] = training_named(index, "Full", in_days(20))
    session.capacity = 1
    session.save()
    register(MemberFactory(), session)
    first, second = (register(member, session) for member in MemberFactory.create_batch(2))

    registrations.move_on_waiting_list(registration=second, by=EditorFactory(), up=True)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.place_in_line(), first.place_in_line()) == (1, 2)


def test_the_place_counted_when_joining_the_line_is_the_place_counted_later(index):
    """The message after registering tells the place counted under the
    session's lock: the same a count afterwards gives, without those
    offered a seat (no longer in line) nor those who left."""
    [session] = training_named(index, "Full", in_days(20))
    session.capacity = 1
    session.save()
    register(MemberFactory(), session)
    offered, left, waiting = (register(member, session) for member in MemberFactory.create_batch(3))
    Registration.objects.filter(pk=offered.pk).update(
        offered_until=timezone.now() + timedelta(days=2)
    )
    registrations.cancel(registration=left, by=left.user)

    mine = register(MemberFactory(), session)

    assert mine.counted_place_in_line == 2
    assert Registration.objects.get(pk=mine.pk).place_in_line() == 2


def test_the_message_after_joining_the_waiting_list_gives_the_place(client, index):
    [session] = training_named(index, "Full", in_days(20))
    session.capacity = 1
    session.save()
    register(MemberFactory(), session)
    register(MemberFactory(), session)
    client.force_login(MemberFactory())

    response = client.post(f"/nl/inschrijven/sessie/{session.uid}/", FORM, follow=True)

    assert message("You are number %(place)s in line.", place=2) in response.content.decode()


# The history of a registration ------------------------------------------------------


def history(html):
    return re.findall(
        r"<li><time [^>]*>([^<]*)</time> — ([^<]*)</li>", section(html, "history-heading")
    )


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_the_history_says_what_happened_and_never_repeats_a_status(client, index, commit, language):
    [session] = training_named(index, "Full", in_days(20))
    member = MemberFactory(profile__preferred_language=language)
    colleague = MemberFactory()
    editor = EditorFactory()
    registration = register(member, session)
    registrations.mark_attendance(
        registration=registration, session=session, by=editor, attendance="present"
    )
    registrations.invite_substitute(registration=registration, by=member, email=colleague.email)
    RegistrationEvent.objects.create(
        registration=registration,
        from_status="confirmed",
        to_status="confirmed",
        note="something only editors read",
    )
    client.force_login(member)
    with translation.override(language):
        page = client.get(reverse("registration_detail", args=[registration.pk])).content

    lines = history(page.decode())
    assert [what for _when, what in lines] == [
        message("Registration confirmed", language),
        message("Marked present", language),
        message("Seat offered to %(email)s", language, email=colleague.email),
    ]
    # "Confirmed" is said once, by the change that confirmed; the note only
    # editors read is not shown.
    assert message("Confirmed", language) not in [what for _when, what in lines]
    # The moment in the member's language, and no colon glued to the time ("6h21:").
    registered_at = RegistrationEvent.objects.filter(registration=registration).first().at
    with translation.override(language):
        assert lines[0][0] == moment(registered_at)
    assert not re.search(r"\d[h.]\d\d:", page.decode())


def test_the_history_of_the_waiting_list_and_of_a_request(index):
    [session] = training_named(index, "Full", in_days(20))
    session.capacity = 1
    session.save()
    editor = EditorFactory()
    seated = register(MemberFactory(), session)
    waiting = register(MemberFactory(), session)
    registrations.cancel(registration=seated, by=seated.user)
    outsider = MemberFactory(
        profile__is_ocmw_employee=False, profile__organisation_kind="non_profit"
    )
    request = register(outsider, session, motivation="m", tie_to_ocmw="t")
    registrations.refuse(registration=request, by=editor, reason="Volzet")

    with translation.override("nl"):
        assert [e.description for e in waiting.events.all()] == [
            message("Registered on the waiting list"),
            message("A freed seat was offered"),
        ]
        assert [e.description for e in seated.events.all()] == [
            message("Registration confirmed"),
            message("Registration cancelled"),
        ]
        assert [e.description for e in request.events.all()] == [
            message("Request to take part sent"),
            message("Request refused"),
        ]


def test_a_french_edition_takes_the_name_of_the_french_trajectory(editions):
    edition, french = editions

    assert EditionPage.objects.get(pk=french.pk).booking_title == EDITION_NAME_FR
    assert edition.booking_title == EDITION_NAME
