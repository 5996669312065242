"""The retention period: registrations whose session or edition ended more
than REGISTRATION_RETENTION_YEARS ago lose their personal data, as on account
deletion; invoice details stay, the stored files of their final assignments
go, as do stored files no record points to. The command is idempotent and
has a dry run."""

import os
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from tests.factories.accounts import MemberFactory
from tests.factories.offer import SessionFactory, make_training, make_trajectory
from trajecten.assignments.services import hand_in
from trajecten.models import AssignmentFile, Registration, Session
from trajecten.registrations import InvoiceDetails, register_for_edition, register_for_session
from trajecten.retention import years_before

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
        made[name] = register_for_session(
            user=member, session=session, with_lunch=True, dietary_needs="veggie", invoice=INVOICE
        )
        move_to([session], years_ago)
    _trajectory, edition = make_trajectory(index, modules=2)
    made["edition"] = register_for_edition(user=member, edition=edition, invoice=INVOICE)
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
    monkeypatch.setattr("trajecten.retention.BATCH_SIZE", 2)  # more than one batch

    assert run().startswith("3 registration(s)")
    assert not Registration.objects.filter(user=member).exists()


def test_a_registration_for_what_is_still_to_come_is_never_anonymised(offer_index):
    index, _ = offer_index
    member = MemberFactory()
    upcoming = register_for_session(
        user=member, session=SessionFactory(page=make_training(index, sessions=0)), invoice=INVOICE
    )

    assert run("--years", "1").startswith("0 registration(s)")
    upcoming.refresh_from_db()
    assert upcoming.user == member


# Stored files ------------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def storage(monkeypatch, tmp_path):
    """The private storage of assignment files, in a folder of this test's own."""
    storage = FileSystemStorage(location=tmp_path)
    monkeypatch.setattr(AssignmentFile._meta.get_field("file"), "storage", storage)
    return storage


def stored(storage):
    return set(storage.listdir("assignments")[1]) if storage.exists("assignments") else set()


def age(storage, name, days):
    moment = (timezone.now() - timedelta(days=days)).timestamp()
    os.utime(storage.path(name), (moment, moment))


def hand_in_twice(registration):
    for title in ["Eerste versie", "Tweede versie"]:
        hand_in(
            registration=registration,
            title=title,
            summary="Hoe we een transversaal beleid opzetten.",
            publish_summary=False,
            files=[SimpleUploadedFile("nota.pdf", PDF), SimpleUploadedFile("bijlage.pdf", PDF)],
        )


def test_retention_removes_the_files_of_every_version_from_storage(
    offer_index, storage, django_capture_on_commit_callbacks
):
    index, _ = offer_index
    old_edition = make_trajectory(index, modules=1, slug="traject-2019")[1]
    recent_edition = make_trajectory(index, modules=1, slug="traject-2027")[1]
    for edition in [old_edition, recent_edition]:
        edition.assignment_deadline = timezone.now() + timedelta(days=10)
        edition.save()
    member = MemberFactory()
    old = register_for_edition(user=member, edition=old_edition, invoice=INVOICE)
    recent = register_for_edition(user=member, edition=recent_edition, invoice=INVOICE)
    hand_in_twice(old)
    hand_in_twice(recent)
    files_of = {
        registration.pk: {
            Path(name).name
            for name in AssignmentFile.objects.filter(
                version__assignment__registration=registration
            ).values_list("file", flat=True)
        }
        for registration in [old, recent]
    }
    move_to(Session.objects.in_subtree_of(old_edition.path), 6)
    assert stored(storage) == files_of[old.pk] | files_of[recent.pk]
    assert len(files_of[old.pk]) == 4  # two versions of two files

    with django_capture_on_commit_callbacks(execute=True):
        output = run()

    assert output.startswith("1 registration(s)")
    assert stored(storage) == files_of[recent.pk]


def test_stored_files_no_record_points_to_are_removed_once_a_day_old(
    offer_index, storage, django_capture_on_commit_callbacks
):
    # Left by a deletion that failed, or a worker killed between writing a
    # file and recording it. A young one may be an upload about to commit.
    index, _ = offer_index
    edition = make_trajectory(index, modules=1)[1]
    edition.assignment_deadline = timezone.now() + timedelta(days=10)
    edition.save()
    registration = register_for_edition(user=MemberFactory(), edition=edition, invoice=INVOICE)
    hand_in_twice(registration)
    kept = stored(storage)
    for name in kept:
        age(storage, f"assignments/{name}", days=30)
    left_behind = storage.save("assignments/1f0e", ContentFile(PDF))
    age(storage, left_behind, days=2)
    in_flight = storage.save("assignments/2a9b", ContentFile(PDF))

    dry_run = run("--dry-run")
    assert "1 stored file(s) that no record points to would be removed." in dry_run
    assert stored(storage) == {*kept, "1f0e", "2a9b"}

    with django_capture_on_commit_callbacks(execute=True):
        output = run()

    assert "1 stored file(s) that no record points to removed." in output
    assert stored(storage) == {*kept, Path(in_flight).name}
