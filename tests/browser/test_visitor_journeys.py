"""Journeys 1 and 2 of a visitor, in Dutch and in French: from `/` to a
training's iCal, and from the search box to a result. Each step is looked at
(steps.look) at a desktop's and a phone's width."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.steps import look

VISITORS = {
    "nl": {
        "locale": "nl-BE",
        "offer": "Vormingsaanbod",
        "province": "west_flanders",
        "training": "Basisopleiding psychosociale impact van migratie en vlucht",
        "all_sessions": "Alle sessies toevoegen aan mijn agenda",
        # Found in pages of several kinds: the kind facet has a choice to offer.
        "query": "OCMW",
        "kind": "Opleiding",
        "kind_heading": "Soort inhoud",
    },
    "fr": {
        "locale": "fr-BE",
        "offer": "Offre de formation",
        "province": "west_flanders",
        "training": "Formation de base : l'impact psychosocial de la migration et de l'exil",
        "all_sessions": "Ajouter toutes les sessions à mon agenda",
        "query": "CPAS",
        "kind": "Formation",
        "kind_heading": "Type de contenu",
    },
}


@pytest.fixture
def visitor(language, open_window):
    # The browser's language decides where `/` leads.
    page = open_window(locale=VISITORS[language]["locale"])
    return language, VISITORS[language], page


def test_a_visitor_finds_a_training_in_a_province_and_takes_its_calendar(visitor):
    language, words, page = visitor

    page.goto("/")
    expect(page).to_have_url(re.compile(f"/{language}/$"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    look(page, "home")

    page.get_by_role("navigation", name=re.compile(".")).get_by_role(
        "link", name=words["offer"], exact=True
    ).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["offer"])
    look(page, "offer")

    page.locator("#id_province").select_option(words["province"])
    page.locator("form.filters").get_by_role("button").click()
    expect(page).to_have_url(re.compile("province=west_flanders"))
    look(page, "offer-filtered")
    # Exactly its title: journeys may add trainings whose titles begin alike.
    page.get_by_role("link", name=words["training"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["training"])
    look(page, "training")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(words["all_sessions"])).click()
    calendar = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert calendar.startswith("BEGIN:VCALENDAR")
    assert calendar.count("BEGIN:VEVENT") >= 5
    assert page.console_errors == []


def test_a_visitor_searches_narrows_down_and_opens_a_result(visitor):
    language, words, page = visitor

    page.goto(f"/{language}/")
    search_box = page.locator("#header-search-q")
    search_box.fill(words["query"])
    search_box.press("Enter")

    results = page.locator("ol.search-results > li")
    expect(results.first).to_be_visible()
    expect(page.locator(".search-results mark").first).to_be_visible()
    look(page, "results")

    # Each facet under its heading; a value's link says how many results it keeps.
    kind_facet = page.get_by_role("region", name=words["kind_heading"])
    kind_facet.get_by_role("link", name=re.compile(rf"^{words['kind']} \(\d+\)$")).click()
    expect(page.locator(".facet-list [aria-current=true]")).to_contain_text(words["kind"])
    kinds = page.locator("ol.search-results .kicker").all_text_contents()
    assert kinds and all(kind.startswith(words["kind"]) for kind in kinds)
    look(page, "results-narrowed")

    first = results.first.get_by_role("link")
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    look(page, "result")
    assert page.console_errors == []
