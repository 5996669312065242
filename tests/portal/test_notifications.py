"""Every mail to a member takes one path: the change asks for it, and the
task worker composes it in the member's language once the change has
committed. With the worker stopped, a request writes no mail at all; once
it runs, each kind arrives."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import WorkflowState

from portal.notifications import MailKind
from portal.organisations.models import OrganisationStatus
from portal.outbox.models import MailStatus, OutgoingMail
from tests.factories.accounts import MemberFactory
from tests.factories.offer import SessionFactory, make_network, make_training, make_trajectory
from tests.factories.organisations import new_organisation
from tests.factories.stories import make_story_index
from trajecten import evaluations, registrations
from trajecten.assignments.services import hand_in, review
from trajecten.models import AssignmentStatus, MessageAudience, Session, SessionStatus
from trajecten.networks import services as networks
from trajecten.registrations import InvoiceDetails
from trajecten.registrations.messages import message_registrants

INVOICE = InvoiceDetails(organisation="OCMW Gent", address="Onderbergen 86\n9000 Gent")
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
STORY = {
    "title": "Een regel die niemand begreep",
    "teaser": "Hoe we een overbodige stap schrapten.",
    "text": "Elke aanvrager moest een attest laten tekenen.",
    "consent": "on",
}


@pytest.fixture
def worker_stopped(settings):
    """The production queue, in the database, with no worker taking from it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_the_worker():
    call_command(
        "worker", "--batch", "--no-startup-delay", "--backoff-first", "0", "--backoff-max", "0"
    )


def subject(kind, language):
    if kind == MailKind.ORGANISER_MESSAGE:  # the editor's own subject
        return {"nl": "Parkeren", "fr": "Parking"}[language]
    with translation.override(language):
        return str(kind.label)


def every_kind_of_mail(client, offer_index, home_pages, editor):
    """Walk each change that tells a member something; returns {kind: member}."""
    index, _ = offer_index
    training = make_training(index, sessions=0)
    session = SessionFactory(
        page=training, capacity=1, starts_at=timezone.now() + timedelta(days=30)
    )
    soon = SessionFactory(page=training, starts_at=timezone.now() + timedelta(days=1))
    _trajectory, edition = make_trajectory(index)
    told = {}

    # Through the site, as a member does: a seat, then the waiting list.
    seated = MemberFactory(profile__preferred_language="fr")
    client.force_login(seated)
    client.post(
        f"/fr/inscription/session/{session.uid}/",
        {
            "billing_organisation": "CPAS de Namur",
            "billing_address": "Rue de Dave 165\n5100 Namur",
            "with_lunch": "no",
        },
    )
    told[MailKind.CONFIRMED] = seated
    waiting = MemberFactory()
    registrations.register_for_session(user=waiting, session=session, invoice=INVOICE)
    told[MailKind.WAITLISTED] = waiting
    # Leaving frees the seat: it is offered to the first in line, who takes it.
    with translation.override("fr"):
        cancelling = reverse("cancel_registration", args=[seated.registrations.get().pk])
    client.post(cancelling, {})
    told[MailKind.CANCELLED] = seated
    told[MailKind.SEAT_OFFERED] = waiting
    client.force_login(waiting)
    client.post(
        reverse("answer_offer", args=[waiting.registrations.get().pk]), {"answer": "accept"}
    )
    told[MailKind.PROMOTED] = waiting
    # An offer nobody answers ends, and passes on.
    small = SessionFactory(page=training, capacity=1, starts_at=timezone.now() + timedelta(days=9))
    holder, slow = MemberFactory(), MemberFactory()
    held = registrations.register_for_session(user=holder, session=small, invoice=INVOICE)
    registrations.register_for_session(user=slow, session=small, invoice=INVOICE)
    registrations.cancel(registration=held, by=holder)
    registrations.expire_offers(now=timezone.now() + timedelta(days=3))
    told[MailKind.OFFER_EXPIRED] = slow

    outsider = MemberFactory(
        profile__is_ocmw_employee=False, profile__organisation_kind="non_profit"
    )
    request = registrations.register_for_session(
        user=outsider, session=soon, invoice=INVOICE, motivation="Ik help", tie_to_ocmw="Partner"
    )
    told[MailKind.PENDING] = outsider
    registrations.approve(registration=request, by=editor)
    told[MailKind.APPROVED] = outsider
    refused = MemberFactory(
        profile__is_ocmw_employee=False, profile__organisation_kind="non_profit"
    )
    asked = registrations.register_for_session(
        user=refused, session=soon, invoice=INVOICE, motivation="Ik help", tie_to_ocmw="Partner"
    )
    registrations.refuse(registration=asked, by=editor, reason="Volzet voor partners")
    told[MailKind.REFUSED] = refused
    # A request still waiting when the worker runs (those above are decided by
    # then): the offer names no contact and the site no address, the editors hear of it.
    registrations.register_for_session(
        user=MemberFactory(profile__is_ocmw_employee=False, profile__organisation_kind="other"),
        session=soon,
        invoice=INVOICE,
        motivation="Ik help",
        tie_to_ocmw="Partner",
    )
    told[MailKind.NEW_REQUEST] = editor

    handing = MemberFactory()
    seat = registrations.register_for_session(user=handing, session=soon, invoice=INVOICE)
    colleague = MemberFactory()
    substitution = registrations.invite_substitute(
        registration=seat, by=handing, email=colleague.email
    )
    told[MailKind.SUBSTITUTION_INVITATION] = colleague
    registrations.accept_substitution(token=substitution.token, user=colleague, invoice=INVOICE)
    told[MailKind.SUBSTITUTION_ACCEPTED] = handing
    # A training coordinator registers a colleague, told in their own language.
    coordinator = MemberFactory(profile__is_coordinator=True)
    registered = MemberFactory(profile__preferred_language="fr")
    registrations.register_colleagues_for_session(
        coordinator=coordinator, colleagues=[registered], session=soon
    )
    told[MailKind.REGISTERED_BY_COORDINATOR] = registered
    registrations.send_due_reminders()
    told[MailKind.REMINDER] = colleague

    # The organiser cancels a session: an editor sets its status and publishes.
    called_off = SessionFactory(page=training, starts_at=timezone.now() + timedelta(days=20))
    disappointed = MemberFactory(profile__preferred_language="fr")
    registrations.register_for_session(user=disappointed, session=called_off, invoice=INVOICE)
    called_off.status = SessionStatus.CANCELLED
    called_off.save()
    training.save_revision().publish()
    told[MailKind.CANCELLED_BY_ORGANISER] = disappointed
    # … or postpones one.
    later_on = SessionFactory(page=training, starts_at=timezone.now() + timedelta(days=25))
    patient = MemberFactory()
    registrations.register_for_session(user=patient, session=later_on, invoice=INVOICE)
    later_on.status = SessionStatus.POSTPONED
    later_on.save()
    training.save_revision().publish()
    told[MailKind.POSTPONED] = patient
    # … or gives one a new date.
    later_on.status = SessionStatus.SCHEDULED
    later_on.starts_at += timedelta(days=7)
    later_on.ends_at += timedelta(days=7)
    later_on.save()
    training.save_revision().publish()
    told[MailKind.RESCHEDULED] = patient
    # An editor writes to a session's participants.
    message_registrants(
        session=later_on,
        audience=MessageAudience.PARTICIPANTS,
        texts={"subject_nl": "Parkeren", "subject_fr": "Parking", "body_nl": "…", "body_fr": "…"},
        by=editor,
    )
    told[MailKind.ORGANISER_MESSAGE] = patient

    participant = MemberFactory()
    place = registrations.register_for_edition(user=participant, edition=edition, invoice=INVOICE)
    hand_in(
        registration=place,
        title="Mijn nota",
        summary="Wat ik leerde.",
        publish_summary=False,
        files=[SimpleUploadedFile("nota.pdf", PDF)],
    )
    review(registration=place, by=editor, status=AssignmentStatus.ACCEPTED, feedback="Sterk.")
    told[MailKind.ASSIGNMENT_REVIEWED] = participant

    # A session is over: who was there is asked for an evaluation.
    attended = SessionFactory(page=training, starts_at=timezone.now() + timedelta(days=40))
    present = MemberFactory(profile__preferred_language="fr")
    there = registrations.register_for_session(user=present, session=attended, invoice=INVOICE)
    registrations.mark_attendance(
        registration=there, session=attended, by=editor, attendance="present"
    )
    ended = timezone.now() - timedelta(hours=1)
    Session.objects.filter(pk=attended.pk).update(
        starts_at=ended - timedelta(hours=3), ends_at=ended
    )
    evaluations.send_invitations()
    told[MailKind.EVALUATION_INVITATION] = present

    # A learning network where editors let members in.
    network, _meeting = make_network(offer_index[0], members_need_approval=True)
    joining = MemberFactory(profile__preferred_language="fr")
    membership = networks.join(network=network, user=joining, share_details=True)
    networks.approve(membership=membership, by=editor)
    told[MailKind.NETWORK_MEMBERSHIP_APPROVED] = joining
    turned_down = MemberFactory()
    request = networks.join(network=network, user=turned_down, share_details=False)
    networks.refuse(membership=request, by=editor)
    told[MailKind.NETWORK_MEMBERSHIP_REFUSED] = turned_down

    # Organisations members proposed, which an editor approves or refuses.
    client.force_login(editor)
    for number, (kind, status) in enumerate(
        [
            (MailKind.ORGANISATION_APPROVED, OrganisationStatus.APPROVED),
            (MailKind.ORGANISATION_REFUSED, OrganisationStatus.REFUSED),
        ],
        start=30,
    ):
        proposed = new_organisation(number, status=OrganisationStatus.PENDING)
        proposer = MemberFactory(profile__organisation=proposed, profile__preferred_language="fr")
        form = {
            field: getattr(proposed, field)
            for field in ["name_nl", "name_fr", "kind", "enterprise_number", "street"]
            + ["postal_code", "town", "invoice_email", "language", "purchase_order_reference"]
            + ["peppol_id"]
        }
        client.post(f"/admin/organisations/edit/{proposed.pk}/", {**form, "status": status})
        told[kind] = proposer

    make_story_index(home_pages[0])
    for kind, decide in (
        (MailKind.STORY_PUBLISHED, lambda task: task.approve(user=editor)),
        (MailKind.STORY_CHANGES_ASKED, lambda task: task.reject(user=editor, comment="Anoniemer.")),
    ):
        author = MemberFactory()
        client.force_login(author)
        client.post("/nl/mijn-account/verhalen/nieuw/", STORY)
        story = author.stories.get()
        decide(WorkflowState.objects.for_instance(story).get().current_task_state)
        told[kind] = author
    return told


def test_no_mail_is_written_in_a_request_and_each_kind_arrives_once_the_worker_runs(
    django_db_serialized_rollback,
    transactional_db,
    worker_stopped,
    client,
    offer_index,
    home_pages,
    editor,
):
    """Every change commits for real and the worker takes from the queue as
    it does in production (what the migrations made is put back afterwards,
    as the tests that follow in this process expect it)."""
    told = every_kind_of_mail(client, offer_index, home_pages, editor)

    assert set(told) == set(MailKind), "a kind of mail is not walked here"
    # Nothing rendered, nothing on its way to a member: only the tasks that
    # will write it. (Wagtail's mail to the editors that a story waits for
    # them is the admin's own, and not a member's.)
    assert mail.outbox == []
    for kind, reader in told.items():
        written = OutgoingMail.objects.to_address(reader.email)
        if kind == MailKind.NEW_REQUEST:
            # The editor also moderates the stories: Wagtail's own mails are theirs.
            written = written.filter(subject=subject(kind, reader.profile.preferred_language))
        assert not written.exists()

    run_the_worker()

    received = {(message.to[0], message.subject) for message in mail.outbox}
    for kind, member in told.items():
        language = member.profile.preferred_language
        assert (member.email, subject(kind, language)) in received, kind
    assert not OutgoingMail.objects.exclude(status=MailStatus.SENT).exists()
