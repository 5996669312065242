"""A social worker signs up, verifies their e-mail, logs in and completes
their profile; bad input gets a message next to the field."""

import re

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import translation
from django.utils.html import escape

from portal.accounts.models import Profile, User
from tests.factories.accounts import PASSWORD, MemberFactory, UserFactory
from tests.factories.organisations import new_organisation

pytestmark = pytest.mark.django_db


def signup(client, language="nl", email="an.peeters@ocmw.example.be"):
    # As a request's commit does: the mail leaves the outbox.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            f"/{language}/accounts/signup/",
            {
                "email": email,
                "password1": PASSWORD,
                "password2": PASSWORD,
                "first_name": "An",
                "last_name": "Peeters",
            },
        )


def test_signup_sends_a_verification_mail_and_verification_logs_in(client, home_pages):
    response = signup(client)

    assert response.status_code == 302
    user = User.objects.get(email="an.peeters@ocmw.example.be")
    assert (user.first_name, user.last_name) == ("An", "Peeters")
    assert user.profile.preferred_language == "nl"
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/nl/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)

    confirm_page = client.get(link)
    assert confirm_page.status_code == 200
    response = client.post(link)

    # Verified and logged in: the first stop is the unfinished profile.
    assert response.status_code == 302
    assert response["Location"] == "/nl/mijn-account/profiel/"
    assert client.get("/nl/mijn-account/").status_code == 200


def test_signup_in_french_writes_in_french(client, home_pages):
    signup(client, language="fr", email="lea.dubois@cpas.example.be")

    user = User.objects.get(email="lea.dubois@cpas.example.be")
    assert user.profile.preferred_language == "fr"
    assert "/fr/accounts/confirm-email/" in mail.outbox[0].body


def test_unverified_member_cannot_log_in(client, home_pages, commit):
    UserFactory(email="new@example.org", verified=False)

    with commit():
        response = client.post(
            "/nl/accounts/login/", {"login": "new@example.org", "password": PASSWORD}
        )

    # allauth sends a new verification mail instead of logging in.
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert response["Location"] == "/nl/accounts/confirm-email/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.org"]


def test_login_with_the_right_password(client, home_pages):
    member = MemberFactory(email="sofie@example.org")

    response = client.post(
        "/nl/accounts/login/", {"login": "sofie@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


@pytest.mark.parametrize(
    ("language", "message"), [("nl", "niet correct"), ("fr", "sont incorrects")]
)
def test_login_refused_for_a_wrong_password(client, home_pages, language, message):
    MemberFactory(email="sofie@example.org")

    response = client.post(
        f"/{language}/accounts/login/", {"login": "sofie@example.org", "password": "wrong"}
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert message in response.content.decode()


def test_member_area_asks_to_log_in(client, home_pages):
    response = client.get("/fr/mon-compte/")

    assert response.status_code == 302
    assert response["Location"].startswith("/fr/accounts/login/?next=/fr/mon-compte/")


def test_member_edits_their_profile(client, home_pages):
    member = UserFactory()
    brugge = new_organisation(2, name_nl="OCMW Brugge", name_fr="CPAS de Bruges")
    client.force_login(member)

    response = client.post(
        "/nl/mijn-account/profiel/",
        {
            "first_name": "Sofie",
            "last_name": "Peeters",
            # As the browser's list fills it in.
            "organisation_choice": f"OCMW Brugge – {brugge.formatted_enterprise_number}",
            "is_ocmw_employee": "on",
            "municipality": "Brugge",
            "job_title": "Maatschappelijk werker",
            "phone": "+32 50 44 80 00",
            "preferred_language": "fr",
        },
    )

    assert response.status_code == 302
    profile = Profile.objects.get(user=member)
    assert (profile.organisation, profile.organisation_name) == (brugge, "OCMW Brugge")
    assert profile.is_ocmw_employee and profile.works_for_ocmw
    assert profile.preferred_language == "fr"
    assert profile.is_complete
    member.refresh_from_db()
    assert member.first_name == "Sofie"


def test_profile_errors_are_shown_next_to_the_field_and_nothing_is_saved(client, home_pages):
    member = UserFactory()
    client.force_login(member)

    response = client.post(
        "/fr/mon-compte/profil/",
        {
            "first_name": "Léa",
            "last_name": "Dubois",
            "organisation_choice": "Asbl Solidarité",
            "is_ocmw_employee": "on",
            "municipality": "",
            "job_title": "Assistante sociale",
            "phone": "call me",
            "preferred_language": "fr",
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    for field in ["municipality", "phone", "organisation_choice"]:
        assert re.search(rf'id="id_{field}_error"', html), field
        assert re.search(
            rf'aria-invalid="true"[^>]*id="id_{field}"|id="id_{field}"[^>]*aria-invalid="true"',
            html,
        ), field
    # The messages are French, whichever catalogue words them.
    assert "This field is required" not in html
    with translation.override("fr"):
        unknown = translation.gettext(
            "We do not know this organisation yet: choose it from the list, or propose it below."
        )
    assert escape(unknown) in html
    profile = Profile.objects.get(user=member)
    assert profile.organisation_name == "" and profile.organisation is None
    member.refresh_from_db()
    assert member.first_name != "Léa"


def test_profile_form_rejects_an_unknown_choice(client, home_pages):
    member = MemberFactory()
    client.force_login(member)

    response = client.post(
        "/nl/mijn-account/profiel/", {"organisation_kind": "x" * 500, "preferred_language": "de"}
    )

    assert response.status_code == 200
    assert member.profile.organisation_kind == "ocmw"
