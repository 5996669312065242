"""Editors set up two-factor authentication (an authenticator app, with
recovery codes) before they reach the Wagtail admin, and are asked for a code
at every log-in after that: their permissions count only in a session that
gave a code. Members are not concerned."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth.models import Group
from django.test import Client

from tests.factories.accounts import (
    PASSWORD,
    EditorFactory,
    MemberFactory,
    UserFactory,
    authenticator_app,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _two_factor_required(settings):
    settings.EDITOR_MFA_REQUIRED = True


def code_for(secret):
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def log_in(client, user):
    return client.post("/nl/accounts/login/", {"login": user.email, "password": PASSWORD})


# Committed for real: the code typed to set the app up is recorded when the
# activation commits, inside the request, as in production.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_editor_sets_up_an_authenticator_app_before_reaching_the_admin(client, home_pages):
    editor = EditorFactory()
    log_in(client, editor)

    kept_out = client.get("/admin/")
    assert kept_out.status_code == 302
    assert kept_out["Location"] == "/nl/accounts/2fa/totp/activate/"
    # allauth asks for the password once more before a second factor is added.
    confirm = client.get(kept_out["Location"])
    assert confirm["Location"].startswith("/nl/accounts/reauthenticate/")
    client.post(confirm["Location"], {"password": PASSWORD})
    setup = client.get(kept_out["Location"])
    assert setup.status_code == 200
    assert "authenticator" in setup.content.decode().lower()

    secret = client.session["mfa.totp.secret"]
    wrong = client.post("/nl/accounts/2fa/totp/activate/", {"code": "000000"})
    assert wrong.status_code == 200  # the form again, with its error
    assert not Authenticator.objects.filter(user=editor).exists()

    client.post("/nl/accounts/2fa/totp/activate/", {"code": code_for(secret)})

    kinds = set(Authenticator.objects.filter(user=editor).values_list("type", flat=True))
    assert kinds == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    # The code typed to set the app up counts: no second code right after.
    assert client.get("/admin/").status_code == 200


def test_once_set_up_every_log_in_asks_for_a_code(client, home_pages):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    editor = EditorFactory()
    secret = generate_totp_secret()
    TOTP.activate(editor, secret)

    response = log_in(client, editor)

    assert response["Location"] == "/nl/accounts/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302  # not logged in yet
    client.post("/nl/accounts/2fa/authenticate/", {"code": code_for(secret)})
    assert client.get("/admin/").status_code == 200


def test_an_editor_of_a_group_is_held_too_but_members_are_not(client, home_pages):
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    member = MemberFactory()

    log_in(client, editor)
    assert client.get("/admin/pages/")["Location"] == "/nl/accounts/2fa/totp/activate/"

    client.logout()
    log_in(client, member)
    assert client.get("/nl/mijn-account/").status_code == 200
    assert "/2fa/" not in client.get("/admin/").get("Location", "")


def test_without_the_setting_the_demo_editor_goes_straight_in(client, home_pages, settings):
    settings.EDITOR_MFA_REQUIRED = False
    editor = EditorFactory()

    log_in(client, editor)

    assert client.get("/admin/").status_code == 200


def test_a_session_that_gave_no_code_holds_no_editors_powers(client, home_pages):
    # A session opened with the password while the editor had no app yet, or
    # by any log-in that is not allauth's, is a member's until it gives a code,
    # even once an authenticator app exists (added in another browser).
    editor = EditorFactory()
    log_in(client, editor)
    code = authenticator_app(editor)
    other = Client()
    other.force_login(editor)

    for browser in [client, other]:
        response = browser.get("/admin/pages/")
        assert response.status_code == 302
        assert response["Location"] == "/nl/accounts/2fa/reauthenticate/?next=/admin/pages/"

    answer = client.post("/nl/accounts/2fa/reauthenticate/?next=/admin/pages/", {"code": code()})

    assert answer["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200
    assert other.get("/admin/pages/").status_code == 302


def test_an_editor_who_removes_the_app_loses_the_powers(client, home_pages):
    editor = EditorFactory()
    code = authenticator_app(editor)
    log_in(client, editor)
    client.post("/nl/accounts/2fa/authenticate/", {"code": code()})
    assert client.get("/admin/").status_code == 200

    Authenticator.objects.filter(user=editor).delete()

    assert client.get("/admin/")["Location"] == "/nl/accounts/2fa/totp/activate/"


def test_outside_a_request_the_powers_count_once_an_app_guards_the_account(db):
    # Tasks and commands have no session to ask: the app must exist.
    editor = EditorFactory()
    assert not editor.has_perm("trajecten.view_assignment")
    assert not editor.has_perms(["wagtailadmin.access_admin"])
    assert not editor.has_module_perms("trajecten")

    authenticator_app(editor)

    assert editor.has_perm("trajecten.view_assignment")
    assert editor.has_module_perms("trajecten")
