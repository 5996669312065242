"""The rules editors set: the site's defaults in Settings › Registration
rules, and an offer's own values on its page. The pages and mails state the
dates that follow from them."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation
from wagtail.models import Site

from home.templatetags.formatting import day, moment
from tests.factories.accounts import MemberFactory
from tests.factories.offer import SessionFactory, in_days, make_training, make_trajectory
from trajecten import registrations
from trajecten.models import RegistrationSettings, Session
from trajecten.registrations import InvoiceDetails, LateCancellation, RegistrationError, policy_for

pytestmark = pytest.mark.django_db

INVOICE = InvoiceDetails(organisation="OCMW Gent", address="Onderbergen 86, 9000 Gent")


def site_settings(**values):
    settings = RegistrationSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in values.items():
        setattr(settings, name, value)
    settings.save()
    return settings


def days_before(session, days):
    with translation.override("nl"):
        return day(timezone.localtime(session.starts_at).date() - timedelta(days=days))


def test_without_settings_the_seeds_rules_apply(offer_index):
    session = SessionFactory(page=make_training(offer_index[0], sessions=0))

    policy = policy_for(session=session)

    # One week free cancellation (seed 001), a reminder two days ahead,
    # offers open for 48 hours and stopping a day before the start.
    assert policy.free_cancellation_days == 7
    assert policy.reminder_before == timedelta(days=2)
    assert policy.offer_window == timedelta(hours=48)
    assert policy.offers_stop_before == timedelta(hours=24)


def test_the_registration_form_and_mail_state_the_sites_period_then_the_offers(
    client, offer_index, commit
):
    training = make_training(offer_index[0], sessions=0)
    session = SessionFactory(page=training, starts_at=in_days(30))
    site_settings(free_cancellation_days=10)
    member = MemberFactory()
    client.force_login(member)
    form_url = f"/nl/inschrijven/sessie/{session.uid}/"

    assert days_before(session, 10) in client.get(form_url).content.decode()

    training.free_cancellation_days = 3
    training.save()
    assert days_before(session, 3) in client.get(form_url).content.decode()
    with commit():
        client.post(
            form_url,
            {"billing_organisation": "OCMW Gent", "billing_address": "Gent", "with_lunch": "no"},
        )
    assert days_before(session, 3) in mail.outbox[-1].body


def test_an_offers_own_period_decides_whether_a_cancellation_is_late(offer_index):
    training = make_training(offer_index[0], sessions=0, free_cancellation_days=14)
    session = SessionFactory(page=training, starts_at=in_days(10))
    member = MemberFactory()
    registration = registrations.register_for_session(user=member, session=session, invoice=INVOICE)

    # Ten days ahead is free by the site's week, late by the training's two weeks.
    with pytest.raises(LateCancellation):
        registrations.cancel(registration=registration, by=member)


def test_module_sessions_follow_the_rules_of_their_trajectory(offer_index):
    trajectory, edition = make_trajectory(offer_index[0], free_cancellation_days=21)
    module_session = Session.objects.in_subtree_of(edition.path).first()

    assert policy_for(session=module_session).free_cancellation_days == 21
    assert policy_for(edition=edition).free_cancellation_days == 21


def test_reminders_follow_each_offers_lead_time(offer_index, commit):
    index = offer_index[0]
    early = make_training(index, sessions=0, reminder_days=5)
    usual = make_training(index, sessions=0, title="Andere vorming", slug="andere")
    in_four_days = timezone.now() + timedelta(days=4)
    reminded = MemberFactory()
    not_yet = MemberFactory()
    for member, page in ((reminded, early), (not_yet, usual)):
        registrations.register_for_session(
            user=member, session=SessionFactory(page=page, starts_at=in_four_days), invoice=INVOICE
        )
    mail.outbox.clear()

    with commit():
        sent = registrations.send_due_reminders()

    assert sent == 1
    assert [m.to for m in mail.outbox] == [[reminded.email]]


def test_an_absurd_value_is_refused_beside_its_field(client, editor):
    client.force_login(editor)
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/trajecten/registrationsettings/{site.pk}/"

    response = client.post(
        url,
        {
            "free_cancellation_days": "700",
            "reminder_days": "2",
            "offer_window_hours": "48",
            "offers_stop_hours": "24",
            "approval_requests_email": "",
        },
    )

    assert response.status_code == 200
    assert "free_cancellation_days" in response.context["form"].errors
    assert RegistrationSettings.for_site(site).free_cancellation_days == 7


def test_an_edition_without_its_own_closing_date_closes_by_the_sites_rule(offer_index, client):
    trajectory, edition = make_trajectory(offer_index[0])
    edition.registration_closes = None
    edition.save_revision().publish()
    first = Session.objects.in_subtree_of(edition.path).order_by("starts_at").first()
    site_settings(edition_closes_days=30)
    edition = type(edition).objects.get(pk=edition.pk)

    closes = edition.closes_at
    assert timezone.localtime(closes).date() == (
        timezone.localtime(first.starts_at).date() - timedelta(days=30)
    )
    with translation.override("nl"):
        assert moment(closes) in client.get(edition.url).content.decode()
    assert edition.registration_window(closes - timedelta(minutes=1)) == "open"
    assert edition.registration_window(closes + timedelta(minutes=1)) == "closed"
    with pytest.raises(RegistrationError) as closed:
        registrations.register_for_edition(
            user=MemberFactory(),
            edition=edition,
            invoice=INVOICE,
            now=closes + timedelta(minutes=1),
        )
    assert closed.value.code == "closed"


def test_an_editions_own_closing_date_wins(offer_index):
    _trajectory, edition = make_trajectory(offer_index[0], closes_in_days=5)
    site_settings(edition_closes_days=1)

    assert edition.closes_at == edition.registration_closes
