"""Bad input in the member flow gets a page with a message, never a 500."""

import pytest

from tests.factories.accounts import MemberFactory

pytestmark = pytest.mark.django_db

NASTY_VALUES = [
    "",
    " ",
    "x" * 10_000,
    "\x00\x01\x02",
    "<script>alert(1)</script>",
    "'; DROP TABLE accounts_user; --",
    "é" * 300,
]


@pytest.mark.parametrize("value", NASTY_VALUES)
@pytest.mark.parametrize("language", ["nl", "fr"])
def test_signup_with_bad_input_shows_the_form_again(client, home_pages, value, language):
    response = client.post(
        f"/{language}/accounts/signup/",
        {
            "email": value,
            "password1": value,
            "password2": value,
            "first_name": value,
            "last_name": value,
        },
    )

    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize("value", NASTY_VALUES)
def test_login_with_bad_input_is_refused_politely(client, home_pages, value):
    response = client.post("/nl/accounts/login/", {"login": value, "password": value})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("value", NASTY_VALUES)
def test_profile_with_bad_input_changes_nothing(client, home_pages, value):
    member = MemberFactory()
    client.force_login(member)
    fields = [
        "first_name",
        "last_name",
        "organisation_name",
        "organisation_kind",
        "municipality",
        "job_title",
        "phone",
        "preferred_language",
    ]

    response = client.post("/nl/mijn-account/profiel/", dict.fromkeys(fields, value))

    assert response.status_code == 200
    member.profile.refresh_from_db()
    assert member.profile.organisation_name == "OCMW Gent"


def test_forms_refuse_a_post_without_csrf_token(home_pages):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(MemberFactory())

    response = strict.post("/fr/mon-compte/profil/", {"first_name": "X"})

    assert response.status_code == 403
    assert "Le formulaire a expiré" in response.content.decode()
