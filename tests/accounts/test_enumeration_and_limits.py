"""Nobody learns from the sign-up form whether an address has an account
(the owner gets a mail instead), and guessing passwords is slowed down."""

import pytest
from django.core import mail

from portal.accounts.models import User
from tests.accounts.test_signup_and_profile import signup
from tests.factories.accounts import MemberFactory

pytestmark = pytest.mark.django_db


def test_signing_up_with_a_known_address_looks_the_same_and_warns_the_owner(client, home_pages):
    owner = MemberFactory(email="known@ocmw.example.be")

    known = signup(client, email="known@ocmw.example.be")
    client.logout()
    new = signup(client, email="new@ocmw.example.be")

    assert known.status_code == new.status_code == 302
    assert known["Location"] == new["Location"]
    assert User.objects.filter(email="known@ocmw.example.be").count() == 1
    owner.refresh_from_db()
    assert owner.check_password("a-Long-test-password-42")  # untouched
    to_owner = [message for message in mail.outbox if message.to == ["known@ocmw.example.be"]]
    assert len(to_owner) == 1
    assert "confirm-email" not in to_owner[0].body


def test_repeated_wrong_passwords_are_refused_for_a_while(client, home_pages):
    member = MemberFactory()

    answers = [
        client.post("/nl/accounts/login/", {"login": member.email, "password": f"wrong-{n}"})
        for n in range(12)
    ]
    right_password = client.post(
        "/nl/accounts/login/", {"login": member.email, "password": "a-Long-test-password-42"}
    )

    assert answers[0].status_code == 200
    assert 429 in {answer.status_code for answer in answers} or any(
        "te veel" in answer.content.decode().lower() for answer in answers
    )
    assert right_password.status_code != 302  # still held back, even with the right password
