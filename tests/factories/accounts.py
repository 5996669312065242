"""Users: plain members, members with a complete profile, editors, and an
authenticator app for two-factor authentication."""

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from portal.accounts.models import Profile, User

from .organisations import OrganisationFactory

PASSWORD = "a-Long-test-password-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    first_name = factory.Faker("first_name", locale="nl_BE")
    last_name = factory.Faker("last_name", locale="nl_BE")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Members log in with a verified address, as allauth requires;
        `verified=False` makes one who never clicked the link."""
        if create:
            self.save()
            EmailAddress.objects.create(
                user=self, email=self.email, verified=extracted is not False, primary=True
            )


class MemberFactory(UserFactory):
    """A member whose profile is complete, employed by an OCMW: OCMW Gent,
    approved (profile__organisation=None leaves them without one)."""

    @factory.post_generation
    def profile(self, create, extracted, **kwargs):
        if not create:
            return
        values = {
            "organisation": OrganisationFactory() if "organisation" not in kwargs else None,
            "organisation_name": "OCMW Gent",
            "organisation_kind": Profile.OrganisationKind.OCMW,
            "is_ocmw_employee": True,
            "municipality": "Gent",
            "job_title": "Maatschappelijk werker",
            "preferred_language": "nl",
        }
        values.update(kwargs)
        Profile.objects.filter(user=self).update(**values)
        self.profile.refresh_from_db()


class EditorFactory(UserFactory):
    is_staff = True
    is_superuser = True


def authenticator_app(user):
    """Sets up an authenticator app for `user`, as allauth stores it, and
    returns what the app shows: a function giving the current code."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return lambda: format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def email_of_length(length, name="collega"):
    """A valid e-mail address of exactly `length` characters (up to 320, the
    most Django's e-mail field takes; an account keeps 254): a local part of
    64, labels of the domain of at most 63, ending in .be."""
    local = name.ljust(64, "x")[:64]
    left = length - len(local) - len("@") - len(".be")
    labels = []
    while left > 63:
        labels.append("d" * 62)
        left -= 63
    labels.append("d" * left)
    address = f"{local}@{'.'.join(labels)}.be"
    assert len(address) == length
    return address
