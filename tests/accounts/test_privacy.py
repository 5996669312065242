"""A member downloads everything the portal holds about them, and deletes
their account: what invoicing and the history need stays without their
name, the rest goes, and the deletion is recorded without personal data."""

import io
import json
import logging
import os
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image as PILImage
from wagtail.contrib.forms.models import FormSubmission
from wagtail.images import get_image_model
from wagtail.models import WorkflowState

from portal.accounts import privacy
from portal.accounts.models import AccountDeletion, Profile, User
from tests.factories.accounts import PASSWORD, MemberFactory
from tests.factories.offer import SessionFactory, make_training, make_trajectory
from tests.factories.organisations import enterprise_number
from tests.factories.stories import make_story_index
from trajecten.assignments.services import hand_in
from trajecten.models import (
    AssignmentFile,
    AssignmentVersion,
    CallFormPage,
    G50TrackPage,
    Registration,
    RegistrationStatus,
    Session,
    WorkstreamPage,
)
from trajecten.registrations import (
    InvoiceDetails,
    accept_substitution,
    invite_substitute,
    register_for_edition,
    register_for_session,
)
from verhalen.models import StoryPage
from verhalen.services import StoryDraft, submit_story

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
# As the member's organisation (the factory's OCMW Gent) gives them.
VAT_NUMBER = f"BE{enterprise_number(0)}"
INVOICE = InvoiceDetails(
    organisation="OCMW Gent",
    address="Onderbergen 86\n9000 Gent",
    reference="PO-1",
    vat_number=VAT_NUMBER,
)


def url(name, language="nl"):
    with translation.override(language):
        return reverse(name)


def picture(name):
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "teal").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def story(user, title, image=None):
    draft = StoryDraft(
        title=title,
        teaser="Hoe we een overbodige stap schrapten.",
        text="Elke aanvrager moest een attest laten tekenen.",
        themes=[],
        principles=[],
        anonymous=False,
        province="",
        image=image,
    )
    page, _revision = submit_story(user=user, draft=draft, language="nl")
    return page


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit (file removal, the log line) as the transaction ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def portal(home_pages, offer_index, editor):
    """Sofie took part in a training (lunch, dietary needs), hands in a final
    assignment for a trajectory, handed a seat to Jan, and shared two stories,
    one published. Jan has a registration and a story of his own."""
    index, _ = offer_index
    make_story_index(home_pages[0])
    training = make_training(index, sessions=0)
    member = MemberFactory(email="sofie@ocmw.example.be", first_name="Sofie", last_name="Claes")
    Profile.objects.filter(user=member).update(phone="+32 9 266 99 00")
    colleague = MemberFactory(email="jan@ocmw.example.be", first_name="Jan", last_name="Wuyts")

    past_session = SessionFactory(page=training)
    past = register_for_session(
        user=member, session=past_session, with_lunch=True, dietary_needs="halal", invoice=INVOICE
    )
    took_place = timezone.now() - timedelta(days=60)
    Session.objects.filter(pk=past_session.pk).update(
        starts_at=took_place, ends_at=took_place + timedelta(hours=3)
    )

    _trajectory, edition = make_trajectory(index, modules=2)
    edition.assignment_deadline = timezone.now() + timedelta(days=10)
    edition.save()
    trajectory = register_for_edition(user=member, edition=edition, invoice=INVOICE)
    hand_in(
        registration=trajectory,
        title="Integratiebeleid in Aalst",
        summary="Hoe we een transversaal beleid opzetten.",
        publish_summary=True,
        files=[SimpleUploadedFile("nota Sofie Claes.pdf", PDF)],
    )

    handed = register_for_session(
        user=member, session=SessionFactory(page=training), invoice=INVOICE
    )
    invitation = invite_substitute(registration=handed, by=member, email="jan@ocmw.example.be")
    accept_substitution(token=invitation.token, user=colleague, invoice=INVOICE)

    draft = story(member, "Nog niet af", image=picture("sofie-draft.png"))
    published = story(member, "Eerst luisteren", image=picture("sofie-published.png"))
    WorkflowState.objects.for_instance(published).get().current_task_state.approve(user=editor)
    jans_story = story(colleague, "Van een ander")
    return SimpleNamespace(
        member=member,
        colleague=colleague,
        past=past,
        trajectory=trajectory,
        handed=handed,
        draft=draft,
        published=published,
        jans_story=jans_story,
    )


# Download ------------------------------------------------------------------------------


def test_the_download_holds_the_members_data_and_nothing_of_another_member(client, portal):
    client.force_login(portal.member)

    page = client.get(url("member_data"))
    response = client.post(url("member_data"))

    assert page.status_code == 200
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    json.dumps(privacy.member_data(portal.member))  # serialisable as it is, without an encoder
    assert data["account"]["email"] == "sofie@ocmw.example.be"
    assert data["profile"]["phone"] == "+32 9 266 99 00"
    assert data["profile"]["organisation"]["name"] == "OCMW Gent"
    assert [a["email"] for a in data["email_addresses"]] == ["sofie@ocmw.example.be"]

    registrations = {r["id"]: r for r in data["registrations"]}
    assert set(registrations) == {portal.past.pk, portal.trajectory.pk}
    past = registrations[portal.past.pk]
    assert past["dietary_needs"] == "halal" and past["vat_number"] == VAT_NUMBER
    assert past["history"][0]["to_status"] == RegistrationStatus.CONFIRMED
    assert past["history"][0]["by_you"] is True
    assignment = registrations[portal.trajectory.pk]["final_assignment"]
    assert assignment["versions"][0]["title"] == "Integratiebeleid in Aalst"
    assert assignment["versions"][0]["files"] == [
        {"name": "nota Sofie Claes.pdf", "content_type": "application/pdf", "size": len(PDF)}
    ]
    assert b"%PDF" not in response.content  # names and sizes, never the contents
    assert [h["colleague_email"] for h in data["seats_handed_over"]] == ["jan@ocmw.example.be"]

    assert {s["title"] for s in data["stories"]} == {"Nog niet af", "Eerst luisteren"}
    assert {i["title"] for i in data["images"]} == {"Nog niet af", "Eerst luisteren"}
    body = response.content.decode()
    assert "Van een ander" not in body and "Wuyts" not in body
    assert portal.handed.pk not in registrations  # Jan's seat now


def test_a_new_member_gets_every_section_empty_and_no_warning_before_deleting(client, home_pages):
    # The sections of the offer and of the stories come from those apps'
    # member_data.py: a member who holds nothing there still finds them all.
    member = MemberFactory(email="nieuw@ocmw.example.be")
    client.force_login(member)

    data = json.loads(client.post(url("member_data")).content)
    page = client.get(url("delete_account"))

    assert data["format"] == "portal-member-data/1"
    assert set(data) == {
        "format",
        "exported_at",
        "account",
        "email_addresses",
        "two_factor_authenticators",
        "profile",
        "registrations",
        "seats_handed_over",
        "call_form_messages",
        "stories",
        "images",
    }
    empty = ["registrations", "seats_handed_over", "call_form_messages", "stories", "images"]
    assert all(data[name] == [] for name in empty)
    assert page.status_code == 200 and 'name="password"' in page.content.decode()
    assert 'class="notice"' not in page.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, home_pages):
    for response in [
        client.get(url("member_data")),
        client.post(url("member_data")),
        client.get(url("delete_account")),
        client.post(url("delete_account"), {"password": PASSWORD, "confirm": "on"}),
    ]:
        assert response.status_code == 302
        assert response["Location"].startswith(url("account_login"))


def test_the_pages_exist_in_both_languages(client, home_pages):
    client.force_login(MemberFactory())

    for language in ["nl", "fr"]:
        for name in ["member_data", "delete_account"]:
            assert client.get(url(name, language)).status_code == 200


# Deletion ------------------------------------------------------------------------------


def test_deleting_keeps_invoices_and_history_without_the_member(
    client, portal, commit, caplog, home_pages
):
    member = portal.member
    stored = [Path(item.file.path) for item in AssignmentFile.objects.all()]
    assert stored and all(path.exists() for path in stored)
    elsewhere = Client()
    elsewhere.force_login(member)
    client.force_login(member)
    caplog.set_level(logging.INFO, logger="portal.accounts.privacy")

    page = client.get(url("delete_account")).content.decode()
    with commit():
        response = client.post(url("delete_account"), {"password": PASSWORD, "confirm": "on"})

    # The seat given up is named in full.
    assert "Vormingstraject integratie — editie 2027-2028" in page
    assert response.status_code == 302
    assert response["Location"] == home_pages[0].url
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(pk=member.pk).exists()
    assert not Profile.objects.filter(user_id=member.pk).exists()
    assert not EmailAddress.objects.filter(email__iexact=member.email).exists()

    past = Registration.objects.get(pk=portal.past.pk)
    assert past.user is None and past.anonymised_at is not None
    assert past.dietary_needs == "" and past.motivation == ""
    assert (past.billing_organisation, past.billing_address, past.vat_number) == (
        "OCMW Gent",
        "Onderbergen 86\n9000 Gent",
        VAT_NUMBER,
    )
    assert past.status == RegistrationStatus.CONFIRMED and past.price_due == 50
    assert past.events.exists() and not past.events.filter(actor__isnull=False).exists()

    trajectory = Registration.objects.get(pk=portal.trajectory.pk)
    assert trajectory.user is None and trajectory.status == RegistrationStatus.CANCELLED
    version = AssignmentVersion.objects.get(assignment__registration=trajectory)
    assert version.title == "" and version.summary == "" and not version.publish_summary
    assert not AssignmentFile.objects.exists()
    assert not any(path.exists() for path in stored)

    handed = Registration.objects.get(pk=portal.handed.pk)
    assert handed.user == portal.colleague
    assert not handed.events.filter(note__icontains="sofie@").exists()

    assert not StoryPage.objects.filter(pk=portal.draft.pk).exists()
    published = StoryPage.objects.get(pk=portal.published.pk)
    assert published.live and published.anonymous
    assert (published.author, published.author_name, published.author_organisation) == (
        None,
        "",
        "",
    )
    assert all("Sofie" not in json.dumps(r.content) for r in published.revisions.all())
    assert StoryPage.objects.filter(pk=portal.jans_story.pk, author=portal.colleague).exists()
    images = set(get_image_model().objects.values_list("title", flat=True))
    assert "Eerst luisteren" in images and "Nog niet af" not in images

    record = AccountDeletion.objects.get()
    assert record.former_user_id == member.pk
    assert record.counts["registrations_anonymised"] == 2
    assert record.counts["registrations_cancelled"] == 1
    assert record.counts["stories_deleted"] == 1 and record.counts["stories_anonymised"] == 1
    assert all(isinstance(count, int) for count in record.counts.values())
    logged = [r.getMessage() for r in caplog.records if r.name == "portal.accounts.privacy"]
    assert len(logged) == 1 and str(member.pk) in logged[0]
    assert "sofie" not in logged[0].lower() and "Claes" not in logged[0]

    # Logged out everywhere, and the password opens nothing any more.
    assert elsewhere.get(url("member_dashboard")).status_code == 302
    login = Client().post(url("account_login"), {"login": member.email, "password": PASSWORD})
    assert login.status_code == 200 and "_auth_user_id" not in login.client.session


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"password": "not-my-password", "confirm": "on"}, "password"),
        ({"password": PASSWORD}, "confirm"),
    ],
)
def test_a_wrong_password_or_no_confirmation_keeps_everything(client, portal, data, field):
    client.force_login(portal.member)

    response = client.post(url("delete_account"), data)

    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.content.decode()
    assert User.objects.filter(pk=portal.member.pk).exists()
    past = Registration.objects.get(pk=portal.past.pk)
    assert past.user == portal.member and past.dietary_needs == "halal"
    assert AssignmentFile.objects.exists()
    assert StoryPage.objects.filter(author=portal.member).count() == 2
    assert not AccountDeletion.objects.exists()


def test_a_seat_given_up_with_the_account_goes_to_the_waiting_list(offer_index, commit):
    training = make_training(offer_index[0], sessions=0)
    session = SessionFactory(page=training, capacity=1)
    member, waiting = MemberFactory(), MemberFactory()
    register_for_session(user=member, session=session, invoice=INVOICE)
    second = register_for_session(user=waiting, session=session, invoice=INVOICE)
    assert second.status == RegistrationStatus.WAITLISTED

    with commit():
        privacy.delete_account(user=member)

    second.refresh_from_db()
    assert second.has_open_offer


def test_call_form_messages_from_the_members_own_addresses_are_theirs(client, home_pages):
    home, _ = home_pages
    track = home.add_child(instance=G50TrackPage(title="G50", slug="g50"))
    kafka = track.add_child(instance=WorkstreamPage(title="Kafka-brigade", slug="kafka"))
    call = kafka.add_child(instance=CallFormPage(title="Meld overbodige administratie", slug="m"))
    member = MemberFactory(email="sofie@ocmw.example.be")
    # An address the member added but never confirmed may be anyone's.
    EmailAddress.objects.create(user=member, email="baas@ocmw.example.be", verified=False)
    mine = FormSubmission.objects.create(
        page=call, form_data={"e_mail": "Sofie@OCMW.example.be", "stap": "Een attest."}
    )
    not_mine = FormSubmission.objects.create(
        page=call, form_data={"e_mail": "baas@ocmw.example.be", "stap": "Iets anders."}
    )
    client.force_login(member)

    data = json.loads(client.post(url("member_data")).content)
    privacy.delete_account(user=member)

    assert [m["answers"]["stap"] for m in data["call_form_messages"]] == ["Een attest."]
    assert not FormSubmission.objects.filter(pk=mine.pk).exists()
    assert FormSubmission.objects.filter(pk=not_mine.pk).exists()
    assert AccountDeletion.objects.get().counts["call_form_messages_deleted"] == 1


def test_superusers_read_the_record_of_deletions_and_nobody_changes_it(client, editor):
    record = AccountDeletion.objects.create(former_user_id=41, counts={"stories_deleted": 2})
    moderator = MemberFactory(is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))

    client.force_login(editor)
    listing = client.get(reverse("account_deletion:index"))
    inspect = client.get(reverse("account_deletion:inspect", args=[record.pk]))
    edit = client.get(f"/admin/account_deletion/edit/{record.pk}/")
    client.force_login(moderator)
    refused = client.get(reverse("account_deletion:index"))

    assert listing.status_code == 200 and "41" in listing.content.decode()
    assert inspect.status_code == 200
    assert edit.status_code in (302, 403)
    assert refused.status_code in (302, 403)


# Stored files ------------------------------------------------------------------------------


def stored_names():
    return list(AssignmentFile.objects.values_list("file", flat=True))


def test_deleting_the_account_removes_the_files_of_every_version_from_storage(
    client, portal, commit
):
    hand_in(
        registration=portal.trajectory,
        title="Tweede versie",
        summary="Herwerkt na de feedback.",
        publish_summary=False,
        files=[SimpleUploadedFile("nota v2.pdf", PDF), SimpleUploadedFile("bijlage.pdf", PDF)],
    )
    storage = AssignmentFile._meta.get_field("file").storage
    names = stored_names()
    assert len(names) == 3 and all(storage.exists(name) for name in names)
    client.force_login(portal.member)

    with commit():
        client.post(url("delete_account"), {"password": PASSWORD, "confirm": "on"})

    assert not any(storage.exists(name) for name in names)


class ObjectStoreDown(Exception):
    """What an S3 client raises when the object store does not answer (not an OSError)."""


def test_a_file_the_storage_cannot_delete_at_once_is_removed_later(
    client, portal, commit, caplog, monkeypatch
):
    storage = AssignmentFile._meta.get_field("file").storage
    names = stored_names()

    delete = storage.delete

    def unreachable(name):
        if name in names:
            raise ObjectStoreDown("Could not connect to the endpoint URL")
        delete(name)

    monkeypatch.setattr(storage, "delete", unreachable)
    client.force_login(portal.member)
    with commit():
        response = client.post(url("delete_account"), {"password": PASSWORD, "confirm": "on"})

    # The account is gone and the member is told so; the file waits.
    assert response.status_code == 302
    assert not User.objects.filter(pk=portal.member.pk).exists()
    assert all(storage.exists(name) for name in names)
    assert "Could not delete the stored assignment file" in caplog.text

    monkeypatch.undo()
    two_days_ago = (timezone.now() - timedelta(days=2)).timestamp()
    for name in names:
        os.utime(storage.path(name), (two_days_ago, two_days_ago))
    with commit():
        call_command("anonymise_old_registrations", stdout=io.StringIO())

    assert not any(storage.exists(name) for name in names)
