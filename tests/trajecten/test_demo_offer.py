"""The demo offer from the seeds, in Dutch and French, loaded as `make run` does."""

import pytest
from django.utils import timezone
from wagtail.models import Locale

from trajecten.models import (
    EditionPage,
    LearningNetworkPage,
    ModulePage,
    RegistrationWindow,
    Session,
    TrainingPage,
    WorkstreamPage,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("demo_site"),
    pytest.mark.xdist_group("demo-offer"),
]


def test_demo_offer_in_both_languages(client):
    training = TrainingPage.objects.get(locale__language_code="nl")
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

    edition = EditionPage.objects.get(locale__language_code="nl")
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
