"""The member's learning record: what they attended, hours per calendar
year and per theme, certificates; on a page, as a PDF and as a CSV for an
employer, in the member's language, and nobody else's."""

import csv
import io
from decimal import Decimal
from unicodedata import normalize

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from home.taxonomy import Theme
from tests.factories.accounts import MemberFactory
from tests.factories.offer import SessionFactory, brussels, make_training, make_trajectory
from tests.factories.pages import locale, translate_page
from trajecten import certificates
from trajecten.learning_record import learning_record
from trajecten.models import Certificate, Session, SessionStatus
from trajecten.registrations import (
    InvoiceDetails,
    mark_attendance,
    register_for_edition,
    register_for_session,
    sessions_of,
)

pytestmark = pytest.mark.django_db

INVOICE = InvoiceDetails(organisation="OCMW Gent", address="Onderbergen 86, 9000 Gent")


def url(name, language="nl"):
    with translation.override(language):
        return reverse(name)


def theme(name, slug, fr=None):
    dutch = Theme.objects.create(locale=locale("nl"), name=name, slug=slug)
    if fr:
        Theme.objects.create(
            locale=locale("fr"), name=fr, slug=slug, translation_key=dutch.translation_key
        )
    return dutch


@pytest.fixture
def themes():
    return theme("Migratie", "migratie", "Migration"), theme("Armoede", "armoede", "Pauvreté")


@pytest.fixture
def sofie():
    return MemberFactory(
        first_name="Sofie", last_name="Peeters", profile__organisation_name="OCMW Mechelen"
    )


@pytest.fixture
def training(offer_index, themes):
    """Tagged with both themes; translated into French."""
    index, _ = offer_index
    page = make_training(index, sessions=0, themes=list(themes))
    translate_page(page, "fr", title="Formation de base migration", slug="formation-de-base")
    return page


def session_on(page, *moment, hours=3):
    start = brussels(*moment)
    return SessionFactory(
        page=page, starts_at=start, ends_at=start.replace(hour=start.hour + hours)
    )


def attended(user, session, editor, attendance="present"):
    registration = register_for_session(user=user, session=session, invoice=INVOICE)
    mark_attendance(registration=registration, session=session, by=editor, attendance=attendance)
    return registration


@pytest.fixture
def edition_over_new_year(offer_index, themes):
    """Two modules: 20 December 2027, 9.30–12.30, and 10 January 2028, 9.30–13.30."""
    index, _ = offer_index
    trajectory, edition = make_trajectory(index, modules=2, slug="traject")
    trajectory.themes = [themes[1]]
    trajectory.save_revision().publish()
    first, second = Session.objects.filter(page__path__startswith=edition.path).order_by(
        "starts_at"
    )
    first.starts_at, first.ends_at = brussels(2027, 12, 20, 9, 30), brussels(2027, 12, 20, 12, 30)
    second.starts_at, second.ends_at = brussels(2028, 1, 10, 9, 30), brussels(2028, 1, 10, 13, 30)
    first.save()
    second.save()
    return edition


def test_hours_are_counted_in_the_calendar_year_of_each_session(
    sofie, edition_over_new_year, editor
):
    registration = register_for_edition(user=sofie, edition=edition_over_new_year, invoice=INVOICE)
    for session in sessions_of(registration):
        mark_attendance(registration=registration, session=session, by=editor, attendance="present")

    record = learning_record(sofie)

    assert record.hours_per_year == [(2028, Decimal("4.00")), (2027, Decimal("3.00"))]
    assert record.total_hours == Decimal("7.00")
    [entry] = record.entries
    assert entry.title == "Vormingstraject integratie — editie 2027-2028"
    assert entry.themes == ["Armoede"] and entry.may_download


def test_an_entry_counts_for_each_of_its_themes(sofie, training, edition_over_new_year, editor):
    attended(sofie, session_on(training, 2027, 6, 1, 9, 30), editor)
    registration = register_for_edition(user=sofie, edition=edition_over_new_year, invoice=INVOICE)
    first = sessions_of(registration)[0]
    mark_attendance(registration=registration, session=first, by=editor, attendance="present")

    record = learning_record(sofie)

    # The training (3 h) has both themes; the edition (3 h of 7 attended) only Armoede.
    assert record.hours_per_theme == [("Armoede", Decimal("6.00")), ("Migratie", Decimal("3.00"))]
    assert record.total_hours == Decimal("6.00")


def test_absent_and_cancelled_sessions_are_not_counted(sofie, training, editor):
    attended(sofie, session_on(training, 2027, 6, 1, 9, 30), editor, "absent")
    cancelled = session_on(training, 2027, 6, 8, 9, 30)
    attended(sofie, cancelled, editor)
    Session.objects.filter(pk=cancelled.pk).update(status=SessionStatus.CANCELLED)
    kept = attended(sofie, session_on(training, 2027, 6, 15, 9, 30, hours=2), editor)

    record = learning_record(sofie)

    assert [entry.registration for entry in record.entries] == [kept]
    assert record.total_hours == Decimal("2.00")


def test_another_members_record_is_empty(client, sofie, training, editor):
    attended(sofie, session_on(training, 2027, 6, 1, 9, 30), editor)
    other = MemberFactory()
    client.force_login(other)

    html = client.get(url("learning_record")).content.decode()

    assert learning_record(other).entries == []
    assert "Basisopleiding migratie" not in html
    assert url("learning_record_pdf") not in html


def test_the_page_in_each_language_with_the_certificate_link(client, sofie, training, editor):
    registration = attended(sofie, session_on(training, 2027, 6, 1, 9, 30), editor)
    client.force_login(sofie)

    dutch = client.get(url("learning_record", "nl")).content.decode()
    french = client.get(url("learning_record", "fr")).content.decode()

    assert "Basisopleiding migratie" in dutch and "Migratie" in dutch
    assert "Formation de base migration" in french and "Pauvreté" in french
    with translation.override("nl"):
        assert reverse("certificate_download", args=[registration.pk]) in dutch


def test_the_empty_record_leads_to_the_offer(client, member, offer_index):
    client.force_login(member)

    response = client.get(url("learning_record"))

    assert response.status_code == 200
    assert offer_index[0].url in response.content.decode()
    assert url("learning_record_pdf") not in response.content.decode()


@pytest.mark.parametrize("name", ["learning_record", "learning_record_pdf", "learning_record_csv"])
def test_the_record_needs_a_log_in(client, name):
    response = client.get(url(name))

    assert response.status_code == 302 and "next=" in response["Location"]


def pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "nl",
            [
                "Opleiding",
                "Thema's",
                "Basisopleiding migratie",
                "Armoede, Migratie",
                "1/6/2027",
                "Uitgereikt op",
            ],
        ),
        (
            "fr",
            [
                "Formation",
                "Thèmes",
                "Formation de base migration",
                "Migration, Pauvreté",
                "1/6/2027",
                "Délivrée le",
            ],
        ),
    ],
)
def test_the_pdf_in_the_members_language(client, sofie, training, editor, language, words):
    attended(sofie, session_on(training, 2027, 6, 1, 9, 30), editor)
    client.force_login(sofie)

    text = " ".join(pdf_text(client.get(url("learning_record_pdf", language))).split())

    code = Certificate.objects.get().code  # issued for the record, to be checked
    assert "Sofie Peeters" in text and "OCMW Mechelen" in text and code in text
    assert all(normalize("NFC", word) in normalize("NFC", text) for word in words), text
    with translation.override(language):
        check = reverse("certificate_check", args=[code])
    assert check in text.replace(" ", "")


@pytest.mark.parametrize(
    ("language", "header"),
    [
        ("nl", ["Opleiding", "Bijgewoonde uren", "Thema's", "Verificatiecode"]),
        ("fr", ["Formation", "Heures suivies", "Thèmes", "Code de vérification"]),
    ],
)
def test_the_csv_opens_in_excel_with_a_row_per_entry(
    client, sofie, training, edition_over_new_year, editor, language, header
):
    attended(sofie, session_on(training, 2027, 6, 1, 9, 30), editor)
    client.force_login(sofie)

    response = client.get(url("learning_record_csv", language))

    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2 and rows[0][2:6] == header
    first, last, title, hours, themes, code, check = rows[1]
    assert (first, last, hours) == ("2027-06-01", "2027-06-01", "3,00")
    assert code == Certificate.objects.get().code and code in check
    if language == "fr":
        assert title == "Formation de base migration" and themes == "Migration, Pauvreté"


def records_of(count, index, editor, prefix):
    """A member with `count` attended registrations, on as many trainings."""
    user = MemberFactory()
    for number in range(count):
        page = make_training(
            index, sessions=0, slug=f"{prefix}-{number}", title=f"Opleiding {number}"
        )
        attended(user, session_on(page, 2027, 6, 1 + number % 28, 9, 30), editor)
    return user


def test_the_record_is_read_in_the_same_queries_however_long(client, offer_index, editor):
    index, _ = offer_index
    few, many = records_of(3, index, editor, "a"), records_of(15, index, editor, "b")
    counts = []
    for user in (few, many):
        client.force_login(user)
        client.get(url("learning_record"))  # the site, locales and settings cached once
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("learning_record")).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_a_revoked_certificate_is_neither_linked_nor_named(client, sofie, training, editor):
    registration = attended(sofie, session_on(training, 2027, 6, 1, 9, 30), editor)
    certificate = certificates.certificate_for(registration)
    certificates.revoke(certificate, editor, "Attendance list was wrong")
    client.force_login(sofie)

    html = client.get(url("learning_record")).content.decode()
    rows = client.get(url("learning_record_csv")).content.decode("utf-8-sig").splitlines()

    with translation.override("nl"):
        assert reverse("certificate_download", args=[registration.pk]) not in html
    assert certificate.code not in html and certificate.code not in rows[1]
    assert "Basisopleiding migratie" in html  # the hours attended still count
