"""A member reads the history of a registration in their language and in
the portal's words, never the English notes the services record; editors
read the same lines in the admin."""

import re
from datetime import datetime
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from home.templatetags.formatting import moment
from tests.factories.accounts import MemberFactory
from tests.factories.offer import SessionFactory, make_training
from trajecten import registrations
from trajecten.models import Attendance, RegistrationEvent

pytestmark = pytest.mark.django_db

# The notes as the services store them.
ENGLISH_NOTES = [
    "attendance: present",
    "seat offered to",
    "final assignment, version",
    "final assignment: accepted",
    "final assignment: extension",
]


@pytest.fixture
def registration(offer_index, editor):
    index, _ = offer_index
    training = make_training(index, sessions=0)
    session = SessionFactory(page=training)
    member = MemberFactory()
    invoice = registrations.InvoiceDetails(
        organisation="OCMW Gent", address="Onderbergen 86\n9000 Gent"
    )
    registration = registrations.register_for_session(user=member, session=session, invoice=invoice)
    registrations.mark_attendance(
        registration=registration, session=session, by=editor, attendance=Attendance.PRESENT
    )
    registrations.invite_substitute(
        registration=registration, by=member, email="collega@example.org"
    )
    # Notes the assignment services write (a trajectory's registration), as stored.
    for note in [
        "final assignment, version 2",
        "final assignment: accepted",
        "final assignment: extension until 2027-05-31 23:59",
    ]:
        RegistrationEvent.objects.create(
            registration=registration,
            actor=editor,
            from_status=registration.status,
            to_status=registration.status,
            note=note,
        )
    return registration


def history(client, registration, language):
    with translation.override(language):
        url = reverse("registration_detail", args=[registration.pk])
    html = client.get(url).content.decode()
    section = html.split('id="history-heading"', 1)[1].split("</section>", 1)[0]
    return [
        unescape(re.sub(r"<[^>]+>", "", item)).split(" — ", 1)[1]
        for item in re.findall(r"<li>(.*?)</li>", section, re.S)
    ]


def expected(language, msgid, **values):
    with translation.override(language):
        return translation.gettext(msgid) % values if values else translation.gettext(msgid)


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_the_member_reads_what_happened_in_the_portals_words(client, registration, language):
    client.force_login(registration.user)

    lines = history(client, registration, language)

    until = timezone.make_aware(datetime(2027, 5, 31, 23, 59))
    with translation.override(language):
        until = moment(until)
        accepted = translation.gettext("Accepted")
    assert lines == [
        expected(language, "Registration confirmed"),
        expected(language, "Marked present"),
        expected(language, "Seat offered to %(email)s", email="collega@example.org"),
        expected(language, "Final assignment handed in (version %(number)s)", number="2"),
        expected(language, "Final assignment: %(status)s", status=accepted),
        expected(
            language, "Deadline of the final assignment extended until %(moment)s", moment=until
        ),
    ]
    for line in lines:
        assert not any(note in line for note in ENGLISH_NOTES)
    # Needs the catalogue merged: the lines in the member's language.
    assert lines[1] == {"nl": "Aanwezig gemeld", "fr": "Présence notée"}[language]


def test_editors_read_the_same_lines_in_the_admin(client, registration, editor):
    client.force_login(editor)
    url = reverse("registration:edit", args=[registration.pk])
    html = unescape(client.get(url).content.decode())

    assert expected("nl", "Seat offered to %(email)s", email="collega@example.org") in html
    assert "attendance: present" not in html and "seat offered to" not in html
