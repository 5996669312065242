"""What a phone shows, in Dutch and in French: the main menu opens and closes
behind its button (a disclosure), the offer's filters fold away so that the
first result is on the first screen, and both are plain, open content without
JavaScript; a field in error shows it beside the field."""

import pytest
from playwright.sync_api import expect

from tests.browser.steps import DESKTOP, PHONE, Words

DANGER = "rgb(164, 22, 26)"  # --danger in portal.css


def test_the_main_menu_opens_and_closes_on_a_phone(open_window, language):
    words = Words(language)
    page = open_window(locale=f"{language}-BE", viewport=PHONE)
    page.goto(f"/{language}/")
    menu = page.get_by_role("navigation", name=words("Main menu"))
    button = menu.get_by_role("button", name=words("Menu"))
    home = menu.get_by_role("link", name=words("Home"), exact=True)

    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_have_attribute("aria-controls", "main-menu")
    expect(home).to_be_hidden()

    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(home).to_be_visible()

    # Escape in the open menu closes it and brings the focus back to its button.
    home.focus()
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    expect(home).to_be_hidden()

    # On a wide screen the menu is simply there, without a button.
    page.set_viewport_size(DESKTOP)
    expect(button).to_be_hidden()
    expect(home).to_be_visible()


OFFER = {"nl": "/nl/aanbod/", "fr": "/fr/offre/"}
SEARCH = {"nl": "/nl/zoeken/?q=OCMW", "fr": "/fr/recherche/?q=CPAS"}
# Each page whose filters fold: its address, a control inside the filters, its first result.
FOLDING = {
    "offer": (OFFER, "#id_province", ".offer-item"),
    "search": (SEARCH, ".facet-list a", ".search-results > li"),
}


@pytest.mark.parametrize("which", sorted(FOLDING))
def test_the_filters_fold_away_on_a_phone_and_show_beside_the_results(open_window, language, which):
    addresses, control, result = FOLDING[which]
    page = open_window(locale=f"{language}-BE", viewport=PHONE)
    page.goto(addresses[language])
    filters = page.locator("details.filters-fold")
    first_control = filters.locator(control).first

    expect(first_control).to_be_hidden()
    first_result = page.locator(result).first.bounding_box()
    assert first_result["y"] < PHONE["height"], "the first result is below the first screen"

    filters.locator("summary").click()
    expect(first_control).to_be_visible()

    page.set_viewport_size(DESKTOP)
    expect(first_control).to_be_visible()
    expect(filters.locator("summary")).to_be_hidden()


def test_without_javascript_the_menu_and_the_filters_are_open(open_window):
    page = open_window(locale="nl-BE", viewport=PHONE, java_script_enabled=False)
    page.goto(OFFER["nl"])
    menu = page.get_by_role("navigation", name=Words("nl")("Main menu"))

    expect(menu.get_by_role("button")).to_have_count(0)
    expect(menu.get_by_role("link").first).to_be_visible()
    expect(page.locator("#id_province")).to_be_visible()


def test_a_field_in_error_says_so_beside_the_field_and_is_outlined(open_window, language):
    words = Words(language)
    page = open_window(locale=f"{language}-BE", viewport=PHONE)
    page.goto(words.url("account_signup"))
    page.get_by_role("button", name=words("Sign Up")).click()

    first_name = page.get_by_label(words("First name"))
    field = page.locator(".field").filter(has=first_name)
    expect(first_name).to_have_attribute("aria-invalid", "true")
    expect(field.locator(".errorlist")).to_have_text(words("This field is required."))
    expect(field.locator(".errorlist")).to_be_visible()
    expect(first_name).to_have_css("border-top-color", DANGER)
    expect(field).to_have_css("border-left-color", DANGER)
