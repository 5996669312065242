"""Nobody learns from the sign-up form whether an address has an account
(the owner gets a mail instead), and guessing passwords is slowed down."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail

from portal.accounts.models import User
from tests.accounts.test_signup_and_profile import signup
from tests.factories.accounts import MemberFactory, email_of_length

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


class CountingHasher(MD5PasswordHasher):
    """The test hasher, counting the passwords it hashes: the costly work of a
    sign-up under production hashing (PBKDF2, hundreds of milliseconds)."""

    algorithm = "counting_md5"
    hashed = 0

    def encode(self, password, salt):
        CountingHasher.hashed += 1
        return super().encode(password, salt)


def passwords_hashed(client, email):
    CountingHasher.hashed = 0
    response = signup(client, email=email)
    client.logout()
    assert response.status_code == 302
    return CountingHasher.hashed


def test_signing_up_hashes_the_password_whether_or_not_the_address_has_an_account(
    client, home_pages, settings
):
    """The time a sign-up takes is mostly the hashing of the password: an
    address with an account must cost as much as a new one (README: sign-up
    never tells whether an address has an account)."""
    MemberFactory(email="known@ocmw.example.be")
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]

    known = passwords_hashed(client, "known@ocmw.example.be")
    new = passwords_hashed(client, "new@ocmw.example.be")

    assert new == known == 1
    assert User.objects.filter(email="new@ocmw.example.be").exists()


def test_an_address_too_long_for_an_account_is_refused_next_to_the_field(client, home_pages):
    # Valid, but 256 characters: allauth would cut it to the 254 an account
    # keeps, an address nobody owns.
    too_long = email_of_length(256, name="an")

    response = signup(client, email=too_long)

    assert response.status_code == 200
    assert "254" in response.context["form"].errors["email"][0]
    assert not User.objects.filter(email__startswith="anx").exists()
