"""Evaluations after each session: the invitation mailed once to those
present, in their language; the member's form and its refusals; the
results, averages and comments editors read (names hidden where the member
asked), their CSV export and the dashboard's panel of the latest scores."""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from tests.factories.accounts import MemberFactory
from tests.factories.offer import SessionFactory, make_training
from tests.factories.pages import translate_page
from trajecten import evaluations
from trajecten.models import (
    EvaluationAnswer,
    EvaluationInvitation,
    EvaluationQuestion,
    QuestionKind,
    Registration,
    Session,
    SessionStatus,
)
from trajecten.registrations import (
    InvoiceDetails,
    RegistrationError,
    mark_attendance,
    register_for_session,
)

pytestmark = pytest.mark.django_db

INVOICE = InvoiceDetails(organisation="OCMW Gent", address="Onderbergen 86, 9000 Gent")


def nl(text, **values):
    """The Dutch the editor reads (the admin's language here), whatever the catalogue holds."""
    with translation.override("nl"):
        return gettext(text) % values if values else gettext(text)


def url(name, language, *args):
    with translation.override(language):
        return reverse(name, args=args)


@pytest.fixture
def training(offer_index):
    index, _index_fr = offer_index
    training = make_training(index, sessions=0)
    EvaluationQuestion.objects.create(
        page=training, text="Was de lesgever duidelijk?", kind=QuestionKind.SCALE, sort_order=0
    )
    EvaluationQuestion.objects.create(
        page=training, text="Welk thema mist nog?", kind=QuestionKind.TEXT, sort_order=1
    )
    translate_page(training, "fr", title="Formation de base", slug="formation-de-base")
    return training


def held(session, days_ago=1):
    """The session moved to `days_ago` days back (registering for it was possible before)."""
    ends = timezone.now() - timedelta(days=days_ago)
    Session.objects.filter(pk=session.pk).update(starts_at=ends - timedelta(hours=3), ends_at=ends)
    session.refresh_from_db()
    return session


def participant(session, editor, attendance="present", **member):
    registration = register_for_session(
        user=MemberFactory(**member), session=session, invoice=INVOICE
    )
    if attendance:
        mark_attendance(
            registration=registration, session=session, by=editor, attendance=attendance
        )
    return registration


@pytest.fixture
def session(training):
    return SessionFactory(page=training)


def answer(registration, session, **fields):
    values = {"satisfaction": 4, "usefulness": 5, "takeaway": "", "improvement": ""}
    values.update(fields)
    return evaluations.submit(
        registration=registration, session=session, by=registration.user, **values
    )


# Invitations ------------------------------------------------------------------------


def test_the_invitation_goes_once_to_those_present_in_their_language(session, editor, commit):
    sofie = participant(session, editor, first_name="Sofie")
    chloe = participant(session, editor, first_name="Chloé", profile__preferred_language="fr")
    participant(session, editor, attendance="absent")
    participant(session, editor, attendance=None)
    held(session)
    mail.outbox.clear()

    with commit():
        first = evaluations.send_invitations()
    with commit():
        second = evaluations.send_invitations()

    assert (first, second) == (2, 0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([sofie.user.email, chloe.user.email])
    by_address = {m.to[0]: m.body for m in mail.outbox}
    dutch, french = by_address[sofie.user.email], by_address[chloe.user.email]
    assert "Beste Sofie," in dutch
    assert url("evaluation_answer", "nl", sofie.pk, session.uid) in dutch
    assert "Bonjour Chloé," in french
    assert url("evaluation_answer", "fr", chloe.pk, session.uid) in french
    assert EvaluationInvitation.objects.count() == 2


def test_no_invitation_before_the_end_for_a_cancelled_session_nor_once_closed(
    training, editor, commit
):
    coming = SessionFactory(page=training)
    participant(coming, editor)
    cancelled = SessionFactory(page=training)
    participant(cancelled, editor)
    held(cancelled)
    Session.objects.filter(pk=cancelled.pk).update(status=SessionStatus.CANCELLED)
    old = SessionFactory(page=training)
    participant(old, editor)
    held(old, days_ago=20)
    mail.outbox.clear()

    with commit():
        assert evaluations.send_invitations() == 0
    assert mail.outbox == []


def test_the_command_sends_the_invitations(session, editor, commit):
    participant(session, editor)
    held(session)
    out = io.StringIO()
    with commit():
        call_command("send_evaluation_invitations", stdout=out)
    assert "1 evaluation invitation(s) sent." in out.getvalue()
    with commit():
        call_command("send_evaluation_invitations", stdout=out)
    assert EvaluationInvitation.objects.count() == 1


# The member's answer -----------------------------------------------------------------


def test_the_member_answers_through_the_form(client, session, training, editor):
    registration = participant(session, editor)
    held(session)
    client.force_login(registration.user)
    address = url("evaluation_answer", "nl", registration.pk, session.uid)
    extra = {q.text: q.key for q in training.evaluation_questions.all()}

    page = client.get(address).content.decode()
    assert "Was de lesgever duidelijk?" in page and 'type="radio"' in page
    response = client.post(
        address,
        {
            "satisfaction": "5",
            "usefulness": "4",
            "takeaway": "Het traumamodel",
            "improvement": "Meer casussen",
            f"q_{extra['Was de lesgever duidelijk?']}": "3",
            f"q_{extra['Welk thema mist nog?']}": "Gezinshereniging",
            "anonymous": "on",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == url("member_registrations", "nl")
    saved = EvaluationAnswer.objects.get()
    assert (saved.satisfaction, saved.usefulness, saved.anonymous) == (5, 4, True)
    assert saved.extra == {
        extra["Was de lesgever duidelijk?"]: 3,
        extra["Welk thema mist nog?"]: "Gezinshereniging",
    }
    # Answered: the form is gone, the page says why.
    again = client.get(address)
    assert again.status_code == 200 and "evaluation-form" not in again.content.decode()


def test_the_french_form_asks_the_french_questions(client, session, training, editor):
    registration = participant(session, editor, profile__preferred_language="fr")
    held(session)
    french = training.get_translation(translate_locale("fr"))
    question = french.evaluation_questions.get(sort_order=0)
    question.text = "Le formateur était-il clair ?"
    question.save()
    client.force_login(registration.user)

    page = client.get(url("evaluation_answer", "fr", registration.pk, session.uid))

    assert "Le formateur était-il clair ?" in page.content.decode()


def translate_locale(code):
    from wagtail.models import Locale

    return Locale.objects.get(language_code=code)


def test_a_missing_score_is_said_next_to_its_field(client, session, editor):
    registration = participant(session, editor)
    held(session)
    client.force_login(registration.user)

    response = client.post(
        url("evaluation_answer", "nl", registration.pk, session.uid), {"usefulness": "4"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["satisfaction"]
    assert not EvaluationAnswer.objects.exists()


def test_the_registrations_list_and_the_detail_link_a_waiting_evaluation(client, session, editor):
    registration = participant(session, editor)
    held(session)
    client.force_login(registration.user)
    link = url("evaluation_answer", "nl", registration.pk, session.uid)

    assert link in client.get(url("member_registrations", "nl")).content.decode()
    assert link in client.get(url("registration_detail", "nl", registration.pk)).content.decode()
    answer(registration, session)
    assert link not in client.get(url("member_registrations", "nl")).content.decode()


def test_a_second_answer_is_refused(session, editor):
    registration = participant(session, editor)
    held(session)
    answer(registration, session)

    with pytest.raises(RegistrationError) as refusal:
        answer(registration, session, satisfaction=1)

    assert refusal.value.code == "answered"
    assert EvaluationAnswer.objects.get().satisfaction == 4


def test_answers_that_cross_leave_one(session, editor, monkeypatch):
    # The check passed for both; the constraint refuses the second, with the member's message.
    registration = participant(session, editor)
    held(session)
    answer(registration, session)
    monkeypatch.setattr(evaluations.services, "check_may_answer", lambda **kwargs: None)

    with pytest.raises(RegistrationError) as refusal:
        answer(registration, session, satisfaction=1)

    assert refusal.value.code == "answered"
    assert EvaluationAnswer.objects.count() == 1


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("absent", "not_present"),
        ("unmarked", "not_present"),
        ("not over", "not_yet"),
        ("closed", "closed"),
        ("cancelled", "cancelled"),
    ],
)
def test_who_may_not_answer_is_told_why(client, session, editor, case, code):
    attendance = {"absent": "absent", "unmarked": None}.get(case, "present")
    registration = participant(session, editor, attendance=attendance)
    if case != "not over":
        held(session, days_ago=15 if case == "closed" else 1)
    if case == "cancelled":
        Session.objects.filter(pk=session.pk).update(status=SessionStatus.CANCELLED)
        session.refresh_from_db()

    with pytest.raises(RegistrationError) as refusal:
        answer(registration, session)
    assert refusal.value.code == code

    client.force_login(registration.user)
    address = url("evaluation_answer", "nl", registration.pk, session.uid)
    page = client.get(address)
    assert page.status_code == 200
    assert refusal.value.message in page.content.decode()
    assert client.post(address, {"satisfaction": "5", "usefulness": "5"}).status_code == 200
    assert not EvaluationAnswer.objects.exists()


def test_the_closing_date_is_on_the_form(client, session, editor):
    registration = participant(session, editor)
    held(session)
    client.force_login(registration.user)
    with translation.override("nl"):
        from home.templatetags.formatting import day

        closes = day(session.ends_at + timedelta(days=14))

    page = client.get(url("evaluation_answer", "nl", registration.pk, session.uid))

    assert closes in page.content.decode()


def test_another_members_registration_or_session_is_a_404(client, training, session, editor):
    registration = participant(session, editor)
    held(session)
    other = SessionFactory(page=training)
    client.force_login(MemberFactory())
    address = url("evaluation_answer", "nl", registration.pk, session.uid)

    assert client.get(address).status_code == 404
    assert client.post(address, {"satisfaction": "1", "usefulness": "1"}).status_code == 404
    client.force_login(registration.user)
    assert client.get(url("evaluation_answer", "nl", registration.pk, other.uid)).status_code == 404
    assert not EvaluationAnswer.objects.exists()


# Results for the editors ----------------------------------------------------------------


@pytest.fixture
def answered(training, session, editor):
    """Three present, two answered: Sofie by name, Bart without his."""
    sofie = participant(session, editor, first_name="Sofie", last_name="Peeters")
    bart = participant(session, editor, first_name="Bart", last_name="Janssens")
    participant(session, editor, first_name="Lotte", last_name="Maes")
    held(session)
    keys = {q.text: q.key for q in training.evaluation_questions.all()}
    evaluations.submit(
        registration=sofie,
        session=session,
        by=sofie.user,
        satisfaction=5,
        usefulness=4,
        takeaway="Het traumamodel",
        improvement="",
        extra={keys["Was de lesgever duidelijk?"]: 4},
    )
    evaluations.submit(
        registration=bart,
        session=session,
        by=bart.user,
        satisfaction=2,
        usefulness=3,
        takeaway="",
        improvement="Meer pauzes",
        anonymous=True,
        extra={keys["Was de lesgever duidelijk?"]: 5, keys["Welk thema mist nog?"]: "Armoede"},
    )
    return session


def test_the_results_of_a_session(client, editor, answered):
    client.force_login(editor)

    response = client.get(reverse("session_evaluations", args=[answered.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert nl("%(count)s of %(present)s present", count=2, present=3) in html
    assert "3,5" in html  # satisfaction, in Dutch (5 + 2) / 2
    assert "4,5" in html  # the extra scale question (4 + 5) / 2
    assert "Sofie Peeters" in html and "Het traumamodel" in html
    assert "Meer pauzes" in html and "Armoede" in html
    assert "Bart" not in html and "Janssens" not in html


def test_the_results_of_the_page_list_its_sessions(client, editor, training, answered):
    client.force_login(editor)

    html = client.get(reverse("page_evaluations", args=[training.pk])).content.decode()

    assert reverse("session_evaluations", args=[answered.pk]) in html
    assert "2 / 3" in html and "Sofie Peeters" in html and "Janssens" not in html


def test_the_csv_export_hides_the_anonymous_name(client, editor, training, answered):
    client.force_login(editor)

    for address in [
        reverse("session_evaluations_csv", args=[answered.pk]),
        reverse("page_evaluations_csv", args=[training.pk]),
    ]:
        response = client.get(address)
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0][:5] == [
            nl("Session"),
            nl("Submitted at"),
            nl("Name"),
            nl("Satisfaction"),
            nl("Usefulness"),
        ]
        assert rows[0][7:] == ["Was de lesgever duidelijk?", "Welk thema mist nog?"]
        by_score = {row[3]: row for row in rows[1:]}
        assert by_score["5"][2] == "Sofie Peeters" and by_score["5"][5] == "Het traumamodel"
        assert by_score["2"][2] == nl("Anonymous") and by_score["2"][8] == "Armoede"
        assert "Janssens" not in response.content.decode("utf-8-sig")


def test_the_dashboard_shows_the_latest_scores(client, editor, answered):
    client.force_login(editor)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert nl("Latest evaluation scores") in html
    assert reverse("session_evaluations", args=[answered.pk]) in html
    assert "3,5" in html


def test_the_page_editor_links_the_results(client, editor, training):
    client.force_login(editor)

    html = client.get(reverse("wagtailadmin_pages:edit", args=[training.pk])).content.decode()

    assert reverse("page_evaluations", args=[training.pk]) in html


def test_members_do_not_reach_the_results(client, answered):
    client.force_login(MemberFactory())

    response = client.get(reverse("session_evaluations", args=[answered.pk]))

    assert response.status_code == 302


# The member's data ------------------------------------------------------------------------


def test_the_members_data_holds_their_evaluation_and_anonymising_hides_their_name(session, editor):
    from trajecten import member_data
    from trajecten.retention import anonymise_registrations

    registration = participant(session, editor)
    held(session)
    answer(registration, session, takeaway="Het traumamodel")
    user = registration.user

    exported = member_data.export(user=user, addresses=[user.email])["registrations"][0]
    assert exported["evaluations"][0]["takeaway"] == "Het traumamodel"
    assert exported["evaluations"][0]["satisfaction"] == 4

    anonymise_registrations(Registration.objects.filter(pk=registration.pk))
    saved = EvaluationAnswer.objects.get()
    assert saved.anonymous and saved.satisfaction == 4
