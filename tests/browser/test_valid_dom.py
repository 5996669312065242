"""Pages as the browser holds them once the portal's scripts ran are valid
HTML too (tests/portal/test_valid_html.py checks what the server sends): the
search boxes, made comboboxes by search-suggest.js, with their list of
suggestions open, in Dutch and French. One run of the W3C Nu HTML checker.
"""

import pytest
from playwright.sync_api import expect

from tests.html_checker import Document, check, report

# The start of a demo title in each language, and where a search box is.
TYPED = {"nl": "Basisopl", "fr": "Formation"}
SEARCH_BOXES = {
    "nl": ["/nl/", "/nl/zoeken/"],
    "fr": ["/fr/", "/fr/recherche/"],
}


def test_search_boxes_with_their_suggestions_open_are_valid_html(open_window, tmp_path):
    documents = []
    for language, paths in SEARCH_BOXES.items():
        page = open_window(locale=f"{language}-BE")
        for path in paths:
            page.goto(path)
            # The page's own search box: the last one (the header's comes first).
            box = page.locator("input[data-suggest-url]").last
            box.fill(TYPED[language])
            expect(page.get_by_role("listbox")).to_be_visible()
            documents.append(
                Document(
                    address=f"{path} after typing {TYPED[language]!r} in its search box",
                    html=page.content(),
                )
            )

    errors = [f for f in check(documents, tmp_path / "pages") if f.severity == "error"]

    if errors:
        pytest.fail(
            report(errors, f"{len(errors)} HTML errors in the pages after their scripts ran:"),
            pytrace=False,
        )
