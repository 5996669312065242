"""Editors see the participants of a session or of a whole edition on one
page: who has a seat (with what they pay, eat and where the invoice goes),
the waiting list in order, the requests; they mark attendance at each
session, at the door, and the marks of one session never touch another's."""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from home.templatetags.formatting import day
from tests.factories.accounts import EditorFactory, MemberFactory, UserFactory
from tests.factories.offer import SessionFactory, make_training, make_trajectory
from trajecten import registrations
from trajecten.member_data import export
from trajecten.models import (
    Attendance,
    Registration,
    RegistrationEvent,
    RegistrationStatus,
    Session,
    SessionAttendance,
)

pytestmark = pytest.mark.django_db


def dutch(msgid, **values):
    """What the Dutch admin says (the msgid itself until the catalogue has it)."""
    with translation.override("nl"):
        text = translation.gettext(msgid)
    return text % values if values else text


def text_of(response):
    return unescape(re.sub(r"\s+", " ", response.content.decode()))


def seat(offer, status=RegistrationStatus.CONFIRMED, **fields):
    """A registration of a new member for `offer` (a session or an edition)."""
    member = fields.pop("member", None) or MemberFactory()
    key = "edition" if hasattr(offer, "registration_opens") else "session"
    return Registration.objects.create(user=member, status=status, **{key: offer}, **fields)


@pytest.fixture
def training_session(offer_index):
    index, _ = offer_index
    return SessionFactory(page=make_training(index, sessions=0), capacity=2)


@pytest.fixture
def edition(offer_index):
    """An edition of three modules, a session each."""
    index, _ = offer_index
    return make_trajectory(index, modules=3)[1]


def sessions_of(edition):
    return list(Session.objects.filter(page__path__startswith=edition.path).order_by("starts_at"))


def session_url(session):
    return f"/admin/sessions/{session.pk}/participants/"


def edition_url(edition):
    return f"/admin/editions/{edition.pk}/participants/"


def marks(registration):
    """{session id: attendance} of a registration."""
    return dict(registration.attendances.values_list("session_id", "attendance"))


# What the page shows --------------------------------------------------------------------


def test_a_sessions_page_shows_seats_waiting_list_and_requests(client, editor, training_session):
    sofie = MemberFactory(
        first_name="Sofie", last_name="Peeters", profile__organisation_name="OCMW Leuven"
    )
    seat(
        training_session,
        member=sofie,
        with_lunch=True,
        dietary_needs="Vegetarisch",
        price_due=Decimal("50"),
        billing_organisation="OCMW Leuven",
        billing_address="Andreas Vesaliusstraat 2, 3000 Leuven",
        billing_reference="PO-2027-14",
        vat_number="BE0212345678",
    )
    later = seat(
        training_session,
        RegistrationStatus.WAITLISTED,
        member=MemberFactory(first_name="Jozef", last_name="Wuyts"),
        waitlist_rank=2,
    )
    first = seat(
        training_session,
        RegistrationStatus.WAITLISTED,
        member=MemberFactory(first_name="An", last_name="Claes"),
        waitlist_rank=1,
    )
    request = seat(
        training_session,
        RegistrationStatus.PENDING,
        member=MemberFactory(first_name="Lea", last_name="Dubois"),
    )
    client.force_login(editor)

    html = text_of(client.get(session_url(training_session)))

    confirmed = html.split('id="confirmed-heading"', 1)[1].split("</section>", 1)[0]
    for shown in [
        "Sofie Peeters",
        sofie.email,
        "OCMW Leuven",
        dutch("with lunch"),
        "Vegetarisch",
        "€ 50",
        "Andreas Vesaliusstraat 2, 3000 Leuven",
        "PO-2027-14",
        "BE0212345678",
        dutch("Fee due: %(amount)s", amount="€ 50"),
        dutch("Dietary needs: %(needs)s", needs="Vegetarisch"),
    ]:
        assert shown in confirmed, shown
    waiting = html.split('id="waiting-heading"', 1)[1].split("</section>", 1)[0]
    # In line as they wait, 1 the first; the first cannot move up, the last not down.
    assert re.search(rf'registration-{first.pk}".*?>1</td>.*?An Claes', waiting)
    assert re.search(rf'registration-{later.pk}".*?>2</td>.*?Jozef Wuyts', waiting)
    assert len(re.findall(r'value="move_up"[^>]*disabled', waiting)) == 1
    assert len(re.findall(r'value="move_down"[^>]*disabled', waiting)) == 1
    assert re.search(rf'registration-{first.pk}".*?value="move_up"[^>]*disabled', waiting)
    pending = html.split('id="pending-heading"', 1)[1].split("</section>", 1)[0]
    assert f'href="/admin/registration/edit/{request.pk}/"' in pending and "Lea Dubois" in pending
    # The ways on: sign-in sheet, message, the listing and its export.
    assert f"/admin/sessions/{training_session.pk}/sign-in-sheet/?language=nl" in html
    assert f"/admin/messages/session/{training_session.pk}/" in html
    assert f"/admin/registration/?session={training_session.pk}" in html
    assert f"/admin/registration/?session={training_session.pk}&export=xlsx" in html


def test_a_page_without_anyone_says_so(client, editor, training_session):
    client.force_login(editor)

    html = text_of(client.get(session_url(training_session)))

    assert dutch("Nobody has a confirmed seat yet.") in html
    assert dutch("Nobody is on the waiting list.") in html
    assert dutch("No requests wait for approval.") in html


def test_an_editions_page_has_each_sessions_mark_and_one_sessions_buttons(client, editor, edition):
    """Every session's mark at a glance for each participant, and the buttons
    of one session: today's or the next by default, any other on asking."""
    participant = seat(edition, member=MemberFactory(first_name="Nora", last_name="Jacobs"))
    first, second, third = sessions_of(edition)
    SessionAttendance.objects.create(
        registration=participant, session=second, attendance=Attendance.ABSENT
    )
    client.force_login(editor)

    html = client.get(edition_url(edition)).content.decode()
    chosen = client.get(edition_url(edition), {"session": second.pk}).content.decode()

    def row(page):
        return page.split(f'id="registration-{participant.pk}"', 1)[1].split("</tr>", 1)[0]

    assert row(html).count('class="attendance-overview__mark') == 3
    assert "attendance-overview__mark--absent" in row(html)
    assert f'name="session" value="{first.pk}"' in row(html)
    assert f'name="session" value="{second.pk}"' in row(chosen)
    assert re.search(r'value="absent"[^>]*aria-pressed="true"', row(chosen))
    for session in (first, second, third):
        assert f"/admin/sessions/{session.pk}/participants/" in html
    assert f'href="?session={third.pk}#confirmed-heading"' in html
    assert f"/admin/messages/edition/{edition.pk}/" in html
    assert f"/admin/registration/?edition={edition.pk}" in html


# Attendance, per session -------------------------------------------------------------------


def test_attendance_at_each_session_of_an_edition_is_kept_on_its_own(client, editor, edition):
    participant = seat(edition, member=MemberFactory(first_name="Nora", last_name="Jacobs"))
    first, second, third = sessions_of(edition)
    client.force_login(editor)

    def mark(session, attendance):
        return client.post(
            edition_url(edition),
            {"action": attendance, "registration": participant.pk, "session": session.pk},
            follow=True,
        )

    mark(first, "present")
    mark(second, "absent")
    response = mark(first, "absent")

    assert marks(participant) == {first.pk: Attendance.ABSENT, second.pk: Attendance.ABSENT}
    mark(second, "present")
    assert marks(participant) == {first.pk: Attendance.ABSENT, second.pk: Attendance.PRESENT}
    assert third.pk not in marks(participant)
    # Back on the page (post, redirect, get), with what was done.
    assert response.redirect_chain[-1][0].startswith(f"{edition_url(edition)}?session={first.pk}")
    with translation.override("nl"):
        when = day(first.starts_at)
    assert dutch("%(name)s marked absent on %(day)s.", name="Nora Jacobs", day=when) in text_of(
        response
    )
    mark_row = SessionAttendance.objects.get(registration=participant, session=first)
    assert mark_row.marked_by == editor


def test_a_second_tap_changes_nothing_and_the_history_names_the_day(client, editor, edition):
    participant = seat(edition)
    first = sessions_of(edition)[0]
    client.force_login(editor)

    for _tap in range(2):
        client.post(
            edition_url(edition),
            {"action": "present", "registration": participant.pk, "session": first.pk},
        )

    notes = list(participant.events.values_list("note", flat=True))
    assert notes == [f"attendance: present, session {first.pk}"]
    with translation.override("nl"):
        expected = translation.gettext("Marked present on %(day)s") % {"day": day(first.starts_at)}
    assert participant.events.get().description == expected


def test_a_session_registration_is_marked_at_its_session(client, editor, training_session):
    participant = seat(training_session)
    client.force_login(editor)

    client.post(
        session_url(training_session), {"action": "present", "registration": participant.pk}
    )

    assert marks(participant) == {training_session.pk: Attendance.PRESENT}
    assert participant.events.get().note == "attendance: present"


def test_a_modules_session_page_marks_the_editions_participants_at_that_session(
    client, editor, edition
):
    participant = seat(edition)
    first, second, _third = sessions_of(edition)
    SessionAttendance.objects.create(
        registration=participant, session=second, attendance=Attendance.PRESENT
    )
    client.force_login(editor)

    html = client.get(session_url(first)).content.decode()
    client.post(session_url(first), {"action": "absent", "registration": participant.pk})

    assert f'href="/admin/editions/{edition.pk}/participants/"' in html
    assert f"/admin/registration/?edition={edition.pk}" in html
    assert marks(participant) == {first.pk: Attendance.ABSENT, second.pk: Attendance.PRESENT}


def test_only_confirmed_participants_get_an_attendance(client, editor, training_session):
    waiting = seat(
        training_session,
        RegistrationStatus.WAITLISTED,
        member=MemberFactory(first_name="Jozef", last_name="Wuyts"),
        waitlist_rank=1,
    )
    client.force_login(editor)

    response = client.post(
        session_url(training_session),
        {"action": "present", "registration": waiting.pk},
        follow=True,
    )

    assert "Jozef Wuyts: " + dutch("Only confirmed participants have an attendance.") in text_of(
        response
    )
    assert not SessionAttendance.objects.exists()
    assert not waiting.events.exists()


def test_a_session_of_another_offer_is_refused(client, editor, edition, training_session):
    participant = seat(edition, member=MemberFactory(first_name="Nora", last_name="Jacobs"))
    client.force_login(editor)

    response = client.post(
        edition_url(edition),
        {"action": "present", "registration": participant.pk, "session": training_session.pk},
        follow=True,
    )

    assert "Nora Jacobs: " + dutch(
        "This session is not one of the sessions of this registration."
    ) in text_of(response)
    assert not SessionAttendance.objects.exists()


def test_a_registration_of_another_offer_is_not_acted_on_here(
    client, editor, edition, training_session
):
    elsewhere = seat(training_session)
    client.force_login(editor)

    response = client.post(
        edition_url(edition),
        {"action": "present", "registration": elsewhere.pk, "session": training_session.pk},
        follow=True,
    )

    assert dutch("This action is not possible on this page.") in text_of(response)
    assert not SessionAttendance.objects.exists()


def test_a_cancelled_session_has_no_attendance(client, editor, edition):
    participant = seat(edition)
    cancelled = sessions_of(edition)[1]
    Session.objects.filter(pk=cancelled.pk).update(status="cancelled")
    client.force_login(editor)

    html = client.get(edition_url(edition)).content.decode()
    client.post(
        edition_url(edition),
        {"action": "present", "registration": participant.pk, "session": cancelled.pk},
    )

    assert f'name="session" value="{cancelled.pk}"' not in html
    assert not SessionAttendance.objects.exists()


def test_the_registration_page_marks_each_session_of_an_edition(client, editor, edition):
    participant = seat(edition)
    first, second, _third = sessions_of(edition)
    url = f"/admin/registration/edit/{participant.pk}/"
    client.force_login(editor)

    client.post(url, {"action": "present", "session": second.pk})
    refused = client.post(url, {"action": "absent", "session": "abc"}, follow=True)
    page = client.get(url).content.decode()

    assert marks(participant) == {second.pk: Attendance.PRESENT}
    assert dutch("This session is not one of the sessions of this registration.") in text_of(
        refused
    )
    assert page.count('name="action" value="present"') == 3
    assert f'name="session" value="{first.pk}"' in page


# The waiting list ---------------------------------------------------------------------------


def test_the_waiting_list_is_reordered_and_promoted_from_the_page(client, editor, training_session):
    seat(training_session)
    first = seat(training_session, RegistrationStatus.WAITLISTED, waitlist_rank=1)
    second = seat(training_session, RegistrationStatus.WAITLISTED, waitlist_rank=2)
    client.force_login(editor)

    client.post(session_url(training_session), {"action": "move_up", "registration": second.pk})
    client.post(session_url(training_session), {"action": "promote", "registration": second.pk})

    first.refresh_from_db()
    second.refresh_from_db()
    assert second.status == RegistrationStatus.CONFIRMED
    assert first.place_in_line() == 1


# Who may see and act -----------------------------------------------------------------------


def staff_with(*codenames):
    """An admin user whose group grants Wagtail's admin access and `codenames` only."""
    group = Group.objects.create(name="Onthaal " + "-".join(codenames))
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="trajecten", codename__in=codenames),
    )
    user = UserFactory(is_staff=True)
    user.groups.add(group)
    return user


def turned_away(client, response):
    """Wagtail's answer to an admin user without the permission (a
    PermissionDenied in an admin view): back to the admin home with its
    message, not a bare 403 page."""
    assert response.status_code == 302 and response.url == "/admin/"
    home = client.get(response.url).content.decode()
    return dutch_wagtail("Sorry, you do not have permission to access this area.") in home


def dutch_wagtail(msgid):
    with translation.override("nl"):
        return unescape(translation.gettext(msgid))


def test_an_editor_without_the_permission_is_turned_away(client, training_session, edition):
    participant = seat(training_session)
    client.force_login(staff_with())

    for url in [session_url(training_session), edition_url(edition)]:
        response = client.get(url)
        assert participant.user.email not in response.content.decode()
        assert turned_away(client, response)
    response = client.post(
        session_url(training_session), {"action": "present", "registration": participant.pk}
    )

    assert turned_away(client, response)
    assert not SessionAttendance.objects.exists()


def test_who_may_only_read_sees_the_marks_without_buttons(client, training_session):
    participant = seat(training_session)
    client.force_login(staff_with("view_registration"))

    html = client.get(session_url(training_session)).content.decode()
    response = client.post(
        session_url(training_session), {"action": "present", "registration": participant.pk}
    )

    assert f'id="registration-{participant.pk}"' in html and 'value="present"' not in html
    assert turned_away(client, response)
    assert not SessionAttendance.objects.exists()


def test_members_have_no_access(client, training_session, edition):
    participant = seat(training_session)
    client.force_login(participant.user)

    for url in [session_url(training_session), edition_url(edition)]:
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert participant.user.email not in response.content.decode()
    client.post(
        session_url(training_session), {"action": "present", "registration": participant.pk}
    )
    assert not SessionAttendance.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/sessions/{huge}/participants/",
        "/admin/editions/{huge}/participants/",
        "/admin/offer/{huge}/participants/",
        "/admin/sessions/abc/participants/",
        "/admin/editions/12x/participants/",
        "/admin/offer/-1/participants/",
    ],
)
def test_an_address_naming_no_record_is_404(client, editor, url):
    client.force_login(editor)

    # follow: a 404 outside the page tree is sent on to its Dutch address, also a 404.
    assert client.get(url.format(huge="9" * 40), follow=True).status_code == 404


@pytest.mark.parametrize("value", ["abc", "9" * 40, "", "-3"])
def test_a_button_naming_no_record_changes_nothing(client, editor, edition, value):
    participant = seat(edition)
    client.force_login(editor)

    for fields in (
        {"registration": value, "session": sessions_of(edition)[0].pk},
        {"registration": participant.pk, "session": value},
    ):
        response = client.post(edition_url(edition), {"action": "present", **fields})
        assert response.status_code == 302

    assert not SessionAttendance.objects.exists()


# Queries -----------------------------------------------------------------------------------


def test_the_page_reads_thirty_participants_in_as_many_queries_as_three(
    client, editor, edition, django_assert_max_num_queries
):
    first, second, _third = sessions_of(edition)

    def fill(count):
        for _n in range(count):
            participant = seat(edition)
            SessionAttendance.objects.create(
                registration=participant, session=first, attendance=Attendance.PRESENT
            )
            SessionAttendance.objects.create(
                registration=participant, session=second, attendance=Attendance.ABSENT
            )
            seat(edition, RegistrationStatus.WAITLISTED, waitlist_rank=_n + 1)
            seat(edition, RegistrationStatus.PENDING)

    client.force_login(editor)
    fill(3)
    with CaptureQueriesContext(connection) as three:
        client.get(edition_url(edition))
    fill(27)

    with django_assert_max_num_queries(len(three)):
        html = client.get(edition_url(edition)).content.decode()

    # The buttons of one session; every session's mark.
    assert html.count('name="action" value="present"') == 30
    assert html.count('class="attendance-overview__mark') == 30 * 3
    session = sessions_of(edition)[0]
    with CaptureQueriesContext(connection) as session_page:
        client.get(session_url(session))
    assert len(session_page) <= len(three) + 2


# Ways in -------------------------------------------------------------------------------------


def test_the_dashboard_and_a_registration_lead_to_the_participants(
    client, editor, training_session, edition
):
    participant = seat(training_session)
    in_edition = seat(edition)
    client.force_login(editor)

    dashboard = client.get("/admin/").content.decode()
    registration_page = client.get(f"/admin/registration/edit/{participant.pk}/").content.decode()
    edition_registration = client.get(f"/admin/registration/edit/{in_edition.pk}/").content.decode()

    assert f'href="{session_url(training_session)}"' in dashboard
    assert f'href="{session_url(training_session)}"' in registration_page
    assert f'href="{edition_url(edition)}"' in edition_registration
    for session in sessions_of(edition):
        assert f'href="{session_url(session)}"' in edition_registration


def test_the_page_editor_and_explorer_lead_to_each_sessions_participants(
    client, editor, offer_index
):
    index, _ = offer_index
    training = make_training(index, sessions=2, slug="tweemaal")
    _trajectory, edition = make_trajectory(index, slug="traject")
    one, two = Session.objects.filter(page=training).order_by("starts_at")
    client.force_login(editor)

    editor_page = client.get(f"/admin/pages/{training.pk}/edit/").content.decode()
    edition_editor = client.get(f"/admin/pages/{edition.pk}/edit/").content.decode()
    explorer = client.get(f"/admin/pages/{index.pk}/").content.decode()
    choice = client.get(f"/admin/offer/{training.pk}/participants/").content.decode()

    assert session_url(one) in editor_page and session_url(two) in editor_page
    assert edition_url(edition) in edition_editor
    assert f"/admin/offer/{training.pk}/participants/" in explorer
    assert session_url(one) in choice and session_url(two) in choice
    assert client.get(f"/admin/offer/{edition.pk}/participants/").url == edition_url(edition)


def test_a_french_editions_id_leads_to_the_dutch_editions_participants(client, editor, offer_index):
    from tests.factories.pages import translate_page

    index, index_fr = offer_index
    trajectory, edition = make_trajectory(index)
    trajectory_fr = translate_page(trajectory, "fr", title="Trajet", slug="trajet")
    edition_fr = translate_page(edition, "fr", title="Édition 2027-2028", slug="edition")
    participant = seat(edition)
    client.force_login(editor)

    html = client.get(edition_url(edition_fr)).content.decode()

    assert trajectory_fr.pk and index_fr.pk
    assert f'id="registration-{participant.pk}"' in html


# What else reads attendance -------------------------------------------------------------------


def test_the_members_data_lists_attendance_per_session(edition, editor):
    participant = seat(edition)
    first, second, _third = sessions_of(edition)
    registrations.mark_attendance(
        registration=participant, session=second, by=editor, attendance=Attendance.ABSENT
    )
    registrations.mark_attendance(
        registration=participant, session=first, by=editor, attendance=Attendance.PRESENT
    )

    data = export(user=participant.user, addresses={participant.user.email})

    [registration] = data["registrations"]
    assert [
        (a["session"]["starts_at"][:10], a["attendance"]) for a in registration["attendance"]
    ] == [
        (first.starts_at.isoformat()[:10], "present"),
        (second.starts_at.isoformat()[:10], "absent"),
    ]


def test_the_export_counts_the_sessions_attended(client, editor, edition):
    participant = seat(edition, member=MemberFactory(last_name="Jacobs"))
    first, second, third = sessions_of(edition)
    for session, attendance in [(first, "present"), (second, "present"), (third, "absent")]:
        registrations.mark_attendance(
            registration=participant, session=session, by=editor, attendance=attendance
        )
    client.force_login(editor)

    response = client.get("/admin/registration/", {"export": "csv", "edition": edition.pk})

    text = b"".join(response.streaming_content).decode()
    heading, row = text.splitlines()[:2]
    columns = dict(zip(heading.split(","), row.split(","), strict=False))
    assert columns[dutch("Sessions present")] == "2"
    assert columns[dutch("Sessions absent")] == "1"


def test_a_session_someone_attended_cannot_be_deleted_in_the_page_editor(client, editor, edition):
    """A module's session has no registrations of its own (they are the
    edition's), yet what was attended there stays: cancel it instead."""
    participant = seat(edition)
    first = sessions_of(edition)[0]
    module = first.page.specific
    registrations.mark_attendance(
        registration=participant, session=first, by=editor, attendance=Attendance.PRESENT
    )
    row = {
        "id": str(first.pk),
        "DELETE": "1",
        "starts_at": "2027-03-26 09:30",
        "ends_at": "2027-03-26 12:30",
        "format": "online",
        "online_link": "https://teams.example.org/x",
        "status": "scheduled",
    }
    data = nested_form_data(
        {
            "title": module.title,
            "slug": module.slug,
            "description": rich_text(""),
            "sessions": inline_formset([row], initial=1),
            "comments": inline_formset([]),
        }
    )
    client.force_login(editor)

    response = client.post(f"/admin/pages/{module.pk}/edit/", {**data, "action-publish": "1"})

    assert response.status_code == 200
    assert dutch(
        "A session with registrations cannot be deleted. Set its status to cancelled instead: "
        "the participants keep their history."
    ) in text_of(response)
    assert Session.objects.filter(pk=first.pk).exists()


# The migration ---------------------------------------------------------------------------------

BEFORE = ("trajecten", "0012_registration_rules_and_seat_offers")


# Migrations run outside a transaction, as `manage.py migrate` runs them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_one_mark_of_a_registration_moves_to_its_sessions(offer_index):
    index, _ = offer_index
    training_session = SessionFactory(page=make_training(index, sessions=0))
    _trajectory, edition = make_trajectory(index, slug="traject")
    editor = EditorFactory()
    on_session = seat(training_session)
    on_edition = seat(edition)
    unmarked = seat(training_session)
    # The history line the old service wrote, whose actor and moment the mark keeps.
    event = RegistrationEvent.objects.create(
        registration=on_session,
        actor=editor,
        from_status="confirmed",
        to_status="confirmed",
        note="attendance: present",
    )
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps.get_model("trajecten", "Registration")
    old.objects.filter(pk=on_session.pk).update(attendance="present")
    old.objects.filter(pk=on_edition.pk).update(attendance="absent")
    executor.loader.build_graph()

    executor.migrate(latest)

    assert marks(on_session) == {training_session.pk: "present"}
    assert marks(on_edition) == {s.pk: "absent" for s in sessions_of(edition)}
    assert marks(unmarked) == {}
    moved = SessionAttendance.objects.get(registration=on_session)
    assert (moved.marked_by, moved.marked_at) == (editor, event.at)
