"""Every page a visitor or member can reach is valid HTML, in Dutch and French:
the W3C Nu HTML checker (vnu) finds no error in any page of the demo content.

The pages are gathered in-process (tests/portal/every_page.py) and checked in
one run of vnu: starting Java is what costs. Warnings are shown in pytest's
warnings summary, not failed on.
"""

import warnings

import pytest

from tests.html_checker import check, report, summary
from tests.portal.every_page import SMALL_PAGES, every_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_site")]


def test_every_page_of_the_demo_is_valid_html(tmp_path, monkeypatch, settings):
    for name, size in SMALL_PAGES.items():
        monkeypatch.setattr(name, size)
    # The call forms are each sent twice a language, from one address.
    settings.CALL_FORM_RATE = "1000/h"

    pages = every_page()
    findings = check(pages.documents, tmp_path / "pages")

    errors = [f for f in findings if f.severity == "error"]
    others = [f for f in findings if f not in errors]
    if others:
        warnings.warn(
            summary(others, f"{len(others)} warnings of the HTML check (not failed on):"),
            stacklevel=1,
        )
    # pytest.fail: the report is the message, without the list's repr after it.
    if pages.problems:
        pytest.fail(
            "Pages that did not answer as a person gets them:\n" + "\n".join(pages.problems),
            pytrace=False,
        )
    if errors:
        pytest.fail(
            report(
                errors,
                f"{len(errors)} HTML errors (W3C Nu HTML checker) in "
                f"{len({e.address for e in errors})} of {len(pages.documents)} pages:",
            ),
            pytrace=False,
        )
