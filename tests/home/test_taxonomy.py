"""Themes and guiding principles are translatable snippets: one per language,
linked by their translation key, listed in the visitor's language."""

import pytest
from django.db import IntegrityError
from django.utils import translation

from home.taxonomy import GuidingPrinciple, Province, Theme, province_of_postal_code
from tests.factories.pages import locale

pytestmark = pytest.mark.django_db


def test_principles_are_listed_in_the_active_language():
    dutch = GuidingPrinciple.objects.create(
        locale=locale("nl"), name="Verbindend werken", slug="verbindend"
    )
    french = dutch.copy_for_translation(locale("fr"))
    french.name, french.slug = "Travail qui relie", "relier"
    french.save()

    with translation.override("fr"):
        names = [p.name for p in GuidingPrinciple.objects.in_active_locale()]

    assert names == ["Travail qui relie"]
    assert french.get_translation(locale("nl")) == dutch


def test_a_slug_is_unique_within_one_language_only():
    Theme.objects.create(locale=locale("nl"), name="Migratie", slug="migratie")
    Theme.objects.create(locale=locale("fr"), name="Migration", slug="migratie")

    with pytest.raises(IntegrityError):
        Theme.objects.create(locale=locale("nl"), name="Migratie bis", slug="migratie")


def test_provinces_have_names_in_both_languages():
    with translation.override("nl"):
        dutch = str(Province.EAST_FLANDERS.label)
    with translation.override("fr"):
        french = str(Province.EAST_FLANDERS.label)

    assert (dutch, french) == ("Oost-Vlaanderen", "Flandre-Orientale")
    assert len(Province.choices) == 11


def test_editor_finds_themes_and_principles_in_the_admin(client, editor):
    Theme.objects.create(locale=locale("nl"), name="Armoede en leefloon", slug="armoede")
    client.force_login(editor)

    listing = client.get("/admin/snippets/home/theme/")

    assert listing.status_code == 200
    assert "Armoede en leefloon" in listing.content.decode()
    assert client.get("/admin/snippets/home/guidingprinciple/add/").status_code == 200


@pytest.mark.parametrize(
    ("postal_code", "province"),
    [
        # The seed's five sessions, and a town in each other province.
        ("8000", Province.WEST_FLANDERS),
        ("9000", Province.EAST_FLANDERS),
        ("3010", Province.FLEMISH_BRABANT),
        ("2060", Province.ANTWERP),
        ("3500", Province.LIMBURG),
        ("1000", Province.BRUSSELS),
        ("1348", Province.WALLOON_BRABANT),
        ("1800", Province.FLEMISH_BRABANT),
        ("4000", Province.LIEGE),
        ("5000", Province.NAMUR),
        ("6000", Province.HAINAUT),
        ("6700", Province.LUXEMBOURG),
        ("7000", Province.HAINAUT),
        (" 9000 ", Province.EAST_FLANDERS),
        ("0999", None),
        ("B-9000", None),
        ("90000", None),
        ("", None),
    ],
)
def test_a_belgian_postal_code_names_its_province(postal_code, province):
    assert province_of_postal_code(postal_code) == province
