"""`load_demo_content` builds the demo site in both languages, with the
French pages as wagtail-localize translations, and changes nothing when run twice."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page
from wagtail_localize.models import Translation

from home.models import FooterText, HomePage
from portal.accounts.models import User

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("demo_site"),
    pytest.mark.xdist_group("demo-home"),
]


def load():
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def test_demo_content_in_both_languages(client):
    homes = {page.locale.language_code: page for page in HomePage.objects.select_related("locale")}
    assert set(homes) == {"nl", "fr"}
    assert homes["fr"].translation_key == homes["nl"].translation_key
    # The French pages are wagtail-localize translations of the Dutch ones.
    assert Translation.objects.filter(target_locale__language_code="fr").count() >= 5
    assert FooterText.objects.filter(locale__language_code="fr").exists()

    assert client.get("/nl/").status_code == 200
    french = client.get("/fr/").content.decode()
    assert "Un travail social fort dans les CPAS" in french
    assert 'href="/fr/a-propos/"' in french
    assert client.get("/fr/a-propos/").status_code == 200


def test_demo_content_twice_changes_nothing():
    counts = (Page.objects.count(), User.objects.count(), Translation.objects.count())

    output = load()

    assert (Page.objects.count(), User.objects.count(), Translation.objects.count()) == counts
    assert "already there" in output
    assert "editor@example.org" in output and "member@example.org" in output


def test_demo_editor_reaches_the_wagtail_admin(client):
    response = client.post(
        "/nl/accounts/login/", {"login": "editor@example.org", "password": "demo-editor-2026"}
    )
    assert response.status_code == 302

    assert client.get("/admin/").status_code == 200


def test_demo_content_is_refused_where_not_allowed(settings):
    settings.DEMO_CONTENT_ALLOWED = False

    with pytest.raises(CommandError):
        call_command("load_demo_content", stdout=StringIO())


def test_demo_content_has_the_five_principles_in_both_languages():
    from home.taxonomy import GuidingPrinciple

    for code in ["nl", "fr"]:
        assert GuidingPrinciple.objects.filter(locale__language_code=code).count() == 5
    french = GuidingPrinciple.objects.get(locale__language_code="fr", slug="politisant")
    assert french.get_translation(french.get_default_locale()).slug == "politiserend"


# The accessibility statement ---------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "address", "words"),
    [
        (
            "nl",
            "/nl/toegankelijkheid/",
            ["gedeeltelijk in overeenstemming", "4 december 2026", "375 pixels"],
        ),
        (
            "fr",
            "/fr/accessibilite/",
            ["partiellement conforme", "4 décembre 2026", "375 pixels"],
        ),
    ],
)
def test_the_accessibility_statement_is_linked_from_every_footer(client, language, address, words):
    pages = [f"/{language}/", *(page.url for page in live_pages(language))]
    without_link = [url for url in pages if f'href="{address}"' not in footer_of(client, url)]

    statement = client.get(address).content.decode()

    assert without_link == []
    # The standard, the status, how it is tested, whom to tell, and when.
    for text in ["WCAG 2.1", "EN 301 549", "axe-core", "W3C Nu HTML Checker", *words]:
        assert text in statement, text
    assert 'href="mailto:academie@example.org"' in statement


def test_a_member_page_links_to_the_statement_too(client):
    client.force_login(User.objects.get(email="member@example.org"))

    assert 'href="/nl/toegankelijkheid/"' in footer_of(client, "/nl/mijn-account/")


def live_pages(language):
    return (
        Page.objects.live().public().filter(locale__language_code=language, depth__gte=3).specific()
    )


def footer_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode().split("<footer", 1)[1]


# What the demo does not invent -----------------------------------------------------------


def test_the_demo_contact_details_are_only_those_of_the_seeds(client):
    from home.models import SiteSettings

    settings = SiteSettings.objects.get()
    contact = client.get("/nl/contact/").content.decode()
    about = client.get("/nl/over-de-academie/").content.decode()

    assert (settings.organisation_name, settings.address, settings.phone) == (
        "VVSG Academie",
        "",
        "",
    )
    assert "tel:" not in contact and "tel:" not in client.get("/nl/").content.decode()
    # No quote of a participant the seeds do not have.
    assert 'class="quote"' not in about
