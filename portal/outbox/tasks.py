"""The worker's part of mail: deliver one mail of the outbox."""

from django_tasks import task

from . import delivery


@task()
def deliver_mail(mail_id: int) -> str:
    return delivery.deliver(mail_id=mail_id)
