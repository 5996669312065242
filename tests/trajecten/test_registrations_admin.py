"""Editors see, filter, search and export registrations, act on them
through the rules, and find upcoming sessions on the admin home."""

import io

import openpyxl
import pytest

from tests.factories.accounts import MemberFactory
from tests.factories.offer import SessionFactory, make_training
from trajecten.models import Registration, RegistrationStatus
from trajecten.registrations import InvoiceDetails, register_for_session

pytestmark = pytest.mark.django_db

INVOICE = InvoiceDetails(
    organisation="OCMW Gent",
    address="Onderbergen 86, 9000 Gent",
    reference="PO-77",
    vat_number="BE0212345678",
)


@pytest.fixture
def registrations(offer_index):
    index, _ = offer_index
    training = make_training(index, sessions=0)
    session = SessionFactory(page=training, capacity=1)
    confirmed = register_for_session(
        user=MemberFactory(first_name="Sofie", last_name="Peeters"),
        session=session,
        invoice=INVOICE,
    )
    waiting = register_for_session(
        user=MemberFactory(first_name="Jozef", last_name="Wuyts"), session=session, invoice=INVOICE
    )
    outsider = MemberFactory(
        first_name="Lea",
        last_name="Dubois",
        profile__is_ocmw_employee=False,
        profile__organisation_kind="non_profit",
    )
    pending = register_for_session(
        user=outsider,
        session=SessionFactory(page=training),
        invoice=INVOICE,
        motivation="m",
        tie_to_ocmw="t",
    )
    return confirmed, waiting, pending


def test_editor_filters_and_searches_registrations(client, editor, registrations):
    client.force_login(editor)

    pending = client.get("/admin/registration/", {"status": "pending"}).content.decode()
    searched = client.get("/admin/registration/", {"q": "Wuyts"}).content.decode()

    assert "Dubois" in pending and "Peeters" not in pending
    assert "Wuyts" in searched and "Peeters" not in searched


def test_editor_exports_registrations_with_the_invoice_fields(client, editor, registrations):
    client.force_login(editor)

    csv = client.get("/admin/registration/", {"export": "csv"})
    xlsx = client.get("/admin/registration/", {"export": "xlsx"})

    text = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
    assert "PO-77" in text and "BE0212345678" in text and "Onderbergen 86" in text
    workbook = b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content
    rows = list(openpyxl.load_workbook(io.BytesIO(workbook)).active.values)
    assert len(rows) == 4  # the headings and three registrations
    assert "BE0212345678" in [str(cell) for row in rows for cell in row]


def test_editor_approves_and_cancels_through_the_registration_page(client, editor, registrations):
    confirmed, waiting, pending = registrations
    client.force_login(editor)

    assert client.get(f"/admin/registration/edit/{pending.pk}/").status_code == 200
    client.post(f"/admin/registration/edit/{pending.pk}/", {"action": "approve", "remember": "on"})
    client.post(f"/admin/registration/edit/{confirmed.pk}/", {"action": "cancel"})

    pending.refresh_from_db()
    waiting.refresh_from_db()
    assert pending.status == RegistrationStatus.CONFIRMED
    assert pending.user.profile.is_approved_participant
    assert waiting.status == RegistrationStatus.CONFIRMED  # promoted when the seat freed


def test_an_unknown_action_changes_nothing(client, editor, registrations):
    confirmed, _waiting, _pending = registrations
    client.force_login(editor)

    response = client.post(
        f"/admin/registration/edit/{confirmed.pk}/", {"action": "delete_everything"}
    )

    assert response.status_code == 302
    confirmed.refresh_from_db()
    assert confirmed.status == RegistrationStatus.CONFIRMED


def test_members_do_not_reach_the_registrations_admin(client, registrations):
    confirmed, _waiting, _pending = registrations
    client.force_login(confirmed.user)

    for url in ["/admin/registration/", f"/admin/registration/edit/{confirmed.pk}/"]:
        response = client.get(url)
        assert response.status_code in (302, 403)
    client.post(f"/admin/registration/edit/{confirmed.pk}/", {"action": "cancel"})
    assert Registration.objects.get(pk=confirmed.pk).status == RegistrationStatus.CONFIRMED


def test_admin_home_shows_seats_taken_and_pending_approvals(client, editor, registrations):
    client.force_login(editor)

    html = client.get("/admin/").content.decode()

    assert "upcoming-sessions-heading" in html
    assert "1 / 1" in html


def test_an_editor_of_wagtails_editors_group_manages_registrations_and_assignments(
    client, registrations
):
    from django.contrib.auth.models import Group

    from tests.factories.accounts import UserFactory

    confirmed, _waiting, _pending = registrations
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    assert client.get("/admin/registration/").status_code == 200
    assert client.get(f"/admin/registration/edit/{confirmed.pk}/").status_code == 200
    assert client.get("/admin/assignments/").status_code == 200
