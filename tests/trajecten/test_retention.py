"""The retention period: registrations whose session or edition ended more
than REGISTRATION_RETENTION_YEARS ago lose their personal data, as on account
deletion; invoice details stay. The command is idempotent and has a dry run."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories.accounts import MemberFactory
from tests.factories.offer import SessionFactory, make_training, make_trajectory
from trajecten import services
from trajecten.models import Registration, Session
from trajecten.services import InvoiceDetails
from trajecten.services.privacy import years_before

pytestmark = pytest.mark.django_db

INVOICE = InvoiceDetails(organisation="OCMW Gent", address="Onderbergen 86, 9000 Gent")


def move_to(sessions, years_ago):
    """Sessions that took place `years_ago` years (and a day) ago."""
    moment = years_before(timezone.now(), years_ago) - timedelta(days=1)
    for session in sessions:
        Session.objects.filter(pk=session.pk).update(
            starts_at=moment - timedelta(hours=3), ends_at=moment
        )


@pytest.fixture
def registrations(offer_index):
    """A training six years ago, one four years ago, a trajectory six years ago."""
    index, _ = offer_index
    training = make_training(index, sessions=0)
    member = MemberFactory()
    made = {}
    for name, years_ago in [("six", 6), ("four", 4)]:
        session = SessionFactory(page=training)
        made[name] = services.register_for_session(
            user=member, session=session, with_lunch=True, dietary_needs="veggie", invoice=INVOICE
        )
        move_to([session], years_ago)
    _trajectory, edition = make_trajectory(index, modules=2)
    made["edition"] = services.register_for_edition(user=member, edition=edition, invoice=INVOICE)
    move_to(Session.objects.in_subtree_of(edition.path), 6)
    return member, made


def run(*args):
    out = StringIO()
    call_command("anonymise_old_registrations", *args, stdout=out)
    return out.getvalue()


def test_only_registrations_past_the_retention_period_are_anonymised_once(registrations):
    member, made = registrations

    first = run()
    second = run()

    assert first.startswith("2 registration(s)") and "5 year(s)" in first
    assert second.startswith("0 registration(s)")
    for name in ["six", "edition"]:
        registration = Registration.objects.get(pk=made[name].pk)
        assert registration.user is None and registration.anonymised_at is not None
        assert registration.dietary_needs == ""
        assert registration.billing_organisation == "OCMW Gent"
        assert not registration.events.filter(actor=member).exists()
    recent = Registration.objects.get(pk=made["four"].pk)
    assert recent.user == member and recent.dietary_needs == "veggie"
    assert recent.anonymised_at is None


def test_the_dry_run_counts_and_changes_nothing(registrations):
    member, made = registrations

    output = run("--dry-run")

    assert output.startswith("2 registration(s)") and "dry run" in output
    assert Registration.objects.filter(user=member, anonymised_at__isnull=True).count() == 3
    assert set(Registration.objects.values_list("dietary_needs", flat=True)) == {"veggie", ""}


def test_the_period_comes_from_the_setting(registrations, settings, monkeypatch):
    member, _made = registrations
    settings.REGISTRATION_RETENTION_YEARS = 3
    monkeypatch.setattr("trajecten.services.privacy.BATCH_SIZE", 2)  # more than one batch

    assert run().startswith("3 registration(s)")
    assert not Registration.objects.filter(user=member).exists()


def test_a_registration_for_what_is_still_to_come_is_never_anonymised(offer_index):
    index, _ = offer_index
    member = MemberFactory()
    upcoming = services.register_for_session(
        user=member, session=SessionFactory(page=make_training(index, sessions=0)), invoice=INVOICE
    )

    assert run("--years", "1").startswith("0 registration(s)")
    upcoming.refresh_from_db()
    assert upcoming.user == member
