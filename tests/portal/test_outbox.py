"""Every mail waits in the outbox until a mail server has taken it: a change
rolled back sends nothing, a mail server that is down never turns a saved
change into an error page, and its mail arrives, once, when it is back."""

import smtplib
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from portal.outbox import delivery
from portal.outbox.models import MailStatus, OutgoingMail
from tests.factories.accounts import MemberFactory, UserFactory
from tests.factories.offer import SessionFactory, make_call_form, make_training
from tests.faults.harness import SmtpSink
from tests.trajecten.test_call_forms import ANSWERS as CALL_ANSWERS
from tests.trajecten.test_member_registrations import FORM as REGISTRATION_FORM
from trajecten.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def sink(settings):
    """A real SMTP server (the fault tests' sink), down until a test starts it."""
    server = SmtpSink()
    server.stop()
    settings.MAIL_TRANSPORT = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()


def _a_mail(to="lea@example.org", subject="Uw inschrijving"):
    message = EmailMultiAlternatives(subject, "Tot dan!", to=[to])
    message.attach_alternative("<p>Tot dan!</p>", "text/html")
    message.attach("sessie.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    return message


def test_a_mail_of_a_change_that_is_rolled_back_is_never_sent(commit):
    with commit(), pytest.raises(RuntimeError), transaction.atomic():
        _a_mail().send()
        raise RuntimeError("the registration failed after the mail was written")

    assert mail.outbox == []
    assert not OutgoingMail.objects.exists()


def test_a_mail_leaves_when_the_change_is_committed_and_keeps_nothing_of_its_text(commit):
    with commit():
        _a_mail().send()
        assert mail.outbox == []  # not before the commit

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.subject == "Uw inschrijving" and sent.to == ["lea@example.org"]
    assert sent.alternatives[0][1] == "text/html"
    assert sent.attachments[0][0] == "sessie.ics"
    record = OutgoingMail.objects.get()
    assert record.status == MailStatus.SENT and record.attempts == 1
    assert record.content == {}
    assert record.recipient_list == ["lea@example.org"]


def test_with_the_mail_server_down_mail_waits_and_arrives_once_it_is_back(sink, commit):
    with commit():
        _a_mail().send()  # nothing listens on the sink's port yet

    record = OutgoingMail.objects.get()
    assert record.status == MailStatus.WAITING
    assert record.attempts == 1
    assert "Connection" in record.last_error or "refused" in record.last_error.lower()
    first_wait = record.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < first_wait <= timedelta(seconds=60)

    # Not due yet: nothing is tried before its time.
    assert delivery.deliver(mail_id=record.pk) == ""

    sink.start()
    later = record.next_attempt_at + timedelta(seconds=1)
    assert delivery.deliver(mail_id=record.pk, now=later) == MailStatus.SENT
    assert delivery.deliver(mail_id=record.pk, now=later) == ""  # once, not twice

    assert len(sink.received) == 1
    recipients, received = sink.received[0]
    assert recipients == ("lea@example.org",)
    assert received["Subject"] == "Uw inschrijving"
    assert received["Message-ID"] == record.message_id


def test_the_wait_doubles_up_to_an_hour_and_after_a_day_an_administrator_decides(
    sink, settings, commit
):
    with commit():
        _a_mail().send()
    record = OutgoingMail.objects.get()
    waits = []
    while record.status == MailStatus.WAITING:
        now = record.next_attempt_at
        delivery.deliver(mail_id=record.pk, now=now)
        record.refresh_from_db()
        if record.status == MailStatus.WAITING:
            waits.append((record.next_attempt_at - now).total_seconds())

    assert waits[:4] == [120, 240, 480, 960]
    assert max(waits) == waits[-1] == 3600
    assert record.status == MailStatus.FAILED
    assert now - record.created_at >= timedelta(seconds=settings.MAIL_RETRY_FOR_SECONDS)

    sink.start()
    assert delivery.send_again(mail=record)
    assert delivery.deliver(mail_id=record.pk) == MailStatus.SENT
    assert len(sink.received) == 1


class RefusingBackend(BaseEmailBackend):
    """A mail server that knows no such address."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"No such user")})


def test_an_address_the_mail_server_refuses_is_not_tried_for_a_day(settings, commit):
    settings.MAIL_TRANSPORT = f"{__name__}.RefusingBackend"
    with commit():
        _a_mail(to="x@example.org").send()

    record = OutgoingMail.objects.get()
    assert record.status == MailStatus.FAILED
    assert "550" in record.last_error


def test_the_scheduler_sends_what_the_worker_left_and_takes_up_a_dead_attempt(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    _a_mail(subject="Left by the worker").send()
    _a_mail(subject="Sender died").send()
    long_ago = timezone.now() - timedelta(hours=1)
    OutgoingMail.objects.update(created_at=long_ago, next_attempt_at=long_ago)
    OutgoingMail.objects.filter(subject="Sender died").update(
        status=MailStatus.SENDING, claimed_at=long_ago
    )
    # Delivered long ago: only its record was left, and that goes too.
    OutgoingMail.objects.create(
        message_id="<old@example.org>",
        from_email="noreply@example.org",
        recipients="\nold@example.org\n",
        subject="Old",
        status=MailStatus.SENT,
        created_at=long_ago - timedelta(days=40),
        next_attempt_at=long_ago - timedelta(days=40),
        sent_at=long_ago - timedelta(days=40),
    )

    call_command("send_queued_mail", stdout=StringIO())

    assert sorted(message.subject for message in mail.outbox) == [
        "Left by the worker",
        "Sender died",
    ]
    assert not OutgoingMail.objects.filter(subject="Old").exists()


def test_the_scheduler_leaves_fresh_mail_to_the_worker(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    _a_mail().send()

    assert delivery.deliver_overdue()["sent"] == 0
    assert mail.outbox == []


@pytest.fixture
def server_down(sink):
    """The mail server is down for the whole test (nothing listens)."""
    return sink


def test_a_sign_up_with_the_mail_server_down_is_saved_and_answered(
    client, home_pages, server_down, commit
):
    with commit():
        response = client.post(
            "/nl/accounts/signup/",
            {
                "email": "nieuw@ocmw.example.be",
                "password1": "a-Long-test-password-42",
                "password2": "a-Long-test-password-42",
                "first_name": "Nele",
                "last_name": "Nieuw",
            },
        )

    assert response.status_code == 302
    waiting = OutgoingMail.objects.get()
    assert waiting.status == MailStatus.WAITING
    assert waiting.recipient_list == ["nieuw@ocmw.example.be"]

    server_down.start()
    delivery.deliver(mail_id=waiting.pk, now=waiting.next_attempt_at)
    (message,) = server_down.to("nieuw@ocmw.example.be")
    assert "/nl/accounts/confirm-email/" in message.get_body(("plain",)).get_content()


def test_a_password_reset_with_the_mail_server_down_is_answered(
    client, home_pages, server_down, commit
):
    MemberFactory(email="lea@example.org")

    with commit():
        response = client.post("/fr/accounts/password/reset/", {"email": "lea@example.org"})

    assert response.status_code == 302
    assert OutgoingMail.objects.get().status == MailStatus.WAITING


# serialized_rollback: what the migrations made (the page tree, groups) is back for the next tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_mail_written_outside_a_transaction_leaves_at_once(sink):
    """As in the worker, where a task's mail is not part of a larger change."""
    sink.start()

    send_mail("Hallo", "Tekst", None, ["an@example.org"])

    assert OutgoingMail.objects.get().status == MailStatus.SENT
    assert len(sink.received) == 1


def test_an_administrator_sees_what_failed_and_sends_it_again(client, commit, settings):
    admin = UserFactory(is_staff=True, is_superuser=True)
    failed = OutgoingMail.objects.create(
        message_id="<f@example.org>",
        from_email="noreply@example.org",
        recipients="\nlea@example.org\n",
        subject="Uw inschrijving is bevestigd",
        content={
            "subject": "Uw inschrijving is bevestigd",
            "body": "Tot dan!",
            "from_email": "noreply@example.org",
            "to": ["lea@example.org"],
            "cc": [],
            "bcc": [],
            "reply_to": [],
            "headers": {"Message-ID": "<f@example.org>"},
            "content_subtype": "plain",
            "mixed_subtype": "mixed",
            "encoding": None,
            "alternatives": [],
            "attachments": [],
        },
        status=MailStatus.FAILED,
        attempts=30,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
        created_at=timezone.now() - timedelta(days=1),
        next_attempt_at=timezone.now(),
    )
    client.force_login(admin)

    dashboard = client.get("/admin/").content.decode()
    assert "/admin/outgoing_mail/?status=failed" in dashboard
    listing = client.get("/admin/outgoing_mail/?status=failed").content.decode()
    assert "Uw inschrijving is bevestigd" in listing
    assert f"/admin/outgoing_mail/edit/{failed.pk}/" in listing
    detail = client.get(f"/admin/outgoing_mail/edit/{failed.pk}/").content.decode()
    assert "Connection unexpectedly closed" in detail

    with commit():
        response = client.post(f"/admin/outgoing_mail/edit/{failed.pk}/")

    assert response.status_code == 302
    assert [message.subject for message in mail.outbox] == ["Uw inschrijving is bevestigd"]
    failed.refresh_from_db()
    assert failed.status == MailStatus.SENT


def test_editors_do_not_read_the_outbox(client):
    from tests.security.conftest import editor_in_group

    editor = editor_in_group("Editors")
    record = OutgoingMail.objects.create(
        message_id="<x@example.org>",
        from_email="noreply@example.org",
        recipients="\nlea@example.org\n",
        subject="Persoonlijk",
        created_at=timezone.now(),
        next_attempt_at=timezone.now(),
    )
    client.force_login(editor)

    assert client.get("/admin/outgoing_mail/").status_code in (302, 403)
    assert client.get(f"/admin/outgoing_mail/edit/{record.pk}/").status_code in (302, 403)
    assert client.post(f"/admin/outgoing_mail/edit/{record.pk}/").status_code in (302, 403)


def test_deleting_an_account_forgets_the_mail_sent_to_it(client, commit, home_pages):
    from portal.accounts.privacy import delete_account

    member = MemberFactory(email="weg@example.org")
    other = MemberFactory(email="blijft.weg@example.org")
    with commit():
        _a_mail(to=member.email).send()
        _a_mail(to=other.email).send()

    counts = delete_account(user=member)

    assert counts["sent_mail_forgotten"] == 1
    assert list(OutgoingMail.objects.values_list("recipients", flat=True)) == [
        "\nblijft.weg@example.org\n"
    ]


def test_a_hand_over_with_the_mail_server_down_is_saved_and_answered(
    client, offer_index, server_down, commit
):
    session = SessionFactory(page=make_training(offer_index[0], sessions=0))
    member = MemberFactory()
    client.force_login(member)
    client.post(f"/nl/inschrijven/sessie/{session.uid}/", REGISTRATION_FORM)
    registration = Registration.objects.get(user=member)

    with commit():
        response = client.post(
            f"/nl/mijn-account/inschrijvingen/{registration.pk}/doorgeven/",
            {"email": "collega@ocmw.example.be"},
        )

    assert response.status_code == 302
    assert registration.substitutions.exists()
    assert OutgoingMail.objects.to_address("collega@ocmw.example.be").get().attempts == 1


def test_a_call_form_with_the_mail_server_down_is_kept_and_answered(
    client, home_pages, server_down, commit
):
    call = make_call_form(home_pages[0])
    with commit():
        response = client.post(call.url, CALL_ANSWERS)

    assert response.status_code == 200
    assert call.get_submissions().count() == 1
    assert {mail.status for mail in OutgoingMail.objects.all()} == {MailStatus.WAITING}
    assert OutgoingMail.objects.count() == 2  # to the editors and to the sender


def test_what_failed_or_waits_comes_first_in_the_listing(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    now = timezone.now()
    for number in range(30):
        OutgoingMail.objects.create(
            message_id=f"<sent-{number}@example.org>",
            from_email="noreply@example.org",
            recipients=f"\nlid{number}@example.org\n",
            subject=f"Verstuurd {number}",
            status=MailStatus.SENT,
            created_at=now,
            next_attempt_at=now,
            sent_at=now,
        )
    OutgoingMail.objects.create(
        message_id="<failed@example.org>",
        from_email="noreply@example.org",
        recipients="\nlea@example.org\n",
        subject="Mislukt gisteren",
        status=MailStatus.FAILED,
        last_error="SMTPServerDisconnected",
        created_at=now - timedelta(days=1),
        next_attempt_at=now - timedelta(days=1),
    )
    client.force_login(admin)

    first_page = client.get("/admin/outgoing_mail/").content.decode()

    assert first_page.index("Mislukt gisteren") < first_page.index("Verstuurd 29")
