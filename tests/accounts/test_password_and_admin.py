"""Password reset and change for members, and editors in the Wagtail admin
through the same accounts."""

import re

import pytest
from django.core import mail

from tests.factories.accounts import PASSWORD, EditorFactory, MemberFactory
from tests.factories.pages import make_content_page

pytestmark = pytest.mark.django_db


def test_password_reset_mail_is_in_the_language_of_the_page(client, home_pages, commit):
    MemberFactory(email="lea@example.org")

    with commit():
        response = client.post("/fr/accounts/password/reset/", {"email": "lea@example.org"})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/fr/accounts/password/reset/key/" in mail.outbox[0].body
    assert "mot de passe" in mail.outbox[0].body.lower()


def test_password_reset_does_not_tell_whether_an_address_has_an_account(client, home_pages):
    MemberFactory(email="known@example.org")

    known = client.post("/nl/accounts/password/reset/", {"email": "known@example.org"})
    unknown = client.post("/nl/accounts/password/reset/", {"email": "unknown@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_member_changes_their_password(client, home_pages):
    member = MemberFactory()
    client.force_login(member)

    response = client.post(
        "/nl/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "another-Long-password-7",
            "password2": "another-Long-password-7",
        },
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("another-Long-password-7")


def test_editor_logs_in_through_the_portal_and_edits_a_page(client, home_pages):
    home, _ = home_pages
    page = make_content_page(home)
    EditorFactory(email="editor@example.org")

    redirect = client.get("/admin/")
    assert redirect.status_code == 302
    assert "/accounts/login/" in redirect["Location"]

    client.post("/nl/accounts/login/", {"login": "editor@example.org", "password": PASSWORD})
    assert client.get("/admin/").status_code == 200
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/add/home/contentpage/{home.pk}/").status_code == 200


def test_member_without_admin_rights_is_kept_out_of_the_admin(client, home_pages):
    client.force_login(MemberFactory())

    response = client.get("/admin/")

    assert response.status_code == 302
    assert re.search(r"/accounts/login/", response["Location"])
