"""Editors see, filter, search and export registrations, act on them
through the rules, and find upcoming sessions on the admin home."""

import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.accounts import MemberFactory
from tests.factories.offer import SessionFactory, make_training, make_trajectory
from tests.factories.organisations import enterprise_number
from trajecten.models import Registration, RegistrationStatus
from trajecten.registrations import InvoiceDetails, register_for_edition, register_for_session

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
    # The VAT number of the member's organisation (the factory's OCMW Gent).
    vat_number = f"BE{enterprise_number(0)}"
    assert "PO-77" in text and vat_number in text and "Onderbergen 86" in text
    workbook = b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content
    rows = list(openpyxl.load_workbook(io.BytesIO(workbook)).active.values)
    assert len(rows) == 4  # the headings and three registrations
    assert vat_number in [str(cell) for row in rows for cell in row]


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
    assert waiting.has_open_offer  # the freed seat is offered to the first in line


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


def test_each_row_of_the_listing_leads_to_its_registration_page(client, editor, registrations):
    client.force_login(editor)

    html = client.get("/admin/registration/").content.decode()

    for registration in registrations:
        assert re.search(
            rf'<a href="/admin/registration/edit/{registration.pk}/"[^>]*>\s*'
            rf'<span id="registration_{registration.pk}_title">{registration.user}</span>',
            html,
        )


def many_registrations(offer_index, count):
    """`count` registrations of a training, a network meeting and an edition:
    each kind of offer finds its title in its own way."""
    from tests.factories.accounts import UserFactory
    from tests.factories.offer import make_network, make_trajectory

    index, _ = offer_index
    sessions = [
        SessionFactory(page=make_training(index, sessions=0, slug=f"t{count}")),
        make_network(index, slug=f"n{count}")[1].sessions.get(),
    ]
    edition = make_trajectory(index, slug=f"v{count}")[1]
    offers = [{"session": s} for s in sessions] + [{"edition": edition}]
    for number in range(count):
        Registration.objects.create(
            user=UserFactory(),
            status=RegistrationStatus.CONFIRMED,
            **offers[number % len(offers)],
        )


def test_the_listing_reads_a_page_of_many_registrations_in_a_fixed_number_of_queries(
    client, editor, offer_index, django_assert_max_num_queries
):
    client.force_login(editor)
    many_registrations(offer_index, 3)
    with CaptureQueriesContext(connection) as three:
        client.get("/admin/registration/")
    many_registrations(offer_index, 60)

    with django_assert_max_num_queries(len(three) + 4):  # three offers more to read
        html = client.get("/admin/registration/").content.decode()

    assert html.count("/admin/registration/edit/") >= 20  # a full page
    assert "Leernetwerk zonder wettig verblijf — Dringende medische hulp" in html
    assert "Vormingstraject integratie — editie 2027-2028" in html


def test_the_dashboard_leads_to_the_registrations_that_need_work(client, editor, registrations):
    confirmed, waiting, pending = registrations
    client.force_login(editor)

    html = client.get("/admin/").content.decode()

    full = confirmed.session.pk
    assert re.search(rf'<a href="/admin/registration/edit/{pending.pk}/">Lea Dubois</a>', html)
    assert f'href="/admin/registration/?session={full}&amp;status=confirmed">1 / 1</a>' in html
    assert f'href="/admin/registration/?session={full}&amp;status=waitlisted">1</a>' in html
    waiting_list = client.get(
        "/admin/registration/", {"session": full, "status": "waitlisted"}
    ).content.decode()
    assert "Wuyts" in waiting_list and "Peeters" not in waiting_list


def test_the_dashboard_counts_a_modules_session_by_its_editions_seats(client, editor, offer_index):
    _trajectory, edition = make_trajectory(offer_index[0])
    for member in MemberFactory.create_batch(2):
        register_for_edition(user=member, edition=edition, invoice=INVOICE)
    client.force_login(editor)

    html = client.get("/admin/").content.decode()

    # Each of the edition's sessions shows the edition's seats, not 0.
    assert (
        html.count(
            f'href="/admin/registration/?edition={edition.pk}&amp;status=confirmed">2 / 20</a>'
        )
        == 3
    )


def test_an_editor_approves_a_pending_request_from_the_dashboard_in_two_clicks(
    client, editor, registrations
):
    _confirmed, _waiting, pending = registrations
    client.force_login(editor)
    dashboard = client.get("/admin/").content.decode()

    page_url = re.search(rf'href="(/admin/registration/edit/{pending.pk}/)"', dashboard)[1]
    page = client.get(page_url).content.decode()
    assert 'value="approve"' in page
    client.post(page_url, {"action": "approve"})

    pending.refresh_from_db()
    assert pending.status == RegistrationStatus.CONFIRMED


# At scale: an export streams, a page of the listing and the dashboard stay
# a fixed number of queries (bench/admin_registrations.py times them).


def exported(client, export_format, **filters):
    response = client.get("/admin/registration/", {**filters, "export": export_format})
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def csv_rows(content):
    import csv

    return list(csv.reader(io.StringIO(content.decode())))


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_an_export_is_sent_as_it_is_written(
    client, editor, offer_index, export_format, django_assert_max_num_queries
):
    client.force_login(editor)
    many_registrations(offer_index, 3)
    with CaptureQueriesContext(connection) as three:
        exported(client, export_format)
    many_registrations(offer_index, 30)

    # Three offers more to read their titles; nothing more for each row.
    with django_assert_max_num_queries(len(three) + 4):
        response, content = exported(client, export_format)

    assert response.streaming
    if export_format == "csv":
        rows = csv_rows(content)
    else:
        rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.values)
    assert len(rows) == 1 + 33
    titles = {row[5] for row in rows[1:]}
    assert "Vormingstraject integratie — editie 2027-2028" in titles
    assert "Leernetwerk zonder wettig verblijf — Dringende medische hulp" in titles


def test_an_export_of_more_rows_than_a_chunk_has_each_once(
    client, editor, offer_index, monkeypatch
):
    from trajecten.admin_listing import ExportedRegistrations

    monkeypatch.setattr(ExportedRegistrations, "chunk_size", 4)
    many_registrations(offer_index, 10)
    client.force_login(editor)

    _response, content = exported(client, "csv")

    emails = [row[2] for row in csv_rows(content)[1:]]
    assert len(emails) == len(set(emails)) == 10
    assert all(row[5] for row in csv_rows(content)[1:])  # every row has its offer's title


def test_an_export_keeps_the_listings_filter(client, editor, registrations):
    client.force_login(editor)

    _response, content = exported(client, "csv", status="pending")

    rows = csv_rows(content)
    assert [row[1] for row in rows[1:]] == ["Dubois"]


@pytest.mark.parametrize(
    ("language", "headings"),
    [("nl", ["Voornaam", "Te betalen"]), ("fr", ["Prénom", "Montant dû"])],
)
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_an_export_has_the_headings_in_the_editors_language(
    client, editor, registrations, language, headings, export_format
):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = language
    profile.save()
    client.force_login(editor)

    _response, content = exported(client, export_format)

    if export_format == "csv":
        first = csv_rows(content)[0]
    else:
        first = next(openpyxl.load_workbook(io.BytesIO(content)).active.values)
    assert first[0] == headings[0] and headings[1] in first


def test_a_filtered_listing_reads_many_registrations_in_a_fixed_number_of_queries(
    client, editor, offer_index, django_assert_max_num_queries
):
    client.force_login(editor)
    many_registrations(offer_index, 3)
    with CaptureQueriesContext(connection) as three:
        client.get("/admin/registration/", {"status": "confirmed"})
    many_registrations(offer_index, 60)

    with django_assert_max_num_queries(len(three) + 4):  # three offers more to read
        html = client.get("/admin/registration/", {"status": "confirmed"}).content.decode()

    assert html.count("/admin/registration/edit/") >= 20  # a full page


def test_the_dashboard_reads_many_registrations_in_a_fixed_number_of_queries(
    client, editor, offer_index, django_assert_max_num_queries
):
    client.force_login(editor)
    many_registrations(offer_index, 3)
    with CaptureQueriesContext(connection) as three:
        client.get("/admin/")
    many_registrations(offer_index, 30)

    with django_assert_max_num_queries(len(three)):
        response = client.get("/admin/")

    assert response.status_code == 200
