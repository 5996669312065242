"""Attendance certificates: a member downloads one once their attendance
meets the rule, in their language; anyone checks its code at a public
address; editors issue one by hand and revoke one."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from home.taxonomy import Theme
from tests.factories.accounts import MemberFactory
from tests.factories.offer import SessionFactory, brussels, make_training, make_trajectory
from tests.factories.pages import locale, translate_page
from tests.trajecten.test_sign_in_sheet import embedded_fonts
from trajecten import certificates
from trajecten.models import Certificate
from trajecten.registrations import (
    InvoiceDetails,
    RegistrationError,
    mark_attendance,
    register_for_edition,
    register_for_session,
    sessions_of,
)

pytestmark = pytest.mark.django_db

INVOICE = InvoiceDetails(organisation="OCMW Gent", address="Onderbergen 86, 9000 Gent")


def url(name, language, *args):
    with translation.override(language):
        return reverse(name, args=args)


def text_of(response):
    assert response["Content-Type"] == "application/pdf"
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def mark(registration, session, editor, attendance="present"):
    mark_attendance(registration=registration, session=session, by=editor, attendance=attendance)


@pytest.fixture
def session(offer_index):
    """Tuesday 1 June 2027, 9.30 to 12.30, a training tagged "Migratie"."""
    index, _index_fr = offer_index
    theme = Theme.objects.create(locale=locale("nl"), name="Migratie", slug="migratie")
    training = make_training(index, sessions=0, themes=[theme])
    translate_page(training, "fr", title="Formation de base migration", slug="formation-de-base")
    return SessionFactory(
        page=training, starts_at=brussels(2027, 6, 1, 9, 30), ends_at=brussels(2027, 6, 1, 12, 30)
    )


@pytest.fixture
def sofie(session):
    user = MemberFactory(
        first_name="Sofie",
        last_name="Peeters",
        email="sofie@example.org",
        profile__organisation_name="OCMW Mechelen",
    )
    return register_for_session(user=user, session=session, invoice=INVOICE)


@pytest.fixture
def edition(offer_index):
    """Three modules of one session each."""
    index, _ = offer_index
    _trajectory, edition = make_trajectory(index, modules=3)
    return edition


def on_edition(edition):
    registration = register_for_edition(user=MemberFactory(), edition=edition, invoice=INVOICE)
    return registration, certificates.services.sessions_of(registration)


def test_a_session_certificate_needs_the_member_marked_present(sofie, session, editor):
    with pytest.raises(RegistrationError):
        certificates.certificate_for(sofie)
    mark(sofie, session, editor, "absent")
    assert not certificates.may_download(sofie)

    mark(sofie, session, editor, "present")
    certificate = certificates.certificate_for(sofie)

    assert certificate.hours == Decimal("3.00") and certificate.issued_by is None
    assert certificates.certificate_for(sofie) == certificate  # downloaded again: same code
    assert len(certificate.code) == 12 and Certificate.objects.count() == 1


def test_an_edition_needs_every_session_unless_the_editors_allow_missing(edition, editor):
    registration, sessions = on_edition(edition)
    for session in sessions[:2]:
        mark(registration, session, editor)

    assert not certificates.may_download(registration)  # all three asked
    edition.sessions_may_miss = 1
    edition.save()
    registration.refresh_from_db()
    assert certificates.may_download(registration)
    certificate = certificates.certificate_for(registration)
    assert certificate.session is None
    assert certificate.hours == sum(
        Decimal((s.ends_at - s.starts_at).total_seconds()) / 3600 for s in sessions[:2]
    )


def test_an_edition_with_every_session_attended(edition, editor):
    registration, sessions = on_edition(edition)
    for session in sessions:
        mark(registration, session, editor)

    assert certificates.certificate_for(registration).session is None


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("nl", ["Basisopleiding migratie", "dinsdag 1 juni 2027"]),
        ("fr", ["Formation de base migration", "mardi 1er juin 2027"]),
    ],
)
def test_the_pdf_in_the_members_language(client, sofie, session, editor, language, words):
    mark(sofie, session, editor)
    client.force_login(sofie.user)

    response = client.get(url("certificate_download", language, sofie.pk))

    text = text_of(response)
    assert embedded_fonts(PdfReader(io.BytesIO(response.content)))
    code = Certificate.objects.get().code
    assert "Sofie Peeters" in text and code in text and "3" in text
    assert all(word in text for word in words)
    if language == "nl":
        assert "Migratie" in text
    assert url("certificate_check", language, code) in "".join(text.split())


def test_the_member_page_links_the_download_once_the_rule_is_met(client, sofie, session, editor):
    client.force_login(sofie.user)
    page = url("registration_detail", "nl", sofie.pk)
    link = url("certificate_download", "nl", sofie.pk)
    assert link not in client.get(page).content.decode()

    mark(sofie, session, editor)

    assert link in client.get(page).content.decode()


def test_nobody_else_downloads_a_members_certificate(client, sofie, session, editor):
    mark(sofie, session, editor)
    client.force_login(MemberFactory())

    assert client.get(url("certificate_download", "nl", sofie.pk)).status_code == 404
    assert not Certificate.objects.exists()


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_the_public_page_says_genuine_and_nothing_personal_beyond(
    client, sofie, session, editor, language
):
    mark(sofie, session, editor)
    certificate = certificates.certificate_for(sofie)

    html = client.get(url("certificate_check", language, certificate.code)).content.decode()

    assert "Sofie Peeters" in html and certificate.code in html and "badge--success" in html
    assert "sofie@example.org" not in html and "OCMW Mechelen" not in html


def test_a_revoked_certificate_says_so_at_once(client, sofie, session, editor):
    mark(sofie, session, editor)
    certificate = certificates.certificate_for(sofie)
    address = url("certificate_check", "nl", certificate.code)
    assert "badge--success" in client.get(address).content.decode()

    certificates.revoke(certificate, editor, "Attendance list was wrong")

    html = client.get(address).content.decode()
    assert "badge--danger" in html and "Attendance list was wrong" in html
    assert "badge--success" not in html


@pytest.mark.parametrize("code", ["ABCDEFGHJKMN", "abc", "0OIL0OIL0OIL", "x" * 200])
def test_an_unknown_or_malformed_code_is_a_plain_404(client, code):
    assert client.get(url("certificate_check", "nl", code)).status_code == 404


def test_an_editor_issues_by_hand_whatever_the_marks(sofie, editor):
    certificate = certificates.issue_by_hand(sofie, editor)

    # No marks: the editor vouches for the sessions held, with their hours.
    held = sessions_of(sofie)
    assert certificate.issued_by == editor
    assert certificate.hours == sum(
        (s.ends_at - s.starts_at for s in held), timedelta()
    ) / timedelta(hours=1)
    assert certificates.certificate_for(sofie) == certificate
    with pytest.raises(RegistrationError):
        certificates.revoke(certificate, editor, "  ")


def test_an_editor_issues_and_revokes_from_the_registrations_page(client, sofie, editor):
    client.force_login(editor)
    page = reverse("registration:edit", args=[sofie.pk])

    client.post(page, {"action": "issue_certificate"})
    certificate = Certificate.objects.get()
    assert certificate.code in client.get(page).content.decode()
    client.post(page, {"action": "revoke_certificate", "reason": "Wrong person"})

    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_by == editor
    assert certificate.revocation_reason == "Wrong person"


def test_a_member_cannot_issue_nor_revoke(client, sofie):
    client.force_login(sofie.user)

    response = client.post(
        reverse("registration:edit", args=[sofie.pk]), {"action": "issue_certificate"}
    )

    assert response.status_code in (302, 403) and not Certificate.objects.exists()


def test_a_revoked_certificate_is_no_longer_downloaded_and_the_history_says_so(
    client, sofie, editor
):
    certificate = certificates.issue_by_hand(sofie, editor)
    certificates.revoke(certificate, editor, "Wrong person")
    client.force_login(sofie.user)

    page = client.get(url("registration_detail", "nl", sofie.pk)).content.decode()
    response = client.get(url("certificate_download", "nl", sofie.pk), follow=True)

    assert url("certificate_download", "nl", sofie.pk) not in page
    assert response["Content-Type"].startswith("text/html")
    with translation.override("nl"):
        assert [e.description for e in sofie.events.all()][-2:] == [
            translation.gettext("Certificate issued"),
            translation.gettext("Certificate revoked"),
        ]
