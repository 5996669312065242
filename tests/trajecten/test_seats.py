"""Seats are counted in one place (trajecten/models/seats.py): a session
read with or without its count says the same seats left, and the filter of
sessions with a free seat agrees with it."""

import pytest

from tests.factories.accounts import MemberFactory
from tests.factories.offer import SessionFactory, make_training
from trajecten import registrations
from trajecten.models import Session
from trajecten.registrations import InvoiceDetails

pytestmark = pytest.mark.django_db

INVOICE = InvoiceDetails(organisation="OCMW Gent", address="Gent")


def test_seats_left_are_the_same_with_or_without_the_count_in_the_query(offer_index):
    index, _ = offer_index
    training = make_training(index, sessions=0)
    roomy = SessionFactory(page=training, capacity=3)
    full = SessionFactory(page=training, capacity=1)
    for session in (roomy, full):
        registrations.register_for_session(user=MemberFactory(), session=session, invoice=INVOICE)

    # A query that forgot with_seats() once showed a full capacity.
    assert Session.objects.get(pk=roomy.pk).seats_left == 2
    assert Session.objects.with_seats().get(pk=roomy.pk).seats_left == 2
    assert Session.objects.get(pk=full.pk).is_full
    assert list(Session.objects.filter(page=training).with_free_seat()) == [roomy]
