"""A request to take part reaches those who decide on it: the offer's
contact, else the address in Settings › Registration rules, else every
editor who may approve it; in their language, with who asks, why, and a
link straight to the registration in the admin."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.utils import translation
from wagtail.models import Site
from wagtail.users.models import UserProfile

from home.templatetags.formatting import time_range
from portal.notifications import MailKind, send_notification
from tests.factories.accounts import EditorFactory, MemberFactory, UserFactory
from tests.factories.offer import (
    SessionFactory,
    in_days,
    make_network,
    make_training,
    make_trajectory,
)
from trajecten import registrations
from trajecten.models import RegistrationSettings, RegistrationStatus
from trajecten.registrations import InvoiceDetails

pytestmark = pytest.mark.django_db

INVOICE = InvoiceDetails(organisation="De Brug vzw", address="Kerkstraat 1\n9000 Gent")
MOTIVATION = "Ik begeleid nieuwkomers bij hun eerste stappen naar het OCMW."
TIE = "Onze vzw werkt met het OCMW Gent samen in een convenant."


def outsider(**profile):
    """A member who does not work for an OCMW: they ask for approval."""
    return MemberFactory(
        first_name="Youssef",
        last_name="El Amrani",
        profile__is_ocmw_employee=False,
        profile__organisation_kind="non_profit",
        profile__organisation_name="De Brug vzw",
        profile__job_title="Trajectbegeleider",
        **{f"profile__{name}": value for name, value in profile.items()},
    )


def ask(member, session=None, edition=None):
    if edition is not None:
        return registrations.register_for_edition(
            user=member, edition=edition, invoice=INVOICE, motivation=MOTIVATION, tie_to_ocmw=TIE
        )
    return registrations.register_for_session(
        user=member, session=session, invoice=INVOICE, motivation=MOTIVATION, tie_to_ocmw=TIE
    )


def in_language(language, text):
    """`text` (a msgid, or a lazy label) as a reader in `language` reads it."""
    with translation.override(language):
        return translation.gettext(text) if isinstance(text, str) else str(text)


def when(session, language):
    with translation.override(language):
        return time_range(session.starts_at, session.ends_at)


def editors_mail():
    """The mails that lead to a registration in the admin."""
    return [m for m in mail.outbox if "/admin/registration/edit/" in m.body]


def site_address(address):
    settings = RegistrationSettings.for_site(Site.objects.get(is_default_site=True))
    settings.approval_requests_email = address
    settings.save()


@pytest.fixture
def training(offer_index):
    index, _ = offer_index
    return make_training(index, sessions=0, contact_email="academie@example.org")


@pytest.fixture
def session(training):
    return SessionFactory(page=training, starts_at=in_days(20), town="Gent")


def test_the_offers_contact_gets_the_request_in_dutch_and_french_with_all_it_needs(session, commit):
    site_address("aanvragen@example.org")  # the offer's own contact comes first
    with commit():
        request = ask(outsider(), session)

    (letter,) = editors_mail()
    assert letter.to == ["academie@example.org"]
    # No account has this address: whoever reads it gets both languages.
    assert letter.subject == (
        f"{in_language('nl', MailKind.NEW_REQUEST.label)} / "
        f"{in_language('fr', MailKind.NEW_REQUEST.label)}"
    )
    for language in ("nl", "fr"):
        for label in ("Why they want to take part:", "Their tie to the OCMW / CPAS:", "Member:"):
            assert in_language(language, label) in letter.body
    for fact in (
        "Youssef El Amrani",
        "De Brug vzw",
        "Trajectbegeleider",
        "Basisopleiding migratie",
        MOTIVATION,
        TIE,
        f"http://testserver/admin/registration/edit/{request.pk}/",
    ):
        assert fact in letter.body
    assert when(session, "nl") in letter.body and when(session, "fr") in letter.body


def test_without_a_contact_on_the_offer_the_sites_address_gets_it(offer_index, commit):
    index, _ = offer_index
    session = SessionFactory(page=make_training(index, sessions=0, contact_email=""))
    site_address("aanvragen@example.org")

    with commit():
        ask(outsider(), session)

    assert [letter.to for letter in editors_mail()] == [["aanvragen@example.org"]]


def test_without_any_address_every_editor_who_decides_gets_it_in_their_language(
    offer_index, commit
):
    index, _ = offer_index
    session = SessionFactory(page=make_training(index, sessions=0, contact_email=""))
    superuser = EditorFactory(email="hoofdredactie@example.org")
    UserProfile.objects.update_or_create(user=superuser, defaults={"preferred_language": "fr"})
    deciding = UserFactory(email="inschrijvingen@example.org", is_staff=True)
    group = Group.objects.create(name="Inschrijvingen")
    group.permissions.add(Permission.objects.get(codename="change_registration"))
    deciding.groups.add(group)
    EditorFactory(email="vertrokken@example.org", is_active=False)
    UserFactory(email="lezer@example.org", is_staff=True)  # may look, not decide

    with commit():
        ask(outsider(), session)

    letters = {letter.to[0]: letter for letter in editors_mail()}
    assert set(letters) == {"hoofdredactie@example.org", "inschrijvingen@example.org"}
    # Their own language (the admin's for the superuser, the profile's otherwise), once.
    assert letters["inschrijvingen@example.org"].subject == in_language(
        "nl", MailKind.NEW_REQUEST.label
    )
    french = [m for m in mail.outbox if m.to == ["hoofdredactie@example.org"]]
    assert [m.subject for m in french] == [in_language("fr", MailKind.NEW_REQUEST.label)]
    assert when(session, "fr") in french[0].body and when(session, "nl") not in french[0].body
    assert in_language("fr", "Why they want to take part:") in french[0].body


def test_an_editor_named_as_contact_reads_it_in_their_own_language(offer_index, commit):
    index, _ = offer_index
    editor = EditorFactory(email="Nathalie@Example.org")
    editor.profile.preferred_language = "fr"
    editor.profile.save()
    session = SessionFactory(
        page=make_training(index, sessions=0, contact_email="nathalie@example.org")
    )

    with commit():
        ask(outsider(), session)

    (letter,) = [m for m in mail.outbox if m.to == ["nathalie@example.org"]]
    assert letter.subject == in_language("fr", MailKind.NEW_REQUEST.label)
    assert letter.body.startswith(
        f"{in_language('fr', 'Dear %(name)s,') % {'name': editor.first_name}}"
    )


def test_the_link_opens_the_registration_with_approve_and_refuse_for_a_logged_in_editor(
    client, session, editor, commit
):
    with commit():
        request = ask(outsider(), session)
    (letter,) = editors_mail()
    link = re.search(r"http://testserver(/admin/\S+)", letter.body).group(1)

    client.force_login(editor)
    page = client.get(link)

    html = page.content.decode()
    assert page.status_code == 200
    assert "Youssef El Amrani" in html and MOTIVATION in html
    assert 'value="approve"' in html and 'value="refuse"' in html
    with commit():
        client.post(link, {"action": "approve"})
    request.refresh_from_db()
    assert request.status == RegistrationStatus.CONFIRMED


def test_the_members_own_mail_is_unchanged(session, commit):
    member = outsider(preferred_language="fr")
    with commit():
        ask(member, session)

    (own,) = [m for m in mail.outbox if m.to == [member.email]]
    assert own.subject == in_language("fr", MailKind.PENDING.label)
    assert "/admin/" not in own.body and MOTIVATION not in own.body


def test_a_member_who_registers_directly_sends_no_mail_to_the_editors(session, editor, commit):
    with commit():
        registrations.register_for_session(user=MemberFactory(), session=session, invoice=INVOICE)

    assert editors_mail() == []
    assert [m.to for m in mail.outbox if "academie@example.org" in m.to] == []


def test_an_editions_request_goes_to_the_contact_of_its_trajectory(offer_index, commit):
    index, _ = offer_index
    _trajectory, edition = make_trajectory(index, contact_email="integratie@example.org")

    with commit():
        ask(outsider(), edition=edition)

    assert [letter.to for letter in editors_mail()] == [["integratie@example.org"]]
    assert "Vormingstraject integratie — editie 2027-2028" in editors_mail()[0].body


def test_a_meetings_request_goes_to_the_contact_of_its_learning_network(offer_index, commit):
    index, _ = offer_index
    _network, meeting = make_network(index, contact_email="leernetwerk@example.org")

    with commit():
        ask(outsider(), meeting.sessions.get())

    assert [letter.to for letter in editors_mail()] == [["leernetwerk@example.org"]]


def test_a_request_decided_before_the_mail_is_written_is_not_announced(session, editor):
    request = ask(outsider(), session)
    registrations.approve(registration=request, by=editor)
    mail.outbox.clear()

    send_notification.call(str(MailKind.NEW_REQUEST), {"registration": request.pk})

    assert mail.outbox == []


def test_the_request_goes_through_when_the_editors_mail_cannot_be_written(
    session, commit, monkeypatch
):
    def broken(registration):
        raise RuntimeError("the settings cannot be read")

    monkeypatch.setattr("trajecten.notifications.approval_request_addresses", broken)
    member = outsider()

    with commit():
        request = ask(member, session)

    request.refresh_from_db()
    assert request.status == RegistrationStatus.PENDING
    assert [m.to for m in mail.outbox] == [[member.email]]
