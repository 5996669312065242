"""Invoice numbers follow without gaps or doubles when invoices are made
at the same moment: each in its own thread and database connection, on
PostgreSQL."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.utils import timezone

from tests.factories.accounts import MemberFactory
from tests.factories.invoices import invoicing_seller
from tests.factories.offer import SessionFactory, brussels, make_offer_index, make_training
from tests.factories.organisations import OrganisationFactory
from tests.factories.pages import make_home_pages
from trajecten.invoicing import services
from trajecten.models import Invoice, InvoiceLine, Registration, RegistrationStatus

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks are a PostgreSQL matter; set DATABASE_URL to a PostgreSQL database to run this",
    ),
]


@pytest.fixture(autouse=True)
def _seller(transactional_db):
    """Settings › Invoicing filled in, as before any invoice is made."""
    invoicing_seller()


INVOICES = 20


def _threads(target, items):
    start = threading.Barrier(len(items))
    errors = []

    def run(item):
        try:
            start.wait()
            target(item)
        except Exception as error:  # noqa: BLE001 - every failure is reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def _seats(count):
    home, _ = make_home_pages()
    training = make_training(make_offer_index(home), sessions=0)
    session = SessionFactory(page=training, starts_at=brussels(2027, 3, 12))
    organisation = OrganisationFactory()
    return [
        Registration.objects.create(
            user=MemberFactory(),
            session=session,
            organisation=organisation,
            status=RegistrationStatus.CONFIRMED,
            price_due=Decimal("45"),
        )
        for _ in range(count)
    ]


def test_twenty_invoices_made_at_once_are_numbered_one_to_twenty():
    seats = _seats(INVOICES)
    today = timezone.localdate()

    errors = _threads(
        lambda seat: services.invoice_registrations(registrations=[seat], today=today), seats
    )

    assert errors == []
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert numbers == [f"{today.year}-{n:04d}" for n in range(1, INVOICES + 1)]


def test_the_same_fee_invoiced_at_once_is_invoiced_once_without_a_gap():
    (seat,) = _seats(1)
    today = timezone.localdate()

    errors = _threads(
        lambda _n: services.invoice_registrations(registrations=[seat], today=today), range(8)
    )

    assert len(errors) == 7
    assert {error.code for error in errors} == {"invoiced"}
    assert InvoiceLine.objects.filter(registration=seat, live=True).count() == 1
    assert list(Invoice.objects.values_list("number", flat=True)) == [f"{today.year}-0001"]
