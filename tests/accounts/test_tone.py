"""The portal addresses members as "je" in Dutch and "vous" in French on
every member and account page and in its mails, Django's and allauth's texts
included, and never in English (portal/accounts/package_texts.py lists those the portal
translates itself).

The Dutch case needs the project's catalogue to hold those translations:
until then Django's and allauth's own Dutch ("Uw wachtwoord…", "a.u.b.")
shows through on the sign-up, password and verification pages, and Django's
"too short" password error in English.
"""

import ast
import inspect
import re
from html.parser import HTMLParser
from pathlib import Path

import allauth
import django.contrib.auth
import polib
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from portal.accounts import package_texts
from tests.factories.accounts import PASSWORD, MemberFactory, UserFactory
from tests.factories.offer import SessionFactory, make_training
from trajecten import registrations

pytestmark = pytest.mark.django_db

# The formal Dutch address, and the familiar French one.
NOT_OUR_TONE = {
    "nl": re.compile(r"\b(?:u|uw|uzelf|a\.u\.b)\b", re.IGNORECASE),
    "fr": re.compile(r"\b(?:tu|toi|ton|ta|tes|te|t['’])(?=\W)", re.IGNORECASE),
}
# Words of English left on a Dutch or French page (a package's catalogue
# that lacks a msgid of its own code).
ENGLISH = re.compile(r"\b(?:the|you|your|must|please|this|that|password)\b", re.IGNORECASE)
# Read as well as the text: what a screen reader or a form shows.
READ_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt"}


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "template"}:
            self.hidden += 1
        for name, value in attrs:
            if value and (
                name in READ_ATTRIBUTES or (name == "value" and ("type", "submit") in attrs)
            ):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in {"script", "style", "template"}:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.parts.append(data.strip())


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def out_of_tone(language, text):
    """The lines of `text` that address the reader in the wrong register, or in English."""
    lines = [re.sub(r"https?://\S+", "", line) for line in text.splitlines()]
    return [line for line in lines if NOT_OUR_TONE[language].search(line) or ENGLISH.search(line)]


def url(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


def pages_of_a_visitor(client, language):
    """Every account page a visitor reaches, with and without errors."""
    login, signup = url(language, "account_login"), url(language, "account_signup")
    reset = url(language, "account_reset_password")
    UserFactory(email="bestaand@example.org", first_name="Sara", last_name="Janssens")
    yield "log in", client.get(login)
    yield (
        "log in, wrong password",
        client.post(login, {"login": "x@example.org", "password": "fout"}),
    )
    yield "sign up", client.get(signup)
    yield (
        "sign up with errors",
        client.post(
            signup,
            {"email": "geen-adres", "password1": "123", "password2": "456", "first_name": ""},
        ),
    )
    yield "password reset", client.get(reset)
    yield "password reset with an error", client.post(reset, {"email": "geen-adres"})
    client.post(reset, {"email": "bestaand@example.org"})
    client.post(reset, {"email": "onbekend@example.org"})
    yield "password reset sent", client.get(url(language, "account_reset_password_done"))
    yield (
        "password reset, bad link",
        client.get(url(language, "account_reset_password_from_key", "zz", "set-password")),
    )
    yield "confirm e-mail, bad link", client.get(url(language, "account_confirm_email", "bad"))
    client.post(
        signup,
        {
            "email": "nieuw@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "first_name": "Jonas",
            "last_name": "Wouters",
        },
    )
    yield "verification sent", client.get(url(language, "account_email_verification_sent"))


def pages_of_a_member(client, language, offer_index):
    """Every page of the member area and of the account, with and without errors."""
    member = MemberFactory(
        first_name="Els", last_name="Peeters", profile__preferred_language=language
    )
    index, _ = offer_index
    session = SessionFactory(page=make_training(index, sessions=0))
    invoice = registrations.InvoiceDetails(
        organisation="OCMW Gent", address="Onderbergen 86\n9000 Gent"
    )
    registration = registrations.register_for_session(user=member, session=session, invoice=invoice)
    client.force_login(member)
    change = url(language, "account_change_password")
    profile = url(language, "member_profile")
    new_story = url(language, "new_story")
    for name in [
        "member_dashboard",
        "member_data",
        "delete_account",
        "member_registrations",
        "member_stories",
        "account_email",
        "mfa_index",
    ]:
        yield name, client.get(url(language, name))
    yield "registration", client.get(url(language, "registration_detail", registration.pk))
    yield "cancel registration", client.get(url(language, "cancel_registration", registration.pk))
    yield "password change", client.get(change)
    yield (
        "password change with errors",
        client.post(change, {"oldpassword": "fout", "password1": "123", "password2": "456"}),
    )
    yield "profile", client.get(profile)
    yield "profile with errors", client.post(profile, {"first_name": "", "phone": "abc"})
    yield "new story", client.get(new_story)
    yield "new story with errors", client.post(new_story, {"title": "", "consent": ""})
    yield "log out", client.get(url(language, "account_logout"))


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_account_and_member_page_speaks_in_the_portals_tone(
    client, offer_index, language, commit
):
    with commit():
        pages = list(pages_of_a_visitor(client, language))
    with commit():
        pages += list(pages_of_a_member(client, language, offer_index))

    wrong = {}
    for name, response in pages:
        assert response.status_code in {200, 400, 429}, name
        lines = out_of_tone(language, visible_text(response.content.decode()))
        if lines:
            wrong[name] = lines
    assert wrong == {}
    # The mails of the visits: verification, password reset (known and unknown
    # address), the confirmed registration.
    assert len(mail.outbox) >= 4
    for message in mail.outbox:
        assert out_of_tone(language, message.subject + "\n" + message.body) == [], message.subject


def listed_msgids():
    """The msgids package_texts.py lists, as makemessages reads them."""
    tree = ast.parse(inspect.getsource(package_texts))
    for call in ast.walk(tree):
        if isinstance(call, ast.Call) and getattr(call.func, "id", "") in {
            "gettext_noop",
            "ngettext_lazy",
        }:
            yield call.args[0].value


def test_the_texts_the_portal_translates_itself_are_still_the_packages():
    """A msgid of package_texts.py that Django or allauth no longer has would
    leave their own wording on the page: each one is in a package's catalogue."""
    # French as well: Django's Dutch catalogue lacks the newest msgid.
    catalogues = [
        polib.pofile(str(Path(package.__file__).parent / f"locale/{code}/LC_MESSAGES/django.po"))
        for package in [allauth, django.contrib.auth]
        for code in ["nl", "fr"]
    ]
    msgids = list(listed_msgids())
    assert len(msgids) == 9
    for msgid in msgids:
        assert any(catalogue.find(msgid) for catalogue in catalogues), msgid
