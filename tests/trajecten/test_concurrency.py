"""Capacity holds when many members register at the same moment: each
request in its own thread and database connection, on PostgreSQL."""

import threading

import pytest
from django.db import connection, connections

from tests.factories.accounts import EditorFactory, MemberFactory
from tests.factories.offer import SessionFactory, make_offer_index, make_training
from tests.factories.pages import make_home_pages
from trajecten import registrations
from trajecten.models import Registration, RegistrationStatus
from trajecten.registrations import InvoiceDetails

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks are a PostgreSQL matter; set DATABASE_URL to a PostgreSQL database to run this",
    ),
]

MEMBERS = 40
SEATS = 15


def test_forty_simultaneous_registrations_for_fifteen_seats():
    home, _ = make_home_pages()
    training = make_training(make_offer_index(home), sessions=0)
    session = SessionFactory(page=training, capacity=SEATS)
    members = MemberFactory.create_batch(MEMBERS)
    start = threading.Barrier(MEMBERS)
    errors = []

    def register(member):
        try:
            start.wait()
            registrations.register_for_session(
                user=member,
                session=session,
                invoice=InvoiceDetails(organisation="OCMW", address="Gent"),
            )
        except Exception as error:  # noqa: BLE001 - every failure is reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(member,)) for member in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    statuses = list(Registration.objects.filter(session=session).values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.CONFIRMED) == SEATS
    assert statuses.count(RegistrationStatus.WAITLISTED) == MEMBERS - SEATS
    ranks = sorted(
        Registration.objects.filter(session=session)
        .waitlisted()
        .values_list("waitlist_rank", flat=True)
    )
    assert ranks == list(range(1, MEMBERS - SEATS + 1))


def test_two_editors_approving_the_last_seat_at_once_never_overbook():
    """Two requests wait for the one seat left; two editors approve one each
    at the same moment: one gets the seat, the other joins the waiting list."""
    home, _ = make_home_pages()
    training = make_training(make_offer_index(home), sessions=0)
    session = SessionFactory(page=training, capacity=2)
    invoice = InvoiceDetails(organisation="OCMW", address="Gent")
    registrations.register_for_session(user=MemberFactory(), session=session, invoice=invoice)
    requests = [
        registrations.register_for_session(
            user=MemberFactory(
                profile__is_ocmw_employee=False, profile__organisation_kind="non_profit"
            ),
            session=session,
            invoice=invoice,
            motivation="Ik werk samen met het OCMW.",
            tie_to_ocmw="Partner",
        )
        for _ in range(2)
    ]
    editors = EditorFactory.create_batch(2)
    start = threading.Barrier(2)
    errors = []

    def approve(request, editor):
        try:
            start.wait()
            registrations.approve(registration=request, by=editor)
        except Exception as error:  # noqa: BLE001 - every failure is reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=approve, args=pair) for pair in zip(requests, editors, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    statuses = sorted(
        Registration.objects.filter(pk__in=[r.pk for r in requests]).values_list(
            "status", flat=True
        )
    )
    assert statuses == [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]
    assert Registration.objects.filter(session=session).confirmed().count() == 2


def test_two_editors_approving_the_same_request_at_once_approve_it_once():
    home, _ = make_home_pages()
    training = make_training(make_offer_index(home), sessions=0)
    session = SessionFactory(page=training, capacity=5)
    request = registrations.register_for_session(
        user=MemberFactory(
            profile__is_ocmw_employee=False, profile__organisation_kind="non_profit"
        ),
        session=session,
        invoice=InvoiceDetails(organisation="OCMW", address="Gent"),
        motivation="Ik werk samen met het OCMW.",
        tie_to_ocmw="Partner",
    )
    start = threading.Barrier(2)
    refused = []

    def approve(editor):
        try:
            start.wait()
            registrations.approve(registration=request, by=editor)
        except registrations.RegistrationError as error:
            refused.append(error.code)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=approve, args=(editor,)) for editor in EditorFactory.create_batch(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert refused == ["not_pending"]
    request.refresh_from_db()
    assert request.status == RegistrationStatus.CONFIRMED
    assert request.events.filter(note="approved").count() == 1


def test_a_double_submitted_evaluation_is_saved_once():
    """The member presses "send" twice: both requests pass the check at the
    same moment; the database keeps one answer, the other is told it was sent."""
    from datetime import timedelta

    from django.utils import timezone

    from trajecten import evaluations
    from trajecten.models import EvaluationAnswer, Session

    home, _ = make_home_pages()
    training = make_training(make_offer_index(home), sessions=0)
    session = SessionFactory(page=training)
    member = MemberFactory()
    registration = registrations.register_for_session(
        user=member, session=session, invoice=InvoiceDetails(organisation="OCMW", address="Gent")
    )
    registrations.mark_attendance(
        registration=registration, session=session, by=EditorFactory(), attendance="present"
    )
    ended = timezone.now() - timedelta(hours=1)
    Session.objects.filter(pk=session.pk).update(
        starts_at=ended - timedelta(hours=3), ends_at=ended
    )
    session.refresh_from_db()
    start = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            start.wait()
            evaluations.submit(
                registration=registration,
                session=session,
                by=member,
                satisfaction=5,
                usefulness=4,
            )
            outcomes.append("saved")
        except registrations.RegistrationError as refusal:
            outcomes.append(refusal.code)
        except Exception as error:  # noqa: BLE001 - every failure is reported below
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes, key=str) == ["answered", "saved"]
    assert EvaluationAnswer.objects.filter(registration=registration).count() == 1
