"""The demo offer from the seeds, in Dutch and French, loaded as `make run` does."""

import pytest
from django.utils import timezone
from wagtail.models import Locale

from trajecten.models import (
    ConferencePage,
    EditionPage,
    LearningNetworkPage,
    ModulePage,
    RegistrationWindow,
    Session,
    TrainingPage,
    TrajectoryPage,
    WorkstreamPage,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("demo_site"),
    pytest.mark.xdist_group("demo-offer"),
]


def test_demo_offer_in_both_languages(client):
    training = TrainingPage.objects.get(
        locale__language_code="nl", slug="basisopleiding-psychosociale-impact-migratie"
    )
    sessions = list(training.get_sessions())
    assert [s.town for s in sessions] == ["Brugge", "Gent", "Leuven", "Antwerpen", "Hasselt"]
    assert {s.status for s in sessions} == {"postponed"}
    assert [timezone.localtime(s.starts_at).strftime("%a %H:%M") for s in sessions] == [
        "Fri 09:30",
        "Mon 09:30",
        "Fri 09:30",
        "Mon 09:30",
        "Mon 09:30",
    ]
    assert all(s.capacity == 15 for s in sessions)
    assert (training.price, training.price_with_lunch) == (45, 50)

    edition = EditionPage.objects.filter(locale__language_code="nl").latest("registration_opens")
    modules = (
        ModulePage.objects.child_of(edition).filter(locale__language_code="nl").order_by("path")
    )
    assert modules.count() == 8 and modules.last().is_return_day
    assert edition.registration_window() == RegistrationWindow.OPEN
    return_day = Session.objects.get(page=modules.last())
    assert timezone.localtime(return_day.starts_at).strftime("%a %d %b").startswith("Fri")
    assert return_day.town == "Brussel"

    assert LearningNetworkPage.objects.count() == 2
    assert WorkstreamPage.objects.filter(locale__language_code="fr").count() == 4
    assert Session.objects.filter(page__locale__language_code="fr").count() == 0

    french = training.get_translation(Locale.objects.get(language_code="fr"))
    french_html = client.get(french.url).content.decode()
    assert "Formation de base" in french_html
    assert french_html.count('class="session ') == 5
    assert "Reportée en raison des mesures sanitaires" in french_html
    assert client.get("/fr/offre/").status_code == 200
    assert client.get("/nl/aanbod/?province=limburg").status_code == 200


# The seeds' facts, kept beside the dates moved into the future -----------------------


def test_the_first_edition_is_a_past_edition_beside_the_open_one(client):
    trajectory = TrajectoryPage.objects.get(locale__language_code="nl")
    first, current = trajectory.editions()

    assert first.title == "Editie 2020-2021"
    assert first.registration_window() == RegistrationWindow.CLOSED
    assert "31 januari 2020" in first.intro and "4 juni 2021" in first.intro
    assert "online netwerkevenement" in first.intro
    assert current.registration_window() == RegistrationWindow.OPEN
    assert trajectory.current_edition().pk == current.pk

    for language, past in [("nl", "Editie 2020-2021"), ("fr", "Édition 2020-2021")]:
        page = TrajectoryPage.objects.get(locale__language_code=language)
        html = client.get(page.url).content.decode()
        editions = html.split('id="editions-heading"', 1)[1]
        assert past in editions and current.title[-9:] in editions
        assert client.get(page.editions().first().url).status_code == 200
    french_first = first.get_translation(Locale.objects.get(language_code="fr"))
    assert "31 janvier 2020" in french_first.intro and "4 juin 2021" in french_first.intro


def test_the_follow_up_trainings_and_intervisions_are_related_to_the_basic_training(client):
    training = TrainingPage.objects.get(
        locale__language_code="nl", slug="basisopleiding-psychosociale-impact-migratie"
    )
    related = [item.related.specific for item in training.related_pages.all()]

    assert [page.intro for page in related] == [
        "Na de basisopleiding kan je nog vier thematische opleidingen volgen, van telkens een halve dag.",
        "Na de basisopleiding kan je je ook inschrijven voor een reeks van drie intervisiesessies, "
        "van telkens een halve dag.",
    ]
    french = training.get_translation(Locale.objects.get(language_code="fr"))
    html = client.get(french.url).content.decode().split('id="related-heading"', 1)[1]
    assert "Formations thématiques de suivi" in html and "Intervisions" in html
    for page in related:
        # Dates, places and price are not in the seed: none is shown, nor "free".
        follow_up = client.get(page.url).content.decode()
        assert not page.get_sessions().exists() and page.price is None
        assert "Gratis" not in follow_up and 'class="facts"' not in follow_up
        assert training.title in follow_up


def test_the_2018_conference_has_no_invented_date_venue_or_programme(client):
    conference = ConferencePage.objects.get(locale__language_code="nl")

    html = client.get(conference.url).content.decode()

    assert not conference.get_sessions().exists() and not conference.programme
    assert "session-grid" not in html and "Programma" not in html
    assert "Verbindend werken" in html and "Procesmatig werken" in html


def test_the_trajectory_keeps_to_what_the_seed_says():
    current = TrajectoryPage.objects.get(locale__language_code="nl").current_edition()
    sessions = Session.objects.in_subtree_of(current.path)

    # The seed gives no capacity, no deadline, no street for the Herman Teirlinck building.
    assert (current.capacity, current.assignment_deadline) == (None, None)
    assert {(s.venue_name, s.address, s.town) for s in sessions if s.format == "physical"} == {
        ("Herman Teirlinckgebouw", "", "Brussel")
    }
    # "Online in combinatie met een fysiek vormingsaanbod": no venue is made up for it.
    combined = [s for s in sessions if s.status_note_nl]
    assert len(combined) == 4 and {s.format for s in combined} == {"online"}
    assert {edition.price for edition in EditionPage.objects.all()} == {225}


def test_the_demo_invoices_and_credit_note_pass_the_peppol_rules():
    from tests.invoicing_validation import fatal_errors
    from trajecten.invoicing.records import document_of
    from trajecten.invoicing.ubl import ubl_xml
    from trajecten.models import Invoice, InvoiceKind, InvoiceStatus

    invoices = list(Invoice.objects.order_by("pk"))

    assert [(i.number, i.kind, i.status) for i in invoices] == [
        ("2021-0001", InvoiceKind.INVOICE, InvoiceStatus.PAID),
        ("2021-0002", InvoiceKind.INVOICE, InvoiceStatus.CREDITED),
        ("C2021-0001", InvoiceKind.CREDIT_NOTE, InvoiceStatus.OPEN),
        ("2021-0003", InvoiceKind.INVOICE, InvoiceStatus.OPEN),
    ]
    for invoice in invoices:
        assert fatal_errors(ubl_xml(document_of(invoice))) == [], invoice.number
    # CPAS de Liège reads its invoice in French, lines included.
    liege = invoices[0]
    assert liege.language == "fr"
    assert "édition 2020-2021" in liege.lines.get().description


def test_the_demo_coordinator_registered_two_colleagues():
    from portal.accounts.models import User
    from trajecten.models import Registration

    coordinator = User.objects.get(email="coordinator@example.org")

    registered = Registration.objects.filter(registered_by=coordinator)
    assert coordinator.profile.coordinates is not None
    assert registered.count() == 2
    assert {r.organisation for r in registered} == {coordinator.profile.organisation}
