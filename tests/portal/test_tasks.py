"""Work queued for the worker exists exactly when the change that asked for
it does: with the database queue it is written in the same transaction, so a
database lost right after the commit loses no mail and no indexing."""

import pytest
from django.core import mail
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from portal.notifications import send_notification
from portal.outbox.models import OutgoingMail
from portal.tasks import later

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_with_the_database_queue_a_task_is_part_of_the_change(settings):
    settings.TASKS = DATABASE_QUEUE

    with pytest.raises(RuntimeError), transaction.atomic():
        later(send_notification, "confirmed", {"registration": 1})
        assert DBTaskResult.objects.count() == 1  # written now, not after the commit
        raise RuntimeError("the registration failed")

    assert not DBTaskResult.objects.exists()


def test_with_the_database_queue_a_mail_and_its_delivery_are_written_together(settings):
    settings.TASKS = DATABASE_QUEUE

    with transaction.atomic():
        mail.send_mail("Bevestigd", "Tot dan", None, ["lea@example.org"])
        queued = DBTaskResult.objects.get()

    assert queued.task_path == "portal.outbox.tasks.deliver_mail"
    assert queued.args_kwargs["args"] == [OutgoingMail.objects.get().pk]
    assert mail.outbox == []  # the worker delivers it


def test_without_a_worker_a_task_runs_once_the_change_is_committed(commit):
    with commit():
        mail.send_mail("Bevestigd", "Tot dan", None, ["lea@example.org"])
        assert mail.outbox == []

    assert [message.subject for message in mail.outbox] == ["Bevestigd"]
