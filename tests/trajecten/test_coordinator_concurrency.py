"""A coordinator's batch and members registering alone at the same moment
never overbook: the batch locks the session once and counts each seat under
that lock. On PostgreSQL, each request in its own thread and connection."""

import threading

import pytest
from django.db import connection, connections

from tests.factories.accounts import MemberFactory
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

SEATS = 5
COLLEAGUES = 4
ALONE = 4


def test_a_batch_and_single_registrations_at_the_same_moment_never_overbook():
    home, _ = make_home_pages()
    session = SessionFactory(page=make_training(make_offer_index(home), sessions=0), capacity=SEATS)
    coordinator = MemberFactory(profile__is_coordinator=True)
    colleagues = MemberFactory.create_batch(COLLEAGUES)
    alone = MemberFactory.create_batch(ALONE)
    start = threading.Barrier(1 + ALONE)
    errors = []

    def run(action):
        try:
            start.wait()
            action()
        except Exception as error:  # noqa: BLE001 - every failure is reported below
            errors.append(error)
        finally:
            connections.close_all()

    actions = [
        lambda: registrations.register_colleagues_for_session(
            coordinator=coordinator, colleagues=colleagues, session=session
        )
    ] + [
        (
            lambda member=member: registrations.register_for_session(
                user=member,
                session=session,
                invoice=InvoiceDetails(organisation="OCMW", address="Gent"),
            )
        )
        for member in alone
    ]
    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    statuses = list(Registration.objects.filter(session=session).values_list("status", flat=True))
    assert len(statuses) == COLLEAGUES + ALONE
    assert statuses.count(RegistrationStatus.CONFIRMED) == SEATS
    assert statuses.count(RegistrationStatus.WAITLISTED) == COLLEAGUES + ALONE - SEATS
    ranks = sorted(
        Registration.objects.filter(
            session=session, status=RegistrationStatus.WAITLISTED
        ).values_list("waitlist_rank", flat=True)
    )
    assert ranks == list(range(1, COLLEAGUES + ALONE - SEATS + 1))
