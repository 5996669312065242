"""Capacity holds when many members register at the same moment: each
request in its own thread and database connection, on PostgreSQL."""

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
