"""Mail while the mail server is down: the member's action succeeds, the
mail waits in the outbox, and it arrives once the server is back, once."""

import uuid
from collections import Counter

from .harness import answer_of, wait_until

FORM = {
    "with_lunch": "no",
    "billing_organisation": "OCMW Gent",
    "billing_address": "Onderbergen 86, 9000 Gent",
}
# The scenery's member who registers here (the database test has the first 13).
MEMBER = 14


def _outbox(portal, addresses, since):
    """(address, Message-ID, status, attempts) of the mail to `addresses` written since `since`."""
    rows = portal.sql(
        "SELECT recipients, message_id, status, attempts FROM outbox_outgoingmail"
        " WHERE created_at >= %s",
        since,
    )
    return [
        (address, message_id, status, attempts)
        for recipients, message_id, status, attempts in rows
        for address in addresses
        if address in recipients.splitlines()
    ]


def _has_waited(portal, addresses, since):
    """Each address has mail in the outbox that the worker tried to send, and failed."""
    mails = _outbox(portal, addresses, since)
    return {address for address, _id, status, attempts in mails if attempts >= 1} == set(
        addresses
    ) and all(status in ("waiting", "sending") for *_rest, status, _attempts in mails)


def test_mail_sent_while_smtp_is_down_arrives_once_it_is_back(fault_portal):
    portal = fault_portal
    paths = portal.scenery["paths"]
    (since,) = portal.sql("SELECT now()")[0]
    member_email = portal.scenery["members"][MEMBER]["email"]
    demo_email = portal.scenery["demo_member"][0]
    newcomer = f"newcomer-{uuid.uuid4().hex[:8]}@example.org"
    addresses = [member_email, demo_email, newcomer]
    before = len(portal.sink.received)

    portal.sink.stop()
    member = portal.member(MEMBER)
    answers = {
        "registration": answer_of(lambda: member.post(paths["register_roomy"], FORM)),
        "password reset": answer_of(
            lambda: portal.client().post(paths["password_reset"], {"email": demo_email})
        ),
        "sign-up": answer_of(
            lambda: portal.client().post(
                paths["signup"],
                {
                    "email": newcomer,
                    "password1": "Zonnige-Kaai-2048!",
                    "password2": "Zonnige-Kaai-2048!",
                    "first_name": "Noor",
                    "last_name": "Nieuw",
                },
            )
        ),
    }
    # Each change was saved and the member moves on: no error page.
    assert answers == {"registration": 302, "password reset": 302, "sign-up": 302}
    # Nothing arrived, nothing is lost: the outbox holds every mail, and the
    # worker has tried to send it.
    wait_until(
        lambda: _has_waited(portal, addresses, since),
        seconds=20,
        message=f"the mail is not waiting in the outbox: {_outbox(portal, addresses, since)}",
    )
    assert not any(portal.sink.to(address, before) for address in addresses)

    portal.sink.start()
    wait_until(
        lambda: all(portal.sink.to(address, before) for address in addresses),
        seconds=20,
        message="the mail did not arrive once the mail server was back",
    )
    wait_until(
        lambda: all(row[2] == "sent" for row in _outbox(portal, addresses, since)),
        seconds=10,
        message=f"the outbox does not record the mail as sent: {_outbox(portal, addresses, since)}",
    )
    written = {message_id for _address, message_id, *_rest in _outbox(portal, addresses, since)}
    received = Counter(
        message["Message-ID"]
        for address in addresses
        for message in portal.sink.to(address, before)
    )
    assert set(received) == written, (received, written)
    assert all(count == 1 for count in received.values()), f"mail arrived twice: {received}"
