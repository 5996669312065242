"""Accessibility in the browser: axe-core finds no WCAG 2.1 A or AA violation
on the pages people use most, in both languages; the registration form works
with the keyboard alone; nothing scrolls sideways on a 320 px wide screen.

axe-core is vendored (tests/browser/vendor/axe.min.js, from the npm
registry) so the tests need no network.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

PUBLIC_PAGES = {
    "nl": [
        "/nl/",
        "/nl/aanbod/",
        "/nl/aanbod/basisopleiding-psychosociale-impact-migratie/",
        "/nl/zoeken/?q=vluchtelingen",
        "/nl/aanbod/vormingstraject-lokale-integratiemedewerkers/",
        "/nl/toegankelijkheid/",
    ],
    "fr": [
        "/fr/",
        "/fr/offre/",
        "/fr/offre/formation-impact-psychosocial-migration/",
        "/fr/recherche/?q=r%C3%A9fugi%C3%A9s",
        "/fr/offre/trajet-agents-locaux-integration/",
        "/fr/accessibilite/",
    ],
}
TRAJECTORY = {
    "nl": "/nl/aanbod/vormingstraject-lokale-integratiemedewerkers/",
    "fr": "/fr/offre/trajet-agents-locaux-integration/",
}
MEMBER_PAGES = {
    "nl": ["/nl/mijn-account/", "/nl/mijn-account/inschrijvingen/"],
    "fr": ["/fr/mon-compte/", "/fr/mon-compte/inscriptions/"],
}


def axe_violations(page):
    """The WCAG 2.1 A/AA violations axe-core finds on the page, readable."""
    page.add_script_tag(content=AXE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in result["violations"]
    ]


def registration_form_url(page, language):
    page.goto(TRAJECTORY[language])
    return page.locator("a[href*='/edition/'], a[href*='/editie/']").first.get_attribute("href")


@pytest.fixture
def audit_window(open_window):
    # axe is injected as an inline script, which the site's CSP rightly forbids.
    return lambda language: open_window(locale=f"{language}-BE", bypass_csp=True)


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_public_pages_have_no_wcag_violations(audit_window, language):
    page = audit_window(language)
    problems = {}
    for path in PUBLIC_PAGES[language]:
        page.goto(path)
        problems[path] = axe_violations(page)

    assert problems == {path: [] for path in PUBLIC_PAGES[language]}


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_member_pages_and_the_registration_form_have_no_wcag_violations(
    audit_window, new_member, language
):
    page = audit_window(language)
    log_in(page, *new_member(language), language=language)
    paths = [*MEMBER_PAGES[language], registration_form_url(page, language)]
    problems = {}
    for path in paths:
        page.goto(path)
        problems[path] = axe_violations(page)

    assert problems == {path: [] for path in paths}


def focus_path(page, steps=60):
    """What the Tab key reaches, in order: (tag, name or id, has a visible focus style)."""
    reached = []
    for _ in range(steps):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate(
                """() => {
                    const el = document.activeElement;
                    const style = getComputedStyle(el);
                    const visible = style.outlineStyle !== 'none' && style.outlineWidth !== '0px'
                        || style.boxShadow !== 'none';
                    return [el.tagName.toLowerCase(), el.name || el.id || el.textContent.trim(),
                            visible];
                }"""
            )
        )
    return reached


def test_the_registration_form_works_with_the_keyboard_alone(browser_page, new_member):
    page = browser_page
    log_in(page, *new_member())
    page.goto(registration_form_url(page, "nl"))
    form = page.locator("main form[method=post]").first
    fields = form.locator("input:not([type=hidden]), select, textarea").evaluate_all(
        "els => els.filter(el => !el.disabled && el.offsetParent !== null).map(el => el.name)"
    )

    # Past the last link the focus leaves the page (body) and starts again.
    reached = [step for step in focus_path(page) if step[0] != "body"]

    names = [name for _tag, name, _visible in reached]
    assert reached[0][1] in ("main", "Naar de inhoud")  # the skip link comes first
    assert all(name in names for name in fields), (fields, names)
    assert any(tag == "button" for tag, _name, _visible in reached)
    assert [step[:2] for step in reached if not step[2]] == []

    # Fill in and send the form with the keyboard alone.
    page.goto(page.url)
    required = form.locator("input[required]:not([type=hidden]), textarea[required]")
    for name in required.evaluate_all("els => els.filter(el => !el.value).map(el => el.name)"):
        tab_to(page, f"el => el.name === {name!r}")
        page.keyboard.type("OCMW Gent, Onderbergen 86, 9000 Gent")
    radios = form.locator("input[type=radio]")
    if radios.count():
        tab_to(page, "el => el.type === 'radio'")
        page.keyboard.press("Space")
    tab_to(page, "el => el.type === 'submit' && el.closest('main')")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/mijn-account/inschrijvingen/"))


def tab_to(page, predicate, limit=60):
    """Press Tab until the focused element matches `predicate` (a JS function)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => ({predicate})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached {predicate}")


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_nothing_scrolls_sideways_at_320_pixels(open_window, new_member, language):
    page = open_window(locale=f"{language}-BE", viewport={"width": 320, "height": 640})
    log_in(page, *new_member(language), language=language)
    paths = [
        *PUBLIC_PAGES[language],
        *MEMBER_PAGES[language],
        registration_form_url(page, language),
    ]
    too_wide = {}
    for path in paths:
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[path] = width

    assert too_wide == {}
